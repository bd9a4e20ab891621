"""The absence solution's three states and the office editor's limits, without Flask."""

import pytest

from werkzeug.datastructures import MultiDict

from portal import rules
from portal.forms import validate
from portal.office.forms import editor_form
from portal.scenarios import ScenarioError, parse_scenario
from portal.services.catalog import GP_SERVICES, OfficeChanges, OfficeSettings, ServiceSeed, ServiceState

SERVICE_IDS = GP_SERVICES.ids


@pytest.mark.parametrize(
    "on, absent, status, button, accepts",
    [
        (True, False, "on", True, True),
        (False, False, "off", False, False),
        (True, True, "absent", True, False),
        (False, True, "off", False, False),  # off wins: an absence only matters while the service is on
    ],
)
def test_three_states(on, absent, status, button, accepts):
    service = ServiceState("forny-resept", on, "Melding", absent, "Borte")
    assert rules.service_status(service) == status
    assert rules.service_shows_button(service) is button
    assert rules.service_accepts_requests(service) is accepts
    assert rules.absence_message_visible(service) is (status == "absent")


def test_an_absent_service_keeps_its_message_and_the_panel_on():
    services = [ServiceState(sid, True, "Info", absent=True) for sid in SERVICE_IDS]
    assert rules.panel_message_visible("Ferie", services)
    assert all(rules.service_message_visible(s) for s in services)
    assert [s.id for s in rules.offered_services(services)] == list(SERVICE_IDS)
    assert not rules.absence_message_visible(services[0])  # no text, nothing to show


def test_the_trainers_table_has_three_states():
    services = [
        ServiceState("bestill-time", True),
        ServiceState("forny-resept", True, absent=True),
        ServiceState("e-konsultasjon", False),
        ServiceState("kontakt-legekontoret", True),
    ]
    table = rules.webinar_table("Ferie", services)
    assert [(row.id, row.status) for row in table] == [
        ("panel", "on"),
        ("bestill-time", "on"),
        ("forny-resept", "absent"),
        ("e-konsultasjon", "off"),
        ("kontakt-legekontoret", "on"),
    ]


def editor(fields):
    form = editor_form(GP_SERVICES)(MultiDict(fields))
    return form, validate(form)


@pytest.mark.parametrize("field, limit", [("panel_message", 200), ("message-forny-resept", 300), ("absence-bestill-time", 300)])
def test_editor_limits(field, limit):
    assert editor({field: "x" * limit})[1] == {}
    assert editor({field: "x" * (limit + 1)})[1] == {field: f"Feltet kan kun inneholde {limit} tegn!"}


def test_a_line_break_counts_once_as_in_the_browser():
    assert editor({"panel_message": "a\r\n" * 100})[1] == {}  # 200 characters
    assert "panel_message" in editor({"panel_message": "a\r\n" * 100 + "b"})[1]


def test_form_values_are_read_as_typed():
    form, errors = editor({"panel_message": "  <b>Stengt</b>  ", "absent-e-konsultasjon": "on", "absence-e-konsultasjon": "Ring"})
    assert errors == {}
    changes = form.changes()
    assert changes.panel_message == "<b>Stengt</b>"
    assert changes.services["e-konsultasjon"] == {"message": "", "absent": True, "absence_message": "Ring"}
    assert changes.services["forny-resept"]["absent"] is False


def test_only_what_differs_from_the_seed_is_stored():
    seeds = {sid: ServiceSeed(offered=True) for sid in SERVICE_IDS}
    settings = OfficeSettings(GP_SERVICES, "Hei", seeds, {"services": {"forny-resept": {"on": False}}, "inbox": {"kept": 1}})
    changes = OfficeChanges("Hei", {"forny-resept": {"message": "Ny", "absent": False, "absence_message": ""}})
    assert settings.with_changes(changes) == {"services": {"forny-resept": {"on": False, "message": "Ny"}}, "inbox": {"kept": 1}}
    # Turning the service back on returns it to the seed: nothing stored for it.
    settings = OfficeSettings(GP_SERVICES, "Hei", seeds, {"services": {"forny-resept": {"on": False}}})
    assert settings.with_changes(OfficeChanges(services={"forny-resept": {"on": True}})) == {}


SCENARIO = """\
title: Test
today: 2023-12-07
persona:
  name: Tora Hansen
gp:
  name: Knut Andersen
office:
  name: Ekeberg legekontor
front_page: {front_page}
services:
  bestill-time:
    offered: {offered}
    absent: true
    absence_message: Borte
  forny-resept:
    offered: true
  e-konsultasjon:
    offered: true
  kontakt-legekontoret:
    offered: true
"""


def test_scenario_absence_and_new_front_page_load(tmp_path):
    scenario = parse_scenario(tmp_path / "t.yaml", SCENARIO.format(front_page="ny", offered="true"))
    assert scenario.front_page == "ny"
    assert scenario.persona.greeting_name == "Tora"
    assert scenario.services.by_id()["bestill-time"].absent is True


def test_absence_on_a_service_that_is_off_is_an_error_with_its_line(tmp_path):
    with pytest.raises(ScenarioError) as error:
        parse_scenario(tmp_path / "t.yaml", SCENARIO.format(front_page="panel", offered="false"))
    (problem,) = error.value.problems
    assert (problem.line, problem.field) == (11, "services.bestill-time")
    assert "gjelder bare en tjeneste som er på" in problem.message


def test_an_unknown_front_page_is_an_error(tmp_path):
    with pytest.raises(ScenarioError) as error:
        parse_scenario(tmp_path / "t.yaml", SCENARIO.format(front_page="gammel", offered="true"))
    (problem,) = error.value.problems
    assert (problem.line, problem.field) == (9, "front_page")
    assert problem.message == "må være en av: panel, ny"
