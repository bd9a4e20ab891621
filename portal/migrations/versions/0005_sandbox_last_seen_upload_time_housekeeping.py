"""Nothing kept forever: when a sandbox was last used, when a file was
uploaded, and a table that lets one worker of many run the periodic pruning.
Two foreign keys get the index they lacked, so deleting a sandbox's messages
and appointments does not read every attachment and answer for each one.

Sandboxes and attachments that exist already count as seen and uploaded at
the upgrade: nothing is deleted by it, and whatever stays unused expires the
usual time after it.

SQLite cannot add a column whose default is the current time, so there the
tables are copied (batch mode, ``recreate="always"``); PostgreSQL adds the
columns in place.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _copy_on_sqlite() -> str:
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    with op.batch_alter_table("sandbox", recreate=_copy_on_sqlite()) as batch:
        batch.add_column(sa.Column("seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False))
        batch.create_index("ix_sandbox_seen_at", ["seen_at"])
    with op.batch_alter_table("message_attachment", recreate=_copy_on_sqlite()) as batch:
        batch.add_column(sa.Column("uploaded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False))
        batch.create_index("ix_message_attachment_uploaded_at", ["uploaded_at"])
        batch.create_index("ix_message_attachment_message_id", ["message_id"])
    op.create_index("ix_booking_wish_answer_appointment_id", "booking_wish_answer", ["appointment_id"])
    op.create_table(
        "housekeeping",
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("job"),
    )


def downgrade() -> None:
    op.drop_table("housekeeping")
    op.drop_index("ix_booking_wish_answer_appointment_id", "booking_wish_answer")
    with op.batch_alter_table("message_attachment", recreate=_copy_on_sqlite()) as batch:
        batch.drop_index("ix_message_attachment_message_id")
        batch.drop_index("ix_message_attachment_uploaded_at")
        batch.drop_column("uploaded_at")
    with op.batch_alter_table("sandbox", recreate=_copy_on_sqlite()) as batch:
        batch.drop_index("ix_sandbox_seen_at")
        batch.drop_column("seen_at")
