"""Expiry: idle sandboxes go with everything in them, unsent uploads go, by
``portal sandboxes prune`` and on their own."""

import datetime as dt
import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner
from sqlalchemy import insert, select, update

from portal import db, expiry
from portal.cli import main
from portal.messages.models import Attachment, AttachmentChunk
from portal.models import Sandbox, all_tables

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50


def ago(**delta):
    return dt.datetime.now(dt.UTC) - dt.timedelta(**delta)


@pytest.fixture
def write(csrf_token):
    """``write(browser, path, action, name, form_token=None)``: the message form at
    ``path`` sent with the button ``action`` and a file ``name``."""

    def write(browser, path="/kontakt-legekontoret", action="send", name="bilde.png", form_token=None):
        html = browser.get(path).get_data(as_text=True)
        data = {
            "csrf_token": csrf_token(browser),
            "form_token": form_token or re.search(r'name="form_token" value="([^"]+)"', html).group(1),
            "subject": "Hei",
            "body": "Tekst",
            "action": action,
            "vedlegg": (io.BytesIO(PNG), name),
        }
        response = browser.post(path, data=data, content_type="multipart/form-data")
        assert response.status_code in (200, 303), response.get_data(as_text=True)
        return data["form_token"]

    return write


def age(app, sandbox_id, days):
    """The sandbox was last used ``days`` ago."""
    with db.engine(app).begin() as connection:
        connection.execute(update(Sandbox).where(Sandbox.id == sandbox_id).values(seen_at=ago(days=days)))


def rows_of(app, sandbox_id):
    """How many rows of each table name the sandbox (tables that have any)."""
    counts = {}
    with db.engine(app).connect() as connection:
        for table in all_tables().sorted_tables:
            for column in table.c:
                if any(fk.column.table.name == "sandbox" for fk in column.foreign_keys) or (table.name == "sandbox" and column.name == "id"):
                    if n := len(connection.execute(select(column).where(column == sandbox_id)).all()):
                        counts[table.name] = n
    return counts


def files_of(app, sandbox_id):
    with db.engine(app).connect() as connection:
        return set(connection.scalars(select(Attachment.stored_name).where(Attachment.sandbox_id == sandbox_id)))


def stored_bytes(app):
    """The files whose bytes the database holds (their stored names)."""
    with db.engine(app).connect() as connection:
        return set(connection.scalars(select(AttachmentChunk.stored_name)))


def prune(app, tmp_path, database_url, *args):
    result = CliRunner().invoke(main, ["sandboxes", "prune", *args], env={"DATABASE_URL": database_url, "PORTAL_INSTANCE": str(tmp_path)})
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_prune_removes_exactly_the_idle_sandbox_with_its_files_and_log(app, start, state, csrf_token, write, tmp_path, database_url):
    old, new = app.test_client(), app.test_client()
    for browser in (old, new):
        start("alle-tjenester-pa", browser=browser)
        write(browser)  # a message with a file
        write(browser, "/e-konsultasjon", action="save", name="utkast.png")  # a draft with a file
        wish = "/timeavtaler/bestill/astrid/foresla-tidspunkt"
        browser.post(wish, data={"csrf_token": csrf_token(browser), "tidspunkt": "Tirsdager", "arsak": "Kontroll"})  # a time wish
        browser.post("/_sim/kontor/tjeneste", data={"csrf_token": csrf_token(browser), "service": "bestill-time:off"})
        browser.get("/_sim/presenter")  # a demo room
    old_id, new_id = state(old)["sandbox"], state(new)["sandbox"]
    old_files, new_files = files_of(app, old_id), files_of(app, new_id)
    kept = rows_of(app, new_id)
    assert rows_of(app, old_id) == kept and {"sandbox", "message_attachment", "message_draft", "booking_wish", "session_event", "demo_room"} <= kept.keys()
    age(app, old_id, days=8)
    age(app, new_id, days=6)

    assert prune(app, tmp_path, database_url, "--older-than", "7d") == [
        f"Slettet 1 sandkasse som ikke var brukt på 7 dager, med 2 vedlegg og {kept['session_event']} hendelser i brukerloggen.",
        "Slettet 0 vedlegg som aldri ble sendt, lastet opp for mer enn 24 timer siden.",
    ]
    assert rows_of(app, old_id) == {}
    assert rows_of(app, new_id) == kept
    assert stored_bytes(app) == new_files and len(old_files) == 2

    # The old browser starts over in the default scenario, stored again by its next change.
    again = state(old)
    assert again["sandbox"] == old_id and again["inbox"]["threads"] == [] and again["demo"]["room"] is None
    write(old)
    assert len(state(old)["inbox"]["threads"]) == 1


def test_prune_by_default_keeps_what_was_used_within_30_days(app, start, state, tmp_path, database_url):
    browsers = {days: start("alle-tjenester-pa", browser=app.test_client()) for days in (29, 31)}
    for days, browser in browsers.items():
        age(app, state(browser)["sandbox"], days=days)
    assert prune(app, tmp_path, database_url)[0] == "Slettet 1 sandkasse som ikke var brukt på 30 dager, med 0 vedlegg og 1 hendelse i brukerloggen."
    assert rows_of(app, state(browsers[29])["sandbox"]) == {"sandbox": 1, "session_event": 1}


def test_a_sandbox_used_within_the_age_is_kept_though_it_noted_its_use_an_hour_earlier(app, start, state, tmp_path, database_url):
    # seen_at is noted once an hour: 7 days and 59 minutes ago may mean used 7 days ago.
    browser = start("alle-tjenester-pa")
    with db.engine(app).begin() as connection:
        connection.execute(update(Sandbox).values(seen_at=ago(days=7, minutes=59)))
    assert prune(app, tmp_path, database_url, "--older-than", "7d")[0].startswith("Slettet 0 sandkasser")
    assert state(browser)["scenario"]["id"] == "alle-tjenester-pa"


def uploaded(app, stored_names, hours_ago):
    with db.engine(app).begin() as connection:
        connection.execute(
            update(Attachment).where(Attachment.stored_name.in_(stored_names)).values(uploaded_at=ago(hours=hours_ago))
        )


def test_unsent_uploads_expire_but_not_a_drafts_or_a_sent_messages_files(app, client, start, state, write, tmp_path, database_url):
    start("alle-tjenester-pa")
    sandbox_id = state()["sandbox"]
    write(client, name="sendt.png")
    write(client, "/e-konsultasjon", action="save", name="utkast.png")
    write(client, "/forny-resept", action="upload", name="glemt.png")
    write(client, "/e-konsultasjon", action="upload", name="nylig.png")
    with db.engine(app).connect() as connection:
        names = dict(connection.execute(select(Attachment.name, Attachment.stored_name)).all())
    uploaded(app, [names[n] for n in ("sendt.png", "utkast.png", "glemt.png")], hours_ago=25)

    assert prune(app, tmp_path, database_url)[1] == "Slettet 1 vedlegg som aldri ble sendt, lastet opp for mer enn 24 timer siden."
    assert stored_bytes(app) == {names[n] for n in ("sendt.png", "utkast.png", "nylig.png")}
    inbox = state()["inbox"]
    assert [a["name"] for a in inbox["threads"][0]["messages"][0]["attachments"]] == ["sendt.png"]
    assert [a["name"] for a in inbox["drafts"][0]["attachments"]] == ["utkast.png"]
    assert client.get(f"/vedlegg/{inbox['drafts'][0]['attachments'][0]['id']}").data == PNG
    assert files_of(app, sandbox_id) == {names[n] for n in ("sendt.png", "utkast.png", "nylig.png")}


def test_prune_runs_on_its_own_once_per_interval_across_instances(make_app, start, state):
    one = make_app()
    idle = start("alle-tjenester-pa", browser=one.test_client())
    idle_id = state(idle)["sandbox"]
    age(one, idle_id, days=31)
    with one.test_client().get("/_sim/health"):  # the server closes the response once sent: then it prunes
        pass
    assert rows_of(one, idle_id) == {}

    # A second instance on the same database: its first turn finds the job done a moment ago.
    two = make_app()
    idle = start("alle-tjenester-pa", browser=two.test_client())
    idle_id = state(idle)["sandbox"]
    age(two, idle_id, days=31)
    with two.test_client().get("/_sim/health"):
        pass
    assert rows_of(two, idle_id) != {}


def test_settings_that_cannot_be_read_stop_the_command_with_one_line(tmp_path, database_url):
    env = {"DATABASE_URL": database_url, "PORTAL_INSTANCE": str(tmp_path), "PORTAL_SANDBOX_MAX_AGE": "tretti dager"}
    result = CliRunner().invoke(main, ["sandboxes", "prune"], env=env)
    assert result.exit_code == 1
    assert result.output == "Feil: PORTAL_SANDBOX_MAX_AGE må være et antall dager eller timer, f.eks. 30d eller 12h (0: aldri), ikke «tretti dager».\n"
    result = CliRunner().invoke(main, ["sandboxes", "prune", "--older-than", "0h"], env={**env, "PORTAL_SANDBOX_MAX_AGE": "30d"})
    assert result.exit_code == 1 and result.output == "Feil: --older-than må være mellom 1h og 3650d (0: aldri), ikke «0h».\n"


def test_two_prunings_at_once_delete_each_sandbox_once(app, stored_rows):
    # Two workers (or a worker and the command) that meet: neither fails on what the other took.
    with db.engine(app).begin() as connection:
        for n in range(300):
            sandbox_id = f"inaktiv-{n:04d}" + "x" * 20
            connection.execute(insert(Sandbox).values(id=sandbox_id, scenario_id="alle-tjenester-pa", overrides={}, seen_at=ago(days=40)))
            connection.execute(
                insert(Attachment).values(
                    sandbox_id=sandbox_id, form_token=f"skjema-{n:04d}" + "x" * 20, name="a.png", content_type="image/png",
                    size=len(PNG), stored_name=f"{n:032d}", uploaded_at=ago(days=40),
                )
            )
            connection.execute(insert(AttachmentChunk).values(stored_name=f"{n:032d}", seq=0, data=PNG))

    def prune_in_a_worker(_):
        with app.app_context():
            return expiry.prune(dt.timedelta(days=30), dt.timedelta(hours=24))

    with ThreadPoolExecutor(2) as pool:
        both = list(pool.map(prune_in_a_worker, range(2)))
    assert sum(p.sandboxes for p in both) == 300 and sum(p.attachments for p in both) == 300
    assert stored_rows() == {}
