"""Shared by the tests: an app as in production (CSRF on) on a fresh
database, its client, helpers that act as a browser does, and a catalogue
with a fifth GP service."""

import re

import pytest

from portal import create_app
from portal.services.catalog import GP_SERVICES, Catalog, GPService


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
def make_app(tmp_path):
    """``make_app(**config)``: an app on a fresh SQLite database in this test's folder."""

    def make(**config):
        return create_app(
            {"DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}", "SECRET_KEY": "test", "TESTING": True, "INSTANCE_PATH": tmp_path, **config}
        )

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


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
