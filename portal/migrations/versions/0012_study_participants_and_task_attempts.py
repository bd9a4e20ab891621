"""UX studies: each participant's session and their attempt at each task.

Results outlive the sandbox they were made in: ``sandbox`` is a plain column,
no foreign key (see portal/studies/models.py).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "study_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.String(length=100), nullable=False),
        sa.Column("sandbox", sa.String(length=43), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_study_participant_study_id", "study_participant", ["study_id"])
    op.create_index("ix_study_participant_sandbox", "study_participant", ["sandbox"])

    op.create_table(
        "study_task_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("ended_by", sa.String(length=20), nullable=True),
        sa.Column("start_page", sa.String(length=500), nullable=False),
        sa.Column("baseline", sa.JSON(), nullable=False),
        sa.Column("pages", sa.JSON(), nullable=False),
        sa.Column("form_errors", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["study_participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "position"),
    )
    op.create_index("ix_study_task_attempt_participant_id", "study_task_attempt", ["participant_id"])


def downgrade() -> None:
    op.drop_table("study_task_attempt")
    op.drop_table("study_participant")
