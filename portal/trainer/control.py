"""For trainers: the presenter page, the live demo room and joining it.

Live updates use htmx polling: the patient's view and the webinar table ask
every second with the version they show, and an unchanged sandbox answers
204 No Content, which htmx does not swap; a version this process read less
than a quarter of a second ago answers without a query. (Server-sent events would hold one
gunicorn sync worker per participant for as long as the page is open.)
"""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, abort, redirect, request, url_for
from sqlalchemy import select

from .. import db, rules, sandbox
from ..access import attempts
from ..control import state_section
from ..home.views import gp_services_context
from ..i18n import _, _l
from ..office.control import editor_context, switches_context
from ..pagecache import replayable
from ..security import from_another_site
from ..web import is_htmx_request, render
from .forms import JoinForm
from .models import DemoRoom

bp = Blueprint("trainer", __name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
# 32^8 = 2^40 codes: with the rate limit on wrong codes (access/attempts.py)
# nobody finds an open room by guessing. A room lives as long as its trainer's
# sandbox, which may be weeks; a shorter code that expired sooner would close
# a room in the middle of a course that runs over days.
CODE_LENGTH = 8
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
        sandbox.store(view)  # the room names the trainer's sandbox
        room = DemoRoom(code=_new_code(), trainer_sandbox_id=view.id)
        db.session().add(room)
        db.session().commit()
    return room


def _live_context(view: sandbox.SandboxView) -> dict:
    return {
        **gp_services_context(view),
        "version": view.version,
        "table": rules.webinar_table(view.panel_message, view.services),
    }


# The presenter page ----------------------------------------------------------


@bp.get("/presenter")
def presenter():
    view = sandbox.current()
    room = None if view.read_only else _open_room(view)
    return render(
        "trainer/presenter.html",
        room=room,
        scenarios=sandbox.scenarios().values(),
        before=BEFORE_HOLIDAY,
        after=AFTER_HOLIDAY,
        **editor_context(view) | switches_context(view),
        **_live_context(view),
    )


@bp.post("/presenter/scenario")
def switch_scenario():
    """One click to another scenario, in the same sandbox, so the demo room follows."""
    view = sandbox.current()
    scenario_id = request.form.get("scenario", "")
    if scenario_id not in sandbox.scenarios():
        abort(400)
    sandbox.reset(view, scenario_id)  # commits the new scenario with the reset, so participants never see half of it
    return redirect(url_for(".presenter"), code=303)


# The live demo room ----------------------------------------------------------


@bp.get("/demo")
def demo():
    """The patient's view and the webinar table of the current sandbox, kept live by polling.

    A poll whose version is the one this process read a moment ago is
    answered before any database work (``sandbox.recent_version``), and
    the same poll again before Flask (``pagecache.replayable``)."""
    part = request.args.get("part")
    if part is not None and part not in LIVE_PARTS:
        abort(404)
    shown = request.args.get("v") if is_htmx_request() else None
    if shown is not None and shown == sandbox.recent_version(sandbox.shown_id()):
        replayable(sandbox_id=sandbox.shown_id(), version=shown)
        return Response(status=204)
    view = sandbox.current()
    if shown == view.version:
        replayable(sandbox_id=view.id, version=shown)
        return Response(status=204)
    return render("trainer/demo.html", block=part, room=_room_of(view), announce=part == "patient", **_live_context(view))


def normal_code(typed: str) -> str:
    """A code as typed or read aloud: «abcd efgh» and «ABCD-EFGH» are ABCDEFGH."""
    return "".join(typed.split()).replace("-", "").upper()


@bp.get("/join")
def join_form():
    form = JoinForm(request.args)
    if form.code.data:
        return redirect(url_for(".join", code=normal_code(form.code.data)), code=303)
    return render("trainer/join.html", form=form, errors={})


def _room(code: str) -> DemoRoom | None:
    """The demo room of ``code`` as typed or read aloud; None also for a code no room can have."""
    code = normal_code(code)
    return db.session().get(DemoRoom, code) if code.isascii() and code.isalnum() else None


@bp.route("/join/<code>", methods=("GET", "POST"))
def join(code: str):
    """Follow the room with this code. Open without the password; wrong codes
    are rate-limited; a link on another site asks first (the POST is the answer)."""
    if (wait := attempts.seconds_to_wait(attempts.JOIN_CODE)) is not None:
        page = render("trainer/join.html", form=JoinForm(code=code), errors={"code": attempts.too_many(attempts.JOIN_CODE, wait)})
        return attempts.with_retry_after(page, wait)
    room = _room(code)
    if room is None:
        attempts.record_failure(attempts.JOIN_CODE)
        errors = {"code": _("Fant ikke noe demorom med koden «%(code)s». Sjekk koden og prøv igjen.", code=code)}
        return render("trainer/join.html", status=404, form=JoinForm(code=code), errors=errors)
    if request.method == "GET" and from_another_site():
        return render(
            "access/confirm.html",
            title=_("Vil du bli med i demorommet %(code)s?", code=room.display_code),
            text=_("Denne nettleseren viser da kursholderens demo i stedet for din egen, til du forlater demorommet."),
            action=url_for(".join", code=room.code),
            fields={},
            button=_("Bli med i demorommet"),
        )
    sandbox.follow(room.trainer_sandbox_id)
    return redirect(url_for(".demo"), code=303)


@bp.post("/leave")
def leave():
    sandbox.leave()
    return redirect(url_for("control.panel.dashboard"), code=303)


@bp.app_errorhandler(sandbox.ReadOnlySandbox)
def refuse_change(_error):
    if is_htmx_request():
        # htmx would swap the page into the clicked element: send the whole browser there instead.
        response = Response(status=403)
        response.headers["HX-Redirect"] = url_for("control.trainer.read_only")
        return response
    return render("trainer/read_only.html", status=403)


@bp.get("/demo/kun-visning")
def read_only():
    """Where a participant lands after trying to change the trainer's settings."""
    sandbox.current()
    return render("trainer/read_only.html")


@state_section("demo")
def demo_state(view: sandbox.SandboxView) -> dict:
    room = _room_of(view)
    return {"following": view.read_only, "room": room.code if room else None, "version": view.version}
