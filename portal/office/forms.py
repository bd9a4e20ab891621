"""The office editor's rules (Helsetilbud, INFOMELDINGER), as plain functions.

The form's fields are ``panel_message`` and, for each service id ``<sid>``,
``message-<sid>``, ``absent-<sid>`` (a tick box) and ``absence-<sid>``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from ..scenarios import PANEL_MESSAGE_MAX, SERVICE_IDS, SERVICE_MESSAGE_MAX, Scenario

# The order of the office's own tool (the seed's screens), not the panel's.
EDITOR_ORDER = ("forny-resept", "e-konsultasjon", "kontakt-legekontoret", "bestill-time")


def normalise(text: str) -> str:
    """Line breaks count once, as the browser's counter counts them."""
    return (text or "").replace("\r\n", "\n")


def too_long(text: str, limit: int) -> bool:
    return len(normalise(text)) > limit


def read_form(form: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The edited values (in the overrides' shape) and the errors, field name -> message."""
    errors: dict[str, str] = {}

    def text(name: str, limit: int) -> str:
        value = normalise(form.get(name, ""))
        if too_long(value, limit):
            errors[name] = _("Feltet kan kun inneholde %(max)s tegn!", max=limit)
        return value.strip()

    values: dict[str, Any] = {"panel_message": text("panel_message", PANEL_MESSAGE_MAX), "services": {}}
    for sid in EDITOR_ORDER:
        values["services"][sid] = {
            "message": text(f"message-{sid}", SERVICE_MESSAGE_MAX),
            "absent": form.get(f"absent-{sid}") == "on",
            "absence_message": text(f"absence-{sid}", SERVICE_MESSAGE_MAX),
        }
    return values, errors


def seed_of(scenario: Scenario) -> dict[str, Any]:
    """The scenario's office settings in the overrides' shape."""
    return {
        "panel_message": scenario.panel.message,
        "services": {
            sid: {"on": s.offered, "message": s.message, "absent": s.absent, "absence_message": s.absence_message}
            for sid, s in scenario.services.by_id().items()
        },
    }


def apply_changes(seed: Mapping[str, Any], overrides: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """New overrides: ``changes`` laid over ``overrides``, keeping only what differs from ``seed``.

    Keys the seed does not know (other areas' overrides) are kept as they are.
    """
    result: dict[str, Any] = {}
    for key, seeded in seed.items():
        if isinstance(seeded, Mapping):
            inner = apply_changes(seeded, overrides.get(key, {}), changes.get(key, {}))
            if inner:
                result[key] = inner
        else:
            value = changes.get(key, overrides.get(key, seeded))
            if value != seeded:
                result[key] = value
    for key, value in overrides.items():
        if key not in seed:
            result[key] = copy.deepcopy(value)
    return result


def form_values(view) -> dict[str, str]:
    """The form's fields filled from a sandbox's current settings."""
    values = {"panel_message": view.panel_message}
    for service in view.services:
        values[f"message-{service.id}"] = service.message
        values[f"absent-{service.id}"] = "on" if service.absent else ""
        values[f"absence-{service.id}"] = service.absence_message
    return values


assert sorted(EDITOR_ORDER) == sorted(SERVICE_IDS)
