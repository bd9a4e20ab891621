"""What a request is in the session log, recorded after its response is made."""

from __future__ import annotations

import os

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import RequestEntityTooLarge

from .. import sandbox
from ..control import is_control_plane
from . import events, store


# The control plane's pages are the trainer's, not the participant's; but for
# these, from the page or the JSON API: a start opens a log, a reset the next participant's.
LOGGED_CONTROL_ENDPOINTS = {
    "control.panel.start": "start",
    "control.panel.reset": "reset",
    "control.api.start": "start",
    "control.api.reset": "reset",
    "control.studies.start": "start",
}


def init_app(app: Flask) -> None:
    app.config.setdefault("SESSION_LOG", os.environ.get("PORTAL_SESSION_LOG", "1") != "0")
    store.init_app(app)
    app.after_request(record)


def _event_of_request(response: Response) -> tuple[str, str, dict] | None:
    """(sandbox id, kind, detail) for this request, or None if it is not logged."""
    if request.endpoint == "static" or request.path.startswith("/static/"):
        return None
    if is_control_plane():
        if request.endpoint not in LOGGED_CONTROL_ENDPOINTS or response.status_code >= 400:
            return None
        kind = LOGGED_CONTROL_ENDPOINTS[request.endpoint]
        if kind == "reset":
            return sandbox.own_id(), kind, {}
        if "sandbox" not in g:
            return None  # kept out (by the password's check, say) before anything started
        return g.sandbox.id, kind, {"scenario": g.sandbox.scenario.id}

    # A page that looked up the sandbox, or any page the browser navigated to
    # (a 404 for a mistyped address too), but not the browser's own fetches
    # such as /favicon.ico.
    if "sandbox" in g:
        if g.sandbox.read_only:
            return None  # a participant following a demo room: the sandbox is the trainer's
        if not g.sandbox.stored:
            return None  # nothing kept yet: the log starts with the sandbox's first stored action
        sandbox_id = g.sandbox.id
    elif request.headers.get("Sec-Fetch-Dest") == "document":
        sandbox_id = sandbox.own_id()
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
        detail["source"] = events.capped(htmx_source)
    if kind == "error" and g.get("form_errors"):
        detail["errors"] = events.names(g.form_errors)
    return sandbox_id, kind, detail


def record(response: Response) -> Response:
    if not current_app.config.get("SESSION_LOG"):
        return response
    found = _event_of_request(response)
    if found is None:
        return response
    sandbox_id, kind, detail = found
    path = request.full_path.rstrip("?") if request.query_string else request.path
    # Queued, not written here: a line the database refuses (a stale cookie
    # naming a sandbox that is gone) is noted in the server's log, never the page's.
    line = (sandbox_id, kind, request.method, path, response.status_code, detail)
    store.add_event(*line)
    request.environ[store.LOGGED] = line  # a replay of this answer logs it again (portal.pagecache)
    return response
