"""Scenario files: one YAML file per scenario, its file stem is its id.

A file is read with ``yaml.safe_load`` semantics into a typed pydantic model.
Every error names the file, the line and the dotted field, in Norwegian (or
the language of the page or command that shows it), so a trainer who edits a
scenario by hand sees at once what to fix.

A text the patient or the trainer reads may be one text for every language or
one per language (``i18n.local_text``): ``title: Ferie`` or
``title: {nb: Ferie, nn: Ferie, en: Holiday}``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model, field_validator, model_validator

from .booking.kinds import KINDS
from .i18n import LANGUAGES, N_, ONE_TEXT, PER_LANGUAGE, SOURCE, LocalText, _, _l, local_text, translated_schema
from .services.catalog import GP_SERVICES, PANEL_MESSAGE_MAX, Catalog, ServiceSeed
from .yamlfile import FileProblems, FolderLibrary, Problem, line_of, read_model


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Persona(_Strict):
    name: str = Field(min_length=1, description=N_("Innbyggerens fornavn, vist i «Hei, <navn>»."))
    # The front page's counts come from the inbox and the events; a file may
    # still say them, as a check that they agree (scenario_checks.py).
    new_messages: int | None = Field(
        None, ge=0, description=N_("Valgfritt: «Du har nye meldinger <n>». Må stemme med de uleste trådene i inbox og inbox_generated.")
    )
    new_events: int | None = Field(None, ge=0, description=N_("Valgfritt: «Du har nye hendelser <n>». Må stemme med de nye hendelsene i events."))
    first_name: str = Field("", description=N_("Fornavnet i den nye forsidens «Hei <fornavn>,» (standard: første ord i name)."))

    @property
    def greeting_name(self) -> str:
        return self.first_name or self.name.split()[0]


class GeneralPractitioner(_Strict):
    name: str = Field(min_length=1, description=N_("Fastlegens navn, vist i «Fastlegen din er <navn>»."))


class Office(_Strict):
    name: str = Field(min_length=1)
    address: str = ""
    phone: str = ""
    urgent_phone: str = Field("", description=N_("«Hvis det haster, ring legekontoret på <nummer>» (standard: phone)."))


class Panel(_Strict):
    message: local_text(PANEL_MESSAGE_MAX) = Field("", validate_default=True, description=N_("Tilleggsinformasjon på fastlegepanelet."))


class ServiceSeeds(_Strict):
    """``services:``: exactly the app's GP services, each once. The fields are
    made per catalogue (``scenario_model``), one per service id."""

    def by_id(self) -> dict[str, ServiceSeed]:
        return {info.alias: getattr(self, name) for name, info in type(self).model_fields.items()}


# --- Appointment booking: the office's practitioners and their bookable slots ---

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SlotKind = Literal[tuple(KINDS)]  # as written in scenario files: see portal/booking/kinds.py
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _clock_time(value: Any) -> dt.time:
    """ "08:30" -> 08:30. YAML 1.1 reads a bare 10:00 as the number 600, so say so."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(_l('klokkeslett må stå i anførselstegn, for eksempel "10:00" (YAML leste %(value)s)', value=value))
    if isinstance(value, str):
        try:
            return dt.datetime.strptime(value, "%H:%M").time()
        except ValueError:
            pass
    raise ValueError(_l('«%(value)s» er ikke et klokkeslett TT:MM, for eksempel "08:30"', value=value))


# The longest slot, in minutes: in scenario files and in the office's added slots.
SLOT_MINUTES_MAX = 240


# A time of day as a file writes it, quoted: "08:30".
_CLOCK_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"


def _as_written(schema: dict, default: str) -> None:
    """A time of day in the JSON Schema as a file writes it ("10:00"), not as pydantic's "10:00:00"."""
    schema.pop("format", None)
    schema.update(pattern=_CLOCK_PATTERN, default=default)


class _Times(_Strict):
    times: tuple[dt.time, ...] = Field(
        min_length=1,
        description=N_('Klokkeslett i anførselstegn, f.eks. ["08:30", "09:00"].'),
        json_schema_extra={"items": {"type": "string", "pattern": _CLOCK_PATTERN}},
    )
    duration: int = Field(20, gt=0, le=SLOT_MINUTES_MAX, description=N_("Varighet i minutter."))
    kind: SlotKind = Field("oppmøte", description=N_("oppmøte, video, telefon eller haste."))

    @field_validator("times", mode="before")
    @classmethod
    def _parse_times(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return tuple(_clock_time(item) for item in value)


class WeeklySlots(_Times):
    """The same times every given weekday, e.g. Mondays and Wednesdays 08:30 and 09:00."""

    weekdays: tuple[Weekday, ...] = Field(min_length=1, description=N_("Ukedager: mon, tue, wed, thu, fri, sat, sun."))


class ExtraSlots(_Times):
    """Slots on one date only, outside the weekly pattern."""

    date: dt.date


class Absence(_Strict):
    """Days without slots, both ends included (ferie, kurs, en fridag)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")

    @model_validator(mode="after")
    def _in_order(self) -> "Absence":
        if self.end < self.start:
            raise ValueError(_l("«to» kan ikke være før «from»"))
        return self


class Practitioner(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description=N_("Brukes i adressen, f.eks. «astrid»."))
    name: str = Field(min_length=1)
    title: local_text(min_length=1) = Field(
        default_factory=lambda: LocalText({SOURCE: _l("Fastlege")}), description=N_("Vises foran navnet i «Velg behandler» (standard: Fastlege).")
    )
    own_gp: bool = Field(False, description=N_("Pasientens egen fastlege; vises først."))
    slots: tuple[WeeklySlots, ...] = ()
    extra_slots: tuple[ExtraSlots, ...] = ()
    absences: tuple[Absence, ...] = ()


# --- The inbox at the start ---

SUBJECT_MAX = 100
MESSAGE_MAX = 1000


def _date_means_midnight(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value


# A moment in a scenario: "2023-12-04 08:12", or a date alone (midnight).
Moment = Annotated[dt.datetime, BeforeValidator(_date_means_midnight)]


class InboxMessage(_Strict):
    sender: Literal["patient", "office"] = Field(alias="from", description=N_("Hvem skrev: patient (innbyggeren) eller office (legekontoret)."))
    at: Moment = Field(description=N_("Når meldingen ble sendt: ÅÅÅÅ-MM-DD TT:MM (eller bare en dato)."))
    text: local_text(MESSAGE_MAX, min_length=1)


class InboxThread(_Strict):
    subject: local_text(SUBJECT_MAX, min_length=1)
    service: str = Field(description=N_("En tjeneste med meldinger i innboksen."))  # one of the catalogue's: see scenario_model
    read: bool = Field(True, description=N_("false: tråden er ulest og telles i «Du har nye meldinger»."))
    closed_code: Literal[13] | None = Field(None, description=N_("13: behandler har avsluttet e-konsultasjonen (dialog avsluttet)."))
    messages: list[InboxMessage] = Field(min_length=1)


class GeneratedThreads(_Strict):
    """``inbox_generated``: more threads than anyone would write out (the
    webinar's «Du har nye meldinger 3102»), made up when shown, never stored."""

    threads: int = Field(ge=1, le=100_000, description=N_("Hvor mange tråder (meldinger fra legekontoret) som lages i tillegg til dem i inbox."))
    unread: int = Field(0, ge=0, description=N_("Hvor mange av dem (de nyeste) som er uleste."))

    @model_validator(mode="after")
    def _unread_of_threads(self) -> "GeneratedThreads":
        if self.unread > self.threads:
            raise ValueError(_l("unread (%(unread)s) kan ikke være flere enn threads (%(threads)s)", unread=self.unread, threads=self.threads))
        return self


EVENT_TITLE_MAX = 100
EVENT_TEXT_MAX = 300


class Event(_Strict):
    """One of «Hendelser»: what happened in the patient's health services."""

    at: Moment = Field(description=N_("Når det skjedde: ÅÅÅÅ-MM-DD TT:MM (eller bare en dato)."))
    title: local_text(EVENT_TITLE_MAX, min_length=1)
    text: local_text(EVENT_TEXT_MAX) = Field("", validate_default=True)
    read: bool = Field(True, description=N_("false: hendelsen er ny og telles i «Du har nye hendelser»."))


class Prescription(_Strict):
    """One of the persona's prescriptions (Legemidler), for Forny resept."""

    name: str = Field(min_length=1, max_length=60, description=N_("Legemiddelet, f.eks. «Levaxin»."))
    strength: local_text(60) = Field("", validate_default=True, description=N_("Styrke og form, f.eks. «50 mikrog tabletter»."))
    left: local_text(60) = Field("", validate_default=True, description=N_("Hvor mye som er igjen, f.eks. «1 av 4 uttak igjen»."))
    prescriber: local_text(60) = Field("", validate_default=True, description=N_("Hvem som skrev ut resepten, f.eks. «Astrid (fastlege)»."))

    @property
    def label(self) -> str:
        """The medicine and its strength, in the request's language: «Levaxin 50 mikrog tabletter»."""
        return f"{self.name} {self.strength}".strip()


class ScenarioModel(_Strict):
    title: local_text(min_length=1) = Field(description=N_("Tittel for kursholderen."))
    order: int = Field(100, description=N_("Plass i kontrollpanelets liste (lavest først, så id)."))
    description: local_text() = Field("", validate_default=True, description=N_("Hva scenarioet viser."))
    # Bounded so every date the booking pages count from it (weeks ahead, month ends) exists.
    today: dt.date = Field(
        ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31), description=N_("Simulatorens dato (klokken). Testene avhenger aldri av dagens dato.")
    )
    start_time: dt.time = Field(
        dt.time(10, 0),
        description=N_('Klokkeslettet når en sandkasse starter (i anførselstegn, f.eks. "10:00"); klokken går derfra, samme dag.'),
        json_schema_extra=lambda schema: _as_written(schema, default="10:00"),
    )
    persona: Persona
    gp: GeneralPractitioner
    office: Office
    front_page: Literal["panel", "ny"] = Field(
        "panel", description=N_("Forsiden: «panel» (fastlegepanelet) eller «ny» (den nye forsiden med Fastlegetjenester).")
    )
    panel: Panel = Panel()
    services: ServiceSeeds
    practitioners: tuple[Practitioner, ...] = Field((), description=N_("Behandlere med ledige timer; uten listen får fastlegen et standard ukemønster."))
    inbox: list[InboxThread] = Field(default_factory=list, description=N_("Tråder i innboksen ved start."))
    inbox_generated: GeneratedThreads | None = Field(None, description=N_("Flere tråder enn det er verdt å skrive ut, laget når de vises."))
    events: list[Event] = Field(default_factory=list, description=N_("Hendelser, som «Du har nye hendelser» åpner."))
    prescriptions: list[Prescription] = Field(default_factory=list, description=N_("Pasientens resepter, som Forny resept lar pasienten velge blant."))

    @property
    def unread_threads(self) -> int:
        """The unread threads at the start: «Du har nye meldinger»."""
        generated = self.inbox_generated.unread if self.inbox_generated else 0
        return sum(not thread.read for thread in self.inbox) + generated

    @property
    def new_events(self) -> int:
        """The new events at the start: «Du har nye hendelser»."""
        return sum(not event.read for event in self.events)

    @field_validator("start_time", mode="before")
    @classmethod
    def _start_time(cls, value: Any) -> Any:
        return _clock_time(value)

    @field_validator("today", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        # YAML gives a datetime for "2023-12-07 10:00"; the clock is a date.
        if isinstance(value, dt.datetime):
            raise ValueError(_l("må være en dato (ÅÅÅÅ-MM-DD) uten klokkeslett"))
        return value

    @field_validator("practitioners")
    @classmethod
    def _one_each(cls, value: tuple[Practitioner, ...]) -> tuple[Practitioner, ...]:
        ids = [p.id for p in value]
        if len(set(ids)) != len(ids):
            raise ValueError(_l("hver behandler må ha sin egen id"))
        if sum(p.own_gp for p in value) > 1:
            raise ValueError(_l("bare én behandler kan være pasientens fastlege (own_gp: true)"))
        return value


_MODELS: dict[tuple, type[ScenarioModel]] = {}


def scenario_model(catalog: Catalog = GP_SERVICES) -> type[ScenarioModel]:
    """The scenario format for ``catalog``'s services: ``services`` lists
    exactly them, and an inbox thread names one whose messages land there."""
    key = (catalog.ids, catalog.inbox_ids)
    if key not in _MODELS:
        seeds = {sid.replace("-", "_"): (ServiceSeed, Field(alias=sid)) for sid in catalog.ids}
        services = create_model("Services", __base__=ServiceSeeds, **seeds)
        thread = create_model("InboxThread", __base__=InboxThread, service=(Literal[catalog.inbox_ids], ...))
        _MODELS[key] = create_model(
            "ScenarioModel",
            __base__=ScenarioModel,
            services=(services, ...),
            inbox=(list[thread], Field(default_factory=list, description=ScenarioModel.model_fields["inbox"].description)),
        )
    return _MODELS[key]


@dataclass(frozen=True)
class Scenario:
    id: str
    path: Path
    model: ScenarioModel

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


# A problem in a scenario file: file, line, field and message (see portal/yamlfile.py).
ScenarioProblem = Problem


class ScenarioError(FileProblems):
    """One or more problems in one or more scenario files."""


def parse_scenario(path: Path, text: str | None = None, catalog: Catalog = GP_SERVICES) -> Scenario:
    """Parse one scenario file for ``catalog``'s services; raise ScenarioError naming file, line and field."""
    path = Path(path)
    from .scenario_checks import problems as disagreements  # it needs the booking's slots, which need this module

    try:
        model = read_model(path, scenario_model(catalog), text, check=lambda found: disagreements(found, catalog))
    except FileProblems as exc:
        raise ScenarioError(exc.problems) from None
    return Scenario(id=path.stem, path=path, model=model)


def order_problems(scenarios: Iterable[Scenario]) -> list[ScenarioProblem]:
    """Two files that ask for the same place on /_sim/ (``order``): the list would depend on their names."""
    problems = []
    first: dict[int, Scenario] = {}
    for scenario in sorted(scenarios, key=lambda s: s.path.name):
        if "order" not in scenario.model.model_fields_set:
            continue
        if (other := first.setdefault(scenario.order, scenario)) is not scenario:
            line = line_of(yaml.compose(scenario.path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader), ("order",))
            problems.append(
                ScenarioProblem(
                    scenario.path, line, "order",
                    _l("%(order)s er også plassen til %(file)s: hvert scenario trenger sin egen", order=scenario.order, file=other.path.name),
                )
            )
    return problems


def load_scenarios(folder: Path, catalog: Catalog = GP_SERVICES) -> dict[str, Scenario]:
    """Every ``*.yaml`` in ``folder`` in the trainer's order; all problems reported together."""
    scenarios: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            scenario = parse_scenario(path, catalog=catalog)
        except ScenarioError as exc:
            problems += exc.problems
        else:
            scenarios[scenario.id] = scenario
    problems += order_problems(scenarios.values())
    if problems:
        raise ScenarioError(problems)
    return dict(sorted(scenarios.items(), key=lambda item: (item[1].order, item[0])))


class ScenarioLibrary(FolderLibrary[Scenario]):
    """The scenarios of one folder, read again when a file there changes
    (see ``FolderLibrary``): a trainer edits a file and reloads the page."""

    def __init__(self, folder: Path, catalog: Catalog = GP_SERVICES, interval: float = 1.0):
        self.catalog = catalog
        super().__init__(require_folder(folder), lambda found: load_scenarios(found, self.catalog), interval)

    @property
    def scenarios(self) -> dict[str, Scenario]:
        return self.items


def json_schema(catalog: Catalog = GP_SERVICES) -> str:
    """A JSON Schema of the scenario format, for editors' completion and checks."""
    schema = translated_schema(scenario_model(catalog).model_json_schema(by_alias=True))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Helsenorge-simulator: scenario"
    return json.dumps(schema, ensure_ascii=False, indent=2)


# A new browser's scenario when none is chosen and the folder has it.
STANDARD_DEFAULT = "alle-tjenester-pa"


def require_folder(folder: Path) -> Path:
    """The scenarios folder, or a one-line error naming it as missing."""
    if not Path(folder).is_dir():
        raise ValueError(_("Scenariomappen %(folder)s finnes ikke.", folder=folder))
    return Path(folder)


def default_scenario(scenarios: dict[str, Scenario], folder: Path, chosen: str | None = None) -> str:
    """The scenario a new browser starts in: the one chosen (an error if the
    folder lacks it: a typo should not pass unnoticed), else ``alle-tjenester-pa``
    where the folder has it, else the folder's first (as listed on /_sim/)."""
    if not scenarios:
        raise ValueError(_("Scenariomappen %(folder)s har ingen scenariofiler (*.yaml).", folder=folder))
    if chosen:
        if chosen not in scenarios:
            raise ValueError(_("Standardscenarioet «%(id)s» finnes ikke i %(folder)s. Gyldige: %(ids)s", id=chosen, folder=folder, ids=", ".join(scenarios)))
        return chosen
    return STANDARD_DEFAULT if STANDARD_DEFAULT in scenarios else next(iter(scenarios))


def default_folder() -> Path:
    """The repository's scenarios/ in a checkout, else the copy inside the wheel."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "scenarios"
    return checkout if checkout.is_dir() else here / "bundled_scenarios"
