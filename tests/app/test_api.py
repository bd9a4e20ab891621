"""The JSON API under /_sim/api/: each call, its refusals, and crafted bodies.

What a call changes is checked where a user would see it: on the patient's
pages and in /_sim/state."""

import json

import pytest

from portal import db
from portal.api import schema
from portal.models import Sandbox

API = {"X-Portal-Api": "1"}


@pytest.fixture
def api(client):
    """``api("post", "/start", {...})``: a call as a test tool makes it (``browser=`` another client)."""

    def call(method, path, body=None, browser=None, headers=API, **kwargs):
        if body is not None:
            kwargs["json"] = body
        return getattr(browser or client, method)(f"/_sim/api{path}", headers=headers, **kwargs)

    return call


def services(document):
    return {s["id"]: s for s in document["services"]}


def refused(response, status):
    """The one shape of every refusal; its ``errors``."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json and set(response.get_json()) == {"message", "errors"}
    assert response.get_json()["message"]
    return response.get_json()["errors"]


# --- start, state, reset -----------------------------------------------------------


def test_start_a_variant_of_a_scenario_without_a_file(client, api, state):
    response = api(
        "post",
        "/start",
        {
            "scenario": "alle-tjenester-pa",
            "services": {"bestill-time": False, "forny-resept": {"absent": True, "absence_message": "Ring oss etter nyttår."}},
            "panel_message": "Vi har ferie i uke 52.",
            "persona": {"name": "Kari Nordmann"},
        },
    )
    assert response.status_code == 201
    started = response.get_json()
    assert started["state"] == state() and started["sandbox"] == state()["sandbox"]
    assert started["state"]["scenario"]["id"] == "alle-tjenester-pa"
    assert started["state"]["persona"]["name"] == "Kari Nordmann"
    assert started["state"]["panel"] == {"on": True, "message": "Vi har ferie i uke 52.", "message_visible": True}
    shown = services(started["state"])
    assert shown["bestill-time"]["status"] == "off"
    assert shown["forny-resept"]["status"] == "absent" and shown["forny-resept"]["absence_message"] == "Ring oss etter nyttår."

    page = client.get("/").get_data(as_text=True)
    assert "Hei, Kari Nordmann" in page and "Vi har ferie i uke 52." in page
    assert ">Bestill time<" not in page and ">Forny resept<" in page
    assert "Ring oss etter nyttår." in client.get("/forny-resept").get_data(as_text=True)


def test_a_start_in_participant_mode_shows_no_simulator_and_a_reset_keeps_it(client, api, state):
    started = api("post", "/start", {"scenario": "alle-tjenester-pa", "panel_message": "Ferie", "participant": True}).get_json()
    assert started["state"]["participant"] is True
    page = client.get("/").get_data(as_text=True)
    assert "Ferie" in page and 'aria-label="Simulator"' not in page and "/_sim" not in page
    assert api("post", "/reset").get_json()["participant"] is True
    assert api("post", "/start", {"scenario": "alle-tjenester-pa"}).get_json()["state"]["participant"] is False
    assert 'aria-label="Simulator"' in client.get("/").get_data(as_text=True)


def test_a_start_in_english_keeps_the_browser_in_english(client, api):
    started = api("post", "/start", {"scenario": "alle-tjenester-pa", "lang": "en"})
    assert started.status_code == 201 and started.headers["Content-Language"] == "en"
    assert services(started.get_json()["state"])["bestill-time"]["name"] == "Book an appointment"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    assert api("post", "/reset").headers["Content-Language"] == "en"
    errors = refused(api("post", "/start", {"scenario": "alle-tjenester-pa", "lang": "se"}), 422)
    assert errors["lang"].startswith("must be one of: nb, nn, en")


def test_refusals_are_in_the_browsers_language(api):
    refusal = api("patch", "/office", {"panel_message": "x" * 201}, headers={**API, "Accept-Language": "nn-NO"})
    assert refusal.get_json() == {"message": "Noko i innhaldet er feil: sjå errors.", "errors": {"panel_message": "Feltet kan berre innehalde 200 teikn!"}}
    refusal = api("post", "/office/reply", {}, headers={**API, "Accept-Language": "en-GB"})
    assert refusal.get_json()["errors"] == {"text": "missing (the field is required)"}
    assert api("get", "/nothing", headers={**API, "Accept-Language": "en"}).get_json()["message"] == "Unknown call. See the description at /_sim/api/openapi.json."


def test_the_cookie_in_the_answer_names_the_sandbox_for_another_browser(app, api, state):
    started = api("post", "/start", {"scenario": "anbefalt-losning-1"}).get_json()
    cookie = started["cookie"]
    assert cookie["name"] == "portal_session" and cookie["path"] == "/" and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    other = app.test_client()
    other.set_cookie(cookie["name"], cookie["value"])
    assert state(other)["sandbox"] == started["sandbox"]


def test_a_new_name_gives_the_new_front_page_its_first_word(client, api):
    api("post", "/start", {"scenario": "ny-forside", "persona": {"name": "Ola Nordmann"}})
    assert "Hei Ola," in client.get("/").get_data(as_text=True)
    api("post", "/start", {"scenario": "ny-forside", "persona": {"name": "Ola Nordmann", "first_name": "Olemann"}})
    assert "Hei Olemann," in client.get("/").get_data(as_text=True)


def test_a_reset_returns_to_the_variant_the_sandbox_started_as(client, api, state):
    api("post", "/start", {"scenario": "e-konsultasjon-avsluttet", "services": {"kontakt-legekontoret": False}, "persona": {"name": "Kari"}})
    api("patch", "/office", {"panel_message": "Endret etterpå", "services": {"e-konsultasjon": False}})
    api("post", "/office/reply", {"text": "Svar"})
    api("post", "/office/slots", {"start": "2023-12-20T07:00"})

    after = api("post", "/reset").get_json()
    assert after == state()
    assert after["persona"]["name"] == "Kari"
    assert services(after)["kontakt-legekontoret"]["on"] is False and services(after)["e-konsultasjon"]["on"] is True
    assert after["panel"]["message"] != "Endret etterpå"
    assert all(m["text"] != "Svar" for t in after["inbox"]["threads"] for m in t["messages"])
    assert after["booking"]["added_slots"] == []


def test_another_scenario_on_the_presenter_page_forgets_the_variant(client, api, state, csrf_token):
    api("post", "/start", {"scenario": "alle-tjenester-pa", "persona": {"name": "Kari"}})
    token = csrf_token(client, "/_sim/presenter")
    client.post("/_sim/presenter/scenario", data={"csrf_token": token, "scenario": "anbefalt-losning-1"})
    assert state()["persona"]["name"] == "Grådig"
    client.post("/_sim/reset", data={"csrf_token": token})
    assert state()["persona"]["name"] == "Grådig"


def test_state_is_the_state_document(client, api, state):
    assert api("get", "/state").get_json() == state()


def test_a_bad_start_stores_nothing(app, api):
    errors = refused(
        api("post", "/start", {"scenario": "finnes-ikke", "panel_message": "x" * 201, "persona": {"name": " "}, "services": {"vaksine": True}}),
        422,
    )
    assert list(errors) == ["scenario"]  # the scenario first: the rest is checked against it
    assert errors["scenario"].startswith("finnes ikke; gyldige: ") and "anbefalt-losning-1, " in errors["scenario"]
    errors = refused(api("post", "/start", {"scenario": "alle-tjenester-pa", "panel_message": "x" * 201, "persona": {"name": " "}}), 422)
    assert errors == {"panel_message": "Feltet kan kun inneholde 200 tegn!"}
    errors = refused(api("post", "/start", {"scenario": "alle-tjenester-pa", "persona": {"name": " ", "first_name": "x" * 101}}), 422)
    assert errors == {"persona.name": "Skriv et navn.", "persona.first_name": "Navnet kan ha høyst 100 tegn."}
    with app.app_context():
        assert db.session().query(Sandbox).count() == 0


# --- the office --------------------------------------------------------------------


def test_the_office_switches_services_and_edits_messages_and_absence(client, api, state):
    api("post", "/start", {"scenario": "alle-tjenester-pa"})
    answer = api(
        "patch",
        "/office",
        {
            "panel_message": "Stengt i romjula.",
            "services": {
                "bestill-time": False,
                "e-konsultasjon": {"absent": True, "absence_message": "Legen har fri."},
                "kontakt-legekontoret": {"message": "Svar innen to dager.\r\nHilsen oss"},
            },
        },
    )
    assert answer.status_code == 200 and answer.get_json() == state()
    shown = services(answer.get_json())
    assert shown["bestill-time"]["status"] == "off" and shown["e-konsultasjon"]["status"] == "absent"
    assert shown["kontakt-legekontoret"]["message"] == "Svar innen to dager.\nHilsen oss"  # the one text rule
    assert shown["forny-resept"]["status"] == "on"  # left out: as it was
    assert "Stengt i romjula." in client.get("/").get_data(as_text=True)
    assert client.get("/e-konsultasjon").status_code == 200 and "Legen har fri." in client.get("/e-konsultasjon").get_data(as_text=True)

    api("patch", "/office", {"services": {"bestill-time": {"on": True}}})
    assert services(state())["bestill-time"]["on"] is True and state()["panel"]["message"] == "Stengt i romjula."


def test_the_office_limits_are_the_editors(api, state):
    api("post", "/start", {"scenario": "alle-tjenester-pa"})
    before = state()
    assert refused(api("patch", "/office", {"panel_message": "x" * 201}), 422) == {"panel_message": "Feltet kan kun inneholde 200 tegn!"}
    # A line break counts once, as in the editor's counter: 200 characters with "\r\n" fit.
    assert api("patch", "/office", {"panel_message": "x" * 99 + "\r\n" + "x" * 100}).status_code == 200
    errors = refused(
        api("patch", "/office", {"panel_message": "ok", "services": {"bestill-time": {"message": "m" * 301, "absence_message": "a" * 301, "on": False}}}),
        422,
    )
    assert errors == {
        "services.bestill-time.message": "Feltet kan kun inneholde 300 tegn!",
        "services.bestill-time.absence_message": "Feltet kan kun inneholde 300 tegn!",
    }
    assert services(state())["bestill-time"] == services(before)["bestill-time"]  # nothing of it stored
    assert state()["panel"]["message"] != "ok"


def test_the_office_replies_to_the_newest_thread_or_a_named_one(client, api, state):
    api("post", "/start", {"scenario": "e-konsultasjon-avsluttet"})
    newest = state()["inbox"]["threads"][0]
    reply = api("post", "/office/reply", {"text": "Hei! Kom på torsdag."})
    assert reply.status_code == 201
    thread = reply.get_json()
    assert thread["id"] == newest["id"] and thread["read"] is False
    assert thread["messages"][-1]["from"] == "office" and thread["messages"][-1]["text"] == "Hei! Kom på torsdag."
    assert state()["inbox"]["threads"][0] == thread

    other = state()["inbox"]["threads"][-1]
    closed = api("post", "/office/reply", {"thread": other["id"], "text": "Vi avslutter.", "close": True}).get_json()
    assert closed["id"] == other["id"] and closed["closed_code"] == 13
    page = client.get(f"/innboks/{other['id']}").get_data(as_text=True)
    assert "Denne meldingen kan ikke besvares." in page and "Send svar" not in page


def test_a_reply_needs_a_text_and_a_thread(api, state):
    api("post", "/start", {"scenario": "alle-tjenester-pa"})
    assert refused(api("post", "/office/reply", {"text": "Hei"}), 409) == {}
    api("post", "/start", {"scenario": "e-konsultasjon-avsluttet"})
    before = state()["inbox"]
    assert refused(api("post", "/office/reply", {"text": "  "}), 422) == {"text": "Skriv svaret fra legekontoret."}
    assert refused(api("post", "/office/reply", {"text": "x" * 1001}), 422) == {"text": "Svaret kan ha høyst 1000 tegn."}
    assert refused(api("post", "/office/reply", {"thread": "m999", "text": "Hei"}), 422) == {"thread": "Velg en tråd."}
    assert state()["inbox"] == before


def wish(client, csrf_token, practitioner="august"):
    """The patient suggests a time (FORESLÅ TIDSPUNKT)."""
    path = f"/timeavtaler/bestill/{practitioner}/foresla-tidspunkt"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "tidspunkt": "Tirsdager etter kl. 14", "arsak": "Blodtrykk"})
    assert response.status_code == 303


def test_the_office_proposes_a_free_slot_for_the_newest_wish(client, api, state, csrf_token):
    api("post", "/start", {"scenario": "ferie-timebestilling"})
    wish(client, csrf_token, "astrid")
    wish(client, csrf_token, "august")
    free = api("get", "/office/slots").get_json()["practitioners"]
    assert [p["id"] for p in free] == ["astrid", "august", "ingar"]
    slot = next(p for p in free if p["id"] == "august")["free_slots"][0]

    answered = api("post", "/office/answer", {"slot": slot["slot"], "message": "Passer dette?"})
    assert answered.status_code == 201
    assert answered.get_json() == state()["booking"]["wishes"][1]
    assert answered.get_json()["status"] == "time foreslått" and answered.get_json()["answer"] == "Passer dette?"
    booked = state()["booking"]["appointments"]
    assert [(a["id"], a["slot"], a["practitioner"]) for a in booked] == [(answered.get_json()["appointment"], slot["slot"], "august")]
    assert slot not in next(p for p in api("get", "/office/slots").get_json()["practitioners"] if p["id"] == "august")["free_slots"]
    assert "Passer dette?" in client.get("/timeavtaler").get_data(as_text=True)


def test_the_office_declines_a_wish_with_a_reason(client, api, state, csrf_token):
    api("post", "/start", {"scenario": "ferie-timebestilling"})
    wish(client, csrf_token)
    wish_id = state()["booking"]["wishes"][0]["id"]
    assert refused(api("post", "/office/answer", {"wish": wish_id, "answer": "decline"}), 422) == {
        "message": "Skriv hvorfor legekontoret ikke kan tilby en time."
    }
    assert refused(api("post", "/office/answer", {"wish": wish_id, "slot": "2023-12-25T10:00"}), 422) == {"slot": "Velg en ledig time."}
    declined = api("post", "/office/answer", {"wish": wish_id, "answer": "decline", "message": "Ingen timer før jul."}).get_json()
    assert declined["status"] == "avslått" and declined["appointment"] is None
    assert state()["booking"]["appointments"] == []
    assert refused(api("post", "/office/answer", {"wish": wish_id, "answer": "decline", "message": "Igjen"}), 409) == {}
    assert refused(api("post", "/office/answer", {"answer": "decline", "message": "Igjen"}), 409) == {}
    assert refused(api("post", "/office/answer", {"wish": wish_id + 1, "answer": "decline", "message": "x"}), 422) == {"wish": "Forslaget finnes ikke."}


def test_the_office_adds_a_free_slot_the_patient_can_book(client, api, state, csrf_token):
    api("post", "/start", {"scenario": "ferie-timebestilling"})
    added = api("post", "/office/slots", {"practitioner": "august", "start": "2023-12-19T07:15", "duration": 30, "kind": "video"})
    assert added.status_code == 201
    slot = added.get_json()
    assert slot == {"practitioner": "august", "slot": "2023-12-19T07:15", "start": "2023-12-19T07:15:00+01:00", "duration": 30, "kind": "video"}
    assert state()["booking"]["added_slots"] == [slot]
    assert slot in next(p for p in api("get", "/office/slots").get_json()["practitioners"] if p["id"] == "august")["free_slots"]

    calendar = client.get("/timeavtaler/bestill/august?dag=2023-12-19").get_data(as_text=True)
    assert "07:15" in calendar
    path = "/timeavtaler/bestill/august/bekreft?tid=2023-12-19T07:15"
    booked = client.post(path, data={"csrf_token": csrf_token(client, path), "arsak": "Kontroll"})
    assert booked.status_code == 303
    assert state()["booking"]["appointments"][0]["slot"] == "2023-12-19T07:15"
    assert state()["booking"]["appointments"][0]["kind"] == "video"


def test_an_added_slot_defaults_to_the_own_gp_and_keeps_the_slot_rules(api, state):
    api("post", "/start", {"scenario": "ferie-timebestilling"})
    assert api("post", "/office/slots", {"start": "2023-12-19T07:15"}).get_json()["practitioner"] == "astrid"
    assert refused(api("post", "/office/slots", {"start": "2023-12-19T07:15"}), 422) == {"start": "Astrid har allerede en time som starter da."}
    assert refused(api("post", "/office/slots", {"start": "2023-12-27T07:15"}), 422) == {"start": "Astrid har fravær denne dagen."}
    assert refused(api("post", "/office/slots", {"start": "2023-12-06T10:00"}), 422) == {"start": "Velg en dag fra 7. desember 2023 til 28. februar 2024."}
    assert refused(api("post", "/office/slots", {"start": "i morgen"}), 422) == {"start": "Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2023-12-14."}
    assert refused(api("post", "/office/slots", {"start": "2023-12-19T25:00"}), 422) == {"start": "Skriv klokkeslettet som TT:MM, for eksempel 10:00."}
    errors = refused(api("post", "/office/slots", {"practitioner": "nils", "start": "2023-12-19T08:00", "duration": 10**30, "kind": "sofa"}), 422)
    assert errors == {"kind": "må være en av: oppmøte, video, telefon, haste"}
    errors = refused(api("post", "/office/slots", {"practitioner": "nils", "start": "2023-12-19T08:00", "duration": 0}), 422)
    assert errors == {"practitioner": "Velg en behandler.", "duration": "Varigheten må være et helt antall minutter fra 1 til 240."}
    assert len(state()["booking"]["added_slots"]) == 1


def test_a_sandbox_holds_a_limited_number_of_added_slots(api, state, monkeypatch):
    from portal.booking import control

    monkeypatch.setattr(control, "ADDED_SLOTS_MAX", 2)
    api("post", "/start", {"scenario": "ferie-timebestilling"})
    for time in ("07:00", "07:30"):
        assert api("post", "/office/slots", {"start": f"2023-12-19T{time}"}).status_code == 201
    refused(api("post", "/office/slots", {"start": "2023-12-19T06:30"}), 409)
    assert len(state()["booking"]["added_slots"]) == 2


# --- who may call, and crafted bodies ----------------------------------------------


def test_a_call_without_the_header_is_refused_and_changes_nothing(client, api, state):
    api("post", "/start", {"scenario": "alle-tjenester-pa"})
    before = state()
    errors = refused(api("patch", "/office", {"panel_message": "Fra en annen side"}, headers={}), 400)
    assert errors == {}
    assert "X-Portal-Api" in api("patch", "/office", {}, headers={}).get_json()["message"]
    # What a form on another site can send: a urlencoded or text/plain body, no header.
    assert client.post("/_sim/api/reset", data={"x": "y"}).status_code == 400
    assert client.post("/_sim/api/start", data='{"scenario": "alle-tjenester-av"}', content_type="text/plain").status_code == 400
    assert state() == before


def test_a_body_must_be_json(api):
    assert refused(api("post", "/start", data="scenario=alle-tjenester-pa", content_type="application/x-www-form-urlencoded"), 415) == {}
    assert refused(api("post", "/start", data="scenario=x", content_type="text/plain"), 415) == {}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"{nei", "Innholdet er ikke gyldig JSON (linje 1, tegn 2)."),
        (b'["alle-tjenester-pa"]', "Innholdet må være et JSON-objekt: {…}."),
        (b'"alle-tjenester-pa"', "Innholdet må være et JSON-objekt: {…}."),
        (b"", "Innholdet er ikke gyldig JSON (linje 1, tegn 1)."),
        (b'{"scenario": NaN}', "Innholdet er ikke gyldig JSON."),
        (b'{"wish": ' + b"9" * 5000 + b"}", "Innholdet er ikke gyldig JSON."),
        (b"[" * 20000 + b"]" * 20000, "Innholdet er ikke gyldig JSON."),
        (b'{"scenario": "\xff"}', "Innholdet er ikke gyldig JSON."),
    ],
)
def test_a_crafted_body_is_a_400_in_norwegian(api, body, says):
    response = api("post", "/office/answer", data=body, content_type="application/json")
    refused(response, 400)
    assert response.get_json()["message"] == says


def test_wrong_types_and_unknown_fields_name_the_field(api):
    api("post", "/start", {"scenario": "alle-tjenester-pa"})
    errors = refused(
        api(
            "patch",
            "/office",
            {"panel_message": 5, "services": {"bestill-time": "av", "forny-resept": {"on": "true", "colour": "red"}}, "extra": 1},
        ),
        422,
    )
    assert errors == {
        "panel_message": "må være tekst",
        "services.bestill-time": "må være true, false eller en samling av felt (on, message, absent, absence_message)",
        "services.forny-resept.on": "må være true eller false",
        "services.forny-resept.colour": "ukjent felt",
        "extra": "ukjent felt",
    }
    assert refused(api("patch", "/office", {"services": {"influensa": True}}), 422) == {
        "services.influensa": "ukjent tjeneste; gyldige: bestill-time, forny-resept, e-konsultasjon, kontakt-legekontoret"
    }
    assert refused(api("post", "/office/answer", {"wish": 2**63, "answer": "decline", "message": "x"}), 422) == {"wish": "kan være høyst 2147483647"}
    assert refused(api("post", "/office/answer", {"wish": 1.5}), 422) == {"wish": "må være et heltall"}
    assert refused(api("post", "/office/reply", {}), 422) == {"text": "mangler (feltet er påkrevd)"}


def test_a_body_over_64_kb_is_a_413_and_a_10_mb_one_too(api):
    big = json.dumps({"scenario": "alle-tjenester-pa", "panel_message": "x" * (64 * 1024)})
    assert refused(api("post", "/start", data=big, content_type="application/json"), 413) == {}
    huge = b'{"text": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = api("post", "/office/reply", data=huge, content_type="application/json")
    refused(response, 413)
    assert response.get_json()["message"] == "Innholdet er for stort: høyst 64 kB."


def test_unknown_calls_and_methods_answer_in_json(api):
    refused(api("get", "/finnes-ikke"), 404)
    wrong = api("get", "/start")
    refused(wrong, 405)
    assert wrong.headers["Allow"] == "POST"
    assert wrong.get_json()["message"] == "GET er ikke tillatt her; bruk POST."
    assert api("delete", "/office/slots").headers["Allow"] == "GET, POST"


def test_a_demo_room_participant_is_refused(app, api, state):
    trainer, participant = app.test_client(), app.test_client()
    api("post", "/start", {"scenario": "alle-tjenester-pa"}, browser=trainer)
    trainer.get("/_sim/presenter")
    participant.get(f"/_sim/join/{state(trainer)['demo']['room']}")
    before = state(trainer)
    for method, path, body in (("get", "/state", None), ("post", "/reset", None), ("patch", "/office", {"panel_message": "Hei"}), ("post", "/start", {"scenario": "alle-tjenester-av"})):
        response = api(method, path, body, browser=participant)
        refused(response, 403)
        assert response.get_json()["message"] == "Denne nettleseren følger et demorom og kan bare se på. Forlat demorommet først."
    assert state(trainer) == before


# --- the description --------------------------------------------------------------


def test_the_description_is_openapi_3_1_and_every_call_is_in_it(app, client):
    description = client.get("/_sim/api/openapi.json").get_json()
    assert description["openapi"] == "3.1.0"
    routes = {
        (method.lower(), rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("control.api.") and rule.endpoint.rpartition(".")[2] not in ("reference", "openapi", "unknown")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    described = {(method, path) for path, methods in description["paths"].items() for method in methods}
    assert described == routes


def test_the_answers_are_as_described(client, api, csrf_token):
    """Real answers, read by the description's own types."""
    started = api("post", "/start", {"scenario": "e-konsultasjon-avsluttet"}).get_json()
    schema.Started.model_validate(started, strict=True)
    schema.StateDocument.model_validate(api("get", "/state").get_json(), strict=True)
    schema.Thread.model_validate(api("post", "/office/reply", {"text": "Hei"}).get_json(), strict=True)
    schema.FreeSlots.model_validate(api("get", "/office/slots").get_json(), strict=True)
    schema.Slot.model_validate(api("post", "/office/slots", {"start": "2023-12-19T06:00"}).get_json(), strict=True)
    schema.ApiError.model_validate(api("post", "/office/reply", {}).get_json(), strict=True)
    wish(client, csrf_token, "knut-andersen")
    schema.TimeWish.model_validate(api("post", "/office/answer", {"answer": "decline", "message": "Nei"}).get_json(), strict=True)


def test_the_description_and_the_reference_page_in_nynorsk(client):
    description = client.get("/_sim/api/openapi.json?lang=nn").get_json()
    assert description["paths"]["/_sim/api/office/slots"]["post"]["summary"] == "Legg til ein ledig time"
    panel = description["components"]["schemas"]["OfficeBody"]["properties"]["panel_message"]["description"]
    assert panel == "Tilleggsinformasjon på fastlegepanelet, høgst 200 teikn."
    html = client.get("/_sim/api/").get_data(as_text=True)
    assert '<html lang="nn">' in html and "<h1>Kontroll-API for testverktøy</h1>" in html and "Legg til ein ledig time" in html


def test_the_reference_page_lists_every_call(client):
    page = client.get("/_sim/api/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1>Kontroll-API for testverktøy</h1>" in html
    for line in ("POST /_sim/api/start", "PATCH /_sim/api/office", "POST /_sim/api/office/reply", "POST /_sim/api/office/answer", "GET /_sim/api/office/slots"):
        assert line in html
    assert "Feltet kan" not in html and "Tilleggsinformasjon på fastlegepanelet, høyst 200 tegn." in html


def test_behind_a_password_a_call_needs_it_and_is_refused_in_the_apis_shape(make_app):
    from urllib.parse import quote

    from portal.access import password

    app = make_app(PASSWORD="kurs-på-fredag")
    client = app.test_client()
    start = {"scenario": "alle-tjenester-pa", "panel_message": "Hei"}
    without = client.post("/_sim/api/start", json=start, headers=API)
    assert refused(without, 401) == {}
    assert without.get_json()["message"] == "Simulatoren er beskyttet med passord: send det i hodet X-Portal-Password."
    wrong = client.post("/_sim/api/start", json=start, headers={**API, password.HEADER: "gjett"})
    assert refused(wrong, 401) == {} and wrong.get_json()["message"] == "Passordet i hodet X-Portal-Password er feil."
    with app.app_context():
        assert db.session().query(Sandbox).count() == 0

    right = {**API, password.HEADER: quote("kurs-på-fredag")}
    started = client.post("/_sim/api/start", json=start, headers=right)
    assert started.status_code == 201
    assert client.get("/_sim/api/state", headers=right).get_json()["panel"]["message"] == "Hei"
    # A refusal of the API itself keeps its own words behind the password too.
    assert refused(client.patch("/_sim/api/office", json={"panel_message": "x" * 201}, headers=right), 422) == {"panel_message": "Feltet kan kun inneholde 200 tegn!"}


def test_a_sandbox_whose_scenario_file_is_removed_is_a_409_that_names_it(make_app, tmp_path):
    import shutil
    from pathlib import Path

    folder = tmp_path / "scenarios"
    shutil.copytree(Path(__file__).resolve().parents[2] / "scenarios", folder)
    app = make_app(SCENARIOS_DIR=folder)
    app.extensions["portal.scenario_library"].interval = 0  # the folder read again at every request
    client = app.test_client()
    client.post("/_sim/api/start", json={"scenario": "ferie-timebestilling", "panel_message": "Ferie"}, headers=API)
    held = folder / "ferie-timebestilling.yaml.bak"
    (folder / "ferie-timebestilling.yaml").rename(held)

    says = {"message": "Scenarioet «ferie-timebestilling» finnes ikke lenger i scenariomappen.", "errors": {}}
    for method, path, body in (("get", "/state", None), ("post", "/reset", None), ("patch", "/office", {"panel_message": "x"}), ("get", "/office/slots", None)):
        response = getattr(client, method)(f"/_sim/api{path}", json=body, headers=API)
        assert response.status_code == 409 and response.get_json() == says, path
    held.rename(folder / "ferie-timebestilling.yaml")
    assert client.get("/_sim/api/state", headers=API).get_json()["panel"]["message"] == "Ferie"  # kept, unchanged
    (folder / "ferie-timebestilling.yaml").rename(held)
    started = client.post("/_sim/api/start", json={"scenario": "alle-tjenester-pa"}, headers=API)
    assert started.status_code == 201  # another scenario starts as always


def test_control_characters_in_a_text_are_left_out_as_on_the_pages(api, state):
    # A NUL is legal JSON (\u0000) that PostgreSQL refuses to store; the text rule leaves it out.
    started = api("post", "/start", {"scenario": "alle-tjenester-pa", "panel_message": "Fe\x00rie\x1b", "persona": {"name": "Kari\x00 Nordmann"}})
    assert started.status_code == 201
    assert state()["panel"]["message"] == "Ferie" and state()["persona"]["name"] == "Kari Nordmann"
    api("post", "/start", {"scenario": "e-konsultasjon-avsluttet"})
    replied = api("post", "/office/reply", {"text": "Hei\x00 på deg\x7f"})
    assert replied.status_code == 201 and replied.get_json()["messages"][-1]["text"] == "Hei på deg"
    assert api("patch", "/office", {"services": {"bestill-time": {"message": "\x00Ring oss"}}}).status_code == 200
    assert services(state())["bestill-time"]["message"] == "Ring oss"
