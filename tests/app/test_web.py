"""What every page shares: Norwegian dates, receipts, the htmx fragments, the static files."""

import datetime as dt
import re
from pathlib import Path

from flask_babel import format_date

import portal
from portal.security import HEADERS


def test_dates_are_formatted_in_norwegian(app):
    with app.test_request_context():
        assert format_date(dt.date(2023, 12, 28), "d. MMM y") == "28. des. 2023"
        assert format_date(dt.date(2023, 6, 23), "d. MMMM y") == "23. juni 2023"


def test_a_receipt_shows_once_in_the_status_slot(client, start, csrf_token):
    start("ferie-timebestilling")
    path = "/timeavtaler/bestill/august/foresla-tidspunkt"
    client.post(path, data={"csrf_token": csrf_token(client, path), "tidspunkt": "Tirsdager", "arsak": "Blodtrykk"})
    page = client.get("/timeavtaler").get_data(as_text=True)
    assert '<div class="receipt" role="status">' in page and "Forslaget ditt er sendt til legekontoret." in page
    assert "Forslaget ditt er sendt" not in client.get("/timeavtaler").get_data(as_text=True)


def test_static_files_come_with_every_answer_s_headers_and_a_year_in_the_cache(client):
    page = client.get("/").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/css/portal\.css\?v=[0-9a-f]+)"', page).group(1)
    response = client.get(stylesheet)
    assert response.status_code == 200 and response.content_type.startswith("text/css")
    assert response.get_data() == (Path(portal.__file__).parent / "static/css/portal.css").read_bytes()
    assert response.headers["Cache-Control"] == "max-age=31536000, public"
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    assert "Access-Control-Allow-Origin" not in response.headers  # the files are this site's only
    again = client.get(stylesheet, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_static_address_that_is_no_file_or_asked_with_post_gets_a_norwegian_answer(client):
    missing = client.get("/static/css/finnes-ikke.css")
    assert missing.status_code == 404 and 'lang="nb"' in missing.get_data(as_text=True)
    posted = client.post("/static/css/portal.css")
    assert posted.status_code == 405 and 'lang="nb"' in posted.get_data(as_text=True)
    assert posted.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
