"""Fixtures shared by every test. The database the suite runs on is chosen
here, in one place: ``pytest`` runs on SQLite, ``pytest --db=postgresql`` on a
temporary PostgreSQL cluster that the run starts and stops itself. Besides:
apps as in production (CSRF on), their clients, helpers that act as a browser
does, and a catalogue with a fifth GP service."""

import re

import pytest
from sqlalchemy import func, select

from portal import create_app, db
from portal.models import all_tables
from portal.services.catalog import GP_SERVICES, Catalog, GPService
from portal.sessionlog.store import write_queued
from portal.testdb import FreshDatabases, PostgresCluster


def pytest_addoption(parser):
    parser.addoption("--db", choices=("sqlite", "postgresql"), default="sqlite", help="the database the suite runs on (default: sqlite)")


@pytest.fixture(scope="session")
def databases(request, tmp_path_factory):
    """Where fresh databases come from, for this run (for each xdist worker)."""
    folder = tmp_path_factory.mktemp("databases")
    if request.config.getoption("--db") == "sqlite":
        return FreshDatabases(folder)
    cluster = PostgresCluster().start()
    request.addfinalizer(cluster.stop)
    return FreshDatabases(folder, cluster)


@pytest.fixture
def database_url(databases):
    """A database of this test's own."""
    url = databases.new()
    yield url
    databases.drop(url)


@pytest.fixture(scope="session")
def sim_database_url(databases):
    """The browser tests' simulator runs on the suite's database too."""
    return databases.new()


@pytest.fixture
def make_app(tmp_path, database_url):
    """Apps on this test's database: ``make_app(SCENARIOS_DIR=…)``.
    A second app is the same simulator after a restart."""
    apps = []

    def make(**config):
        apps.append(create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test", "TESTING": True, "INSTANCE_PATH": tmp_path, **config}))
        return apps[-1]

    yield make
    write_queued()  # the session log's last lines, while the test's database is still there
    for app in apps:
        db.engine(app).dispose()


@pytest.fixture
def app(make_app):
    """An app on a fresh database, with CSRF on as in production."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def with_flu():
    """The webinar's GP services and a fifth, «Bestill influensavaksine», as
    helsenorge.no offers it, on the generic service page."""
    flu = GPService(
        "influensavaksine",
        button="Bestill influensavaksine",
        office_name="Influensavaksine",
        standard_text="Bestill time til influensavaksine hos fastlegen din.",
        card_title="Bestille influensavaksine",
        card_text="Sesongens vaksine mot influensa.",
        office_order=5,
        card_order=5,
    )
    return Catalog((*GP_SERVICES, flu))


@pytest.fixture
def csrf_token():
    """``csrf_token(client, path="/")``: the token the page at ``path`` carries for ``client``'s session."""

    def read(browser, path="/"):
        return re.search(r'name="csrf_token" value="([^"]+)"', browser.get(path).get_data(as_text=True)).group(1)

    return read


@pytest.fixture
def start(client):
    """``start("anbefalt-losning-1")``: ``client`` (or ``browser=``) in a fresh sandbox of that scenario."""

    def start(scenario_id, browser=None):
        browser = browser or client
        assert browser.get(f"/_sim/start/{scenario_id}").status_code == 303
        return browser

    return start


@pytest.fixture
def state(client):
    """``state()``: /_sim/state of ``client`` (or ``state(browser)``) as JSON."""

    def read(browser=None):
        return (browser or client).get("/_sim/state").get_json()

    return read


@pytest.fixture
def stored_rows(app):
    """``stored_rows()``: how many rows each table of ``app``'s database holds,
    for the tables that hold any (Alembic's own left out), once the session
    log has written what it queued."""

    def count(of=None):
        write_queued()
        with db.engine(of or app).connect() as connection:
            counts = {table.name: connection.scalar(select(func.count()).select_from(table)) for table in all_tables().sorted_tables}
        return {name: n for name, n in counts.items() if n}

    return count
