"""Error pages: Norwegian for every status, our security headers, never a traceback."""

import logging

import pytest
from werkzeug.exceptions import default_exceptions

from portal.security import HEADERS

# What Werkzeug would have said: none of it may reach a user.
ENGLISH = {cls.description for cls in default_exceptions.values() if cls.description}


def assert_norwegian_error_page(response, status, title):
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert '<html lang="nb">' in html and f"<h1>{title}</h1>" in html
    assert not any(text in html for text in ENGLISH), html
    assert "Traceback" not in html
    for name, value in HEADERS.items():
        assert response.headers[name] == value


@pytest.mark.parametrize(
    "status, title",
    [
        (400, "Noe var galt med forespørselen"),
        (404, "Fant ikke siden"),
        (405, "Denne handlingen er ikke tillatt her"),
        (408, "Det tok for lang tid"),
        (413, "Innholdet er for stort"),
        (414, "Adressen er for lang"),
        (429, "For mange forsøk"),
        (431, "Forespørselen er for stor"),
        (500, "Noe gikk galt"),
    ],
)
def test_each_status_has_a_norwegian_page(make_app, status, title):
    app = make_app()
    app.add_url_rule("/feil", "fail", lambda: app.aborter(status))
    assert_norwegian_error_page(app.test_client().get("/feil"), status, title)


def test_every_status_werkzeug_knows_gets_a_norwegian_page(make_app):
    app = make_app()
    app.add_url_rule("/feil/<int:status>", "fail", lambda status: app.aborter(status))
    client = app.test_client()
    for status in default_exceptions:
        html = client.get(f"/feil/{status}").get_data(as_text=True)
        assert '<html lang="nb">' in html and default_exceptions[status].description not in html, status


def test_a_405_keeps_its_allow_header(client):
    response = client.delete("/innboks")
    assert_norwegian_error_page(response, 405, "Denne handlingen er ikke tillatt her")
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_an_unhandled_exception_is_a_norwegian_500_and_is_logged(make_app, caplog):
    app = make_app(TESTING=False)

    def crash():
        raise RuntimeError("kræsj i visningen")

    app.add_url_rule("/kraesj", "crash", crash)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/kraesj")
    assert_norwegian_error_page(response, 500, "Noe gikk galt")
    assert "kræsj i visningen" not in response.get_data(as_text=True)
    assert any(record.exc_info and "kræsj i visningen" in str(record.exc_info[1]) for record in caplog.records)


def test_when_even_the_error_page_fails_a_plain_norwegian_page_is_sent(make_app, caplog):
    app = make_app(TESTING=False)

    def crash():
        raise RuntimeError("kræsj i visningen")

    def broken_templates():
        raise RuntimeError("malen feilet")

    app.add_url_rule("/kraesj", "crash", crash)
    app.context_processor(broken_templates)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/kraesj")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<html lang="nb">' in html and "<h1>Noe gikk galt</h1>" in html and "feilet" not in html
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    assert any(record.exc_info and "malen feilet" in str(record.exc_info[1]) for record in caplog.records)
