"""Forny resept from the patient's prescriptions: tick which to renew, add a
message if you like; the office sees which were chosen."""

import re


def open_form(client, path="/forny-resept"):
    html = client.get(path).get_data(as_text=True)
    return html, re.search(r'name="form_token" value="([^"]+)"', html).group(1), re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def send(client, ticks, body="", action="send"):
    _html, token, csrf = open_form(client)
    return client.post("/forny-resept", data={"csrf_token": csrf, "form_token": token, "prescriptions": ticks, "body": body, "action": action})


def test_the_form_lists_the_patients_prescriptions_as_tick_boxes(client, start):
    start("alle-tjenester-pa")
    html, _token, _csrf = open_form(client)
    assert '<legend class="field__label">Hvilke resepter vil du fornye?</legend>' in html
    labels = re.findall(r'<label class="prescription__name" for="([^"]+)">([^<]+)</label>', html)
    assert labels == [
        ("prescriptions", "Levaxin 75 mikrog tabletter"),
        ("prescriptions-2", "Ventoline 0,1 mg/dose inhalasjonsaerosol"),
        ("prescriptions-3", "Omeprazol 20 mg enterokapsler"),
    ]
    assert "1 av 4 uttak igjen · Forskrevet av Astrid (fastlege)" in html
    assert "Melding til legekontoret (valgfritt)" in html and 'name="subject"' not in html
    assert "Vedlegg (valgfritt)" in html  # the attachments rule stays


def test_nothing_chosen_is_refused_next_to_the_fieldset_and_the_message_is_kept(client, start, state):
    start("alle-tjenester-pa")
    response = send(client, [], body="Trenger den før jul.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="field__error" id="prescriptions-error">Velg minst én resept du vil fornye.</p>' in html
    assert '<a href="#prescriptions">Velg minst én resept du vil fornye.</a>' in html
    assert "Trenger den før jul." in html and state()["inbox"]["threads"] == []


def test_two_chosen_are_sent_and_the_office_sees_which(client, start, state):
    start("alle-tjenester-pa")
    response = send(client, ["3", "1", "9"], body="Gjerne før jul.")
    assert response.status_code == 303
    (thread,) = state()["inbox"]["threads"]
    assert thread["subject"] == "Fornyelse av Levaxin og Omeprazol" and thread["service"] == "forny-resept"
    (message,) = thread["messages"]
    assert message["prescriptions"] == [{"name": "Levaxin", "strength": "75 mikrog tabletter"}, {"name": "Omeprazol", "strength": "20 mg enterokapsler"}]
    assert message["text"] == "Gjerne før jul."
    page = client.get(response.location).get_data(as_text=True)
    assert "Resepter du vil fornye:" in page and "<li>Levaxin 75 mikrog tabletter</li>" in page and "<li>Omeprazol 20 mg enterokapsler</li>" in page
    office = client.get("/_sim/meldinger").get_data(as_text=True)
    assert "Resepter pasienten vil fornye:" in office and "<li>Levaxin 75 mikrog tabletter</li>" in office
    assert "Ventoline" not in office.split("Henvendelser i innboksen")[1].split("<h2>Svar</h2>")[0]


def test_a_draft_keeps_the_ticks(client, start, state):
    start("alle-tjenester-pa")
    _html, token, csrf = open_form(client)
    client.post("/forny-resept", data={"csrf_token": csrf, "form_token": token, "prescriptions": ["2"], "body": "", "action": "save"})
    (draft,) = state()["inbox"]["drafts"]
    assert draft["subject"] == "Fornyelse av Ventoline" and draft["prescriptions"] == [{"name": "Ventoline", "strength": "0,1 mg/dose inhalasjonsaerosol"}]
    html = client.get(f"/forny-resept?utkast={token}").get_data(as_text=True)
    assert re.search(r'id="prescriptions-2" name="prescriptions" value="2" aria-describedby="prescriptions-2-about" checked>', html)
    assert not re.search(r'id="prescriptions" name="prescriptions" value="1" [^>]*checked', html)


def test_cancel_asks_first_when_something_was_ticked(client, start):
    start("alle-tjenester-pa")
    assert "Vil du avbryte?" in send(client, ["1"], action="cancel").get_data(as_text=True)
    assert send(client, [], action="cancel").status_code == 303


def test_without_prescriptions_forny_resept_is_the_message_form(tmp_path, make_app):
    folder = tmp_path / "scen"
    folder.mkdir()
    source = (make_app().config["SCENARIOS_DIR"] / "alle-tjenester-pa.yaml").read_text(encoding="utf-8")
    (folder / "uten.yaml").write_text(source.split("\nprescriptions:")[0], encoding="utf-8")
    other = make_app(SCENARIOS_DIR=folder).test_client()
    html = other.get("/forny-resept").get_data(as_text=True)
    assert 'name="subject"' in html and "Hvilke resepter" not in html


def test_forny_resept_off_or_absent_takes_no_renewal(client, start):
    start("fravaer")  # Forny resept is «Fravær» there
    assert send_absent(client).status_code == 409
    start("anbefalt-losning-1")  # off
    assert "Fastlegen din tilbyr ikke denne tjenesten på Helsenorge nå." in client.get("/forny-resept").get_data(as_text=True)


def send_absent(client):
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    return client.post("/forny-resept", data={"csrf_token": csrf, "form_token": "t" * 24, "prescriptions": ["1"], "action": "send"})
