"""The session log's page on the control plane (/_sim/logg): this browser's log, one table per participant."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint

from .. import sandbox
from ..i18n import _l
from ..web import render
from .store import load_participants

bp = Blueprint("sessionlog", __name__, url_prefix="/logg")

KIND_NAMES = {
    "start": _l("Scenario startet"),
    "reset": _l("Nullstilt"),
    "page": _l("Side vist"),
    "click": _l("Klikk"),
    "form": _l("Skjema sendt"),
    "error": _l("Feil vist"),
}


def duration(delta: dt.timedelta) -> str:
    """«1:05» for 65 seconds, «1:02:03» past an hour."""
    minutes, seconds = divmod(int(delta.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@bp.get("")
def log_page():
    view = sandbox.current()
    return render(
        "sessionlog/log.html",
        participants=list(reversed(load_participants(view.id))),  # the current participant first
        kind_names=KIND_NAMES,
        duration=duration,
    )
