"""The webinar's visibility rules, as pure functions over ``ServiceState``.

Used alike by the citizen's pages and by the trainer's table, so the two can
never disagree about what a patient sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .services.catalog import ServiceState

ON, OFF, ABSENT = "on", "off", "absent"


def service_status(service: ServiceState) -> str:
    """The trainer's three states: "on", "off" or "absent" (on, but away)."""
    if not service.on:
        return OFF
    return ABSENT if service.absent else ON


def service_shows_button(service: ServiceState) -> bool:
    """The button stays during an absence, so the patient is told rather than left wondering."""
    return service.on


def service_accepts_requests(service: ServiceState) -> bool:
    """Only a service that is on and not absent takes requests (nobody would read them)."""
    return service_status(service) == ON


def absence_message_visible(service: ServiceState) -> bool:
    """The office's absence text shows only while the service is absent."""
    return service_status(service) == ABSENT and bool(service.absence_message.strip())


def panel_is_on(services: Sequence[ServiceState]) -> bool:
    """The GP panel counts as on while at least one service is on."""
    return any(service.on for service in services)


def offered_services(services: Sequence[ServiceState]) -> list[ServiceState]:
    """The services that get a button, in the order given (the webinar's)."""
    return [service for service in services if service.on]


def panel_message_visible(panel_message: str, services: Sequence[ServiceState]) -> bool:
    """Rule 1: the panel's message shows only if at least one service is on."""
    return panel_is_on(services) and bool(panel_message.strip())


def service_message_visible(service: ServiceState) -> bool:
    """Rule 2: a service's own message shows only while that service is on."""
    return service.on and bool(service.message.strip())


def shows_no_digital_services_notice(services: Sequence[ServiceState]) -> bool:
    """Rule 3: with every service off the panel says the GP offers nothing here."""
    return not panel_is_on(services)


@dataclass(frozen=True)
class TableRow:
    """One row of the webinar's table "Tjeneste | På/Av | Informasjonsmelding"."""

    id: str  # "panel" or a service id
    on: bool
    message_visible: bool
    has_message: bool
    status: str = ON  # "on", "off" or "absent"; the panel is never absent


def webinar_table(panel_message: str, services: Sequence[ServiceState]) -> list[TableRow]:
    rows = [
        TableRow(
            "panel",
            on=panel_is_on(services),
            message_visible=panel_message_visible(panel_message, services),
            has_message=bool(panel_message.strip()),
            status=ON if panel_is_on(services) else OFF,
        )
    ]
    rows += [
        TableRow(
            service.id,
            on=service.on,
            message_visible=service_message_visible(service),
            has_message=bool(service.message.strip()),
            status=service_status(service),
        )
        for service in services
    ]
    return rows
