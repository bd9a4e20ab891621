"""The attachment rules: at most 3 files, 20 MB together, JPG, PNG or PDF by
content, and no more than the sandbox has room for (its quota).

Plain functions, no Flask: the views turn a ``Refusal`` into Norwegian text.
The request class at the bottom keeps an over-large upload from filling the
disk or memory while still reading the whole body, so the form can be answered
with an error instead of a reset connection.
"""

from __future__ import annotations

import tempfile
import unicodedata
from dataclasses import dataclass
from enum import Enum

from babel import Locale
from babel.numbers import format_decimal
from flask import Request

MAX_FILES = 3
MAX_TOTAL_BYTES = 20 * 1024 * 1024  # "20MB": 20 MiB, the way file managers count
MAX_TOTAL_TEXT = f"{MAX_TOTAL_BYTES // (1024 * 1024)}MB"  # as the seed writes it

# Bodies up to this size are read to the end (and files beyond 20 MB thrown
# away as they arrive), so the user gets the form back with an error. Above
# it the request is refused unread.
MAX_BODY_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    content_type: str
    label: str  # what the user calls it: JPG, PNG, PDF


JPEG = Kind("image/jpeg", "JPG")
PNG = Kind("image/png", "PNG")
PDF = Kind("application/pdf", "PDF")

# The bytes each accepted format starts with.
_MAGIC = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"%PDF-", PDF),
)
SNIFF_BYTES = 8
LABELS = {kind.content_type: kind.label for _, kind in _MAGIC}


def sniff(head: bytes) -> Kind | None:
    """The accepted format ``head`` (the file's first bytes) belongs to, if any."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


class Reason(Enum):
    EMPTY = "empty"
    WRONG_TYPE = "wrong_type"
    TOO_MANY = "too_many"
    TOO_LARGE = "too_large"
    NO_ROOM = "no_room"  # the sandbox's quota for attachments is used up


@dataclass(frozen=True)
class Incoming:
    name: str
    size: int
    head: bytes


@dataclass(frozen=True)
class Refusal:
    name: str
    size: int
    reason: Reason


@dataclass(frozen=True)
class Verdict:
    accepted: list[tuple[int, Kind]]  # (index in the incoming list, its format)
    refused: list[Refusal]


def check(attached_sizes: list[int], incoming: list[Incoming], room: int | None = None) -> Verdict:
    """Which of ``incoming`` may join the files already attached, in order.

    Each file is judged on its own: a bad one is refused, the good ones
    around it are still accepted while the count, the total and ``room``
    (the bytes the sandbox may still store; None: no limit) allow.
    """
    count = len(attached_sizes)
    total = sum(attached_sizes)
    accepted: list[tuple[int, Kind]] = []
    refused: list[Refusal] = []
    for index, file in enumerate(incoming):
        kind = sniff(file.head)
        reason = None
        if file.size == 0:
            reason = Reason.EMPTY
        elif kind is None:
            reason = Reason.WRONG_TYPE
        elif count + 1 > MAX_FILES:
            reason = Reason.TOO_MANY
        elif total + file.size > MAX_TOTAL_BYTES:
            reason = Reason.TOO_LARGE
        elif room is not None and file.size > room:
            reason = Reason.NO_ROOM
        if reason:
            refused.append(Refusal(file.name, file.size, reason))
            continue
        accepted.append((index, kind))
        count += 1
        total += file.size
        if room is not None:
            room -= file.size
    return Verdict(accepted, refused)


MAX_NAME = 200  # characters of a file name kept (the column holds 255)


def display_name(filename: str | None) -> str:
    """The user's file name as it is shown and offered for download.

    No folder part; no control or invisible formatting characters (a NUL
    breaks the download header; a bidi override shows "gpj.exe" as "exe.jpg");
    runs of white space as one space; at most MAX_NAME characters, keeping the
    extension.
    """
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join("".join(c for c in name if unicodedata.category(c)[0] != "C").split())
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 10:
            name = stem[: MAX_NAME - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_NAME]
    return name or "vedlegg"


def format_size(size: int, locale: Locale | str = "nb") -> str:
    """1536 -> "1,5 kB", 20 MB -> "20,0 MB" in bokmål; "1.5 kB" in English (the locale's decimal sign)."""
    if size < 1024 * 1024:
        return f"{format_decimal(max(size / 1024, 0.1), '0.0', locale=locale)} kB"
    return f"{format_decimal(size / (1024 * 1024), '0.0', locale=locale)} MB"


def format_limit(size: int, locale: Locale | str = "nb") -> str:
    """A limit as it was set, in its largest whole unit: 100 MiB -> "100 MB"."""
    for unit, name in ((1024**3, "GB"), (1024**2, "MB"), (1024, "kB")):
        if size % unit == 0:
            return f"{size // unit} {name}"
    return format_size(size, locale)


class CappedFile(tempfile.SpooledTemporaryFile):
    """An upload's file that keeps at most ``cap`` bytes but counts them all.

    ``received`` is the file's true size; what is kept is enough to tell that
    it is too large, and to store it when it is not.
    """

    def __init__(self, cap: int):
        super().__init__(max_size=512 * 1024)
        self.cap = cap
        self.kept = 0
        self.received = 0

    def write(self, data: bytes) -> int:
        self.received += len(data)
        room = self.cap - self.kept
        if room > 0:
            chunk = data[:room]
            super().write(chunk)
            self.kept += len(chunk)
        return len(data)


class UploadRequest(Request):
    """Flask's request, with uploads read to the end but stored only up to the limit."""

    @property
    def max_content_length(self) -> int | None:
        configured = super().max_content_length
        return configured if configured is not None else MAX_BODY_BYTES

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return CappedFile(MAX_TOTAL_BYTES + 1)


def received_size(stream) -> int:
    """The true size of an uploaded file, even if only part of it was kept."""
    if isinstance(stream, CappedFile):
        return stream.received
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size
