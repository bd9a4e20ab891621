"""Database tables. A scenario is read-only seed data held in memory; a
sandbox row stores only what one browser changed since it started."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Sandbox(Base):
    __tablename__ = "sandbox"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(100))
    # What changed since the start: the office's settings (their shape is
    # OfficeSettings' in services/catalog.py), only where they differ.
    overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now())
