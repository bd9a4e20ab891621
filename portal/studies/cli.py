"""``portal studies``: list, validate and describe study files; export a study's results."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..scenarios import ScenarioError, default_folder as default_scenarios_folder, load_scenarios
from .study import StudyError, default_folder, json_schema, load_studies, parse_study, require_folder


def _folder(variable: str, default: Path, require) -> Path:
    from ..cli import Failure

    try:
        return require(Path(os.environ.get(variable, default)))
    except ValueError as exc:
        raise Failure(str(exc)) from None


def _scenarios() -> dict:
    """The scenarios study files are checked against: those of PORTAL_SCENARIOS, like ``portal serve``."""
    from ..cli import Failure
    from ..scenarios import require_folder as require_scenarios

    try:
        return load_scenarios(_folder("PORTAL_SCENARIOS", default_scenarios_folder(), require_scenarios))
    except ScenarioError as exc:
        raise Failure(f"Scenariofilene har feil:\n{exc}") from None


def _studies_folder() -> Path:
    return _folder("PORTAL_STUDIES", default_folder(), require_folder)


@click.group()
def studies() -> None:
    """UX-studier: oppgaver med suksesskriterier, og resultatene deres."""


@studies.command("list")
def list_studies() -> None:
    """Studiene i mappen, med id, tittel og scenario."""
    from ..cli import Failure

    try:
        found = load_studies(_studies_folder(), _scenarios())
    except StudyError as exc:
        raise Failure(str(exc)) from None
    for study in found.values():
        click.echo(f"{study.id}\t{study.title}\t{study.scenario}")


@studies.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Sjekk studiefiler (alle i mappen hvis ingen er nevnt) mot scenarioene. Én linje per feil."""
    paths = files or tuple(sorted(_studies_folder().glob("*.yaml")))
    scenarios = _scenarios()
    failed = False
    for path in paths:
        try:
            parse_study(path, scenarios)
        except StudyError as exc:
            failed = True
            for problem in exc.problems:
                click.echo(str(problem), err=True)
    if failed:
        sys.exit(1)
    click.echo(f"{len(paths)} studiefil(er) er gyldige.")


@studies.command()
def schema() -> None:
    """Skriv ut JSON Schema for studiefiler (for editorer)."""
    click.echo(json_schema())


@studies.command()
@click.argument("study_id")
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help="Mappe for filene.")
def export(study_id: str, folder: Path) -> None:
    """Skriv en studies resultater: tabellen (én rad per deltaker og oppgave) som CSV og JSON, og diagrammene som SVG og PNG."""
    from ..cli import Failure, app_for_command
    from ..migrations import verify
    from . import charts, export as files, live

    app = app_for_command()
    verify(app.config["DATABASE_URL"])  # reachable, and its schema this version's
    with app.app_context():
        study = live.studies().get(study_id)
        if study is None:
            raise Failure(f"Ukjent studie: {study_id}. Gyldige: {', '.join(live.studies()) or '(ingen)'}")
        table, summaries = live.results_of(study)
        folder.mkdir(parents=True, exist_ok=True)
        written = [folder / f"{study.id}.csv", folder / f"{study.id}.json"]
        written[0].write_text(files.to_csv(study, table), encoding="utf-8")
        written[1].write_text(files.to_json(study, table), encoding="utf-8")
        for name in charts.names(summaries):
            for fmt in charts.FORMATS:
                path = folder / f"{study.id}-{name}.{fmt}"
                path.write_bytes(charts.chart(name, fmt, study, summaries)[0])
                written.append(path)
    participants = len({row.participant for row in table})
    click.echo(f"{participants} deltaker(e), {len(study.tasks)} oppgave(r): {', '.join(str(p) for p in written[:2])} og {len(written) - 2} diagramfiler")
