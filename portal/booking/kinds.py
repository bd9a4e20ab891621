"""The kinds of slot: their keys in scenario files, Norwegian names and where the patient meets."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _l


@dataclass(frozen=True)
class Kind:
    id: str
    name: str  # "Telefontime"
    at_office: bool  # the patient comes to the office


KINDS: dict[str, Kind] = {
    kind.id: kind
    for kind in (
        Kind("oppmøte", _l("Oppmøte"), at_office=True),
        Kind("video", _l("Videotime"), at_office=False),
        Kind("telefon", _l("Telefontime"), at_office=False),
        Kind("haste", _l("Hastetime"), at_office=True),
    )
}


def place(kind_id: str, office) -> str:
    """The seed's "Oppmøtested": the office's address, or "Telefontime"/"Videotime"."""
    kind = KINDS[kind_id]
    if not kind.at_office:
        return str(kind.name)
    return ", ".join(part for part in (office.name, office.address) if part)
