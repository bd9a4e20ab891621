"""The one check, before every request, of who may see what.

Without ``PORTAL_PASSWORD`` everyone may see everything. With it:

- the static files, ``/_sim/health``, the login page and a demo room's link
  (``/_sim/join``) are open to all;
- a browser that logged in, or a request with the password in the
  ``X-Portal-Password`` header (test clients; percent-encoded as
  ``urllib.parse.quote`` or ``encodeURIComponent`` do, which leaves an ASCII
  password as it is), may see everything;
- a browser that follows a demo room, having opened its link, may see the
  patient's pages of the room's sandbox (read-only, as ``sandbox`` makes it)
  and the demo room page, and nothing else; once the room has closed, nothing;
- anyone else gets the login page, and then goes where they were going.

``g.access`` says which of these let the request in ("login", "header",
"participant"; None on an open simulator); templates see it as ``access``.
"""

from __future__ import annotations

from urllib.parse import unquote

from flask import Flask, Response, g, jsonify, redirect, request, url_for

from .. import sandbox
from ..api.schema import API_HEADER
from ..control import is_control_plane
from ..i18n import _
from ..web import is_htmx_request, render
from . import attempts, password

OPEN = frozenset(
    {
        "static",
        "control.panel.health",
        "control.access.log_in",
        "control.trainer.join_form",
        "control.trainer.join",
    }
)
# What a demo room's participant may see besides the patient's pages.
FOR_PARTICIPANTS = frozenset({"control.trainer.demo", "control.trainer.read_only", "control.trainer.leave"})


def init_app(app: Flask) -> None:
    # Before CSRF's own check, so a stranger's POST gets the login page too.
    app.before_request(check)
    app.context_processor(lambda: {"access": g.get("access")})


def check() -> Response | None:
    """None to let the request in, else the answer that keeps it out."""
    if not password.configured() or request.endpoint in OPEN:
        return None
    if password.HEADER in request.headers:
        # Percent-encoded, so a password beyond ASCII survives: servers drop or mangle such header bytes.
        return _by_header(unquote(request.headers[password.HEADER]))
    if password.is_logged_in():
        g.access = "login"
        return None
    if _participant_may_see():
        g.access = "participant"
        return None
    return _to_login()


def _by_header(given: str) -> Response | None:
    # Limited or not is asked first: a limited client learns nothing of its guess.
    if (wait := attempts.seconds_to_wait(attempts.PASSWORD)) is not None:
        return attempts.with_retry_after(_refusal(_("For mange forsøk"), attempts.too_many(attempts.PASSWORD, wait)), wait)
    if password.matches(given):
        g.access = "header"
        return None
    attempts.record_failure(attempts.PASSWORD)
    return _refusal(_("Feil passord"), _("Passordet i hodet %(header)s er feil.", header=password.HEADER), 401)


def _participant_may_see() -> bool:
    page_for_participants = request.endpoint in FOR_PARTICIPANTS or (request.endpoint is not None and not is_control_plane())
    return page_for_participants and sandbox.followed() is not None


def _to_login() -> Response:
    if _wants_json():
        return _refusal(_("Logg inn"), _("Simulatoren er beskyttet med passord: send det i hodet %(header)s.", header=password.HEADER), 401)
    # A GET comes back to where it was going; a form sent comes back to its page.
    here = request.full_path if request.method == "GET" and request.query_string else request.path
    target = url_for("control.access.log_in", next=here)
    if is_htmx_request():
        return Response(status=204, headers={"HX-Redirect": target})
    return redirect(target, code=303)


def _wants_json() -> bool:
    """A program: a call of the JSON API (its header says so), or a client that asks for JSON."""
    return request.headers.get(API_HEADER) == "1" or request.accept_mimetypes.best_match(("text/html", "application/json")) == "application/json"


def _refusal(title: str, text: str, status: int = 429) -> Response:
    if _wants_json():
        response = jsonify(message=text, errors={})  # the one shape of a refusal in JSON, the API's (docs/api.md)
        response.status_code = status
        return response
    return render("errors/error.html", status=status, title=title, text=text)
