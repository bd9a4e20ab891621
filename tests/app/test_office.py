"""The office's side: the journal system's switches, Helsetilbud's LAGRE and what the patient then sees."""

from portal import db
from portal.models import Sandbox


def services(state, client=None):
    return {s["id"]: s for s in state(client)["services"]}


def test_the_switch_sets_a_service_and_stores_only_the_change(app, client, start, state, csrf_token):
    start("alle-tjenester-pa")
    token = csrf_token(client, "/_sim/kontor/journalsystem")
    response = client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept:off"})
    assert response.status_code == 303 and response.headers["Location"] == "/_sim/kontor/journalsystem"
    assert services(state)["forny-resept"]["on"] is False

    again = client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept:off"})  # a double click
    assert again.status_code == 303 and services(state)["forny-resept"]["on"] is False
    assert client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept"}).status_code == 400

    htmx = client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept:on"}, headers={"HX-Request": "true"})
    assert htmx.headers["HX-Trigger"] == "sandbox-changed"
    html = htmx.get_data(as_text=True)
    assert 'aria-checked="true"' in html and "<html" not in html
    # Helsetilbud's «✘ Du tilbyr ikke tjenesten» follows, where the page has it (the presenter's).
    assert 'id="office-status-forny-resept" hidden hx-swap-oob="outerHTML"' in html
    with app.app_context():
        assert db.session().get(Sandbox, state()["sandbox"]).overrides == {}


def test_saving_needs_the_token_and_refuses_too_long_text(client, start, state, csrf_token):
    start("alle-tjenester-pa")
    assert client.post("/_sim/kontor", data={"panel_message": "x"}).status_code == 400
    response = client.post("/_sim/kontor", data={"csrf_token": csrf_token(client, "/_sim/kontor"), "panel_message": "x" * 201})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "x" * 201 in html and "201/200" in html
    # The summary names the field; the message stands next to it too.
    assert "Tilleggsinformasjon fra legekontor (Helsekontakt inkl. fastlegepanel): Feltet kan kun inneholde 200 tegn!" in html
    assert '<p class="field__error" id="panel_message-error">Feltet kan kun inneholde 200 tegn!</p>' in html
    assert state()["panel"]["message"].startswith("Vi avvikler ferie")


def test_saving_stores_the_texts_and_absences_and_says_so(client, start, state, csrf_token):
    start("alle-tjenester-pa")
    token = csrf_token(client, "/_sim/kontor")
    fields = {"csrf_token": token, "panel_message": " Stengt i dag. ", "absent-e-konsultasjon": "on", "absence-e-konsultasjon": "Ring oss."}
    htmx = client.post("/_sim/kontor", data=fields, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and htmx.headers["HX-Trigger"] == "sandbox-changed"
    assert 'role="status"' in htmx.get_data(as_text=True) and "Endringene er lagret." in htmx.get_data(as_text=True)
    found = state()
    assert found["panel"]["message"] == "Stengt i dag."
    e_consultation = services(state)["e-konsultasjon"]
    assert (e_consultation["status"], e_consultation["absence_message"]) == ("absent", "Ring oss.")
    # Without JavaScript: back to the editor, with the receipt there.
    response = client.post("/_sim/kontor", data=fields | {"next": "/_sim/kontor"})
    assert response.status_code == 303 and "Endringene er lagret." in client.get(response.location).get_data(as_text=True)


def test_saved_text_is_escaped_on_the_patients_pages(client, start, csrf_token):
    start("alle-tjenester-pa")
    client.post("/_sim/kontor", data={"csrf_token": csrf_token(client, "/_sim/kontor"), "panel_message": "<script>x()</script>"})
    html = client.get("/").get_data(as_text=True)
    assert "&lt;script&gt;x()&lt;/script&gt;" in html and "<script>x()" not in html
