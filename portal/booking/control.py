"""The booking on the control plane: the office answers a time wish
(/_sim/timeavtaler), and the booking section of /_sim/state."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, redirect, request, url_for

from .. import db, sandbox
from ..control import state_section
from ..forms import validate
from ..i18n import _
from ..web import receipt, render
from . import store
from .forms import DECLINE, PROPOSE, AnswerForm, answer_form
from .kinds import KINDS
from .slots import booking_window, format_key, free_slots, practitioners

OSLO = ZoneInfo("Europe/Oslo")
# The office offers one of the practitioner's next free slots.
SLOTS_OFFERED = 30

bp = Blueprint("booking", __name__, url_prefix="/timeavtaler")


def _appointment_exists(view, args) -> bool:
    return store.appointment(view.id, args["appointment_id"]) is not None


# An appointment's pages (booked in the sandbox) are gone after a reset.
sandbox.made_here.update(dict.fromkeys(("booking.show", "booking.cancel", "booking.calendar_file"), _appointment_exists))


def _slots_by_practitioner(view) -> dict[str, list]:
    """The next free slots of every practitioner, from two queries' worth of data."""
    first, last = booking_window(view.today)
    taken = store.taken_by_practitioner(view.id, first, last)
    return {
        p.id: free_slots(p, view.today, first, last, taken.get(p.id, ()))[:SLOTS_OFFERED]
        for p in practitioners(view.scenario.model)
    }


def _answer(view) -> tuple[int | None, AnswerForm | None, dict[str, str]]:
    """Store the office's answer to the wish the form names ("forslag"): the
    wish's id, the form and its errors (nothing is stored when there are any).
    An error under "forslag" is about the wish as a whole, shown at the top."""
    wish_id = db.row_id(request.form.get("forslag"))
    wish = store.wish(view.id, wish_id) if wish_id else None
    if wish is None:
        return None, None, {"forslag": _("Forslaget finnes ikke. Last siden på nytt.")}
    if wish.answer is not None:
        return wish.id, None, {"forslag": _("Forslaget er allerede besvart.")}
    form = answer_form(wish.id)(request.form)
    slots = {slot.key: slot for slot in _slots_by_practitioner(view).get(wish.practitioner_id, [])}
    form.slot_keys = list(slots)
    if errors := validate(form):
        return wish.id, form, errors
    if not store.answer_wish(wish, None if form.declines else slots[form.slot.data], form.message.data):
        return wish.id, None, {"forslag": _("Timen er ikke lenger ledig, eller forslaget er allerede besvart. Velg på nytt.")}
    return wish.id, form, {}


@bp.route("", methods=["GET", "POST"])
def answer_wishes():
    """The trainer answers the patient's time wishes as the office."""
    view = sandbox.current()
    wish_id, posted, errors = _answer(view) if request.method == "POST" else (None, None, {})
    if request.method == "POST" and not errors:
        receipt(_("Svaret er sendt."), link=(_("Se pasientens timeavtaler"), url_for("booking.index")))
        return redirect(url_for(".answer_wishes"), code=303)
    wishes = store.wishes(view.id)
    waiting = [w for w in wishes if w.answer is None]
    # A form per waiting wish; the one sent with field errors keeps what was typed.
    forms = {w.id: posted if posted and w.id == wish_id else answer_form(w.id)() for w in waiting}
    return render(
        "booking/office_answer.html",
        waiting=waiting,
        answered=[w for w in wishes if w.answer is not None][::-1],
        slots=_slots_by_practitioner(view),
        kinds=KINDS,
        errors=errors,
        failed_wish=wish_id if errors else None,
        forms=forms,
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
            {"id": p.id, "name": p.name, "title": str(p.title), "own_gp": p.own_gp} for p in practitioners(view.scenario.model)
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
