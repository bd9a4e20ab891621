"""The ``portal`` command: serve the simulator and work with scenario files.

It speaks the default language (``PORTAL_LANG``: nb, nn or en; bokmål unless set).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask

from . import files
from .db import DatabaseUnavailable
from .i18n import LANGUAGES, _, default_language, ngettext
from .scenarios import ScenarioError, default_folder, json_schema, load_scenarios, order_problems, parse_scenario, require_folder
from .server import default_settings
from .studies.study import StudyError


def _scenarios_folder() -> Path:
    try:
        return require_folder(Path(os.environ.get("PORTAL_SCENARIOS", default_folder())))
    except ValueError as exc:
        raise Failure(str(exc)) from None


class Failure(click.ClickException):
    """One Norwegian line (or a few, for scenario files) and exit status 1, no traceback."""

    def show(self, file=None) -> None:
        click.echo(_("Feil: %(message)s", message=self.format_message()), err=True)


class _Main(click.Group):
    def invoke(self, ctx: click.Context):
        # A database that cannot be used, a language we do not have, a file or
        # folder the system refuses (read-only, a full disk, no access): one line,
        # whichever command meets it.
        try:
            default_language()
            return super().invoke(ctx)
        except (DatabaseUnavailable, ValueError) as exc:
            raise Failure(str(exc)) from None
        except OSError as exc:
            raise Failure(_("Kan ikke bruke %(file)s: %(reason)s.", file=exc.filename or _("en fil"), reason=files.reason(exc))) from None


def app_for_command(config: dict | None = None) -> Flask:
    """The app as a command needs it, or one line saying why it cannot start."""
    from . import create_app

    try:
        return create_app(config)
    except ScenarioError as exc:
        raise Failure(_("Scenariofilene har feil, starter ikke:\n%(problems)s", problems=exc)) from None
    except StudyError as exc:
        raise Failure(_("Studiefilene har feil, starter ikke:\n%(problems)s", problems=exc)) from None
    except ValueError as exc:
        raise Failure(str(exc)) from None


# Help texts are in the command's language, which the environment gives before any of them is read.
@click.group(cls=_Main, help=_("Helsenorge-simulatoren: innbyggersiden for fastlegetjenester."))
def main() -> None:
    pass


@main.command(help=_("Start simulatoren med en produksjonsserver (granian)."))
@click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default=_("127.0.0.1 eller $HOST"))
@click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", "5000")), show_default=_("5000 eller $PORT"))
@click.option("--scenario", "scenario_id", help=_("Standardscenario for nye nettlesere (alle-tjenester-pa, ellers mappens første)."))
@click.option("--scenarios", "scenarios_dir", type=click.Path(file_okay=False, path_type=Path), help=_("Mappe med egne scenariofiler."))
@click.option(
    "--workers", type=click.IntRange(1), default=lambda: default_settings().workers, show_default=_("antall kjerner eller $PORTAL_WORKERS")
)
@click.option(
    "--threads",
    type=click.IntRange(1),
    default=lambda: default_settings().threads,
    show_default=_("256 eller $PORTAL_THREADS"),
    help=_("Tråder per prosess: forespørsler som kjøres i appen eller venter på innholdet sitt."),
)
@click.option(
    "--header-timeout",
    type=click.FloatRange(0.001, 60),
    default=lambda: default_settings().header_timeout,
    show_default=_("10 eller $PORTAL_HEADER_TIMEOUT"),
    help=_("Sekunder en klient har på å sende hodene i en forespørsel."),
)
@click.option(
    "--public",
    is_flag=True,
    default=lambda: os.environ.get("PORTAL_ALLOW_OPEN") == "1",
    show_default=_("av, på med PORTAL_ALLOW_OPEN=1"),
    help=_("Start uten passord (PORTAL_PASSWORD) også på en adresse andre kan nå."),
)
@click.option(
    "--upgrade/--no-upgrade",
    default=lambda: os.environ.get("PORTAL_DB_UPGRADE", "1") != "0",
    show_default=_("på, av med PORTAL_DB_UPGRADE=0"),
    help=_("Oppdater databaseskjemaet før serveren starter (uten: bare sjekk at det er oppdatert)."),
)
def serve(
    host: str,
    port: int,
    scenario_id: str | None,
    scenarios_dir: Path | None,
    workers: int,
    threads: int,
    header_timeout: float,
    public: bool,
    upgrade: bool,
) -> None:
    from . import db
    from .migrations.cli import at_start
    from .server import ServerSettings, run

    config = {}
    if scenario_id:
        config["DEFAULT_SCENARIO"] = scenario_id
    if scenarios_dir:
        config["SCENARIOS_DIR"] = scenarios_dir
    # Built once here to check the scenarios and bring the database up to date
    # before any worker starts; each worker then builds its own.
    app = app_for_command(config)
    _never_silently_open(app, host, port, public)
    click.echo(at_start(app, upgrade))
    with app.app_context():
        db.engine().dispose()

    click.echo(_("Helsenorge-simulatoren: %(url)s  (kontrollpanel: %(url)s_sim/)", url=f"http://{host}:{port}/"))
    run(config, ServerSettings(host=host, port=port, workers=workers, threads=threads, header_timeout=header_timeout))


def _never_silently_open(app: Flask, host: str, port: int, public: bool) -> None:
    """Without a password, refuse an address others can reach unless told
    ``--public``, and say so whenever strangers could reach the simulator."""
    from .server import is_loopback

    if app.config["PASSWORD"]:
        return
    if not is_loopback(host):
        where = f"{host}:{port}"
        if not public:
            raise Failure(
                _(
                    "Uten passord kan alle som når %(where)s, bruke simulatoren. Sett PORTAL_PASSWORD, "
                    "eller start med --public (PORTAL_ALLOW_OPEN=1) hvis den skal være åpen for alle.",
                    where=where,
                )
            )
        click.echo(_("Advarsel: simulatoren har ikke passord, og alle som når %(where)s, kan bruke den (--public).", where=where), err=True)
    elif app.config["PROXY_HOPS"]:
        # On loopback behind a proxy: whoever reaches the proxy reaches the simulator.
        click.echo(_("Advarsel: simulatoren har ikke passord, og alle som når proxyen foran den (PORTAL_PROXY_HOPS), kan bruke den."), err=True)


@main.group(help=_("Sandkassene: slett dem ingen har brukt på lenge."))
def sandboxes() -> None:
    pass


@sandboxes.command(
    help=_(
        "Slett sandkasser ingen har brukt på en stund, med alt i dem (meldinger, vedlegg, timer, demorom, brukerlogg), "
        "og vedlegg som aldri ble sendt ($PORTAL_UPLOAD_MAX_AGE, 24h)."
    )
)
@click.option(
    "--older-than",
    metavar=_("ALDER"),
    help=_("Slett sandkasser som ikke er brukt på så lenge, f.eks. 7d eller 12h.  [standard: 30d eller $PORTAL_SANDBOX_MAX_AGE]"),
)
def prune(older_than: str | None) -> None:
    from . import expiry
    from .config import parse_age
    from .migrations import verify

    app = app_for_command()
    verify(app.config["DATABASE_URL"])  # reachable, and its schema this version's
    sandbox_age, upload_age = app.config["SANDBOX_MAX_AGE"], app.config["UPLOAD_MAX_AGE"]
    if older_than is not None:
        try:
            sandbox_age = parse_age(older_than, "--older-than")
        except ValueError as exc:
            raise Failure(str(exc)) from None
    with app.app_context():
        for line in expiry.prune(sandbox_age, upload_age).report(sandbox_age, upload_age):
            click.echo(line)


@main.group(help=_("Vis, valider og beskriv scenariofiler."))
def scenarios() -> None:
    pass


@scenarios.command("list", help=_("Scenarioene i mappen, med id og tittel."))
def list_scenarios() -> None:
    try:
        found = load_scenarios(_scenarios_folder())
    except ScenarioError as exc:
        raise Failure(str(exc)) from None
    for scenario in found.values():
        click.echo(f"{scenario.id}\t{scenario.title}")


@scenarios.command(help=_("Sjekk scenariofiler (alle i mappen hvis ingen er nevnt). Én linje per feil."))
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    paths = files or tuple(sorted(_scenarios_folder().glob("*.yaml")))
    problems, parsed = [], []
    for path in paths:
        try:
            parsed.append(parse_scenario(path))
        except ScenarioError as exc:
            problems += exc.problems
    problems += order_problems(parsed)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(1)
    click.echo(ngettext("%(num)s scenariofil er gyldig.", "%(num)s scenariofiler er gyldige.", len(paths)))


@scenarios.command(help=_("Skriv ut JSON Schema for scenariofiler (for editorer)."))
def schema() -> None:
    click.echo(json_schema())



@main.command(help=_("Ta skjermbilder av hvert scenarios viktigste sider i Chromium, med en oversikt i index.html."))
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("skjermbilder"), show_default=True, help=_("Mappe for PNG-ene og index.html.")
)
@click.option("--scenario", "scenario_ids", multiple=True, help=_("Bare dette scenarioet (kan gjentas). Standard: alle."))
@click.option("--width", "widths", type=click.IntRange(200, 4000), multiple=True, help=_("Bredde i piksler (kan gjentas). Standard: 375 og 1280."))
@click.option("--scenarios", "scenarios_dir", type=click.Path(file_okay=False, path_type=Path), help=_("Mappe med egne scenariofiler."))
@click.option("--compare", is_flag=True, help=_("Begynn oversikten med sider side om side med designsystemets komponenter (docs/designsystem)."))
@click.option(
    "--lang",
    type=click.Choice(list(LANGUAGES)),
    default=lambda: default_language(),
    show_default=_("nb, eller $PORTAL_LANG"),
    help=_("Sidenes og oversiktens språk."),
)
def screenshots(out: Path, scenario_ids: tuple[str, ...], widths: tuple[int, ...], scenarios_dir: Path | None, compare: bool, lang: str) -> None:
    from . import create_app
    from .gallery import DEFAULT_WIDTHS, make_gallery

    if scenarios_dir:
        os.environ["PORTAL_SCENARIOS"] = str(scenarios_dir)
    try:
        import playwright  # noqa: F401
    except ImportError:
        raise Failure(_("Skjermbilder trenger Playwright: pip install 'helsenorge-portal-sim[test]'")) from None
    try:
        # Only to read scenarios and routes: a database in memory, no secret key file.
        app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "screenshots"})
    except (ScenarioError, StudyError, ValueError) as exc:
        raise Failure(str(exc)) from None
    known = app.extensions["portal.scenario_library"].scenarios
    unknown = [sid for sid in scenario_ids if sid not in known]
    if unknown:
        raise Failure(_("Ukjent scenario: %(unknown)s. Gyldige: %(known)s", unknown=", ".join(unknown), known=", ".join(known)))
    index = make_gallery(app, out, scenario_ids, widths or DEFAULT_WIDTHS, progress=click.echo, compare=compare, lang=lang)
    click.echo(_("Ferdig: %(index)s", index=index))


# Commands of other areas, in their own packages.
from .migrations.cli import database  # noqa: E402
from .sessionlog.cli import sessions  # noqa: E402
from .studies.cli import studies  # noqa: E402

main.add_command(database)
main.add_command(sessions)
main.add_command(studies)
