"""The simulator's clock per sandbox: when it started (its start or last reset).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty for the sandboxes there are: their clock stands at the scenario's start time.
    with op.batch_alter_table("sandbox") as batch:
        batch.add_column(sa.Column("clock_started_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sandbox") as batch:
        batch.drop_column("clock_started_at")
