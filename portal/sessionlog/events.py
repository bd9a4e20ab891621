"""What goes into the session log, as plain functions (no Flask needed).

The log is for measuring tasks (completion, time on task), never for reading
what a participant wrote: a form is logged by its field names and lengths,
an upload by its file name and size. Whatever a request sends, an event stays
small: every text it keeps is cut at ``MAX_TEXT`` characters, and it names at
most ``MAX_NAMES`` fields (or errors) and ``MAX_FILES`` files, noting how many
more there were.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The kinds of event, in the words the log page shows.
KINDS = ("start", "reset", "page", "click", "form", "error")

# Form fields that are plumbing, not something the user filled in.
PLUMBING_FIELDS = frozenset({"csrf_token", "next"})

# The form field a submit button sends: <button name="action" value="send">.
BUTTON_FIELD = "action"

MAX_TEXT = 200  # a button's value, a field's or file's name, an htmx source
MAX_NAMES = 50  # fields of a form, or fields with errors
MAX_FILES = 10  # our forms take 3

# htmx requests from these elements are the user's doing; others (a polling
# <div>, a "load" trigger) are the page's own and not logged.
USER_ELEMENTS = frozenset({"a", "button", "form", "input", "select", "textarea"})


def kind_of(method: str, status: int, htmx_source: str | None = None) -> str | None:
    """The kind of event a request is, or None if it is not logged."""
    if htmx_source is not None and htmx_source.split("#", 1)[0].lower() not in USER_ELEMENTS:
        return None
    if method == "HEAD" or method == "OPTIONS":
        return None
    if status >= 400:
        return "error"
    if method != "GET":
        return "form"
    return "click" if htmx_source is not None else "page"


def _size(upload: Any) -> int | None:
    stream = getattr(upload, "stream", None)
    try:
        position = stream.tell()
        size = stream.seek(0, os.SEEK_END)
        stream.seek(position)
        return size
    except (AttributeError, OSError, ValueError):
        return getattr(upload, "content_length", None) or None


def capped(text: Any) -> str:
    """A text as the log keeps it: at most MAX_TEXT characters."""
    return str(text)[:MAX_TEXT]


def names(found: Iterable[Any]) -> list[str]:
    """Names of fields (those with errors, say) as the log keeps them: the first MAX_NAMES, capped."""
    return [capped(name) for name, _ in zip(found, range(MAX_NAMES))]


def form_detail(form: Mapping[str, Any], files: Iterable[tuple[str, Any]] = ()) -> dict[str, Any]:
    """A form as the log keeps it: which button, which fields (with their
    lengths), which files (name and size) — no values. Beyond MAX_NAMES fields
    and MAX_FILES files, ``more_fields`` and ``more_files`` say how many more.

    ``form`` maps field names to their (first) values; ``files`` are
    (field name, upload) pairs where an upload has ``filename`` and ``stream``.
    """
    detail: dict[str, Any] = {}
    if BUTTON_FIELD in form:
        detail["button"] = capped(form[BUTTON_FIELD])
    fields = [(name, value) for name, value in form.items() if name not in PLUMBING_FIELDS and name != BUTTON_FIELD]
    if fields:
        detail["fields"] = {capped(name): len(str(value)) for name, value in fields[:MAX_NAMES]}
    if len(fields) > MAX_NAMES:
        detail["more_fields"] = len(fields) - MAX_NAMES
    uploads = [(name, upload) for name, upload in files if getattr(upload, "filename", None)]
    if uploads:
        detail["files"] = [{"field": capped(name), "name": capped(upload.filename), "size": _size(upload)} for name, upload in uploads[:MAX_FILES]]
    if len(uploads) > MAX_FILES:
        detail["more_files"] = len(uploads) - MAX_FILES
    return detail


@dataclass(frozen=True)
class Event:
    """One line of the log, as read back."""

    id: int
    sandbox: str
    run: int
    time: dt.datetime
    kind: str
    method: str
    path: str
    status: int
    detail: dict[str, Any]
    scenario: str = ""


@dataclass
class Participant:
    """One run of a sandbox: from its start (or a reset) to the next reset."""

    sandbox: str
    scenario: str
    number: int
    events: list[Event] = field(default_factory=list)

    @property
    def started(self) -> dt.datetime:
        return self.events[0].time

    @property
    def ended(self) -> dt.datetime:
        return self.events[-1].time

    @property
    def duration(self) -> dt.timedelta:
        return self.ended - self.started

    def elapsed(self, event: Event) -> dt.timedelta:
        return event.time - self.started


def participants(events: Iterable[Event]) -> list[Participant]:
    """Events grouped by participant, in the order their first events came."""
    runs: dict[tuple[str, int], Participant] = {}
    for event in sorted(events, key=lambda e: (e.time, e.id)):
        key = (event.sandbox, event.run)
        if key not in runs:
            runs[key] = Participant(event.sandbox, event.scenario, event.run)
        runs[key].events.append(event)
    return list(runs.values())
