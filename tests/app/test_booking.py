"""The booking pages through Flask's test client: booking, races, cancelling, wishes."""

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import db
from portal.booking import store
from portal.booking.models import Appointment

CALENDAR = "/timeavtaler/bestill/astrid"
CONFIRM = "/timeavtaler/bestill/astrid/bekreft?tid=2023-12-14T10:00"
SLOT_LINK = f'href="{CONFIRM}"'


@pytest.fixture
def holiday(start):
    """This test's client in the holiday scenario with three practitioners."""
    return start("ferie-timebestilling")


@pytest.fixture
def book(csrf_token):
    """``book(client)``: Bekreft time for 14 December 10:00 (or ``path``), «Vondt i kneet» (or ``reason``)."""

    def book(client, reason="Vondt i kneet", path=CONFIRM):
        return client.post(path, data={"csrf_token": csrf_token(client, "/timeavtaler"), "tid": "2023-12-14T10:00", "arsak": reason})

    return book


@pytest.fixture
def booking_state(state):
    return lambda client: state(client)["booking"]


def test_the_gp_panel_button_leads_to_the_practitioner_choice(holiday):
    home = holiday.get("/").get_data(as_text=True)
    assert 'href="/timeavtaler/bestill"' in home
    page = holiday.get("/timeavtaler/bestill").get_data(as_text=True)
    assert "Her kan du se behandlere som tilbyr helsetjeneste du valgte." in page
    assert page.index("Fastlege Astrid") < page.index("Fastlege August") < page.index("Fastlege Ingar")


def test_choosing_no_practitioner_is_explained_and_a_choice_leads_to_the_calendar(holiday, csrf_token):
    token = csrf_token(holiday, "/timeavtaler/bestill")
    response = holiday.post("/timeavtaler/bestill", data={"csrf_token": token})
    assert response.status_code == 422 and "Velg en behandler." in response.get_data(as_text=True)
    response = holiday.post("/timeavtaler/bestill", data={"csrf_token": token, "behandler": "ingar"})
    assert response.status_code == 303 and response.headers["Location"] == "/timeavtaler/bestill/ingar"


def test_one_practitioner_skips_the_choice(client, start):
    start("anbefalt-losning-2")
    response = client.get("/timeavtaler/bestill")
    assert response.status_code == 303 and response.headers["Location"] == CALENDAR


def test_the_calendar_shows_the_holiday_without_slots_and_the_days_slots(holiday):
    page = holiday.get(f"{CALENDAR}?maned=2023-12&dag=2023-12-28").get_data(as_text=True)
    assert "Ledige timer 28. des. 2023" in page
    assert "Ingen ledige timer denne dagen. Velg en annen dag eller måned." in page
    assert "28. desember, ingen ledige timer" in page and "14. desember, ledige timer" in page
    assert "6. desember, passert" in page
    assert "På grunn av ferieavvikling er det ikke tilgjengelig timer" in page
    page = holiday.get(f"{CALENDAR}?maned=2023-12&dag=2023-12-14").get_data(as_text=True)
    assert "Ledige timer 14. des. 2023" in page and "Telefontime" in page and SLOT_LINK in page


def test_htmx_gets_only_the_calendar_block(holiday):
    response = holiday.get(f"{CALENDAR}?maned=2024-01", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="kalender"') and "<html" not in html
    assert "Januar 2024" in html
    assert "HX-Request" in response.headers["Vary"]


def test_a_month_before_the_clock_shows_the_clocks_month(holiday):
    page = holiday.get(f"{CALENDAR}?maned=2023-01").get_data(as_text=True)
    assert "Desember 2023" in page and "Forrige måned" not in page


def test_booking_takes_the_slot_once_and_the_second_gets_the_calendar_again(holiday, book, booking_state):
    first = book(holiday)
    assert first.status_code == 303
    page = holiday.get(first.headers["Location"]).get_data(as_text=True)
    assert "14. desember 2023, kl. 10:00: Telefontime hos DDFL Test" in page
    assert "Behandler vil ringe deg når konsultasjonen starter." in page and "Status:" in page and "Tildelt" in page

    second = book(holiday)
    html = second.get_data(as_text=True)
    assert second.status_code == 409 and "Timen er ikke lenger ledig" in html and "Ledige timer 14. des. 2023" in html
    assert SLOT_LINK not in html  # the taken slot is no longer listed
    assert [a["slot"] for a in booking_state(holiday)["appointments"]] == ["2023-12-14T10:00"]


def test_the_reason_is_required_and_kept(holiday, book, booking_state):
    response = book(holiday, reason="")
    assert response.status_code == 422 and "Skriv kort hva timen gjelder." in response.get_data(as_text=True)
    response = book(holiday, reason="x" * 201)
    assert response.status_code == 422 and 'value="' + "x" * 201 in response.get_data(as_text=True)
    assert booking_state(holiday)["appointments"] == []


def test_cancelling_frees_the_slot_and_shows_the_appointment_as_cancelled(holiday, book, booking_state, csrf_token):
    location = book(holiday).headers["Location"]
    assert "Vil du avbestille denne timen?" in holiday.get(f"{location}/avbestill").get_data(as_text=True)
    response = holiday.post(f"{location}/avbestill", data={"csrf_token": csrf_token(holiday, location)})
    assert response.status_code == 303
    page = holiday.get(location).get_data(as_text=True)
    assert "Avbestilt" in page and "Avbestill time</a>" not in page
    assert booking_state(holiday)["appointments"][0]["status"] == "avbestilt"
    assert SLOT_LINK in holiday.get(f"{CALENDAR}?maned=2023-12&dag=2023-12-14").get_data(as_text=True)
    assert book(holiday).status_code == 303  # booked again after the cancellation


def test_the_ics_download_is_a_calendar_file(holiday, book):
    location = book(holiday).headers["Location"]
    response = holiday.get(f"{location}.ics")
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == 'attachment; filename="timeavtale-2023-12-14-1000.ics"'
    assert "DTSTART;TZID=Europe/Oslo:20231214T100000\r\n" in response.get_data(as_text=True)


def test_another_sandbox_has_its_own_calendar_and_cannot_see_the_appointment(app, holiday, book, start):
    location = book(holiday).headers["Location"]
    other = start("ferie-timebestilling", browser=app.test_client())
    assert other.get(location).status_code == 404
    assert SLOT_LINK in other.get(f"{CALENDAR}?maned=2023-12&dag=2023-12-14").get_data(as_text=True)
    assert book(other).status_code == 303


def test_the_database_refuses_a_second_live_booking_of_a_slot(app, holiday, book):
    book(holiday)
    sandbox_id = holiday.get("/_sim/state").get_json()["sandbox"]
    with app.app_context():
        with Session(db.engine()) as session:
            original = session.query(Appointment).one()
            session.add(Appointment(sandbox_id=sandbox_id, practitioner_id="astrid", practitioner_name="Astrid", start=original.start, duration=15, kind="telefon", reason="igjen"))
            with pytest.raises(IntegrityError):
                session.commit()


def test_a_time_wish_is_listed_as_waiting_for_an_answer(holiday, booking_state, csrf_token):
    path = "/timeavtaler/bestill/august/foresla-tidspunkt"
    token = csrf_token(holiday, path)
    response = holiday.post(path, data={"csrf_token": token, "tidspunkt": "", "arsak": ""})
    assert response.status_code == 422 and "Skriv hvilke dager og tider som passer for deg." in response.get_data(as_text=True)
    response = holiday.post(path, data={"csrf_token": token, "tidspunkt": "Tirsdager etter kl. 14", "arsak": "Kontroll av blodtrykk"})
    assert response.status_code == 303 and response.headers["Location"] == "/timeavtaler"
    page = holiday.get("/timeavtaler").get_data(as_text=True)
    assert "Forslaget ditt er sendt til legekontoret." in page and "Venter på svar" in page and "Tirsdager etter kl. 14" in page
    assert booking_state(holiday)["wishes"] == [
        {"id": 1, "practitioner": "august", "preferred": "Tirsdager etter kl. 14", "reason": "Kontroll av blodtrykk", "status": "venter på svar", "appointment": None, "answer": ""}
    ]


def test_without_booking_timeavtaler_offers_no_button_to_book(client, start):
    start("anbefalt-losning-1")
    main = client.get("/timeavtaler").get_data(as_text=True).split("<main")[1]
    assert "Bestill time" not in main and "Fastlegen din tilbyr ikke timebestilling på Helsenorge nå." in main


def test_reset_frees_every_slot(holiday, book, booking_state, csrf_token):
    book(holiday)
    holiday.post("/_sim/reset", data={"csrf_token": csrf_token(holiday, "/timeavtaler")})
    assert booking_state(holiday)["appointments"] == []


def test_a_second_cancel_changes_nothing_and_another_sandbox_gets_404(app, holiday, book, booking_state, csrf_token, start):
    location = book(holiday).headers["Location"]
    token = csrf_token(holiday, location)
    assert holiday.post(f"{location}/avbestill", data={"csrf_token": token}).status_code == 303
    first = booking_state(holiday)["appointments"][0]
    with app.app_context():
        appointment = db.session().get(Appointment, first["id"])
        cancelled_at = appointment.cancelled_at
        assert store.cancel(appointment) is False  # the losing request of two at once
        assert appointment.cancelled_at == cancelled_at
    assert holiday.post(f"{location}/avbestill", data={"csrf_token": token}).status_code == 303

    other = start("ferie-timebestilling", browser=app.test_client())
    live = book(holiday, path=CONFIRM.replace("10:00", "10:15")).headers["Location"]
    other_token = csrf_token(other, "/timeavtaler")
    assert other.get(f"{live}/avbestill").status_code == 404
    assert other.post(f"{live}/avbestill", data={"csrf_token": other_token}).status_code == 404
    assert other.get(f"{live}.ics").status_code == 404
    assert booking_state(holiday)["appointments"][1]["status"] == "tildelt"


@pytest.fixture
def set_booking_absent(csrf_token):
    def set_absent(client):
        token = csrf_token(client, "/_sim/kontor")
        client.post("/_sim/kontor", data={"csrf_token": token, "absent-bestill-time": "on", "absence-bestill-time": "Borte til 3. januar."})
        return token

    return set_absent


def test_while_the_office_is_absent_booking_shows_the_absence_page_and_existing_appointments_stay(holiday, book, booking_state, set_booking_absent):
    location = book(holiday).headers["Location"]
    token = set_booking_absent(holiday)
    for path in ("/timeavtaler/bestill", CALENDAR, CONFIRM, "/timeavtaler/bestill/astrid/foresla-tidspunkt"):
        page = holiday.get(path).get_data(as_text=True)
        assert "Legekontoret har fravær" in page and "Borte til 3. januar." in page, path
    refused = holiday.post(CONFIRM, data={"csrf_token": token, "tid": "2023-12-14T10:15", "arsak": "Likevel"})
    assert refused.status_code == 409 and len(booking_state(holiday)["appointments"]) == 1
    # The patient still sees, downloads and cancels the appointment they have.
    assert "Telefontime hos DDFL Test" in holiday.get("/timeavtaler").get_data(as_text=True)
    assert "Avbestill time</a>" in holiday.get(location).get_data(as_text=True)
    assert holiday.get(f"{location}.ics").status_code == 200
    assert holiday.post(f"{location}/avbestill", data={"csrf_token": token}).status_code == 303
    assert booking_state(holiday)["appointments"][0]["status"] == "avbestilt"


def test_while_booking_is_off_existing_appointments_can_still_be_cancelled(holiday, book, booking_state, csrf_token):
    location = book(holiday).headers["Location"]
    token = csrf_token(holiday, "/_sim/kontor")
    holiday.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "bestill-time:off"})
    page = holiday.get("/timeavtaler").get_data(as_text=True)
    assert "Telefontime hos DDFL Test" in page and 'href="/timeavtaler/bestill"' not in page
    assert "Avbestill time</a>" in holiday.get(location).get_data(as_text=True)
    assert holiday.post(f"{location}/avbestill", data={"csrf_token": token}).status_code == 303
    assert booking_state(holiday)["appointments"][0]["status"] == "avbestilt"


@pytest.fixture
def send_wish(csrf_token, booking_state):
    """``send_wish(client)``: a time wish to August (or ``practitioner``); its id."""

    def send(client, practitioner="august", preferred="Tirsdager etter kl. 14"):
        path = f"/timeavtaler/bestill/{practitioner}/foresla-tidspunkt"
        client.post(path, data={"csrf_token": csrf_token(client, path), "tidspunkt": preferred, "arsak": "Kontroll av blodtrykk"})
        return booking_state(client)["wishes"][-1]["id"]

    return send


@pytest.fixture
def answer(csrf_token):
    """``answer(client, wish_id, **fields)``: the office's answer sent from /_sim/timeavtaler."""

    def answer(client, wish_id, **fields):
        return client.post("/_sim/timeavtaler", data={"csrf_token": csrf_token(client, "/_sim/kontor"), "forslag": wish_id} | fields)

    return answer


def test_the_office_answers_a_wish_with_a_time_that_gets_booked(holiday, booking_state, send_wish, answer):
    wish_id = send_wish(holiday)
    page = holiday.get("/_sim/timeavtaler").get_data(as_text=True)
    assert "Tirsdager etter kl. 14" in page and 'value="2023-12-12T12:00"' in page
    response = answer(holiday, wish_id, svar="foresla", **{f"tid-{wish_id}": "2023-12-12T12:00", f"melding-{wish_id}": "Passer tirsdag?"})
    assert response.status_code == 303 and response.headers["Location"] == "/_sim/timeavtaler"
    assert "Svaret er sendt." in holiday.get("/_sim/timeavtaler").get_data(as_text=True)
    (appointment,) = booking_state(holiday)["appointments"]
    assert (appointment["practitioner"], appointment["slot"], appointment["reason"]) == ("august", "2023-12-12T12:00", "Kontroll av blodtrykk")
    (wish,) = booking_state(holiday)["wishes"]
    assert (wish["status"], wish["appointment"], wish["answer"]) == ("time foreslått", appointment["id"], "Passer tirsdag?")
    patient = holiday.get("/timeavtaler").get_data(as_text=True)
    assert "Legekontoret har satt opp en time" in patient and "12. desember 2023, kl. 12:00" in patient and "Passer tirsdag?" in patient
    # Answered once: a second answer (another tab) stores nothing.
    again = answer(holiday, wish_id, svar="avsla", **{f"melding-{wish_id}": "Nei"})
    assert again.status_code == 422 and "Forslaget er allerede besvart." in again.get_data(as_text=True)
    assert booking_state(holiday)["wishes"][0]["status"] == "time foreslått"


def test_the_office_declines_a_wish_with_a_reason(holiday, booking_state, send_wish, answer):
    wish_id = send_wish(holiday)
    missing = answer(holiday, wish_id, svar="avsla")
    assert missing.status_code == 422 and "Skriv hvorfor legekontoret ikke kan tilby en time." in missing.get_data(as_text=True)
    assert answer(holiday, wish_id, svar="avsla", **{f"melding-{wish_id}": "Ingen tirsdager før jul."}).status_code == 303
    assert booking_state(holiday)["wishes"][0] | {"id": 0} == {
        "id": 0, "practitioner": "august", "preferred": "Tirsdager etter kl. 14", "reason": "Kontroll av blodtrykk",
        "status": "avslått", "appointment": None, "answer": "Ingen tirsdager før jul.",
    }
    assert booking_state(holiday)["appointments"] == []
    assert "Legekontoret kan ikke tilby en time" in holiday.get("/timeavtaler").get_data(as_text=True)


def test_the_office_cannot_book_a_taken_slot_or_answer_another_sandboxs_wish(app, holiday, book, booking_state, send_wish, answer, start):
    wish_id = send_wish(holiday, practitioner="astrid")
    book(holiday)  # the patient takes 14 Dec 10:00 meanwhile
    taken = answer(holiday, wish_id, svar="foresla", **{f"tid-{wish_id}": "2023-12-14T10:00"})
    assert taken.status_code == 422 and "Velg en ledig time." in taken.get_data(as_text=True)
    other = start("ferie-timebestilling", browser=app.test_client())
    stranger = answer(other, wish_id, svar="avsla", **{f"melding-{wish_id}": "Nei"})
    assert stranger.status_code == 422 and "Forslaget finnes ikke." in stranger.get_data(as_text=True)
    assert booking_state(holiday)["wishes"][0]["status"] == "venter på svar"


def test_the_office_adds_a_free_slot_on_its_page(holiday, booking_state, csrf_token):
    token = csrf_token(holiday, "/_sim/timeavtaler")
    form = {"csrf_token": token, "behandler": "august", "dato": "2023-12-19", "klokkeslett": "07:15", "varighet": "30", "timetype": "video"}
    response = holiday.post("/_sim/timeavtaler/ledig-time", data=form)
    assert response.status_code == 303 and response.headers["Location"] == "/_sim/timeavtaler#ledig-time"
    page = holiday.get("/_sim/timeavtaler").get_data(as_text=True)
    assert "Den ledige timen er lagt til: 19. desember 2023 kl. 07:15, Videotime, 30 min, hos August." in page
    assert booking_state(holiday)["added_slots"][0]["slot"] == "2023-12-19T07:15"
    assert 'href="/timeavtaler/bestill/august/bekreft?tid=2023-12-19T07:15"' in holiday.get("/timeavtaler/bestill/august?dag=2023-12-19").get_data(as_text=True)

    again = holiday.post("/_sim/timeavtaler/ledig-time", data={**form, "varighet": "241", "klokkeslett": "7.15"})
    html = again.get_data(as_text=True)
    assert again.status_code == 422
    assert "Skriv klokkeslettet som TT:MM, for eksempel 10:00." in html and "Varigheten må være et helt antall minutter fra 1 til 240." in html
    assert 'value="7.15"' in html and 'value="241"' in html and '<option value="august" selected>' in html  # as typed
    taken = holiday.post("/_sim/timeavtaler/ledig-time", data=form)
    assert taken.status_code == 422 and "August har allerede en time som starter da." in taken.get_data(as_text=True)
    assert len(booking_state(holiday)["added_slots"]) == 1
    assert holiday.post("/_sim/timeavtaler/ledig-time", data={k: v for k, v in form.items() if k != "csrf_token"}).status_code == 400
