"""The free slots the office added for its practitioners, per sandbox.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "booking_added_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.String(length=43), nullable=False),
        sa.Column("practitioner_id", sa.String(length=100), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["sandbox_id"], ["sandbox.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sandbox_id", "practitioner_id", "start", name="uq_booking_added_slot"),
    )
    op.create_index("ix_booking_added_slot_sandbox_id", "booking_added_slot", ["sandbox_id"])


def downgrade() -> None:
    op.drop_index("ix_booking_added_slot_sandbox_id", table_name="booking_added_slot")
    op.drop_table("booking_added_slot")
