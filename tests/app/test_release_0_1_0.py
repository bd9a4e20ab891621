"""A database that release 0.1.0 made and filled (tests/fixtures/release-0.1.0)
is recognised, stamped and upgraded with every row kept, and every attachment
still downloads through today's app, byte for byte — on each database."""

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from portal import create_app, db, migrations
from portal.models import all_tables
from portal.sandbox import COOKIE_KEY

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "release-0.1.0"


def _engine(url):
    return create_engine(url, poolclass=NullPool)


def read_rows(url: str, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """The rows of 0.1.0's tables and columns, read through today's column types, in key order."""
    tables = all_tables().tables
    engine = _engine(url)
    with engine.connect() as connection:
        found = {
            name: connection.execute(select(*(tables[name].c[column] for column in names)).order_by(*tables[name].primary_key)).all()
            for name, names in columns.items()
        }
    engine.dispose()
    return found


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """0.1.0's columns per table, and their rows, from a copy of the fixture's SQLite file."""
    copy = tmp_path_factory.mktemp("release-0.1.0") / "portal.sqlite3"
    shutil.copyfile(FIXTURE / "instance" / "portal.sqlite3", copy)
    engine = _engine(f"sqlite:///{copy}")
    with engine.connect() as connection:
        columns = {name: [c["name"] for c in inspect(connection).get_columns(name)] for name in sorted(migrations.RELEASE_0_1_0_TABLES)}
    engine.dispose()
    return columns, read_rows(f"sqlite:///{copy}", columns)


@pytest.fixture
def release_0_1_0(databases, tmp_path):
    """A database as 0.1.0 left it, on the suite's database, and a copy of its instance folder."""
    instance = tmp_path / "instance"
    shutil.copytree(FIXTURE / "instance", instance)
    if databases.dialect == "sqlite":
        yield f"sqlite:///{instance / 'portal.sqlite3'}", instance
        return
    url = databases.new(migrated=False)
    databases.cluster.psql(make_url(url).database, FIXTURE / "postgresql.sql")
    yield url, instance
    databases.drop(url)


def test_it_is_recognised_stamped_and_upgraded_with_every_row_kept(release_0_1_0, original):
    url, instance = release_0_1_0
    columns, rows = original
    assert all(rows.values()), "the fixture has rows in every table"
    assert read_rows(url, columns) == rows

    outcome = migrations.upgrade(url, instance)

    assert outcome.recognised_0_1_0 and outcome.after == migrations.head()
    assert read_rows(url, columns) == rows
    engine = _engine(url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), all_tables()) == []
    engine.dispose()


@pytest.fixture
def upgraded_app(release_0_1_0):
    url, instance = release_0_1_0
    migrations.upgrade(url, instance)
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": instance, "SECRET_KEY": "upgraded", "TESTING": True})
    yield app
    db.engine(app).dispose()


def browser_of(app, sandbox_id):
    """A browser whose cookie names a sandbox that 0.1.0 made."""
    client = app.test_client()
    with client.session_transaction() as session:
        session[COOKIE_KEY] = sandbox_id
    return client


def test_every_attachment_still_downloads_byte_for_byte(upgraded_app, original):
    _, rows = original
    attachments = [row._asdict() for row in rows["message_attachment"]]
    assert {a["content_type"] for a in attachments} == {"image/png", "image/jpeg", "application/pdf"}
    for attachment in attachments:
        response = browser_of(upgraded_app, attachment["sandbox_id"]).get(f"/vedlegg/{attachment['id']}")
        assert response.status_code == 200, attachment
        assert response.data == (FIXTURE / "instance" / "attachments" / attachment["stored_name"]).read_bytes()
        assert response.mimetype == attachment["content_type"]


def test_its_sandboxes_go_on_where_they_were(upgraded_app, original, csrf_token):
    _, rows = original
    (patient,) = {thread.sandbox_id for thread in rows["message_thread"]}
    (booker,) = {appointment.sandbox_id for appointment in rows["booking_appointment"]}

    browser = browser_of(upgraded_app, patient)
    before = browser.get("/_sim/state").get_json()["inbox"]["threads"]
    form = browser.get("/kontakt-legekontoret").get_data(as_text=True)
    token = form.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    fields = {"csrf_token": csrf_token(browser), "form_token": token, "subject": "Etter oppgraderingen", "body": "Hei igjen", "action": "send"}
    sent = browser.post("/kontakt-legekontoret", data=fields)
    assert sent.status_code == 303
    after = browser.get("/_sim/state").get_json()["inbox"]["threads"]
    assert len(after) == len(before) + 1 and after[0]["subject"] == "Etter oppgraderingen"
    # New rows take ids after 0.1.0's (PostgreSQL's sequences went on from them).
    assert int(after[0]["id"][1:]) > max(thread.id for thread in rows["message_thread"])

    browser = browser_of(upgraded_app, booker)
    assert [a["status"] for a in browser.get("/_sim/state").get_json()["booking"]["appointments"]].count("tildelt") == 2
    fields = {"csrf_token": csrf_token(browser), "tid": "2023-12-14T10:00", "arsak": "En gang til"}
    again = browser.post("/timeavtaler/bestill/astrid/bekreft?tid=2023-12-14T10:00", data=fields)
    assert again.status_code == 409  # the live booking still holds its slot
