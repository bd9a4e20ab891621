"""The webinar's rules, for every combination of services and the absence solution's three states."""

import itertools

import pytest

from portal import rules
from portal.services.catalog import GP_SERVICES, ServiceState

SERVICE_IDS = GP_SERVICES.ids

PANEL_MESSAGE = "Vi avvikler ferie frem til 2. januar."


def services_for(flags):
    return [ServiceState(sid, on, f"Melding for {sid}") for sid, on in zip(SERVICE_IDS, flags)]


@pytest.mark.parametrize("flags", list(itertools.product([True, False], repeat=4)))
def test_every_combination_of_services(flags):
    services = services_for(flags)
    any_on = any(flags)

    assert [s.id for s in rules.offered_services(services)] == [sid for sid, on in zip(SERVICE_IDS, flags) if on]
    assert rules.panel_message_visible(PANEL_MESSAGE, services) is any_on
    assert rules.shows_no_digital_services_notice(services) is (not any_on)
    for service in services:
        assert rules.service_message_visible(service) is service.on

    table = rules.webinar_table(PANEL_MESSAGE, services)
    assert [(row.id, row.on, row.message_visible) for row in table] == [("panel", any_on, any_on)] + [
        (sid, on, on) for sid, on in zip(SERVICE_IDS, flags)
    ]


def test_an_empty_message_is_never_visible_even_when_on():
    services = [ServiceState(sid, True, "") for sid in SERVICE_IDS]
    assert not rules.panel_message_visible("   ", services)
    assert not any(rules.service_message_visible(s) for s in services)
    assert all(not row.has_message for row in rules.webinar_table("", services))


def test_offered_services_keep_the_webinars_order():
    services = services_for([True, False, True, True])
    assert [s.id for s in rules.offered_services(services)] == ["bestill-time", "e-konsultasjon", "kontakt-legekontoret"]


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
