"""The booking on the control plane: the office answers a time wish
(/_sim/timeavtaler), and the booking key of /_sim/state."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import redirect, request, url_for
from flask_babel import gettext as _

from .. import db, sandbox
from ..sim import state_section
from ..web import render
from . import office_bp, store
from .forms import ANSWER_MAX, text_error
from .kinds import KINDS
from .slots import booking_window, format_key, free_slots, parse_key, practitioners

OSLO = ZoneInfo("Europe/Oslo")
# The office offers one of the practitioner's next free slots.
SLOTS_OFFERED = 30
PROPOSE, DECLINE = "foresla", "avsla"


def _slots_by_practitioner(view) -> dict[str, list]:
    """The next free slots of every practitioner, from two queries' worth of data."""
    first, last = booking_window(view.today)
    taken = store.taken_by_practitioner(view.id, first, last)
    return {
        p.id: free_slots(p, view.today, first, last, taken.get(p.id, ()))[:SLOTS_OFFERED]
        for p in practitioners(view.scenario.model)
    }


def _answer(view, form) -> tuple[int | None, dict[str, str]]:
    """Store the office's answer from ``form``: the wish's id and the errors
    (field name -> message; nothing is stored when there are any). "forslag"
    is an error about the wish as a whole, shown at the top of the page."""
    wish_id = db.row_id(form.get("forslag"))
    wish = store.wish(view.id, wish_id) if wish_id else None
    if wish is None:
        return None, {"forslag": _("Forslaget finnes ikke. Last siden på nytt.")}
    if wish.answer is not None:
        return wish.id, {"forslag": _("Forslaget er allerede besvart.")}
    message = form.get(f"melding-{wish.id}", "").replace("\r\n", "\n").strip()
    decline = form.get("svar") == DECLINE
    missing = _("Skriv hvorfor legekontoret ikke kan tilby en time.") if decline else None
    if error := text_error(message, ANSWER_MAX, missing):
        return wish.id, {f"melding-{wish.id}": error}
    slot = None
    if not decline:
        start = parse_key(form.get(f"tid-{wish.id}"))
        slots = _slots_by_practitioner(view).get(wish.practitioner_id, [])
        slot = next((s for s in slots if s.start == start), None)
        if slot is None:
            return wish.id, {f"tid-{wish.id}": _("Velg en ledig time.")}
    if not store.answer_wish(wish, slot, message):
        return wish.id, {"forslag": _("Timen er ikke lenger ledig, eller forslaget er allerede besvart. Velg på nytt.")}
    return wish.id, {}


@office_bp.route("", methods=["GET", "POST"])
def answer_wishes():
    """The trainer answers the patient's time wishes as the office."""
    view = sandbox.current()
    errors: dict[str, str] = {}
    wish_id = None
    if request.method == "POST":
        wish_id, errors = _answer(view, request.form)
        if not errors:
            return redirect(url_for(".answer_wishes", svart=wish_id), code=303)
    wishes = store.wishes(view.id)
    return render(
        "booking/office_answer.html",
        waiting=[w for w in wishes if w.answer is None],
        answered=[w for w in wishes if w.answer is not None][::-1],
        slots=_slots_by_practitioner(view),
        kinds=KINDS,
        errors=errors,
        failed_wish=wish_id if errors else None,
        form=request.form,
        just_answered=request.args.get("svart", type=int),
        answer_max=ANSWER_MAX,
        propose=PROPOSE,
        decline=DECLINE,
    )


def _aware(moment) -> str:
    return moment.replace(tzinfo=OSLO).isoformat()


@state_section("booking")
def booking_state(view) -> dict:
    """Practitioners, this sandbox's appointments and time wishes (docs/state.md)."""
    return {
        "practitioners": [
            {"id": p.id, "name": p.name, "title": p.title, "own_gp": p.own_gp} for p in practitioners(view.scenario.model)
        ],
        "appointments": [
            {
                "id": a.id,
                "practitioner": a.practitioner_id,
                "start": _aware(a.start),
                "slot": format_key(a.start),
                "duration": a.duration,
                "kind": a.kind,
                "reason": a.reason,
                "status": "avbestilt" if a.cancelled else "tildelt",
            }
            for a in store.appointments(view.id)
        ],
        "wishes": [
            {
                "id": w.id,
                "practitioner": w.practitioner_id,
                "preferred": w.preferred,
                "reason": w.reason,
                "status": w.status,
                "appointment": w.answer.appointment_id if w.answer else None,
                "answer": w.answer.message if w.answer else "",
            }
            for w in store.wishes(view.id)
        ],
    }
