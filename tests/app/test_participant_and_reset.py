"""Participant mode for UX tests (the patient's pages show nothing of the
simulator; a reset keeps it) and «Nullstill» from any page, which lands on the
nearest page there still is."""

import re

import pytest


def post_message(client, csrf_token, path="/kontakt-legekontoret"):
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    data = {"csrf_token": csrf_token(client, path), "form_token": token, "subject": "Parkering", "body": "Hvor kan jeg parkere?", "action": "send"}
    return client.post(path, data=data).location


PATIENT_PAGES = ["/", "/innboks", "/timeavtaler", "/fastlege", "/helsekontakter", "/hendelser", "/kontakt-legekontoret", "/meny", "/sok?q=time", "/finnes-ikke"]


def test_a_participants_pages_show_no_simulator_and_no_way_to_it(client, state):
    response = client.get("/_sim/start/alle-tjenester-pa?participant=1&next=/innboks")
    assert response.status_code == 303 and response.location == "/innboks"
    assert state()["participant"] is True
    for path in PATIENT_PAGES:
        html = client.get(path).get_data(as_text=True)
        assert 'aria-label="Simulator"' not in html and "/_sim" not in html and "Nullstill" not in html, path
    # The tester reaches the control plane by its address; it still has its bar there.
    dashboard = client.get("/_sim/").get_data(as_text=True)
    assert "Deltakermodus: pasientens sider viser ikke simulatoren." in dashboard
    assert 'aria-label="Simulator"' in client.get("/_sim/kontor").get_data(as_text=True)


def test_a_reset_keeps_participant_mode_and_a_new_start_ends_it(client, start, state, csrf_token):
    client.get("/_sim/start/ny-forside?participant=1")
    client.post("/_sim/reset", data={"csrf_token": csrf_token(client, "/_sim/"), "next": "/"})
    assert state()["participant"] is True and 'aria-label="Simulator"' not in client.get("/").get_data(as_text=True)
    start("ny-forside")
    assert state()["participant"] is False and 'aria-label="Simulator"' in client.get("/").get_data(as_text=True)


def test_the_dashboards_switch_goes_with_every_start_button(client):
    html = client.get("/_sim/").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" role="switch" id="participant" name="participant" value="1">', html)
    assert 'formaction="/_sim/start/fravaer"' in html and html.count("<form method=\"get\"") == 1


def test_nullstill_from_a_thread_made_here_lands_on_the_inbox(client, start, csrf_token):
    start("alle-tjenester-pa")
    thread = post_message(client, csrf_token)
    assert thread == "/innboks/m1" and client.get(thread).status_code == 200
    response = client.post("/_sim/reset", data={"csrf_token": csrf_token(client, thread), "next": thread})
    assert response.location == "/innboks"
    assert client.get("/innboks/m1").status_code == 404


@pytest.mark.parametrize(
    "scenario, page, lands_on",
    [
        ("e-konsultasjon-avsluttet", "/innboks/s2", "/innboks/s2"),  # the scenario's own thread is there after a reset
        ("alle-tjenester-pa", "/timeavtaler/bestill/astrid?dag=2023-12-13", "/timeavtaler/bestill/astrid?dag=2023-12-13"),
        ("alle-tjenester-pa", "/timeavtaler/1", "/timeavtaler"),
        ("alle-tjenester-pa", "/timeavtaler/1/avbestill", "/timeavtaler"),
        ("alle-tjenester-pa", "/innboks/m7/noe", "/innboks"),
        ("alle-tjenester-pa", "/finnes/ikke", "/"),
        ("alle-tjenester-pa", "/", "/"),
    ],
)
def test_nullstill_lands_on_the_nearest_page_there_is(client, start, csrf_token, scenario, page, lands_on):
    start(scenario)
    response = client.post("/_sim/reset", data={"csrf_token": csrf_token(client, "/"), "next": page})
    assert response.location == lands_on


def test_nullstill_from_an_appointment_made_here_lands_on_timeavtaler(client, start, csrf_token):
    start("alle-tjenester-pa")
    path = "/timeavtaler/bestill/astrid/bekreft?tid=2023-12-13T08:30"
    booked = client.post(path, data={"csrf_token": csrf_token(client, path), "arsak": "Kontroll"})
    assert booked.location == "/timeavtaler/1"
    assert client.post("/_sim/reset", data={"csrf_token": csrf_token(client, "/"), "next": "/timeavtaler/1"}).location == "/timeavtaler"


def test_a_participants_link_from_another_site_asks_first_and_keeps_the_mode(client, state):
    page = client.get("/_sim/start/ny-forside?participant=1&next=/innboks", headers={"Sec-Fetch-Site": "cross-site"}).get_data(as_text=True)
    assert 'name="participant" value="1"' in page and 'name="next" value="/innboks"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answered = client.post("/_sim/start/ny-forside", data={"csrf_token": token, "next": "/innboks", "participant": "1"})
    assert answered.location == "/innboks" and state()["participant"] is True
