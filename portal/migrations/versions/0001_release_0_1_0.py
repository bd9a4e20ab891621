"""The schema of release 0.1.0, as its create_all made it.

A database made by 0.1.0 has these tables and no alembic_version: it is
recognised and stamped with this revision instead of running it.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _sandbox_fk(column: str = "sandbox_id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["sandbox.id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "sandbox",
        sa.Column("id", sa.String(length=43), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )

    op.create_table(
        "booking_appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.String(length=43), nullable=False),
        sa.Column("practitioner_id", sa.String(length=100), nullable=False),
        sa.Column("practitioner_name", sa.String(length=200), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        _sandbox_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_booking_appointment_sandbox_id", "booking_appointment", ["sandbox_id"])
    op.create_index(
        "uq_booking_slot",
        "booking_appointment",
        ["sandbox_id", "practitioner_id", "start"],
        unique=True,
        sqlite_where=sa.text("cancelled_at IS NULL"),
        postgresql_where=sa.text("cancelled_at IS NULL"),
    )

    op.create_table(
        "booking_wish",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.String(length=43), nullable=False),
        sa.Column("practitioner_id", sa.String(length=100), nullable=False),
        sa.Column("practitioner_name", sa.String(length=200), nullable=False),
        sa.Column("preferred", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        _sandbox_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_booking_wish_sandbox_id", "booking_wish", ["sandbox_id"])

    op.create_table(
        "booking_wish_answer",
        sa.Column("wish_id", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.String(length=43), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["appointment_id"], ["booking_appointment.id"], ondelete="SET NULL"),
        _sandbox_fk(),
        sa.ForeignKeyConstraint(["wish_id"], ["booking_wish.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("wish_id"),
    )
    op.create_index("ix_booking_wish_answer_sandbox_id", "booking_wish_answer", ["sandbox_id"])

    op.create_table(
        "demo_room",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("trainer_sandbox_id", sa.String(length=43), nullable=False),
        _sandbox_fk("trainer_sandbox_id"),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_demo_room_trainer_sandbox_id", "demo_room", ["trainer_sandbox_id"], unique=True)

    op.create_table(
        "message_thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.String(length=43), nullable=False),
        sa.Column("service_id", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _sandbox_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_message_thread_sandbox_id", "message_thread", ["sandbox_id"])

    op.create_table(
        "thread_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.String(length=43), nullable=False),
        sa.Column("thread_key", sa.String(length=20), nullable=False),
        sa.Column("sender", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("form_token", sa.String(length=64), nullable=True),
        _sandbox_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("form_token"),
    )
    op.create_index("ix_thread_message_sandbox_id", "thread_message", ["sandbox_id"])

    op.create_table(
        "thread_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.String(length=43), nullable=False),
        sa.Column("thread_key", sa.String(length=20), nullable=False),
        sa.Column("read", sa.Boolean(), nullable=True),
        sa.Column("closed_code", sa.Integer(), nullable=True),
        _sandbox_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sandbox_id", "thread_key"),
    )
    op.create_index("ix_thread_state_sandbox_id", "thread_state", ["sandbox_id"])

    op.create_table(
        "message_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.String(length=43), nullable=False),
        sa.Column("form_token", sa.String(length=64), nullable=False),
        sa.Column("service_id", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        _sandbox_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("form_token"),
    )
    op.create_index("ix_message_draft_sandbox_id", "message_draft", ["sandbox_id"])

    op.create_table(
        "message_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.String(length=43), nullable=False),
        sa.Column("form_token", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["thread_message.id"], ondelete="CASCADE"),
        _sandbox_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stored_name"),
    )
    op.create_index("ix_message_attachment_form_token", "message_attachment", ["form_token"])
    op.create_index("ix_message_attachment_sandbox_id", "message_attachment", ["sandbox_id"])

    op.create_table(
        "session_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sandbox", sa.String(length=43), nullable=False),
        sa.Column("run", sa.Integer(), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _sandbox_fk("sandbox"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_session_event_sandbox_run", "session_event", ["sandbox", "run"])


def downgrade() -> None:
    for table in (
        "session_event",
        "message_attachment",
        "message_draft",
        "thread_state",
        "thread_message",
        "message_thread",
        "demo_room",
        "booking_wish_answer",
        "booking_wish",
        "booking_appointment",
        "sandbox",
    ):
        op.drop_table(table)
