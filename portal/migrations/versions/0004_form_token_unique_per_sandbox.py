"""A form token is unique within its sandbox, not across all sandboxes.

The browser sends the token; one that another sandbox has used (a test suite
that fixes its tokens) made sending, replying and saving a draft fail.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("thread_message", "message_draft")
# SQLite keeps release 0.1.0's unique constraints unnamed: batch mode names them so.
_SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _token_only(table: str) -> str:
    """The name of the old constraint on ``form_token`` alone (PostgreSQL's own name for it)."""
    return f"uq_{table}_form_token" if op.get_bind().dialect.name == "sqlite" else f"{table}_form_token_key"


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, naming_convention=_SQLITE_NAMES) as batch:
            batch.drop_constraint(_token_only(table), type_="unique")
            batch.create_unique_constraint(f"uq_{table}_sandbox_form_token", ["sandbox_id", "form_token"])


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, naming_convention=_SQLITE_NAMES) as batch:
            batch.drop_constraint(f"uq_{table}_sandbox_form_token", type_="unique")
            batch.create_unique_constraint(_token_only(table), ["form_token"])
