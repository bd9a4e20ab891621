"""Where attachments' bytes are kept: in the database, in chunks.

Every instance of the simulator reaches the database, so a file uploaded
through one is downloaded through another, and there is no folder to share,
back up or clean. Chunks of 1 MiB keep a 20 MB file from being held in memory
whole, on the way in or out.

The store is two functions: ``put`` a file's bytes under its key (the
attachment's ``stored_name``), ``open`` them again as a file to read. A
file's chunks go with its attachment's row (their foreign key cascades), so
a reset, an expiry or a crash leaves nothing behind. An object store could
stand behind the same two functions later.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .. import db
from .models import AttachmentChunk

CHUNK_BYTES = 1024 * 1024


def put(session: Session, key: str, stream: BinaryIO) -> None:
    """Store ``stream``'s bytes under ``key``, a chunk at a time (no commit).
    The attachment's row must be in the session already (flushed)."""
    for seq, block in enumerate(iter(lambda: stream.read(CHUNK_BYTES), b"")):
        session.execute(insert(AttachmentChunk).values(stored_name=key, seq=seq, data=block))


def open(key: str) -> BinaryIO | None:
    """The bytes stored under ``key`` as a file to read, or None if there are none."""
    engine = db.engine()
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).where(AttachmentChunk.stored_name == key))
    return io.BufferedReader(_ChunkReader(engine, key, count)) if count else None


class _ChunkReader(io.RawIOBase):
    """Reads a stored file chunk by chunk, each in a short query of its own:
    a download holds one chunk in memory and no connection between chunks,
    so it may outlive the request that began it (a response is read after
    the view has returned)."""

    def __init__(self, engine: Engine, key: str, count: int):
        self._engine, self._key, self._count = engine, key, count
        self._seq = 0
        self._chunk = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self._chunk:
            if self._seq == self._count:
                return 0
            with self._engine.connect() as connection:
                data = connection.scalar(
                    select(AttachmentChunk.data).where(AttachmentChunk.stored_name == self._key, AttachmentChunk.seq == self._seq)
                )
            if data is None:  # deleted meanwhile (a reset): the download ends short
                return 0
            self._chunk, self._seq = memoryview(data), self._seq + 1
        size = min(len(buffer), len(self._chunk))
        buffer[:size] = self._chunk[:size]
        self._chunk = self._chunk[size:]
        return size
