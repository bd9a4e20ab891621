"""Forny resept: the prescriptions a message asks to renew, and a draft's ticks.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("thread_message") as batch:
        batch.add_column(sa.Column("prescriptions", sa.JSON(), nullable=True))
    with op.batch_alter_table("message_draft") as batch:
        batch.add_column(sa.Column("prescriptions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("message_draft") as batch:
        batch.drop_column("prescriptions")
    with op.batch_alter_table("thread_message") as batch:
        batch.drop_column("prescriptions")
