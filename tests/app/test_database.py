"""The database: its schema from the migrations, upgrades by several instances
at once, and the one line a user gets when it cannot be used."""

import io
import os
import re
import socket
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from portal import migrations
from portal.cli import main
from portal.models import all_tables


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_the_migrations_make_the_schema_the_models_describe(database_url):
    # A model changed without a migration fails here, on each database.
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), all_tables())
    engine.dispose()
    assert differences == []


def test_an_empty_database_is_created_then_left_alone(databases, tmp_path):
    url = databases.new(migrated=False)
    env = {"DATABASE_URL": url, "PORTAL_INSTANCE": str(tmp_path)}
    first = run("db", "upgrade", env=env)
    assert first.exit_code == 0, first.output
    assert f"er opprettet (revisjon {migrations.head()})" in first.output
    second = run("db", "upgrade", env=env)
    assert second.exit_code == 0 and f"er allerede oppdatert (revisjon {migrations.head()})" in second.output
    databases.drop(url)


def test_instances_starting_at_once_migrate_one_at_a_time(databases, tmp_path):
    url = databases.new(migrated=False)
    env = {**os.environ, "DATABASE_URL": url, "PORTAL_INSTANCE": str(tmp_path)}
    processes = [
        subprocess.Popen([sys.executable, "-m", "portal", "db", "upgrade"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * 3, outputs
    assert sum("er opprettet" in output for output in outputs) == 1, outputs
    assert sum("er allerede oppdatert" in output for output in outputs) == 2, outputs
    databases.drop(url)


def test_serve_without_upgrade_refuses_a_database_that_needs_one(databases, tmp_path):
    url = databases.new(migrated=False)
    result = run("serve", "--no-upgrade", "--port", "0", env={"DATABASE_URL": url, "PORTAL_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    assert result.output.startswith("Feil: Databasen ") and "kjør portal db upgrade" in result.output
    databases.drop(url)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", [("serve", "--port", "0"), ("serve", "--no-upgrade", "--port", "0"), ("db", "upgrade"), ("sessions", "export")])
def test_an_unreachable_database_is_one_line_without_its_password(command, tmp_path):
    port = _closed_port()
    url = f"postgresql+psycopg://portal:hemmelig@127.0.0.1:{port}/portal"
    result = run(*command, env={"DATABASE_URL": url, "PORTAL_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    assert result.output == f"Feil: Databasen postgresql+psycopg://portal:***@127.0.0.1:{port}/portal kan ikke brukes: får ikke kontakt med databaseserveren.\n"


def test_a_sqlite_file_in_a_folder_that_does_not_exist_is_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'finnes-ikke' / 'portal.sqlite3'}"
    result = run("db", "upgrade", env={"DATABASE_URL": url, "PORTAL_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    assert result.output == f"Feil: Kan ikke åpne databasefilen {url}: finnes mappen, og har vi skrivetilgang?\n"


def test_a_missing_driver_names_the_extra_that_brings_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    url = "postgresql+psycopg://portal:hemmelig@db.example/portal"
    for command in (("serve", "--port", "0"), ("db", "upgrade"), ("sessions", "export")):
        result = run(*command, env={"DATABASE_URL": url, "PORTAL_INSTANCE": str(tmp_path)})
        assert result.exit_code == 1
        assert result.output == (
            "Feil: Databasedriveren «psycopg» for postgresql+psycopg://portal:***@db.example/portal er ikke installert. "
            "For PostgreSQL: pip install 'helsenorge-portal-sim[postgres]'\n"
        )


def test_an_address_that_is_no_database_is_one_line(tmp_path):
    result = run("db", "upgrade", env={"DATABASE_URL": "postgres://portal:hemmelig@db/portal", "PORTAL_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    assert result.output.startswith("Feil: DATABASE_URL er ikke en databaseadresse vi kjenner: postgres://portal:***@db/portal")


# Integer ids are 32 bits on PostgreSQL and 64 on SQLite; an address or a form
# may name any number. None of these can be a row: 404, not a database error.
BEYOND_ANY_ROW = (2**31, 2**63, 10**30)


@pytest.mark.parametrize("number", BEYOND_ANY_ROW)
@pytest.mark.parametrize("path", ["/vedlegg/{}", "/timeavtaler/{}", "/timeavtaler/{}.ics", "/timeavtaler/{}/avbestill"])
def test_an_id_no_row_can_have_is_not_found(client, path, number):
    client.get("/_sim/start/ferie-timebestilling")
    response = client.get(path.format(number))
    assert response.status_code == 404 and "Fant ikke siden" in response.get_data(as_text=True)


NOT_A_ROW = ["0", "-1", "²", "2147483648", "9223372036854775808", "1" + "0" * 30]


@pytest.mark.parametrize("number", NOT_A_ROW)
def test_the_offices_answer_to_a_wish_no_row_can_be_is_refused(client, start, csrf_token, number):
    start("ferie-timebestilling")
    answer = client.post("/_sim/timeavtaler", data={"csrf_token": csrf_token(client), "forslag": number, "svar": "avsla", "melding": "Nei"})
    assert answer.status_code == 422 and "Forslaget finnes ikke" in answer.get_data(as_text=True)


@pytest.mark.parametrize("number", NOT_A_ROW)
def test_removing_a_file_no_row_can_be_leaves_the_forms_files(client, start, csrf_token, number):
    start("alle-tjenester-pa")
    form = client.get("/kontakt-legekontoret").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
    png = (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50), "bilde.png")
    fields = {"csrf_token": csrf_token(client), "form_token": token}
    client.post("/kontakt-legekontoret", data=fields | {"action": "upload", "vedlegg": png}, content_type="multipart/form-data")
    removed = client.post("/kontakt-legekontoret", data=fields | {"remove": number})
    assert removed.status_code == 200 and "bilde.png" in removed.get_data(as_text=True)
