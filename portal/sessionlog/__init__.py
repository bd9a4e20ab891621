"""The session log for UX tests: what each sandbox's user did, with times.

One row per logged request, written after the response is made: pages seen,
links and buttons that fetched something with htmx, forms sent (which button,
which fields), errors shown (which fields had errors), and the trainer's start
and reset. Static files, the rest of /_sim/, htmx polling and the pages a demo
room's participants look at (the sandbox is the trainer's) are not logged.

A view that shows a form's errors passes them to ``portal.web.render`` as
``errors=``; ``render`` puts them in ``g.form_errors`` and the log records the
field names. A submit button named ``action`` is logged by its value.

A reset starts a new participant (``run``) and keeps the log: see models.py.
``PORTAL_SESSION_LOG=0`` switches logging off (e.g. for benchmarks).
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from flask import Blueprint, Flask, Response, current_app, g, request, session
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from .. import db, sandbox
from ..models import Sandbox
from ..web import render
from . import events
from .models import SessionEvent

bp = Blueprint("sessionlog", __name__, url_prefix="/_sim")
logger = logging.getLogger(__name__)

# The control plane's own pages are the trainer's, not the participant's.
LOGGED_SIM_ENDPOINTS = {"sim.start": "start", "sim.reset": "reset"}


@bp.record_once
def _configure(state) -> None:
    app: Flask = state.app
    app.config.setdefault("SESSION_LOG", os.environ.get("PORTAL_SESSION_LOG", "1") != "0")


def _event_of_request(response: Response) -> tuple[str, str, dict] | None:
    """(sandbox id, kind, detail) for this request, or None if it is not logged."""
    if request.endpoint == "static" or request.path.startswith("/static/"):
        return None
    if request.path.startswith("/_sim/"):
        if request.endpoint not in LOGGED_SIM_ENDPOINTS or response.status_code >= 400:
            return None
        kind = LOGGED_SIM_ENDPOINTS[request.endpoint]
        detail = {"scenario": request.view_args["scenario_id"]} if kind == "start" else {}
        return session.get(sandbox.COOKIE_KEY), kind, detail

    # A page that looked up the sandbox, or any page the browser navigated to
    # (a 404 for a mistyped address too), but not the browser's own fetches
    # such as /favicon.ico.
    if "sandbox" in g:
        if g.sandbox.read_only:
            return None  # a participant following a demo room: the sandbox is the trainer's
        sandbox_id = g.sandbox.id
    elif request.headers.get("Sec-Fetch-Dest") == "document":
        sandbox_id = session.get(sandbox.COOKIE_KEY)
    else:
        return None
    htmx_source = request.headers.get("HX-Source") if request.headers.get("HX-Request") == "true" else None
    kind = events.kind_of(request.method, response.status_code, htmx_source)
    if kind is None or sandbox_id is None:
        return None

    detail: dict = {}
    if request.method not in ("GET", "HEAD"):
        try:
            detail = events.form_detail(request.form, request.files.items(multi=True))
        except RequestEntityTooLarge:
            detail = {"too_large": request.content_length}
    if kind == "click":
        detail["source"] = htmx_source
    if kind == "error" and g.get("form_errors"):
        detail["errors"] = list(g.form_errors)
    return sandbox_id, kind, detail


# The participant number is the sandbox's latest, one more at a reset: worked
# out inside the one INSERT, so logging costs one statement. Built once and run
# on the request's connection (no ORM work), as it follows every page view.
_events = SessionEvent.__table__
_INSERT_EVENT = insert(_events).values(
    sandbox=bindparam("sandbox"),
    run=select(func.coalesce(func.max(_events.c.run), 1)).where(_events.c.sandbox == bindparam("sandbox")).scalar_subquery()
    + bindparam("next_run"),
    time=bindparam("time"),
    kind=bindparam("kind"),
    method=bindparam("method"),
    path=bindparam("path"),
    status=bindparam("status"),
    detail=bindparam("detail", type_=_events.c.detail.type),
)


@bp.after_app_request
def record(response: Response) -> Response:
    if not current_app.config.get("SESSION_LOG"):
        return response
    found = _event_of_request(response)
    if found is None:
        return response
    sandbox_id, kind, detail = found
    path = request.full_path.rstrip("?") if request.query_string else request.path
    try:
        db.session().connection().execute(
            _INSERT_EVENT,
            {
                "sandbox": sandbox_id,
                "next_run": 1 if kind == "reset" else 0,
                "time": dt.datetime.now(dt.UTC),
                "kind": kind,
                "method": request.method,
                "path": path[:500],
                "status": response.status_code,
                "detail": detail,
            },
        )
        db.session().commit()
    except SQLAlchemyError:
        # A stale cookie naming a sandbox that is gone, a locked database: the
        # participant's page matters more than its log line.
        db.session().rollback()
        logger.warning("session log: could not record %s %s", request.method, path, exc_info=True)
    return response


def load_participants(sandbox_id: str | None = None, since: dt.datetime | None = None) -> list[events.Participant]:
    """The log grouped by participant: one sandbox's, or every sandbox's."""
    columns = [getattr(SessionEvent, name) for name in events.Event.__dataclass_fields__ if name != "scenario"]
    query = select(*columns, Sandbox.scenario_id.label("scenario")).join(Sandbox, Sandbox.id == SessionEvent.sandbox)
    if sandbox_id is not None:
        query = query.where(SessionEvent.sandbox == sandbox_id)
    if since is not None:
        # An aware time: compared as the moment it is, whatever the database's time zone.
        query = query.where(SessionEvent.time >= since)
    rows = db.session().execute(query.order_by(SessionEvent.time, SessionEvent.id)).all()
    return events.participants(events.Event(**row._asdict()) for row in rows)


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


@bp.get("/logg")
def log_page():
    view = sandbox.current()
    return render(
        "sessionlog/log.html",
        participants=list(reversed(load_participants(view.id))),  # the current participant first
        kind_names=KIND_NAMES,
        duration=duration,
        format_datetime=format_datetime,
    )
