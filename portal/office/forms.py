"""The office editor's rules (Helsetilbud, INFOMELDINGER), as plain functions.

The form's fields are ``panel_message`` and, for each service id ``<sid>``,
``message-<sid>``, ``absent-<sid>`` (a tick box) and ``absence-<sid>``.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _

from ..services.catalog import PANEL_MESSAGE_MAX, SERVICE_MESSAGE_MAX, Catalog, OfficeChanges


def normalise(text: str) -> str:
    """Line breaks count once, as the browser's counter counts them."""
    return (text or "").replace("\r\n", "\n")


def too_long(text: str, limit: int) -> bool:
    return len(normalise(text)) > limit


def read_form(form: Mapping[str, str], catalog: Catalog) -> tuple[OfficeChanges, dict[str, str]]:
    """The edited values and the errors, field name -> message."""
    errors: dict[str, str] = {}

    def text(name: str, limit: int) -> str:
        value = normalise(form.get(name, ""))
        if too_long(value, limit):
            errors[name] = _("Feltet kan kun inneholde %(max)s tegn!", max=limit)
        return value.strip()

    panel_message = text("panel_message", PANEL_MESSAGE_MAX)
    services = {
        service.id: {
            "message": text(f"message-{service.id}", SERVICE_MESSAGE_MAX),
            "absent": form.get(f"absent-{service.id}") == "on",
            "absence_message": text(f"absence-{service.id}", SERVICE_MESSAGE_MAX),
        }
        for service in catalog.in_office_order()
    }
    return OfficeChanges(panel_message, services), errors


def form_values(view) -> dict[str, str]:
    """The form's fields filled from a sandbox's current settings."""
    values = {"panel_message": view.panel_message}
    for service in view.services:
        values[f"message-{service.id}"] = service.message
        values[f"absent-{service.id}"] = "on" if service.absent else ""
        values[f"absence-{service.id}"] = service.absence_message
    return values
