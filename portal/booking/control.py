"""The booking on the control plane: the office answers a time wish and adds
free slots (/_sim/timeavtaler), and the booking section of /_sim/state.

``answer_wish`` and ``add_slot`` are the office's two actions, the same for
the page here and for the JSON API (portal/api/): a form in, what was stored
or the form's errors out."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, redirect, request, url_for
from flask_babel import format_date

from .. import db, sandbox
from ..control import state_section
from ..forms import validate
from ..i18n import _
from ..web import clock, receipt, render
from . import store
from .forms import DECLINE, PROPOSE, AnswerForm, SlotForm, answer_form
from .kinds import KINDS
from .models import AddedSlot, Appointment, TimeWish
from .slots import Slot, booking_window, expand, format_key, free_slots, is_absent, practitioners

OSLO = ZoneInfo("Europe/Oslo")
# The office offers one of the practitioner's next free slots.
SLOTS_OFFERED = 30
# A sandbox holds at most this many slots the office added.
ADDED_SLOTS_MAX = 500
# Errors about a wish, or a new slot, as a whole (not one field) are under
# these keys, the ids of the page's parts they are about; the API answers them with 409.
WISH, NEW_SLOT = "forslag", "ledig-time"

bp = Blueprint("booking", __name__, url_prefix="/timeavtaler")


def _appointment_exists(view, args) -> bool:
    return store.appointment(view.id, args["appointment_id"]) is not None


# An appointment's pages (booked in the sandbox) are gone after a reset.
sandbox.made_here.update(dict.fromkeys(("booking.show", "booking.cancel", "booking.calendar_file"), _appointment_exists))


def offered_slots(view) -> dict[str, list[Slot]]:
    """The next free slots of every practitioner, the ones the office may propose."""
    first, last = booking_window(view.today)
    taken = store.taken_by_practitioner(view.id, first, last)
    return {p.id: free_slots(p, view.today, first, last, taken.get(p.id, ()))[:SLOTS_OFFERED] for p in store.practitioners(view)}


def answer_wish(view, wish: TimeWish, formdata) -> tuple[AnswerForm | None, dict[str, str]]:
    """Store the office's answer to ``wish`` from ``formdata`` (``svar``,
    ``tid-<id>``, ``melding-<id>``): the form, and its errors (nothing is
    stored when there are any). An error under WISH is about the wish as a
    whole: answered already, or the slot taken meanwhile."""
    if wish.answer is not None:
        return None, {WISH: _("Forslaget er allerede besvart.")}
    form = answer_form(wish.id)(formdata)
    slots = {slot.key: slot for slot in offered_slots(view).get(wish.practitioner_id, [])}
    form.slot_keys = list(slots)
    if errors := validate(form):
        return form, errors
    if not store.answer_wish(wish, None if form.declines else slots[form.slot.data], form.message.data):
        return None, {WISH: _("Timen er ikke lenger ledig, eller forslaget er allerede besvart. Velg på nytt.")}
    return form, {}


def slot_form(view, formdata=None) -> SlotForm:
    """The form for a slot the office adds, with this sandbox's choices."""
    form = SlotForm(formdata)
    form.behandler.choices = [p.id for p in store.practitioners(view)]
    form.timetype.choices = list(KINDS)
    form.first, form.last = booking_window(view.today)
    return form


def add_slot(view, form: SlotForm) -> tuple[AddedSlot | None, dict[str, str]]:
    """Add the free slot ``form`` (from ``slot_form``) describes: the slot,
    or the errors (nothing is stored when there are any)."""
    if errors := validate(form):
        return None, errors
    practitioner = next(p for p in store.practitioners(view) if p.id == form.behandler.data)
    start = form.start
    if is_absent(practitioner, start.date()):
        return None, {"dato": _("%(name)s har fravær denne dagen.", name=practitioner.name)}
    if any(slot.start == start for slot in expand(practitioner, start.date(), start.date())):
        return None, {"klokkeslett": _("%(name)s har allerede en time som starter da.", name=practitioner.name)}
    if len(store.added_slots(view.id)) >= ADDED_SLOTS_MAX:
        return None, {NEW_SLOT: _("Det er lagt til %(max)s ledige timer allerede; flere får ikke plass. Nullstill for å begynne på nytt.", max=ADDED_SLOTS_MAX)}
    added = store.add_slot(view.id, Slot(practitioner.id, start, form.minutes, form.timetype.data))
    if added is None:
        return None, {"klokkeslett": _("%(name)s har allerede en time som starter da.", name=practitioner.name)}
    return added, {}


def _page(view, wish_id=None, posted=None, errors=None, new_slot: SlotForm | None = None, slot_errors=None):
    """The office's page: the wishes with a form each (the one sent with
    errors keeps what was typed), and the form for a new free slot."""
    errors, slot_errors = errors or {}, slot_errors or {}
    wishes = store.wishes(view.id)
    waiting = [w for w in wishes if w.answer is None]
    forms = {w.id: posted if posted and w.id == wish_id else answer_form(w.id)() for w in waiting}
    practitioners = store.practitioners(view)
    return render(
        "booking/office_answer.html",
        status=422 if errors or slot_errors else 200,
        waiting=waiting,
        answered=[w for w in wishes if w.answer is not None][::-1],
        slots=offered_slots(view),
        kinds=KINDS,
        errors=errors,
        failed_wish=wish_id if errors else None,
        forms=forms,
        propose=PROPOSE,
        decline=DECLINE,
        slot_form=new_slot or slot_form(view),
        slot_errors=slot_errors,
        practitioners=practitioners,
        added=store.added_slots(view.id),
        slot_title=lambda slot: slot_title(slot, practitioners),
        new_slot=NEW_SLOT,
    )


@bp.route("", methods=["GET", "POST"])
def answer_wishes():
    """The trainer answers the patient's time wishes as the office."""
    view = sandbox.current()
    if request.method == "GET":
        return _page(view)
    wish_id = db.row_id(request.form.get("forslag"))
    wish = store.wish(view.id, wish_id) if wish_id else None
    if wish is None:
        return _page(view, wish_id, errors={WISH: _("Forslaget finnes ikke. Last siden på nytt.")})
    posted, errors = answer_wish(view, wish, request.form)
    if errors:
        return _page(view, wish_id, posted, errors)
    receipt(_("Svaret er sendt."), link=(_("Se pasientens timeavtaler"), url_for("booking.index")))
    return redirect(url_for(".answer_wishes"), code=303)


@bp.post("/ledig-time")
def add_free_slot():
    """The trainer adds a free slot for one of the office's practitioners."""
    view = sandbox.current()
    form = slot_form(view, request.form)
    added, errors = add_slot(view, form)
    if errors:
        return _page(view, new_slot=form, slot_errors=errors)
    receipt(
        _("Den ledige timen er lagt til: %(when)s.", when=slot_title(added, store.practitioners(view))),
        link=(_("Se kalenderen"), url_for("booking.choose_time", practitioner_id=added.practitioner_id, dag=added.start.date().isoformat())),
    )
    return redirect(url_for(".answer_wishes", _anchor=NEW_SLOT), code=303)


def slot_title(slot, practitioners) -> str:
    """ "19. desember 2023 kl. 07:15, Videotime, 30 min, hos August" """
    name = next((p.name for p in practitioners if p.id == slot.practitioner_id), slot.practitioner_id)
    return _(
        "%(date)s kl. %(time)s, %(kind)s, %(minutes)s min, hos %(name)s",
        date=format_date(slot.start.date(), "long"),
        time=clock(slot.start),
        kind=KINDS[slot.kind].name,
        minutes=slot.duration,
        name=name,
    )


def _aware(moment) -> str:
    return moment.replace(tzinfo=OSLO).isoformat()


def appointment_json(a: Appointment) -> dict:
    return {
        "id": a.id,
        "practitioner": a.practitioner_id,
        "start": _aware(a.start),
        "slot": format_key(a.start),
        "duration": a.duration,
        "kind": a.kind,
        "reason": a.reason,
        "status": "avbestilt" if a.cancelled else "tildelt",
    }


def wish_json(w: TimeWish) -> dict:
    return {
        "id": w.id,
        "practitioner": w.practitioner_id,
        "preferred": w.preferred,
        "reason": w.reason,
        "status": w.status,
        "appointment": w.answer.appointment_id if w.answer else None,
        "answer": w.answer.message if w.answer else "",
    }


def slot_json(slot: Slot | AddedSlot) -> dict:
    """A slot (free, or added by the office) as the API and /_sim/state show it."""
    return {
        "practitioner": slot.practitioner_id,
        "start": _aware(slot.start),
        "slot": format_key(slot.start),
        "duration": slot.duration,
        "kind": slot.kind,
    }


@state_section("booking")
def booking_state(view) -> dict:
    """Practitioners, this sandbox's appointments, time wishes and added slots (docs/state.md)."""
    return {
        "practitioners": [
            {"id": p.id, "name": p.name, "title": str(p.title), "own_gp": p.own_gp} for p in practitioners(view.scenario.model)
        ],
        "appointments": [appointment_json(a) for a in store.appointments(view.id)],
        "wishes": [wish_json(w) for w in store.wishes(view.id)],
        "added_slots": [slot_json(s) for s in store.added_slots(view.id)],
    }
