"""The control plane as JSON, for test tools: /_sim/api/ (docs/api.md).

Every call does what a page of the control plane does, through the same
domain functions and the same WTForms forms: a body is checked for its shape
(``schema``), then fills the page's form, so its rules, limits and Norwegian
messages are the page's. A refusal is always ``{"message": …, "errors":
{field path: …}}``.

Why this is safe without the forms' CSRF token: every call needs the header
``X-Portal-Api: 1``, and a call with a body ``Content-Type: application/json``.
A form on another site can send neither, and a script on another site that
tries gets a CORS preflight, which this app never allows; so the browser
never sends the call. (The session cookie is SameSite=Lax besides.)
"""

from __future__ import annotations

import json
import time
from typing import TypeVar

from flask import Blueprint, Response, current_app, jsonify, request, session
from pydantic import BaseModel, ValidationError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, default_exceptions

from .. import db, i18n, sandbox, security
from ..booking import store as booking_store
from ..booking.control import NEW_SLOT, WISH, add_slot, answer_wish, offered_slots, slot_form, slot_json, wish_json
from ..booking.forms import DECLINE, PROPOSE
from ..controlpanel.control import state_document
from ..forms import validate
from ..i18n import _, _l
from ..messages import inbox
from ..messages.control import answer_thread, thread_json
from ..messages.forms import OfficeReplyForm
from ..office.forms import EditorForm, editor_form
from ..yamlfile import explain
from ..services.catalog import SETTINGS, OfficeChanges, OfficeSettings, current_catalog
from ..web import render
from . import schema
from .forms import PersonaForm

bp = Blueprint("api", __name__, url_prefix="/api")
# The header and the JSON content type stand in for the token: see above.
security.csrf.exempt(bp)

# The largest body a call takes: a start with every text at its limit is a few kB.
BODY_MAX = 64 * 1024
# A longer body is still read to the end, up to this, so the client gets the answer.
DRAIN_MAX = 32 * 1024 * 1024
# What may be read without the header: the description, and the answer that a path is unknown.
_OPEN = ("reference", "openapi", "unknown")

Body = TypeVar("Body", bound=BaseModel)


class ApiError(Exception):
    """A refusal: ``status``, a Norwegian ``message``, and per field path what is wrong."""

    def __init__(self, status: int, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors or {}


def _invalid(errors: dict[str, str]) -> ApiError:
    return ApiError(422, _("Noe i innholdet er feil: se errors."), errors)


@bp.errorhandler(ApiError)
def _refused(error: ApiError) -> Response:
    response = jsonify({"message": error.message, "errors": error.errors})
    response.status_code = error.status
    return response


# Werkzeug's own descriptions are English: the API says it in Norwegian.
_HTTP_MESSAGES = {
    400: _l("Forespørselen er ugyldig."),
    401: _l("Serveren har et passord: send det i hodet X-Portal-Password."),
    403: _l("Ingen tilgang."),
    404: _l("Ukjent kall. Se beskrivelsen på /_sim/api/openapi.json."),
    405: _l("Denne metoden er ikke tillatt her."),
    413: _l("Innholdet er for stort: høyst %(max)s kB."),
    415: _l("Innholdet må være JSON (Content-Type: application/json)."),
    429: _l("For mange forsøk. Vent litt og prøv igjen."),
    500: _l("Noe gikk galt i simulatoren. Prøv igjen."),
}


def _message(code: int) -> str:
    text = _HTTP_MESSAGES.get(code) or _HTTP_MESSAGES[500 if code >= 500 else 400]
    return str(text) % {"max": BODY_MAX // 1024}


def _http_error(error: HTTPException) -> Response:
    response = _refused(ApiError(error.code or 500, _message(error.code or 500)))
    # What the status asks the client to heed (Allow with 405, Retry-After with 429, …) stays.
    for name, value in error.get_headers():
        if name in ("Allow", "Retry-After", "WWW-Authenticate"):
            response.headers[name] = value
    return response


# Per status code, so an app-wide handler for one code never answers an API call with a page.
for _code in default_exceptions:
    bp.register_error_handler(_code, _http_error)
bp.register_error_handler(sandbox.ReadOnlySandbox, lambda _error: _following())
bp.register_error_handler(
    sandbox.ScenarioGone,  # the sandbox is kept until the file is back; a start of another scenario works
    lambda gone: _refused(ApiError(409, _("Scenarioet «%(id)s» finnes ikke lenger i scenariomappen.", id=gone.scenario_id))),
)


def _following():
    return _refused(ApiError(403, _("Denne nettleseren følger et demorom og kan bare se på. Forlat demorommet først.")))


@bp.before_request
def _guard():
    if request.endpoint.rpartition(".")[2] in _OPEN:
        return None
    if request.headers.get(schema.API_HEADER) != "1":
        return _refused(ApiError(400, _("Kall til API-et må ha hodet %(header)s: 1.", header=schema.API_HEADER)))
    if sandbox.is_following():
        return _following()
    return None


def _read_body() -> bytes:
    """The body, at most BODY_MAX bytes. A longer one is refused, after it is
    read to the end (up to DRAIN_MAX), so the client reads the answer rather
    than a connection reset in the middle of sending."""
    length = request.content_length
    if length is not None and length > DRAIN_MAX:
        raise ApiError(413, _message(413))
    stream = request.stream
    kept = stream.read(BODY_MAX + 1)
    if len(kept) > BODY_MAX:
        while stream.read(1024 * 1024):
            pass
        raise ApiError(413, _message(413))
    return kept


def _no_constant(name: str):
    raise ValueError(name)  # NaN, Infinity: not JSON, said as such below


def _body(model: type[Body]) -> Body:
    """The request's JSON body as ``model``, or a refusal that says what is wrong."""
    if not request.is_json:
        raise ApiError(415, _message(415))
    raw = _read_body()
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ApiError(400, _("Innholdet er ikke gyldig JSON (linje %(line)s, tegn %(column)s).", line=exc.lineno, column=exc.colno)) from None
    except (ValueError, RecursionError):  # not UTF-8, NaN, a number of 5,000 digits, [[[[… 
        raise ApiError(400, _("Innholdet er ikke gyldig JSON.")) from None
    if not isinstance(data, dict):
        raise ApiError(400, _("Innholdet må være et JSON-objekt: {…}."))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _invalid({".".join(map(str, e["loc"])) or _("(innhold)"): str(explain(e)) for e in exc.errors()}) from None


def _renamed(errors: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    """A form's errors under the body's field paths (the first error of a path wins)."""
    renamed: dict[str, str] = {}
    for field, message in errors.items():
        renamed.setdefault(names.get(field, field), message)
    return renamed


# --- The sandbox ---------------------------------------------------------------


def _office_changes(settings: OfficeSettings, body: schema.OfficeBody) -> OfficeChanges:
    """What ``body`` changes of ``settings``, checked by the office's tool's own form."""
    catalog = current_catalog()
    if unknown := [sid for sid in body.services if sid not in catalog]:
        valid = ", ".join(catalog.ids)
        raise _invalid({f"services.{sid}": _("ukjent tjeneste; gyldige: %(ids)s", ids=valid) for sid in unknown})
    typed = OfficeChanges(
        panel_message=body.panel_message,
        services={sid: change.model_dump(exclude_none=True, exclude={"on"}) for sid, change in body.services.items()},
    )
    form = editor_form(catalog).filled(settings, typed)
    paths = {"panel_message": "panel_message"} | {
        EditorForm.field_name(sid, setting): f"services.{sid}.{setting}" for sid in catalog.ids for setting in SETTINGS if setting != "on"
    }
    if errors := validate(form):
        raise _invalid(_renamed(errors, paths))
    saved = form.changes()  # every text and absence, as LAGRE saves them
    switched = {sid: {"on": change.on} for sid, change in body.services.items() if change.on is not None}
    return OfficeChanges(saved.panel_message, {sid: {**saved.services[sid], **switched.get(sid, {})} for sid in saved.services})


def _persona(body: schema.PersonaBody | None) -> dict:
    if body is None:
        return {}
    form = PersonaForm(data=body.model_dump())
    if errors := validate(form):
        raise _invalid({f"persona.{field}": message for field, message in errors.items()})
    return {sandbox.PERSONA_KEY: {"name": form.name.data, "first_name": form.first_name.data}}


def _cookie() -> dict:
    """The session cookie this response sets, for a client to give another browser."""
    app = current_app
    interface = app.session_interface
    lifetime = app.permanent_session_lifetime.total_seconds()
    return {
        "name": app.config["SESSION_COOKIE_NAME"],
        "value": interface.get_signing_serializer(app).dumps(dict(session)),
        "path": interface.get_cookie_path(app),
        "domain": interface.get_cookie_domain(app),
        "expires": int(time.time() + lifetime) if session.permanent else None,
        "httpOnly": interface.get_cookie_httponly(app),
        "secure": interface.get_cookie_secure(app),
        "sameSite": interface.get_cookie_samesite(app) or "Lax",
    }


@bp.post("/start")
def start():
    body = _body(schema.StartBody)
    known = sandbox.scenarios()
    if body.scenario not in known:
        raise _invalid({"scenario": _("finnes ikke; gyldige: %(ids)s", ids=", ".join(known))})
    settings = OfficeSettings.of(known[body.scenario], current_catalog())
    overrides = settings.with_changes(_office_changes(settings, body)) | _persona(body.persona)
    view = sandbox.start(body.scenario, overrides, participant=body.participant)
    if body.lang is not None:
        i18n.remember(body.lang)
    return jsonify({"sandbox": view.id, "cookie": _cookie(), "state": state_document(sandbox.committed(view))}), 201


@bp.post("/reset")
def reset():
    sandbox.reset(sandbox.current())
    return jsonify(state_document(sandbox.committed(sandbox.current())))


@bp.get("/state")
def state():
    return jsonify(state_document(sandbox.current()))


# --- The office ----------------------------------------------------------------


@bp.patch("/office")
def office():
    body = _body(schema.OfficeBody)
    view = sandbox.current()
    view.change_office_settings(_office_changes(view.settings, body))
    return jsonify(state_document(sandbox.committed(view)))


@bp.post("/office/reply")
def reply():
    body = _body(schema.ReplyBody)
    view = sandbox.current()
    thread_key = body.thread
    if thread_key is None:
        if not (threads := inbox.threads(view)):
            raise ApiError(409, _("Innboksen har ingen tråd å svare på."))
        thread_key = threads[0].key
    form = OfficeReplyForm(data={"thread": thread_key, "body": body.text, "close": body.close})
    target, errors = answer_thread(view, form)
    if errors:
        raise _invalid(_renamed(errors, {"body": "text"}))
    return jsonify(thread_json(inbox.thread(view, target.key))), 201


@bp.post("/office/answer")
def answer():
    body = _body(schema.AnswerBody)
    view = sandbox.current()
    wishes = booking_store.wishes(view.id)
    if body.wish is None:
        if not (waiting := [w for w in wishes if w.answer is None]):
            raise ApiError(409, _("Ingen forslag venter på svar."))
        wish = waiting[-1]
    elif (wish := next((w for w in wishes if w.id == body.wish), None)) is None:
        raise _invalid({"wish": _("Forslaget finnes ikke.")})
    formdata = MultiDict({"svar": DECLINE if body.answer == "decline" else PROPOSE, f"tid-{wish.id}": body.slot, f"melding-{wish.id}": body.message})
    _form, errors = answer_wish(view, wish, formdata)
    if WISH in errors:
        raise ApiError(409, errors[WISH])
    if errors:
        raise _invalid(_renamed(errors, {f"tid-{wish.id}": "slot", f"melding-{wish.id}": "message"}))
    db.session().refresh(wish)
    return jsonify(wish_json(wish)), 201


@bp.get("/office/slots")
def free_slots():
    view = sandbox.current()
    offered = offered_slots(view)
    return jsonify(
        {
            "practitioners": [
                {"id": p.id, "name": p.name, "free_slots": [slot_json(slot) for slot in offered[p.id]]} for p in booking_store.practitioners(view)
            ]
        }
    )


@bp.post("/office/slots")
def add_free_slot():
    body = _body(schema.SlotBody)
    view = sandbox.current()
    day, _sep, time_of_day = body.start.partition("T")
    form = slot_form(
        view,
        MultiDict(
            {
                "behandler": body.practitioner or booking_store.practitioners(view)[0].id,
                "dato": day,
                "klokkeslett": time_of_day,
                "varighet": str(body.duration),
                "timetype": body.kind,
            }
        ),
    )
    added, errors = add_slot(view, form)
    if NEW_SLOT in errors:
        raise ApiError(409, errors[NEW_SLOT])
    if errors:
        names = {"behandler": "practitioner", "dato": "start", "klokkeslett": "start", "varighet": "duration", "timetype": "kind"}
        raise _invalid(_renamed(errors, names))
    return jsonify(slot_json(added)), 201


# --- The description -------------------------------------------------------------


def _description() -> dict:
    return schema.openapi(current_catalog(), server=request.script_root or "/")


@bp.get("/openapi.json")
def openapi():
    return jsonify(_description())


@bp.get("/")
def reference():
    """The description as a page to read."""
    return render("api/reference.html", operations=schema.operations(_description()))


@bp.route("/<path:unknown>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(unknown: str):
    """A path under /_sim/api/ that is no call, or a call by another method: said in JSON."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in ("GET", "POST", "PATCH"):
        try:
            endpoint, _args = adapter.match(request.path, method=method)
        except HTTPException:
            continue
        if endpoint != request.endpoint:
            allowed.append(method)
    if allowed:
        response = _refused(ApiError(405, _("%(method)s er ikke tillatt her; bruk %(allowed)s.", method=request.method, allowed=", ".join(allowed))))
        response.headers["Allow"] = ", ".join(allowed)
        return response
    return _refused(ApiError(404, _message(404)))
