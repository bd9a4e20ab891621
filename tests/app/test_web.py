"""What every page shares: Norwegian dates, receipts, the htmx fragments."""

import datetime as dt

from flask_babel import format_date


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
