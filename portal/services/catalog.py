"""The GP services (fastlegetjenester): one concept, in one place.

- ``GPService``: what Helsenorge fixes about a service, the same for every
  office: its button, its name in the office's tool, its standard text, its
  card on Fastlegetjenester, where its button leads.
- ``Catalog``: an app's services in the GP panel's order (the webinar's).
  ``create_app({"GP_SERVICES": Catalog(...)})`` gives an app another set;
  the scenario format, the panel, the cards, the office's editor and
  /_sim/state all read it from there.
- ``ServiceSeed``: what a scenario file says of a service (``services.<id>``).
- ``OfficeSettings``: a sandbox's settings, the seed with the office's changes
  laid over it, as ``ServiceState``, the one runtime type the pages and the
  rules (``portal.rules``) work with.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

from flask import current_app, url_for
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..i18n import N_, LocalText, _l, local_text

if TYPE_CHECKING:
    from ..scenarios import Scenario

# The office's limits (the seed: «Feltet kan kun inneholde 200 tegn!»).
PANEL_MESSAGE_MAX = 200
SERVICE_MESSAGE_MAX = 300

_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class GPService:
    """One GP service as Helsenorge has it."""

    id: str  # in scenario files, URLs and /_sim/state
    button: str  # the GP panel's button and the service page's heading, e.g. "Bestill time"
    office_name: str  # its name in the office's tool, e.g. "Timebestilling"
    # «Standardtekst som vises på Helsenorge (ikke redigerbar)»: one paragraph a
    # line, under ``standard_heading`` if it has one; "" where the seed shows
    # none (the office's tool then says «Ingen»).
    standard_text: str
    card_title: str  # its card on Fastlegetjenester, e.g. "Bestille time"
    card_text: str
    office_order: int  # its place in the office's tool (the seed's screens)
    card_order: int  # its place on Fastlegetjenester (the seed's)
    # Where its button leads: a message form of its own at ``form_path`` (the
    # messages area serves it, and what is sent lands in the inbox), another
    # area's page (``endpoint``), or else the generic page /tjenester/<id>.
    form_path: str = ""
    endpoint: str = ""
    # Its form lists the patient's prescriptions (the scenario's) to tick, as
    # helsenorge.no's Forny resept does, where the scenario has any.
    from_prescriptions: bool = False
    standard_heading: str = ""
    icon: str = ""  # its card's icon: a file in static/vendor/designsystem/icons/ (portal.css draws it)
    search_words: str = ""  # what else Søk finds it by

    @property
    def lands_in_inbox(self) -> bool:
        return bool(self.form_path)

    @property
    def standard_lines(self) -> list[str]:
        """The standard text's paragraphs."""
        return [line for line in str(self.standard_text).split("\n") if line]

    def url(self) -> str:
        if self.form_path:
            return url_for("messages.compose", service_id=self.id)
        if self.endpoint:
            return url_for(self.endpoint)
        return url_for("services.page", service_id=self.id)


class Catalog:
    """An app's GP services, in the GP panel's order."""

    def __init__(self, services: Iterable[GPService]):
        self.services = tuple(services)
        self._by_id = {service.id: service for service in self.services}
        if len(self._by_id) != len(self.services):
            raise ValueError("every GP service needs an id of its own")
        if bad := [service.id for service in self.services if not _ID.match(service.id)]:
            raise ValueError(f"a GP service's id is a–z, 0–9 and -, starting with a letter: {bad}")

    def __iter__(self) -> Iterator[GPService]:
        return iter(self.services)

    def __len__(self) -> int:
        return len(self.services)

    def __contains__(self, service_id: object) -> bool:
        return service_id in self._by_id

    def __getitem__(self, service_id: str) -> GPService:
        return self._by_id[service_id]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    @property
    def inbox_ids(self) -> tuple[str, ...]:
        """The services whose requests are messages in the inbox."""
        return tuple(service.id for service in self.services if service.lands_in_inbox)

    def in_office_order(self) -> list[GPService]:
        return sorted(self.services, key=lambda service: service.office_order)

    def in_card_order(self) -> list[GPService]:
        return sorted(self.services, key=lambda service: service.card_order)

    def leading_to(self, endpoint: str) -> GPService | None:
        """The service whose button leads to ``endpoint``, e.g. "booking.start"."""
        return next((service for service in self.services if service.endpoint == endpoint), None)


GP_SERVICES = Catalog(
    (
        GPService(
            "bestill-time",
            button=_l("Bestill time"),
            office_name=_l("Timebestilling"),
            standard_text="",  # the seed's Helsetilbud shows none («Ingen»)
            card_title=_l("Bestille time"),
            card_text=_l("For konsultasjon på legekontoret, eller på video hvis legen tilbyr dette."),
            office_order=4,
            card_order=1,
            endpoint="booking.start",
            icon="calendar",
            search_words=_l("time timer legetime bestille kalender video telefon oppmøte"),
        ),
        GPService(
            "forny-resept",
            button=_l("Forny resept"),
            office_name=_l("Reseptfornyelse"),
            standard_text=_l("Be om å få fornyet en eller flere resepter. Merk at meldingen kan bli lest av andre ved legekontoret enn fastlegen. Du vil bli kontaktet senest innen fem arbeidsdager."),
            card_title=_l("Fornye resept"),
            card_text=_l("Gjelder bare resepter du har fått tidligere."),
            office_order=1,
            card_order=3,
            form_path="/forny-resept",
            from_prescriptions=True,
            icon="medicine",
            search_words=_l("resept resepter legemiddel legemidler medisin fornye"),
        ),
        GPService(
            "e-konsultasjon",
            button=_l("Start e-konsultasjon"),
            office_name=_l("E-konsultasjon"),
            standard_heading=_l("Slik fungerer det"),
            standard_text=_l(
                "Still et medisinsk spørsmål til fastlegen din.\n"
                "Ved fravær kan meldingen i noen tilfeller bli lest av en annen lege ved legekontoret.\n"
                "Du vil bli kontaktet senest innen fem arbeidsdager."
            ),
            card_title=_l("Starte e-konsultasjon"),
            card_text=_l("For situasjoner som fastlegen kjenner til, og som ikke krever personlig oppmøte."),
            office_order=2,
            card_order=2,
            form_path="/e-konsultasjon",
            icon="echat",
            search_words=_l("e-konsultasjon lege medisinsk spørsmål melding"),
        ),
        GPService(
            "kontakt-legekontoret",
            button=_l("Kontakt legekontoret"),
            office_name=_l("Kontakt legekontoret"),
            standard_text=_l("Still et praktisk spørsmål til resepsjonen ved fastlegekontoret. Du vil bli kontaktet innen fem arbeidsdager."),
            card_title=_l("Kontakte legekontoret"),
            card_text=_l("Still et praktisk spørsmål til resepsjonen. Du får ikke helsehjelp her."),
            office_order=3,
            card_order=4,
            form_path="/kontakt-legekontoret",
            icon="receptionist",
            search_words=_l("kontakt legekontor resepsjon spørsmål melding praktisk administrativt"),
        ),
    )
)


def current_catalog() -> Catalog:
    """The GP services of the app handling this request."""
    return current_app.config["GP_SERVICES"]


# --- A scenario's seed ---------------------------------------------------------


class ServiceSeed(BaseModel):
    """``services.<id>`` in a scenario file.

    The file says ``offered:``, not ``on:``: YAML 1.1 reads a bare ``on`` key
    as true. In the code it is ``on``, as everywhere else.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    on: bool = Field(alias="offered", description=N_("Om legekontoret tilbyr tjenesten på Helsenorge (på/av)."))
    message: local_text(SERVICE_MESSAGE_MAX) = Field("", validate_default=True, description=N_("Tilleggsinformasjon fra legekontoret."))
    absent: bool = Field(False, description=N_("Fraværsløsningen: tjenesten er på, men legekontoret har fravær og tar ikke imot henvendelser."))
    absence_message: local_text(SERVICE_MESSAGE_MAX) = Field(
        "", validate_default=True, description=N_("Fraværsmelding til pasienten: hva gjør jeg i stedet?")
    )

    @model_validator(mode="after")
    def _absent_only_when_on(self):
        if self.absent and not self.on:
            raise ValueError(_l("fravær (absent: true) gjelder bare en tjeneste som er på (offered: true)"))
        return self


# --- At run time -----------------------------------------------------------------


@dataclass(frozen=True)
class ServiceState:
    """A service as the office has set it up right now."""

    id: str
    on: bool
    message: str = ""
    # The absence solution: the service stays on (button and information
    # remain), but the office is away and reads no requests meanwhile.
    absent: bool = False
    absence_message: str = ""


# What the office may change of a service: ServiceState's fields but its id.
SETTINGS = tuple(f.name for f in fields(ServiceState) if f.name != "id")


@dataclass(frozen=True)
class OfficeChanges:
    """One save of the office's tool: the panel's message and, per service id,
    any of its SETTINGS. What is left out stays as it is."""

    panel_message: str | None = None
    services: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self):
        for service_id, settings in self.services.items():
            if unknown := set(settings) - set(SETTINGS):
                raise ValueError(f"{service_id}: no such setting {sorted(unknown)}")


class OfficeSettings:
    """A sandbox's office-side settings: the scenario's seed with the office's
    changes since the start (``Sandbox.overrides``) laid over it.

    The overrides hold only what differs from the seed::

        {"panel_message": "…", "services": {"bestill-time": {"on": false, "message": "…"}}}

    Keys other than these two belong to other areas and are kept as they are.

    The seed's texts are in the request's language (a scenario may give each
    language its own). The office types in one language: a text it changed
    replaces the scenario's in every language, and one it left as it was
    stays each language's own (saving it unchanged in another language stores
    nothing, as it equals that language's seed).
    """

    def __init__(self, catalog: Catalog, panel_message: str, seeds: Mapping[str, ServiceSeed], overrides: Mapping[str, Any] | None = None):
        self.catalog = catalog
        self.seed = {
            "panel_message": str(panel_message),
            "services": {sid: {name: _plain(getattr(seeds[sid], name)) for name in SETTINGS} for sid in catalog.ids},
        }
        self.overrides = overrides or {}

    @classmethod
    def of(cls, scenario: Scenario, catalog: Catalog, overrides: Mapping[str, Any] | None = None) -> OfficeSettings:
        return cls(catalog, scenario.panel.message, scenario.services.by_id(), overrides)

    @property
    def panel_message(self) -> str:
        return self.overrides.get("panel_message", self.seed["panel_message"])

    @cached_property
    def services(self) -> list[ServiceState]:
        """Every service, in the panel's order."""
        changed = self.overrides.get("services", {})
        return [
            ServiceState(sid, **{**seeded, **{k: v for k, v in changed.get(sid, {}).items() if k in SETTINGS}})
            for sid, seeded in self.seed["services"].items()
        ]

    def service(self, service_id: str) -> ServiceState:
        return next(s for s in self.services if s.id == service_id)

    def with_changes(self, changes: OfficeChanges) -> dict[str, Any]:
        """New overrides: ``changes`` laid over these, keeping only what differs from the seed."""
        wanted: dict[str, Any] = {"services": changes.services}
        if changes.panel_message is not None:
            wanted["panel_message"] = changes.panel_message
        return _merge(self.seed, self.overrides, wanted)


def _plain(value: Any) -> Any:
    """A scenario's text (``i18n.LocalText``) in the request's language; anything else as it is."""
    return str(value) if isinstance(value, LocalText) else value


def _merge(seed: Mapping[str, Any], overrides: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, seeded in seed.items():
        if isinstance(seeded, Mapping):
            inner = _merge(seeded, overrides.get(key, {}), changes.get(key, {}))
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
