"""The message pages through Flask's test client: sending, double sends, drafts, downloads, the seed."""

import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from portal import db
from portal.messages.models import AttachmentChunk

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50


@pytest.fixture
def post(csrf_token):
    """``post(client, path, **fields)``: the form at ``path`` opened and sent as a
    browser sends it (subject «Hei», text «Tekst», the Send button), with its
    own form token unless ``form_token=`` is given."""

    def post(browser, path="/kontakt-legekontoret", form_token=None, **fields):
        html = browser.get(path).get_data(as_text=True)
        data = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
            "form_token": form_token or re.search(r'name="form_token" value="([^"]+)"', html).group(1),
            "subject": "Hei",
            "body": "Tekst",
            "action": "send",
            **fields,
        }
        return browser.post(path, data=data, content_type="multipart/form-data")

    return post


def stored_bytes(app) -> int:
    """How many bytes of attachments the database holds."""
    with app.app_context(), db.engine().connect() as connection:
        return connection.scalar(select(func.coalesce(func.sum(func.length(AttachmentChunk.data)), 0)))


def test_the_same_form_sent_twice_stores_one_message(client, start, state, post):
    start("alle-tjenester-pa")
    first = post(client, form_token="t" * 24, vedlegg=(io.BytesIO(PNG), "a.png"))
    again = post(client, form_token="t" * 24, vedlegg=(io.BytesIO(PNG), "a.png"))
    assert first.status_code == again.status_code == 303
    assert first.location == again.location
    threads = state()["inbox"]["threads"]
    assert len(threads) == 1 and len(threads[0]["messages"]) == 1
    assert [a["name"] for a in threads[0]["messages"][0]["attachments"]] == ["a.png"]
    assert "Meldingen er sendt til DDFL Test." in client.get(first.location).get_data(as_text=True)


def test_a_sent_message_is_stored_trimmed_with_one_character_per_line_break(client, start, state, post):
    start("alle-tjenester-pa")
    post(client, subject="  Endre time ", body="\r\nLinje 1\r\nLinje 2\rLinje 3  \r\n")
    (message,) = state()["inbox"]["threads"][0]["messages"]
    assert (state()["inbox"]["threads"][0]["subject"], message["text"]) == ("Endre time", "Linje 1\nLinje 2\nLinje 3")


def test_errors_keep_what_was_typed(client, start, state, post):
    start("alle-tjenester-pa")
    response = post(client, subject="", body="a\r\n" * 500 + "b")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Skriv et emne." in html and "Meldingen kan ha høyst 1000 tegn. Nå har den 1001." in html
    assert "1001/1000 tegn" in html and "a\na\n" in html
    assert state()["inbox"]["threads"] == []


def test_a_reset_removes_the_sandboxs_files(app, client, start, state, post, csrf_token):
    start("alle-tjenester-pa")
    post(client, vedlegg=(io.BytesIO(PNG), "a.png"))
    assert stored_bytes(app) == len(PNG)
    client.post("/_sim/reset", data={"csrf_token": csrf_token(client)})
    assert state()["inbox"]["threads"] == []
    assert stored_bytes(app) == 0


def test_attachments_are_served_only_to_their_own_sandbox(app, start, state, post):
    owner, other = app.test_client(), app.test_client()
    start("alle-tjenester-pa", browser=owner)
    start("alle-tjenester-pa", browser=other)
    post(owner, vedlegg=(io.BytesIO(PNG), "<i>bilde.png"))
    attachment = state(owner)["inbox"]["threads"][0]["messages"][0]["attachments"][0]
    response = owner.get(f"/vedlegg/{attachment['id']}")
    assert response.status_code == 200
    assert response.data == PNG
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert other.get(f"/vedlegg/{attachment['id']}").status_code == 404
    page = owner.get("/innboks/m1").get_data(as_text=True)
    assert "&lt;i&gt;bilde.png" in page and "<i>bilde" not in page


def test_the_seeded_closed_e_consultation_cannot_be_answered(client, start, state, csrf_token):
    start("e-konsultasjon-avsluttet")
    assert state()["inbox"]["unread"] == 2
    page = client.get("/innboks/s1").get_data(as_text=True)
    assert "E-konsultasjonen er nå avsluttet fra behandlers side. Denne meldingen kan ikke besvares." in page
    assert "Send svar" not in page
    refused = client.post("/innboks/s1", data={"csrf_token": csrf_token(client), "body": "Hei"})
    assert refused.status_code == 409 and "Denne meldingen kan ikke besvares." in refused.get_data(as_text=True)
    assert state()["inbox"]["unread"] == 1  # opening it marked it read
    assert "Send svar" in client.get("/innboks/s2").get_data(as_text=True)


def test_an_office_reply_arrives_unread_and_can_close_the_dialogue(client, start, state, csrf_token):
    start("e-konsultasjon-avsluttet")
    client.get("/innboks/s2")
    token = csrf_token(client, "/_sim/meldinger?trad=s2")
    response = client.post("/_sim/meldinger", data={"csrf_token": token, "thread": "s2", "body": "Ring oss.", "close": "13"})
    assert response.status_code == 303
    assert "Svaret er lagt i innboksen" in client.get(response.location).get_data(as_text=True)
    inbox = state()["inbox"]
    thread = next(t for t in inbox["threads"] if t["id"] == "s2")
    assert thread["read"] is False and thread["closed_code"] == 13
    assert thread["messages"][-1] == {**thread["messages"][-1], "from": "office", "text": "Ring oss."}
    assert inbox["unread"] == sum(not t["read"] for t in inbox["threads"]) == 2  # the count the front page uses agrees
    refused = client.post("/_sim/meldinger", data={"csrf_token": token, "thread": "", "body": ""})
    assert refused.status_code == 422 and "Velg en tråd." in refused.get_data(as_text=True)


def test_a_draft_keeps_its_text_and_files_until_sent(client, start, state, post):
    start("alle-tjenester-pa")
    saved = post(client, "/e-konsultasjon", form_token="d" * 24, subject="Utkast", body="Halvferdig", action="save", vedlegg=(io.BytesIO(PNG), "a.png"))
    assert saved.status_code == 303
    assert "Utkastet er lagret." in client.get(saved.location).get_data(as_text=True)
    drafts = state()["inbox"]["drafts"]
    assert drafts[0]["subject"] == "Utkast" and drafts[0]["attachments"][0]["name"] == "a.png"
    page = client.get(f"/e-konsultasjon?utkast={'d' * 24}").get_data(as_text=True)
    assert "Halvferdig" in page and "a.png" in page
    post(client, "/e-konsultasjon", form_token="d" * 24, subject="Utkast", body="Ferdig")
    inbox = state()["inbox"]
    assert inbox["drafts"] == []
    assert inbox["threads"][0]["messages"][0]["attachments"][0]["name"] == "a.png"


def test_reset_forgets_the_sandbox_messages(client, start, state, post, csrf_token):
    start("alle-tjenester-pa")
    post(client)
    assert state()["inbox"]["threads"]
    client.post("/_sim/reset", data={"csrf_token": csrf_token(client)})
    assert state()["inbox"]["threads"] == []


def test_no_reply_goes_to_an_office_that_is_absent_or_has_switched_the_service_off(app, client, start, state, csrf_token):
    start("e-konsultasjon-avsluttet")
    token = csrf_token(client, "/_sim/kontor")
    client.post("/_sim/kontor", data={"csrf_token": token, "absent-kontakt-legekontoret": "on"})
    page = client.get("/innboks/s3").get_data(as_text=True)  # Attest til idrettslaget: Kontakt legekontoret
    assert "Legekontoret har fravær" in page and "Send svar" not in page
    refused = client.post("/innboks/s3", data={"csrf_token": token, "body": "Hei", "action": "send"})
    assert refused.status_code == 409 and "Legekontoret har fravær" in refused.get_data(as_text=True)

    client.post("/_sim/kontor/tjeneste", data={"csrf_token": token, "service": "forny-resept:off"})  # switched off
    page = client.get("/innboks/s2").get_data(as_text=True)
    assert "fastlegen din ikke tilbyr denne tjenesten" in page and "Send svar" not in page
    htmx = client.post(
        "/innboks/s2",
        data={"csrf_token": token, "body": "Hei", "action": "upload", "vedlegg": (io.BytesIO(PNG), "a.png")},
        content_type="multipart/form-data",
        headers={"HX-Request": "true"},
    )
    html = htmx.get_data(as_text=True)
    assert htmx.status_code == 409 and html.lstrip().startswith('<div id="reply"') and "Send svar" not in html
    assert [len(t["messages"]) for t in state()["inbox"]["threads"]] == [2, 2, 2]
    assert stored_bytes(app) == 0  # the refused upload was not kept


def test_a_participant_reading_the_trainers_thread_leaves_it_unread(app, start, state, csrf_token):
    trainer, participant = app.test_client(), app.test_client()
    start("e-konsultasjon-avsluttet", browser=trainer)
    trainer.get("/_sim/presenter")
    own_token = csrf_token(participant)
    participant.get(f"/_sim/join/{state(trainer)['demo']['room']}")
    assert "Utslett på armen" in participant.get("/innboks/s1").get_data(as_text=True)
    assert state(trainer)["inbox"]["unread"] == 2
    assert participant.post("/innboks/s3", data={"csrf_token": own_token, "body": "Hei"}).status_code == 403


def test_a_refused_files_name_is_shown_as_text(client, start, post):
    start("alle-tjenester-pa")
    response = post(client, action="upload", vedlegg=(io.BytesIO(b"tekst"), "<b>x.png"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "«&lt;b&gt;x.png» er ikke en JPG-, PNG- eller PDF-fil" in html and "<b>x.png" not in html


def test_a_file_of_several_chunks_comes_back_byte_for_byte(app, client, start, state, post):
    content = PNG + bytes(range(256)) * (10 * 1024)  # 2.5 MiB and a bit: three chunks, the last short
    start("alle-tjenester-pa")
    post(client, vedlegg=(io.BytesIO(content), "skanning.png"))
    attachment = state()["inbox"]["threads"][0]["messages"][0]["attachments"][0]
    response = client.get(f"/vedlegg/{attachment['id']}")
    assert response.status_code == 200 and response.content_length == len(content)
    assert response.data == content
    with app.app_context(), db.engine().connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AttachmentChunk)) == 3


def png_of(size):
    return io.BytesIO(PNG + b"\x00" * (size - len(PNG)))


def test_a_full_quota_refuses_the_file_beside_the_field_and_keeps_the_text(make_app, start, state, post, stored_rows):
    app = make_app(ATTACHMENT_QUOTA=1024)
    browser = app.test_client()
    start("alle-tjenester-pa", browser=browser)
    assert post(browser, vedlegg=[(png_of(400), "a.png"), (png_of(400), "b.png")]).status_code == 303  # sent: 800 bytes
    # An unsent upload counts too: 200 more, 1000 of 1024 used.
    assert post(browser, "/e-konsultasjon", action="upload", vedlegg=(png_of(200), "c.png")).status_code == 200

    refused = post(browser, subject="Ferie", body="Kan jeg få time i juli?", vedlegg=(png_of(100), "d.png"))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 413
    error = re.search(r'<p class="field__error" id="vedlegg-error">([^<]*)</p>', html).group(1)
    assert error == "Det er ikke plass til flere vedlegg: alle meldingene og utkastene dine kan ha vedlegg på til sammen 1 kB. «d.png» ble ikke lagt ved."
    assert 'value="Ferie"' in html and "Kan jeg få time i juli?" in html
    assert len(state(browser)["inbox"]["threads"]) == 1  # nothing sent
    assert stored_rows(app)["message_attachment"] == 3  # nor the file stored


def test_files_that_fit_are_kept_until_the_quota_is_full(make_app, start, state, post):
    app = make_app(ATTACHMENT_QUOTA=1024)
    browser = app.test_client()
    start("alle-tjenester-pa", browser=browser)
    response = post(browser, action="upload", vedlegg=[(png_of(600), "a.png"), (png_of(500), "b.png"), (png_of(400), "c.png")])
    html = response.get_data(as_text=True)
    assert response.status_code == 413 and "«b.png» ble ikke lagt ved." in html
    assert re.findall(r'class="attachment__name"[^>]*>([^<]*)<', html) == ["a.png", "c.png"]


def test_uploads_at_the_same_moment_stay_within_the_quota(make_app, start, csrf_token, stored_rows):
    app = make_app(ATTACHMENT_QUOTA=1000)
    browser = app.test_client()
    start("alle-tjenester-pa", browser=browser)
    token = csrf_token(browser, "/kontakt-legekontoret")
    cookie = browser.get_cookie("portal_session")

    def upload(n):
        tab = app.test_client()  # another tab of the same browser
        tab.set_cookie(cookie.key, cookie.value)
        data = {"csrf_token": token, "form_token": f"skjema{n:02d}" + "x" * 20, "action": "upload", "vedlegg": (png_of(400), f"{n}.png")}
        return tab.post("/kontakt-legekontoret", data=data, content_type="multipart/form-data").status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(upload, range(8)))
    assert sorted(statuses) == [200, 200] + [413] * 6
    assert stored_rows(app)["message_attachment"] == 2
