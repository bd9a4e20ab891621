"""Alembic runs this for every command: the migrations go on the connection
that ``portal.migrations`` opened, inside its lock and its transaction.

A migration that needs the instance folder (files the app keeps there) finds
it as ``context.config.attributes["instance_path"]`` (a ``Path``).

On SQLite, foreign keys are off while migrating (Alembic's batch mode copies
a table to change it, and a cascade must not fire on the way): a migration
that deletes rows deletes their dependants itself.
"""

from alembic import context

from portal.models import UTCDateTime, all_tables

if context.is_offline_mode():
    raise SystemExit("Migrations run on a database connection: portal db upgrade")


def _render_item(kind, obj, _autogen_context):
    # A migration names plain SQLAlchemy types, never the app's own: it must
    # still run when the app's code has moved on.
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=all_tables(),
    # SQLite changes a table by copying it; Alembic's batch mode does that.
    render_as_batch=connection.dialect.name == "sqlite",
    render_item=_render_item,
)
with context.begin_transaction():
    context.run_migrations()
