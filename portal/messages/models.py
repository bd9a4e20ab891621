"""What a sandbox wrote or received: threads, messages, drafts, attachments.

Threads seeded by the scenario are not copied: they are addressed as
``s<n>`` (the n-th thread of the scenario's ``inbox``), and only what changed
(read or not, closed, new messages) is stored. Threads the user starts are rows
addressed as ``m<id>``.

Their times are the simulator's clock (``SandboxView.now``): the scenario's day at
Oslo's time of day, stored without a zone.

A *form token* names one filling-in of a form. Attachments uploaded while
writing belong to the token; sending stores the message under the same token,
and the unique constraint makes a second send of the same form a no-op. The
token is the browser's to send, so it is unique within its sandbox only: a
token another sandbox used (a test suite that fixes one) is no conflict.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base, UTCDateTime
from ..sandbox import owner_column


class MessageThread(Base):
    __tablename__ = "message_thread"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sandbox_id: Mapped[str] = owner_column()
    service_id: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    @property
    def key(self) -> str:
        return f"m{self.id}"


class ThreadMessage(Base):
    __tablename__ = "thread_message"
    __table_args__ = (UniqueConstraint("sandbox_id", "form_token", name="uq_thread_message_sandbox_form_token"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sandbox_id: Mapped[str] = owner_column()
    thread_key: Mapped[str] = mapped_column(String(20))
    sender: Mapped[str] = mapped_column(String(10))  # "patient" or "office"
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime)
    form_token: Mapped[str | None] = mapped_column(String(64))
    # Forny resept: the prescriptions the patient chose, as they were then
    # ([{"name": "Levaxin", "strength": "75 mikrog tabletter"}, …]).
    prescriptions: Mapped[list | None] = mapped_column(JSON)


class ThreadState(Base):
    """What changed about a thread since the seed: read or not, closed."""

    __tablename__ = "thread_state"
    __table_args__ = (UniqueConstraint("sandbox_id", "thread_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sandbox_id: Mapped[str] = owner_column()
    thread_key: Mapped[str] = mapped_column(String(20))
    read: Mapped[bool | None] = mapped_column(Boolean)
    closed_code: Mapped[int | None] = mapped_column(Integer)


class Draft(Base):
    __tablename__ = "message_draft"
    __table_args__ = (UniqueConstraint("sandbox_id", "form_token", name="uq_message_draft_sandbox_form_token"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sandbox_id: Mapped[str] = owner_column()
    form_token: Mapped[str] = mapped_column(String(64))
    service_id: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # Forny resept: the ticks, as the form's values ("1", "3": the scenario's prescriptions by place).
    prescriptions: Mapped[list | None] = mapped_column(JSON)


class Attachment(Base):
    __tablename__ = "message_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sandbox_id: Mapped[str] = owner_column()
    form_token: Mapped[str] = mapped_column(String(64), index=True)
    # Set when the message is sent; until then the file belongs to the form.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("thread_message.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))  # the user's file name, display text only
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    # Unsent uploads (no message, no draft) expire some time after this (expiry.py).
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, server_default=func.now(), index=True)


class AttachmentChunk(Base):
    """An attachment's bytes, in order (see filestore.py); they go with its row."""

    __tablename__ = "attachment_chunk"

    stored_name: Mapped[str] = mapped_column(String(64), ForeignKey("message_attachment.stored_name", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
