"""The message pages through Flask's test client: sending, double sends, downloads, the seed."""

import io
import re

import pytest
from sqlalchemy import func, select

from portal import db
from portal.messages.models import AttachmentChunk

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50


@pytest.fixture
def app(make_app):
    return make_app(WTF_CSRF_ENABLED=False)


def form_token(html):
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def post(client, token, **fields):
    data = {"form_token": token, "subject": "Hei", "body": "Tekst", "action": "send", **fields}
    return client.post("/kontakt-legekontoret", data=data, content_type="multipart/form-data")


def inbox(client):
    return client.get("/_sim/state").json["inbox"]


def stored_bytes(app) -> int:
    """How many bytes of attachments the database holds."""
    with app.app_context(), db.engine().connect() as connection:
        return connection.scalar(select(func.coalesce(func.sum(func.length(AttachmentChunk.data)), 0)))


def room_code(client):
    return client.get("/_sim/state").json["demo"]["room"]


def test_the_same_form_sent_twice_stores_one_message(client):
    client.get("/_sim/start/alle-tjenester-pa")
    token = form_token(client.get("/kontakt-legekontoret").text)
    first = post(client, token, vedlegg=(io.BytesIO(PNG), "a.png"))
    again = post(client, token, vedlegg=(io.BytesIO(PNG), "a.png"))
    assert first.status_code == again.status_code == 303
    assert first.location == again.location
    threads = inbox(client)["threads"]
    assert len(threads) == 1 and len(threads[0]["messages"]) == 1
    assert [a["name"] for a in threads[0]["messages"][0]["attachments"]] == ["a.png"]


def test_a_reset_removes_the_sandboxs_files(app, client):
    client.get("/_sim/start/alle-tjenester-pa")
    post(client, form_token(client.get("/kontakt-legekontoret").text), vedlegg=(io.BytesIO(PNG), "a.png"))
    assert stored_bytes(app) == len(PNG)
    client.post("/_sim/reset")
    assert inbox(client)["threads"] == []
    assert stored_bytes(app) == 0


def test_attachments_are_served_only_to_their_own_sandbox(app):
    owner, other = app.test_client(), app.test_client()
    owner.get("/_sim/start/alle-tjenester-pa")
    other.get("/_sim/start/alle-tjenester-pa")
    post(owner, form_token(owner.get("/kontakt-legekontoret").text), vedlegg=(io.BytesIO(PNG), "<i>bilde.png"))
    attachment = inbox(owner)["threads"][0]["messages"][0]["attachments"][0]
    response = owner.get(f"/vedlegg/{attachment['id']}")
    assert response.status_code == 200
    assert response.data == PNG
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert other.get(f"/vedlegg/{attachment['id']}").status_code == 404
    page = owner.get("/innboks/m1").text
    assert "&lt;i&gt;bilde.png" in page and "<i>bilde" not in page


def test_a_service_that_is_off_says_so(client):
    client.get("/_sim/start/anbefalt-losning-2")
    response = client.get("/forny-resept")
    assert response.status_code == 200
    assert "tilbyr ikke denne tjenesten" in response.text


def test_the_seeded_closed_e_consultation_cannot_be_answered(client):
    client.get("/_sim/start/e-konsultasjon-avsluttet")
    assert inbox(client)["unread"] == 2
    page = client.get("/innboks/s1").text
    assert "E-konsultasjonen er nå avsluttet fra behandlers side. Denne meldingen kan ikke besvares." in page
    assert "Send svar" not in page
    refused = client.post("/innboks/s1", data={"body": "Hei"})
    assert refused.status_code == 409 and "Denne meldingen kan ikke besvares." in refused.text
    assert inbox(client)["unread"] == 1  # opening it marked it read
    assert "Send svar" in client.get("/innboks/s2").text


def test_an_office_reply_arrives_unread_and_can_close_the_dialogue(client):
    client.get("/_sim/start/e-konsultasjon-avsluttet")
    client.get("/innboks/s2")
    response = client.post("/_sim/meldinger", data={"thread": "s2", "body": "Ring oss.", "close": "13"})
    assert response.status_code == 303
    thread = next(t for t in inbox(client)["threads"] if t["id"] == "s2")
    assert thread["read"] is False and thread["closed_code"] == 13
    assert thread["messages"][-1] == {**thread["messages"][-1], "from": "office", "text": "Ring oss."}
    state = inbox(client)
    assert state["unread"] == sum(not t["read"] for t in state["threads"]) == 2  # the count the front page uses agrees
    assert client.post("/_sim/meldinger", data={"thread": "", "body": ""}).status_code == 422


def test_a_draft_keeps_its_text_and_files_until_sent(client):
    client.get("/_sim/start/alle-tjenester-pa")
    token = form_token(client.get("/e-konsultasjon").text)
    saved = client.post(
        "/e-konsultasjon",
        data={"form_token": token, "subject": "Utkast", "body": "Halvferdig", "action": "save", "vedlegg": (io.BytesIO(PNG), "a.png")},
        content_type="multipart/form-data",
    )
    assert saved.status_code == 303
    drafts = inbox(client)["drafts"]
    assert drafts[0]["subject"] == "Utkast" and drafts[0]["attachments"][0]["name"] == "a.png"
    page = client.get(f"/e-konsultasjon?utkast={token}").text
    assert "Halvferdig" in page and "a.png" in page
    client.post("/e-konsultasjon", data={"form_token": token, "subject": "Utkast", "body": "Ferdig", "action": "send"})
    state = inbox(client)
    assert state["drafts"] == []
    assert state["threads"][0]["messages"][0]["attachments"][0]["name"] == "a.png"


def test_reset_forgets_the_sandbox_messages(client):
    client.get("/_sim/start/alle-tjenester-pa")
    post(client, form_token(client.get("/kontakt-legekontoret").text))
    assert inbox(client)["threads"]
    client.post("/_sim/reset")
    assert inbox(client)["threads"] == []


def test_no_reply_goes_to_an_office_that_is_absent_or_has_switched_the_service_off(app, client):
    client.get("/_sim/start/e-konsultasjon-avsluttet")
    client.post("/_sim/kontor", data={"absent-kontakt-legekontoret": "on"})
    page = client.get("/innboks/s3").text  # Attest til idrettslaget: Kontakt legekontoret
    assert "Legekontoret har fravær" in page and "Send svar" not in page
    refused = client.post("/innboks/s3", data={"body": "Hei", "action": "send"})
    assert refused.status_code == 409 and "Legekontoret har fravær" in refused.text

    client.post("/_sim/kontor/tjeneste", data={"service": "forny-resept:off"})  # switched off
    page = client.get("/innboks/s2").text
    assert "fastlegen din ikke tilbyr denne tjenesten" in page and "Send svar" not in page
    htmx = client.post(
        "/innboks/s2",
        data={"body": "Hei", "action": "upload", "vedlegg": (io.BytesIO(PNG), "a.png")},
        content_type="multipart/form-data",
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 409 and htmx.text.lstrip().startswith('<div id="reply"') and "Send svar" not in htmx.text
    assert [len(t["messages"]) for t in inbox(client)["threads"]] == [2, 2, 2]
    assert stored_bytes(app) == 0  # the refused upload was not kept


def test_a_participant_reading_the_trainers_thread_leaves_it_unread(app):
    trainer, participant = app.test_client(), app.test_client()
    trainer.get("/_sim/start/e-konsultasjon-avsluttet")
    trainer.get("/_sim/presenter")
    participant.get(f"/_sim/join/{room_code(trainer)}")
    assert "Utslett på armen" in participant.get("/innboks/s1").text
    assert inbox(trainer)["unread"] == 2
    assert participant.post("/innboks/s3", data={"body": "Hei"}).status_code == 403


def test_a_refused_files_name_is_shown_as_text(client):
    client.get("/_sim/start/alle-tjenester-pa")
    token = form_token(client.get("/kontakt-legekontoret").text)
    response = post(client, token, action="upload", vedlegg=(io.BytesIO(b"tekst"), "<b>x.png"))
    assert response.status_code == 422
    assert "«&lt;b&gt;x.png» er ikke en JPG-, PNG- eller PDF-fil" in response.text and "<b>x.png" not in response.text


def test_a_file_of_several_chunks_comes_back_byte_for_byte(app, client):
    content = PNG + bytes(range(256)) * (10 * 1024)  # 2.5 MiB and a bit: three chunks, the last short
    client.get("/_sim/start/alle-tjenester-pa")
    post(client, form_token(client.get("/kontakt-legekontoret").text), vedlegg=(io.BytesIO(content), "skanning.png"))
    attachment = inbox(client)["threads"][0]["messages"][0]["attachments"][0]
    response = client.get(f"/vedlegg/{attachment['id']}")
    assert response.status_code == 200 and response.content_length == len(content)
    assert response.data == content
    with app.app_context(), db.engine().connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AttachmentChunk)) == 3
