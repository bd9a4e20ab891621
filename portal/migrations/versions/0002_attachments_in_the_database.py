"""Attachments' bytes move into the database, so every instance reaches them.

Until now each file lay in the instance folder (``attachments/<stored_name>``),
which a second instance cannot see. The bytes move into ``attachment_chunk``
in 1 MiB chunks (see portal/messages/filestore.py); the files themselves are
left where they were, no longer read, for the operator to remove. A file that
was already missing stays missing: its download answers 404.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHUNK_BYTES = 1024 * 1024


def upgrade() -> None:
    op.create_table(
        "attachment_chunk",
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["stored_name"], ["message_attachment.stored_name"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("stored_name", "seq"),
    )
    instance: Path | None = context.config.attributes.get("instance_path")
    if instance is None:
        return
    folder = Path(instance) / "attachments"
    connection = op.get_bind()
    attachments = sa.table("message_attachment", sa.column("stored_name", sa.String))
    chunks = sa.table("attachment_chunk", sa.column("stored_name", sa.String), sa.column("seq", sa.Integer), sa.column("data", sa.LargeBinary))
    for stored_name in connection.scalars(sa.select(attachments.c.stored_name)).all():
        path = folder / stored_name
        if not path.is_file():
            continue
        with path.open("rb") as file:
            for seq, block in enumerate(iter(lambda: file.read(CHUNK_BYTES), b"")):
                connection.execute(chunks.insert().values(stored_name=stored_name, seq=seq, data=block))


def downgrade() -> None:
    op.drop_table("attachment_chunk")
