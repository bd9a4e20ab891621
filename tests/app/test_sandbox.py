"""Sandboxes: one per browser, kept in the database, named by a signed cookie."""

import pytest


def test_two_browsers_are_isolated(app, start, state):
    one, two = app.test_client(), app.test_client()
    start("alle-tjenester-av", browser=one)
    start("anbefalt-losning-2", browser=two)
    assert state(one)["scenario"]["id"] == "alle-tjenester-av"
    assert state(two)["scenario"]["id"] == "anbefalt-losning-2"


def test_a_sandbox_survives_a_restart(make_app, start, state):
    client = make_app().test_client()
    start("anbefalt-losning-1", browser=client)
    before = state(client)["sandbox"]

    again = make_app().test_client()
    cookie = client.get_cookie("portal_session")
    again.set_cookie(cookie.key, cookie.value)
    after = state(again)
    assert after["sandbox"] == before and after["scenario"]["id"] == "anbefalt-losning-1"


def test_a_tampered_cookie_gets_a_new_sandbox(client, start, state):
    start("alle-tjenester-av")
    client.set_cookie("portal_session", "forged.value.sig")
    assert state()["scenario"]["id"] == "alle-tjenester-pa"


def test_a_bad_default_scenario_stops_the_start(make_app):
    with pytest.raises(ValueError, match="finnes-ikke"):
        make_app(DEFAULT_SCENARIO="finnes-ikke")
