"""Study files: one YAML file per UX study, its file stem is its id.

A study names the scenario it runs on and lists its tasks in order: the text
the participant reads, an optional time limit and the success criterion
(``criteria.py``). Files are read like scenario files (``portal/yamlfile.py``):
every problem is one line with file, line and field, in Norwegian (or the
language of the page or command that shows it), including
names that must exist in the scenario (its id, its practitioners) or in the
catalogue (a message service).

A task's text, which the participant reads, is one text for every language or
one per language (``i18n.local_text``), like a scenario's texts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..booking.slots import practitioners
from ..i18n import N_, _, _l, local_text, translated_schema
from ..scenarios import Scenario
from ..services.catalog import GP_SERVICES, Catalog
from ..yamlfile import FileProblems, FolderLibrary, read_model
from .criteria import Criterion

TASK_TEXT_MAX = 600
TASKS_MAX = 20
TIME_LIMIT_MAX = 180  # minutes


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Task(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40, description=N_("Kort navn i resultatene, f.eks. «videotime»."))
    text: local_text(TASK_TEXT_MAX, min_length=1) = Field(description=N_("Oppgaven slik deltakeren leser den, som tekst eller per språk (nb, nn, en)."))
    time_limit: int | None = Field(None, ge=1, le=TIME_LIMIT_MAX, description=N_("Tidsgrense i minutter (valgfri)."))
    finish: Literal["auto", "participant"] = Field(
        "auto",
        description=N_("auto: oppgaven avsluttes av seg selv når kriteriet er oppfylt; participant: bare når deltakeren sier «Jeg er ferdig»."),
    )
    success: Criterion = Field(description=N_("Når oppgaven er løst."))


class StudyModel(_Strict):
    title: local_text(200, min_length=1) = Field(description=N_("Tittel for testlederen."))
    description: local_text() = Field("", validate_default=True, description=N_("Hva studien undersøker."))
    scenario: str = Field(min_length=1, description=N_("Scenarioet deltakeren møter, f.eks. fravaer."))
    tasks: list[Task] = Field(min_length=1, max_length=TASKS_MAX, description=N_("Oppgavene, i rekkefølge."))

    @field_validator("tasks")
    @classmethod
    def _one_each(cls, tasks: list[Task]) -> list[Task]:
        ids = [task.id for task in tasks]
        if len(set(ids)) != len(ids):
            raise ValueError(_l("hver oppgave må ha sin egen id"))
        return tasks


@dataclass(frozen=True)
class Study:
    id: str
    path: Path
    model: StudyModel

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def task(self, position: int) -> Task | None:
        return self.tasks[position] if 0 <= position < len(self.tasks) else None


class StudyError(FileProblems):
    """One or more problems in one or more study files."""


def _references(study: StudyModel, scenarios: dict[str, Scenario], catalog: Catalog) -> Iterator[tuple[tuple, str]]:
    """What a study names that must exist elsewhere: its scenario, the scenario's
    practitioners, the catalogue's message services."""
    scenario = scenarios.get(study.scenario)
    if scenario is None:
        yield ("scenario",), _l("«%(name)s» er ikke et scenario. Gyldige: %(valid)s", name=study.scenario, valid=", ".join(scenarios))
        return
    known = [p.id for p in practitioners(scenario.model)]
    for i, task in enumerate(study.tasks):
        for loc, kind, value in task.success.leaves(("tasks", i, "success")):
            if getattr(value, "practitioner", None) not in (None, *known):
                yield (*loc, "practitioner"), _l(
                    "«%(name)s» er ikke en behandler i %(scenario)s. Gyldige: %(valid)s", name=value.practitioner, scenario=scenario.id, valid=", ".join(known)
                )
            if kind == "message_sent" and value.service not in (None, *catalog.inbox_ids):
                yield (*loc, "service"), _l("må være en av: %(values)s", values=", ".join(catalog.inbox_ids))


def parse_study(path: Path, scenarios: dict[str, Scenario], catalog: Catalog = GP_SERVICES, text: str | None = None) -> Study:
    """One study file, checked against ``scenarios``; StudyError naming file, line and field."""
    path = Path(path)
    try:
        model = read_model(path, StudyModel, text, check=lambda study: _references(study, scenarios, catalog))
    except FileProblems as exc:
        raise StudyError(exc.problems) from None
    return Study(id=path.stem, path=path, model=model)


def load_studies(folder: Path, scenarios: dict[str, Scenario], catalog: Catalog = GP_SERVICES, strict: bool = True) -> dict[str, Study]:
    """Every ``*.yaml`` in ``folder`` by file name; all problems reported together.

    Not ``strict``: a study whose scenario is not among ``scenarios`` is left
    out without a word (the bundled studies run on the bundled scenarios, and
    a suite with scenarios of its own did not ask for them).
    """
    studies: dict[str, Study] = {}
    problems = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            study = parse_study(path, scenarios, catalog)
        except StudyError as exc:
            if not strict and all(p.field == "scenario" for p in exc.problems):
                continue
            problems += exc.problems
        else:
            studies[study.id] = study
    if problems:
        raise StudyError(problems)
    return studies


class StudyLibrary(FolderLibrary[Study]):
    """The studies of one folder, read again when a file there changes; each is
    checked against the scenarios as they are when it is read."""

    def __init__(self, folder: Path, scenarios, catalog: Catalog = GP_SERVICES, interval: float = 1.0, strict: bool = True):
        """``scenarios`` gives the current scenarios by id (a ScenarioLibrary's ``refresh``);
        ``strict``: see ``load_studies``."""
        super().__init__(require_folder(folder), lambda found: load_studies(found, scenarios(), catalog, strict), interval)

    @property
    def studies(self) -> dict[str, Study]:
        return self.items


def json_schema() -> str:
    """A JSON Schema of the study format, for editors' completion and checks."""
    schema = translated_schema(StudyModel.model_json_schema(by_alias=True))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Helsenorge-simulator: UX-studie"
    return json.dumps(schema, ensure_ascii=False, indent=2)


def require_folder(folder: Path) -> Path:
    """The studies folder, or a one-line error naming it as missing."""
    if not Path(folder).is_dir():
        raise ValueError(_("Studiemappen %(folder)s finnes ikke.", folder=folder))
    return Path(folder)


def default_folder() -> Path:
    """The repository's studies/ in a checkout, else the copy inside the wheel."""
    here = Path(__file__).resolve().parent.parent
    checkout = here.parent / "studies"
    return checkout if checkout.is_dir() else here / "bundled_studies"
