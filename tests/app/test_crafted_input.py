"""Crafted input: a clear Norwegian 4xx page, or it simply works; never a 500,
and nothing stored from a request that was refused."""

import pytest
from sqlalchemy import func, select

from portal import db
from portal.models import Sandbox

from .test_errors import assert_norwegian_error_page

BEYOND_ANY_ROW = [str(2**31), str(2**63), str(2**64), "9" * 30, "0", "-1"]


def sandboxes(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Sandbox))


@pytest.mark.parametrize("number", BEYOND_ANY_ROW)
@pytest.mark.parametrize("path", ["/vedlegg/{}", "/timeavtaler/{}", "/timeavtaler/{}.ics", "/timeavtaler/{}/avbestill"])
def test_an_id_no_row_can_have_is_a_404(client, start, path, number):
    start("ferie-timebestilling")
    assert_norwegian_error_page(client.get(path.format(number)), 404, "Fant ikke siden")


@pytest.mark.parametrize("number", BEYOND_ANY_ROW)
def test_cancelling_an_id_no_row_can_have_is_a_404_and_changes_nothing(client, start, state, csrf_token, number):
    start("ferie-timebestilling")
    response = client.post(f"/timeavtaler/{number}/avbestill", data={"csrf_token": csrf_token(client)})
    assert_norwegian_error_page(response, 404, "Fant ikke siden")
    assert state()["booking"]["appointments"] == []


@pytest.mark.parametrize("number", BEYOND_ANY_ROW)
def test_answering_a_wish_no_row_can_have_says_so_and_stores_nothing(client, start, state, csrf_token, number):
    start("ferie-timebestilling")
    response = client.post("/_sim/timeavtaler", data={"csrf_token": csrf_token(client), "forslag": number, "svar": "avsla", f"melding-{number}": "Nei"})
    assert response.status_code == 422 and "Forslaget finnes ikke. Last siden på nytt." in response.get_data(as_text=True)
    assert state()["booking"]["wishes"] == []


@pytest.mark.parametrize("key", ["9999-12-31T10:00", "0001-01-01T00:00", "2023-02-30T10:00", "2023-12-14T25:00", "2023-12-14T10:07", "+2023-12-14T10:00"])
def test_a_time_that_is_no_slot_leads_back_to_the_calendar_and_books_nothing(client, start, state, csrf_token, key):
    start("ferie-timebestilling")
    path = f"/timeavtaler/bestill/august/bekreft?tid={key}"
    assert client.get(path).headers["Location"] == "/timeavtaler/bestill/august"
    response = client.post(path, data={"csrf_token": csrf_token(client), "arsak": "Kontroll"})
    assert response.status_code == 303 and response.headers["Location"] == "/timeavtaler/bestill/august"
    assert state()["booking"]["appointments"] == []


@pytest.mark.parametrize("query", ["maned=9999-12", "maned=0001-01", "dag=9999-12-31", "dag=0001-01-01", "maned=2023-13&dag=2023-02-30"])
def test_a_calendar_month_or_day_out_of_range_shows_the_booking_window(client, start, query):
    start("ferie-timebestilling")
    response = client.get(f"/timeavtaler/bestill/august?{query}")
    assert response.status_code == 200 and "Velg time" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["/innboks\r\nSet-Cookie: x=1", "/innboks\n", "/\x00", "/\u202eskrab", "https://evil.example/", "//evil.example", "/\\evil.example", "innboks"]
)
def test_a_bad_next_on_start_is_a_400_before_any_sandbox_is_made(app, client, target):
    response = client.get("/_sim/start/ferie-timebestilling", query_string={"next": target})
    assert_norwegian_error_page(response, 400, "Noe var galt med forespørselen")
    assert "ikke er en side i simulatoren" in response.get_data(as_text=True)
    assert sandboxes(app) == 0


@pytest.mark.parametrize("target", ["/innboks\r\nX: y", "//evil.example"])
def test_a_bad_next_on_reset_is_a_400_and_resets_nothing(client, start, state, csrf_token, target):
    start("alle-tjenester-pa")
    token = csrf_token(client)
    client.post("/_sim/kontor", data={"csrf_token": token, "panel_message": "Endret"})
    response = client.post("/_sim/reset", data={"csrf_token": token, "next": target})
    assert_norwegian_error_page(response, 400, "Noe var galt med forespørselen")
    assert state()["panel"]["message"] == "Endret"


@pytest.mark.parametrize("path, field", [("/_sim/kontor", "panel_message"), ("/_sim/kontor/tjeneste", "service")])
def test_a_bad_next_in_the_office_tool_is_a_400_and_saves_nothing(client, start, state, csrf_token, path, field):
    start("alle-tjenester-pa")
    value = "bestill-time:off" if field == "service" else "Endret"
    response = client.post(path, data={"csrf_token": csrf_token(client), field: value, "next": "/\r\n"})
    assert_norwegian_error_page(response, 400, "Noe var galt med forespørselen")
    after = state()
    assert after["panel"]["message"] != "Endret" and next(s for s in after["services"] if s["id"] == "bestill-time")["on"] is True
