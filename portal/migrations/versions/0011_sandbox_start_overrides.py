"""A sandbox keeps the overrides it started with, for a reset to return to.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sandbox") as batch_op:
        batch_op.add_column(sa.Column("start_overrides", sa.JSON(), server_default="{}", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("sandbox") as batch_op:
        batch_op.drop_column("start_overrides")
