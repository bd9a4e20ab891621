"""For trainers: the office-side editor, the presenter page and the live demo room.

Live updates use htmx polling: the patient's view and the webinar table ask
every second with the version they show, and an unchanged sandbox answers
204 No Content, which htmx does not swap. (Server-sent events would hold one
gunicorn sync worker per participant for as long as the page is open.)
"""

from __future__ import annotations

import hashlib
import json
import secrets

from flask import Blueprint, Response, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db, rules, sandbox
from ..catalog import CATALOG
from ..home import gp_services_context
from ..sim import state_section
from ..web import is_htmx_request, local_url, render
from . import forms
from .models import DemoRoom

bp = Blueprint("office", __name__, url_prefix="/_sim")

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 6
LIVE_PARTS = ("patient", "table")

# The webinar's checklists (the seed's «Snart ferie..» slides).
BEFORE_HOLIDAY = (
    _l("Vurder hvilke tjenester på Helsenorge som skal skrus av"),
    _l("Legg inn informasjonsmelding på fastlegepanelet og de tjenestene som forblir på"),
    _l("Vurder å legge ut utfyllende informasjon om ferieavvikling på legekontorets nettside"),
    _l("Skru av de tjenestene på Helsenorge som du har valgt å skru av"),
)
AFTER_HOLIDAY = (
    _l("Skru på de tjenestene på Helsenorge som har vært skrudd av"),
    _l("Oppdater informasjonsmeldingene på fastlegepanelet og tjenestene"),
)


def version(view: sandbox.SandboxView) -> str:
    """A fingerprint of what the patient sees: the scenario and every office-side change."""
    state = json.dumps([view.scenario.id, view.overrides], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def _save(view: sandbox.SandboxView, changes: dict) -> None:
    view.set_overrides(forms.apply_changes(forms.seed_of(view.scenario), view.row.overrides, changes))
    db.session().commit()


def _changed(response: Response) -> Response:
    # Live views on this page refresh at once instead of at their next poll.
    response.headers["HX-Trigger"] = "sandbox-changed"
    return response


def _editor_context(view: sandbox.SandboxView, values: dict | None = None, errors: dict | None = None) -> dict:
    return {
        "values": values or forms.form_values(view),
        "errors": errors or {},
        "editor_services": [view.service(sid) for sid in forms.EDITOR_ORDER],
        "panel_on": rules.panel_is_on(view.services),
    }


# The office-side editor ------------------------------------------------------


@bp.get("/kontor")
def editor():
    return render("office/kontor.html", **_editor_context(sandbox.current()))


@bp.post("/kontor")
def save():
    view = sandbox.current()
    values, errors = forms.read_form(request.form)
    if errors:
        # Everything typed is kept, as typed.
        return render("office/kontor.html", block="editor", status=422, **_editor_context(view, dict(request.form), errors))
    _save(view, values)
    if is_htmx_request():
        return _changed(render("office/kontor.html", block="editor", saved=True, **_editor_context(view)))
    flash(_("Endringene er lagret."))
    return redirect(local_url(request.form.get("next"), url_for("office.editor")), code=303)


@bp.post("/kontor/tjeneste")
def toggle():
    """The switch: a service on or off at once, without saving the texts being edited.

    The button says which state it asks for ("forny-resept:off"), not "flip",
    so a double click or a resent form leaves the service as the trainer meant.
    """
    view = sandbox.current()
    service_id, _, wanted = request.form.get("service", "").partition(":")
    if service_id not in CATALOG or wanted not in ("on", "off"):
        abort(400)
    _save(view, {"services": {service_id: {"on": wanted == "on"}}})
    if is_htmx_request():
        return _changed(render("office/kontor.html", block="switch", service=view.service(service_id)))
    return redirect(local_url(request.form.get("next"), url_for("office.editor")), code=303)


# The presenter page ----------------------------------------------------------


def _room_of(view: sandbox.SandboxView) -> DemoRoom | None:
    return db.session().scalar(select(DemoRoom).where(DemoRoom.trainer_sandbox_id == view.id))


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session().get(DemoRoom, code) is None:
            return code


def _open_room(view: sandbox.SandboxView) -> DemoRoom:
    """This sandbox's demo room, opened on first use."""
    room = _room_of(view)
    if room is None:
        room = DemoRoom(code=_new_code(), trainer_sandbox_id=view.id)
        db.session().add(room)
        db.session().commit()
    return room


def _live_context(view: sandbox.SandboxView) -> dict:
    return {
        **gp_services_context(view),
        "version": version(view),
        "table": rules.webinar_table(view.panel_message, view.services),
    }


@bp.get("/presenter")
def presenter():
    view = sandbox.current()
    room = None if view.read_only else _open_room(view)
    return render(
        "office/presenter.html",
        room=room,
        scenarios=sandbox.scenarios().values(),
        before=BEFORE_HOLIDAY,
        after=AFTER_HOLIDAY,
        **_editor_context(view),
        **_live_context(view),
    )


@bp.post("/presenter/scenario")
def switch_scenario():
    """One click to another scenario, in the same sandbox, so the demo room follows."""
    view = sandbox.current()
    scenario_id = request.form.get("scenario", "")
    if scenario_id not in sandbox.scenarios():
        abort(400)
    view.row.scenario_id = scenario_id
    sandbox.reset(view)  # commits the new scenario with the reset, so participants never see half of it
    return redirect(url_for("office.presenter"), code=303)


# The live demo room ----------------------------------------------------------


@bp.get("/demo")
def demo():
    """The patient's view and the webinar table of the current sandbox, kept live by polling."""
    view = sandbox.current()
    part = request.args.get("part")
    if part is not None and part not in LIVE_PARTS:
        abort(404)
    if is_htmx_request() and request.args.get("v") == version(view):
        return Response(status=204)
    return render("office/demo.html", block=part, room=_room_of(view), announce=part == "patient", **_live_context(view))


@bp.get("/join")
def join_form():
    code = request.args.get("code", "").strip().upper()
    if code:
        return redirect(url_for("office.join", code=code), code=303)
    return render("office/join.html")


@bp.get("/join/<code>")
def join(code: str):
    room = db.session().get(DemoRoom, code.strip().upper())
    if room is None:
        return render("office/join.html", status=404, unknown_code=code)
    if room.trainer_sandbox_id != session.get(sandbox.COOKIE_KEY):  # the trainer opening their own link stays the trainer
        session[sandbox.FOLLOW_KEY] = room.trainer_sandbox_id
    return redirect(url_for("office.demo"), code=303)


@bp.post("/leave")
def leave():
    session.pop(sandbox.FOLLOW_KEY, None)
    return redirect(url_for("sim.dashboard"), code=303)


@bp.app_errorhandler(sandbox.ReadOnlySandbox)
def refuse_change(_error):
    if is_htmx_request():
        # htmx would swap the page into the clicked element: send the whole browser there instead.
        response = Response(status=403)
        response.headers["HX-Redirect"] = url_for("office.read_only")
        return response
    return render("office/read_only.html", status=403)


@bp.get("/demo/kun-visning")
def read_only():
    """Where a participant lands after trying to change the trainer's settings."""
    sandbox.current()
    return render("office/read_only.html")


@state_section("demo")
def demo_state(view: sandbox.SandboxView) -> dict:
    room = _room_of(view)
    return {"following": view.read_only, "room": room.code if room else None, "version": version(view)}
