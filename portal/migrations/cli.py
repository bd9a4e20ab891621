"""``portal db``: the database's schema."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from alembic import command

from .. import db
from ..i18n import _
from . import alembic_config, head, migration_engine, upgrade as upgrade_database, verify


def at_start(app, upgrade: bool) -> str:
    """What ``portal serve`` does before its server starts: bring the database
    up to date (or, told not to, check that it is), as one line to print."""
    url = app.config["DATABASE_URL"]
    if upgrade:
        return upgrade_database(url, Path(app.instance_path)).describe(db.safe_url(url))
    return _("Databasen %(where)s har revisjon %(revision)s.", where=db.safe_url(url), revision=verify(url))


@click.group("db", help=_("Databasen: oppdater skjemaet."))
def database() -> None:
    pass


@database.command(help=_("Oppdater databasen ($DATABASE_URL) til nyeste skjema. En database fra versjon 0.1.0 gjenkjennes."))
def upgrade() -> None:
    from ..cli import app_for_command

    click.echo(at_start(app_for_command(), upgrade=True))


@database.command(help=_("For utviklere: skriv en ny migrering i portal/migrations/versions ut fra modellenes endringer (les den over!)."))
@click.option("-m", "--message", required=True, help=_("Hva endringen gjør, f.eks. «vedlegg lagres i databasen»."))
def revision(message: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'head.sqlite3'}"
        upgrade_database(url)
        engine = migration_engine(url)
        with engine.begin() as connection:
            # Numbered in order, as 0001 is: the next one after the newest.
            scripts = command.revision(alembic_config(connection), message=message, autogenerate=True, rev_id=f"{int(head()) + 1:04d}")
        engine.dispose()
    click.echo(_("Ny migrering: %(path)s", path=scripts.path))
