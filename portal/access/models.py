"""The wrong passwords and join codes of the last minutes, per client address."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base, UTCDateTime


class FailedAttempt(Base):
    """One wrong password or join code. Rows older than the longest window are
    deleted as new ones come, so the table holds at most the attempts that
    still count (portal/access/attempts.py)."""

    __tablename__ = "access_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The client's address (an IPv6 address's /64 network); see attempts.client_key.
    client: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)

    __table_args__ = (Index("ix_access_failure_client_kind_at", "client", "kind", "at"),)
