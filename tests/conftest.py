"""Fixtures shared by every test. The database the suite runs on is chosen
here, in one place: ``pytest`` runs on SQLite, ``pytest --db=postgresql`` on a
temporary PostgreSQL cluster that the run starts and stops itself."""

import pytest

from portal import create_app, db
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
    """Apps on this test's database: ``make_app(WTF_CSRF_ENABLED=False)``.
    A second app is the same simulator after a restart."""
    apps = []

    def make(**config):
        apps.append(create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test", "TESTING": True, "INSTANCE_PATH": tmp_path, **config}))
        return apps[-1]

    yield make
    for app in apps:
        db.engine(app).dispose()


@pytest.fixture
def app(make_app):
    """An app on a fresh database, with CSRF on as in production."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()
