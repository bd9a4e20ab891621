"""The live demo room: a short code that lets participants follow a trainer's sandbox."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base


class DemoRoom(Base):
    __tablename__ = "demo_room"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    # Not an owner_column: a reset clears what a sandbox made, but the room's
    # code must outlive it so participants can keep joining. Deleting the
    # sandbox itself still removes the room.
    trainer_sandbox_id: Mapped[str] = mapped_column(ForeignKey("sandbox.id", ondelete="CASCADE"), index=True, unique=True)

    @property
    def display_code(self) -> str:
        """The code in groups of four, to read out and type: «ABCD EFGH»."""
        return " ".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
