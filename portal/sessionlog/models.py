"""The session log's table: one row per thing a sandbox's user did."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base, UTCDateTime


class SessionEvent(Base):
    __tablename__ = "session_event"
    __table_args__ = (Index("ix_session_event_sandbox_run", "sandbox", "run"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Not an owner_column: a reset starts a new participant, and the last
    # one's log must stay.
    sandbox: Mapped[str] = mapped_column(ForeignKey("sandbox.id", ondelete="CASCADE"))
    # The participant: 1 from the start, one more after each reset.
    run: Mapped[int] = mapped_column(Integer)
    time: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(10))  # see events.KINDS
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    status: Mapped[int] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
