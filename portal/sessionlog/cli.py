"""``portal sessions export``: every sandbox's log as CSV and JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from ..i18n import _, ngettext

OSLO = ZoneInfo("Europe/Oslo")


def _since(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        since = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("bruk ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTTT:MM")) from None
    return since if since.tzinfo else since.replace(tzinfo=OSLO)


@click.group(help=_("Brukerloggene fra UX-tester."))
def sessions() -> None:
    pass


@sessions.command(help=_("Skriv alle nettlesernes logger som CSV (én rad per hendelse) og JSON (én økt per deltaker)."))
@click.option("--since", help=_("Bare hendelser fra og med dette tidspunktet (norsk tid), f.eks. 2024-03-01 eller 2024-03-01T09:30."))
@click.option(
    "--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help=_("Mappe for sessions.csv og sessions.json.")
)
def export(since: str | None, folder: Path) -> None:
    from ..cli import Failure, app_for_command
    from ..files import reason
    from ..migrations import verify
    from . import export as files
    from .store import load_participants

    app = app_for_command()
    verify(app.config["DATABASE_URL"])  # reachable, and its schema this version's
    with app.app_context():
        participants = load_participants(since=_since(since))
    try:
        csv_path, json_path = files.write(participants, folder)
    except OSError as exc:
        raise Failure(_("Kan ikke skrive eksporten til %(path)s: %(reason)s.", path=exc.filename or folder, reason=reason(exc))) from None
    events = sum(len(p.events) for p in participants)
    who = ngettext("%(num)s deltaker", "%(num)s deltakere", len(participants))
    what = ngettext("%(num)s hendelse", "%(num)s hendelser", events)
    click.echo(f"{who}, {what}: {csv_path}, {json_path}")
