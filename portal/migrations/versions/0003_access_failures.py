"""Wrong passwords and join codes per client address, for the rate limits.

One small table that every worker and instance shares; rows older than the
longest window are deleted as new ones come (portal/access/attempts.py).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("access_failure") as batch_op:
        batch_op.create_index("ix_access_failure_at", ["at"], unique=False)
        batch_op.create_index("ix_access_failure_client_kind_at", ["client", "kind", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("access_failure")
