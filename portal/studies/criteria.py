"""A task's success criterion: a small declarative vocabulary, never code.

A criterion is read from a study file and asks one question of the sandbox's
state (the sections of ``GET /_sim/state``) and of the pages the participant
saw during the task:

    booking: {kind: video, practitioner: astrid, from: 2024-01-03, to: 2024-01-07}
    booking_cancelled: {kind: video}
    time_wish: {practitioner: august}
    message_sent: {service: kontakt-legekontoret}
    renewal_requested: {medicine: Albyl-E}
    page_visited: /forny-resept
    all: [<criterion>, …]
    any: [<criterion>, …]

Only what the participant did *during the task* counts: the state when the
task started is kept as a ``baseline``, and a booking or a message that was
there already (from the scenario, or from an earlier task) does not make the
task a success. A booking cancelled again does not count as a booking; a
message saved as a draft is not sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..booking.kinds import KINDS
from ..i18n import N_, _l

SlotKind = Literal[tuple(KINDS)]

# The section of /_sim/state each kind of criterion reads.
SECTIONS = {
    "booking": "booking",
    "booking_cancelled": "booking",
    "time_wish": "booking",
    "message_sent": "inbox",
    "renewal_requested": "inbox",
}
PAGE_VISITED = "page_visited"
COMBINATIONS = ("all", "any")
KEYS = (*SECTIONS, PAGE_VISITED, *COMBINATIONS)

# Appointment status in /_sim/state (docs/state.md).
LIVE, CANCELLED = "tildelt", "avbestilt"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class BookingMatch(_Strict):
    """Which appointments count; every field given must match, none given: any."""

    kind: SlotKind | None = Field(None, description=N_("oppmøte, video, telefon eller haste."))
    practitioner: str | None = Field(None, description=N_("Behandlerens id i scenarioet, f.eks. astrid."))
    start: dt.date | None = Field(None, alias="from", description=N_("Timen er denne dagen eller senere."))
    end: dt.date | None = Field(None, alias="to", description=N_("Timen er denne dagen eller tidligere."))

    @model_validator(mode="after")
    def _in_order(self) -> "BookingMatch":
        if self.start and self.end and self.end < self.start:
            raise ValueError(_l("«to» kan ikke være før «from»"))
        return self

    def matches(self, appointment: dict) -> bool:
        day = dt.datetime.fromisoformat(appointment["start"]).date()
        return (
            (self.kind is None or appointment["kind"] == self.kind)
            and (self.practitioner is None or appointment["practitioner"] == self.practitioner)
            and (self.start is None or day >= self.start)
            and (self.end is None or day <= self.end)
        )


class WishMatch(_Strict):
    practitioner: str | None = Field(None, description=N_("Behandlerens id i scenarioet, f.eks. august."))


class MessageMatch(_Strict):
    service: str | None = Field(None, description=N_("Tjenesten meldingen gikk til, f.eks. kontakt-legekontoret (uten: hvilken som helst)."))


class RenewalMatch(_Strict):
    medicine: str | None = Field(None, min_length=1, description=N_("Et legemiddel som er valgt eller nevnt, f.eks. Albyl-E (uten: hvilket som helst)."))


class Criterion(_Strict):
    """Exactly one of the fields below."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, json_schema_extra={"minProperties": 1, "maxProperties": 1}
    )

    booking: BookingMatch | None = Field(None, description=N_("Pasienten bestilte en time i oppgaven, og den er ikke avbestilt."))
    booking_cancelled: BookingMatch | None = Field(None, description=N_("Pasienten avbestilte en time i oppgaven."))
    time_wish: WishMatch | None = Field(None, description=N_("Pasienten sendte et forslag til tidspunkt (FORESLÅ TIDSPUNKT)."))
    message_sent: MessageMatch | None = Field(None, description=N_("Pasienten sendte en melding eller et svar (ikke et utkast)."))
    renewal_requested: RenewalMatch | None = Field(None, description=N_("Pasienten ba om å fornye en resept."))
    page_visited: str | None = Field(
        None, pattern=r"^/", description=N_("Pasienten åpnet siden, f.eks. /forny-resept; * står for resten, f.eks. /innboks/*.")
    )
    all_of: list[Criterion] | None = Field(None, alias="all", min_length=1, description=N_("Alle kriteriene i listen."))
    any_of: list[Criterion] | None = Field(None, alias="any", min_length=1, description=N_("Minst ett av kriteriene i listen."))

    @model_validator(mode="before")
    @classmethod
    def _bare_key_means_any(cls, data: Any) -> Any:
        # «booking:» with nothing after it: any booking.
        if isinstance(data, dict):
            return {key: {} if value is None and key in SECTIONS else value for key, value in data.items()}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> "Criterion":
        if len(self.model_fields_set) != 1:
            raise ValueError(_l("skriv nøyaktig ett kriterium, ett av: %(keys)s", keys=", ".join(KEYS)))
        if self.value is None:
            raise ValueError(_l("%(kind)s mangler en verdi", kind=self.kind))
        return self

    @property
    def kind(self) -> str:
        (name,) = self.model_fields_set
        return type(self).model_fields[name].alias or name

    @property
    def value(self) -> Any:
        (name,) = self.model_fields_set
        return getattr(self, name)

    def leaves(self, loc: tuple = ()) -> Iterator[tuple[tuple, str, Any]]:
        """(where in the file, kind, value) of every criterion that is not all/any."""
        if self.kind in COMBINATIONS:
            for i, part in enumerate(self.value):
                yield from part.leaves((*loc, self.kind, i))
        else:
            yield (*loc, self.kind), self.kind, self.value

    def sections(self) -> set[str]:
        """The sections of /_sim/state this criterion reads."""
        return {SECTIONS[kind] for _, kind, _ in self.leaves() if kind in SECTIONS}

    def reads_pages(self) -> bool:
        return any(kind == PAGE_VISITED for _, kind, _ in self.leaves())

    def met(self, evidence: Evidence) -> bool:
        if self.kind == "all":
            return all(part.met(evidence) for part in self.value)
        if self.kind == "any":
            return any(part.met(evidence) for part in self.value)
        return _TESTS[self.kind](self.value, evidence)


Criterion.model_rebuild()


# --- What the criteria are tested against ---


def baseline(state: dict) -> dict:
    """What a task's criteria must not count: the state when it started, compactly.

    Appointment ids with their status, time wish ids, and per thread the
    number of the patient's own messages (JSON-able, stored with the task).
    """
    booking = state.get("booking") or {}
    inbox = state.get("inbox") or {}
    return {
        "appointments": {str(a["id"]): a["status"] for a in booking.get("appointments", [])},
        "wishes": [w["id"] for w in booking.get("wishes", [])],
        "sent": {t["id"]: _patient_messages(t) for t in inbox.get("threads", [])},
    }


def _patient_messages(thread: dict) -> int:
    return sum(1 for m in thread["messages"] if m["from"] == "patient")


@dataclass(frozen=True)
class Evidence:
    """The task's baseline, the state now (the sections the criterion reads)
    and the pages the participant saw during the task (paths, oldest first)."""

    before: dict
    now: dict
    pages: Sequence[str] = ()

    def appointments(self) -> list[dict]:
        return (self.now.get("booking") or {}).get("appointments", [])

    def status_before(self, appointment: dict) -> str | None:
        return self.before.get("appointments", {}).get(str(appointment["id"]))

    def new_patient_messages(self) -> Iterator[tuple[dict, dict]]:
        """(thread, message) for each message the patient sent since the baseline."""
        sent_before = self.before.get("sent", {})
        for thread in (self.now.get("inbox") or {}).get("threads", []):
            mine = [m for m in thread["messages"] if m["from"] == "patient"]
            for message in mine[sent_before.get(thread["id"], 0) :]:
                yield thread, message


def _booked(match: BookingMatch, evidence: Evidence) -> bool:
    return any(
        a["status"] == LIVE and evidence.status_before(a) is None and match.matches(a) for a in evidence.appointments()
    )


def _cancelled(match: BookingMatch, evidence: Evidence) -> bool:
    return any(
        a["status"] == CANCELLED and evidence.status_before(a) != CANCELLED and match.matches(a) for a in evidence.appointments()
    )


def _wished(match: WishMatch, evidence: Evidence) -> bool:
    earlier = set(evidence.before.get("wishes", []))
    wishes = (evidence.now.get("booking") or {}).get("wishes", [])
    return any(w["id"] not in earlier and match.practitioner in (None, w["practitioner"]) for w in wishes)


def _sent(match: MessageMatch, evidence: Evidence) -> bool:
    return any(match.service in (None, thread["service"]) for thread, _ in evidence.new_patient_messages())


RENEWAL_SERVICE = "forny-resept"


def _medicines(message: dict) -> list[str]:
    """The medicines a renewal names: the prescriptions chosen (by name), else its text."""
    chosen = message.get("prescriptions") or []
    names = [item if isinstance(item, str) else str(item.get("name", "")) for item in chosen]
    return [*names, message.get("text", "")]


def _renewal(match: RenewalMatch, evidence: Evidence) -> bool:
    wanted = (match.medicine or "").casefold()
    return any(
        thread["service"] == RENEWAL_SERVICE and any(wanted in name.casefold() for name in _medicines(message))
        for thread, message in evidence.new_patient_messages()
    )


def page_path(page: str) -> str:
    """A page's path without its query string."""
    return page.split("?", 1)[0]


def _visited(pattern: str, evidence: Evidence) -> bool:
    wanted = page_path(pattern)
    return any(fnmatchcase(page_path(page), wanted) for page in evidence.pages)


_TESTS = {
    "booking": _booked,
    "booking_cancelled": _cancelled,
    "time_wish": _wished,
    "message_sent": _sent,
    "renewal_requested": _renewal,
    "page_visited": _visited,
}
