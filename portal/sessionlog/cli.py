"""``portal sessions export``: every sandbox's log as CSV and JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import click

OSLO = ZoneInfo("Europe/Oslo")


def _since(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        since = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("bruk ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTTT:MM") from None
    return since if since.tzinfo else since.replace(tzinfo=OSLO)


@click.group()
def sessions() -> None:
    """Brukerloggene fra UX-tester."""


@sessions.command()
@click.option("--since", help="Bare hendelser fra og med dette tidspunktet (norsk tid), f.eks. 2024-03-01 eller 2024-03-01T09:30.")
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help="Mappe for sessions.csv og sessions.json.")
def export(since: str | None, folder: Path) -> None:
    """Skriv alle nettlesernes logger som CSV (én rad per hendelse) og JSON (én økt per deltaker)."""
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
        raise Failure(f"Kan ikke skrive eksporten til {exc.filename or folder}: {reason(exc)}.") from None
    events = sum(len(p.events) for p in participants)
    click.echo(f"{len(participants)} deltaker(e), {events} hendelse(r): {csv_path}, {json_path}")
