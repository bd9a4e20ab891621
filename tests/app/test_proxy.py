"""Behind a reverse proxy: forwarded headers trusted only when configured, https."""

from __future__ import annotations

from click.testing import CliRunner
from flask import request, url_for

from portal.cli import main

FORWARDED = {
    "X-Forwarded-For": "198.51.100.9, 203.0.113.7",  # the first one the client made up
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "sim.example.org:443",
    "X-Forwarded-Prefix": "/sim",
}


def test_without_the_setting_forwarded_headers_are_not_believed(make_app):
    with make_app().test_client() as client:
        response = client.get("/_sim/start/alle-tjenester-pa", headers=FORWARDED)
        assert (request.remote_addr, request.scheme, request.host, request.script_root) == ("127.0.0.1", "http", "localhost", "")
    assert response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "Secure" not in cookie and "Path=/;" in cookie
    assert "Strict-Transport-Security" not in response.headers


def test_with_one_hop_the_proxy_names_the_client_the_public_address_and_the_prefix(make_app):
    with make_app(PROXY_HOPS=1).test_client() as client:
        client.get("/_sim/health", headers=FORWARDED)
        # The address the proxy saw, not the one the client wrote before it.
        assert request.remote_addr == "203.0.113.7"
        assert url_for("home.index", _external=True) == "https://sim.example.org/sim/"
        assert url_for("static", filename="css/portal.css") == "/sim/static/css/portal.css"


def test_over_https_the_cookie_is_secure_under_the_prefix_and_hsts_is_sent(make_app):
    response = make_app(PROXY_HOPS=1).test_client().get("/_sim/start/alle-tjenester-pa", headers=FORWARDED)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "Path=/sim/;" in cookie
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_behind_a_proxy_on_plain_http_neither(make_app):
    response = make_app(PROXY_HOPS=1).test_client().get("/_sim/start/alle-tjenester-pa", headers={**FORWARDED, "X-Forwarded-Proto": "http"})
    assert "Secure" not in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in response.headers


def test_a_hops_value_that_is_not_a_number_stops_the_start_with_one_line(tmp_path):
    env = {"PORTAL_PROXY_HOPS": "ja", "PORTAL_INSTANCE": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = CliRunner().invoke(main, ["serve"], env=env)
    assert result.exit_code == 1
    assert result.output.strip() == "Feil: PORTAL_PROXY_HOPS må være et helt tall (0 eller flere), ikke «ja»."


class Browser:
    """A test client that speaks to the app as nginx does for a browser of
    https://sim.example.org/sim/: the browser's own URLs (so its Secure cookie
    under /sim/ goes along), with the proxy's headers."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, path, **kwargs):
        return self.client.get(path, base_url="https://sim.example.org/sim", headers=FORWARDED, **kwargs)

    def post(self, path, **kwargs):
        # Over https Flask-WTF also wants a Referer of the public origin, as browsers send.
        headers = {**FORWARDED, "Referer": "https://sim.example.org/sim/"}
        return self.client.post(path, base_url="https://sim.example.org/sim", headers=headers, **kwargs)


def test_under_a_prefix_every_redirect_and_form_stays_under_it(make_app):
    browser = Browser(make_app(PROXY_HOPS=1))
    assert browser.get("/_sim/start/alle-tjenester-pa?next=/fastlege").headers["Location"] == "/sim/fastlege"
    assert browser.get("/_sim/start/alle-tjenester-pa").headers["Location"] == "/sim/"
    assert browser.get("/_sim/start/alle-tjenester-pa?next=//evil.example/").status_code == 400  # never another site

    assert 'href="/sim/innboks" aria-current="page"' in browser.get("/innboks").text  # the header's menu

    compose = browser.get("/kontakt-legekontoret").text
    assert 'action="/sim/kontakt-legekontoret"' in compose and 'hx-post="/sim/kontakt-legekontoret"' in compose
    token = compose.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert browser.post("/_sim/reset", data={"csrf_token": token, "next": "/innboks"}).headers["Location"] == "/sim/innboks"
    # A thread gone with the reset: the nearest page there is, still under the prefix.
    assert browser.post("/_sim/reset", data={"csrf_token": token, "next": "/innboks/m9"}).headers["Location"] == "/sim/innboks"
    assert browser.get("/_sim/start/alle-tjenester-pa?participant=1").headers["Location"] == "/sim/"
    assert 'action="/sim/_sim/kontor/integrerte-verktoy"' in browser.get("/_sim/kontor/integrerte-verktoy").text  # Velg virksomhet

    editor = browser.get("/_sim/kontor").text
    assert 'name="next" value="/_sim/kontor"' in editor  # a path inside the simulator, as every next value
    toggled = browser.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept:off", "next": "/_sim/presenter"})
    assert toggled.headers["Location"] == "/sim/_sim/presenter"


def test_the_presenters_join_link_is_the_public_address(make_app):
    browser = Browser(make_app(PROXY_HOPS=1))
    browser.get("/_sim/start/alle-tjenester-pa")
    page = browser.get("/_sim/presenter").text
    assert 'href="https://sim.example.org/sim/_sim/join/' in page
    assert "localhost" not in page
