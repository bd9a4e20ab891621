"""``portal studies``: list, validate and describe study files; export a study's results."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..i18n import _, ngettext
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
        raise Failure(_("Scenariofilene har feil:\n%(problems)s", problems=exc)) from None


def _studies_folder() -> Path:
    return _folder("PORTAL_STUDIES", default_folder(), require_folder)


@click.group(help=_("UX-studier: oppgaver med suksesskriterier, og resultatene deres."))
def studies() -> None:
    pass


@studies.command("list", help=_("Studiene i mappen, med id, tittel og scenario."))
def list_studies() -> None:
    from ..cli import Failure

    try:
        found = load_studies(_studies_folder(), _scenarios())
    except StudyError as exc:
        raise Failure(str(exc)) from None
    for study in found.values():
        click.echo(f"{study.id}\t{study.title}\t{study.scenario}")


@studies.command(help=_("Sjekk studiefiler (alle i mappen hvis ingen er nevnt) mot scenarioene. Én linje per feil."))
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
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
    click.echo(ngettext("%(num)s studiefil er gyldig.", "%(num)s studiefiler er gyldige.", len(paths)))


@studies.command(help=_("Skriv ut JSON Schema for studiefiler (for editorer)."))
def schema() -> None:
    click.echo(json_schema())


@studies.command(
    help=_("Skriv en studies resultater: tabellen (én rad per deltaker og oppgave) som CSV og JSON, og diagrammene som SVG og PNG.")
)
@click.argument("study_id")
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help=_("Mappe for filene."))
def export(study_id: str, folder: Path) -> None:
    from ..cli import Failure, app_for_command
    from ..migrations import verify
    from . import charts, export as files, live

    app = app_for_command()
    verify(app.config["DATABASE_URL"])  # reachable, and its schema this version's
    with app.app_context():
        study = live.studies().get(study_id)
        if study is None:
            raise Failure(_("Ukjent studie: %(id)s. Gyldige: %(valid)s", id=study_id, valid=", ".join(live.studies()) or _("(ingen)")))
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
    click.echo(
        _(
            "%(participants)s deltaker(e), %(tasks)s oppgave(r): %(tables)s og %(charts)s diagramfiler",
            participants=participants, tasks=len(study.tasks), tables=", ".join(str(p) for p in written[:2]), charts=len(written) - 2,
        )
    )
