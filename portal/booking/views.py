"""The patient's booking pages. Free slots come from the scenario (slots.py)
minus this sandbox's appointments (store.py); the calendar swaps in place with
htmx. The office's side and /_sim/state are in control.py."""

from __future__ import annotations

import datetime as dt
import functools

from flask import Blueprint, Response, abort, redirect, request, url_for
from flask_babel import format_date, get_locale

from .. import rules, sandbox
from ..forms import validate
from ..i18n import _
from ..services.catalog import current_catalog
from ..services.views import unavailable_response
from ..web import clock, receipt, render
from . import ics, store
from .forms import ConfirmForm, PractitionerForm, WishForm
from .kinds import KINDS, place
from .month import Month, grid, weekday_names
from .slots import booking_window, find_free_slot, free_slots, kinds_offered, parse_key

bp = Blueprint("booking", __name__, url_prefix="/timeavtaler")


def _service_id() -> str:
    """The GP service whose button leads here: «Bestill time»."""
    service = current_catalog().leading_to(f"{bp.name}.start")
    if service is None:
        abort(404)
    return service.id


def _step(view_func):
    """A step of «Velg time»: only while «Bestill time» takes requests (else the
    page saying it is off, or the absence page), and for one of the office's
    practitioners (else 404). The view gets the sandbox and the practitioner."""

    @functools.wraps(view_func)
    def step(practitioner_id: str):
        if (blocked := unavailable_response(_service_id())) is not None:
            return blocked
        view = sandbox.current()
        practitioner = next((p for p in store.practitioners(view) if p.id == practitioner_id), None)
        if practitioner is None:
            abort(404)
        return view_func(view, practitioner)

    return step


def _page_context(view, practitioner) -> dict:
    """What every step of «Velg time» shows around its own content."""
    service = view.service(_service_id())
    return {
        "practitioner": practitioner,
        "practitioners": store.practitioners(view),
        "service": service,
        "message_visible": rules.service_message_visible(service),
        "kinds": KINDS,
    }


def _calendar_context(view, practitioner, month: Month | None, day: dt.date | None) -> dict:
    """The month grid and the chosen day's free slots."""
    today = view.today
    first_month, last_month = Month.of(today), Month.of(booking_window(today)[1])
    month = month or (Month.of(day) if day else first_month)
    month = min(max(month, first_month), last_month)
    if day and (Month.of(day) != month or day < today):
        day = None
    taken = store.taken_starts(view.id, practitioner.id, month.first, month.last)
    slots = free_slots(practitioner, today, month.first, month.last, taken)
    return {
        "month": month,
        "weeks": grid(month, today, {slot.start.date() for slot in slots}),
        "weekdays": weekday_names(get_locale()),
        "previous_month": month.previous() if month > first_month else None,
        "next_month": month.next() if month < last_month else None,
        "today": today,
        "day": day,
        "day_slots": [slot for slot in slots if slot.start.date() == day],
    }


def _parse_day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


def _slot_gone(view, practitioner, start: dt.datetime):
    """The calendar again, at the lost slot's day, saying the slot is taken."""
    context = _page_context(view, practitioner) | _calendar_context(view, practitioner, Month.of(start.date()), start.date())
    # A sandbox is one patient: the slot went to their own other tab or first
    # click, so show them the booking they have rather than leave them guessing.
    own = store.live_appointment_at(view.id, practitioner.id, start)
    return render("booking/choose_time.html", status=409, slot_gone=True, own_booking=own, **context)


@bp.get("")
def index():
    view = sandbox.current()
    appointments = store.appointments(view.id)
    return render(
        "booking/list.html",
        upcoming=[a for a in appointments if a.start.date() >= view.today],
        past=[a for a in appointments if a.start.date() < view.today][::-1],
        wishes=store.wishes(view.id),
        service=view.service(_service_id()),
        appointment_title=lambda appointment: title(appointment, view.office),
    )


@bp.route("/bestill", methods=["GET", "POST"])
def start():
    view = sandbox.current()
    if (blocked := unavailable_response(_service_id())) is not None:
        return blocked
    choices = store.practitioners(view)
    if len(choices) == 1 and request.method == "GET":
        return redirect(url_for(".choose_time", practitioner_id=choices[0].id), code=303)
    form = PractitionerForm(request.form)
    form.behandler.choices = [p.id for p in choices]
    errors = validate(form) if request.method == "POST" else {}
    if request.method == "POST" and not errors:
        return redirect(url_for(".choose_time", practitioner_id=form.behandler.data), code=303)
    return render(
        "booking/practitioners.html",
        practitioners=choices,
        form=form,
        errors=errors,
        kinds_offered=lambda practitioner: [KINDS[kind] for kind in kinds_offered(practitioner)],
    )


@bp.get("/bestill/<practitioner_id>")
@_step
def choose_time(view, practitioner):
    context = _page_context(view, practitioner) | _calendar_context(
        view, practitioner, Month.parse(request.args.get("maned")), _parse_day(request.args.get("dag"))
    )
    return render("booking/choose_time.html", block="calendar", **context)


@bp.route("/bestill/<practitioner_id>/bekreft", methods=["GET", "POST"])
@_step
def confirm(view, practitioner):
    start = parse_key(request.values.get("tid"))
    slot = find_free_slot(practitioner, view.today, start) if start else None
    if slot is None:
        # No time, or none of the practitioner's in the booking window (an old link, a made-up date): choose one.
        return redirect(url_for(".choose_time", practitioner_id=practitioner.id), code=303)
    if start in store.taken_starts(view.id, practitioner.id, start.date(), start.date()):
        return _slot_gone(view, practitioner, start)

    form = ConfirmForm(request.form)
    errors = validate(form) if request.method == "POST" else {}
    if request.method == "POST" and not errors:
        appointment = store.book(view.id, slot, practitioner.name, form.arsak.data)
        if appointment is None:
            return _slot_gone(view, practitioner, start)
        receipt(_("Timen er bestilt."))
        return redirect(url_for(".show", appointment_id=appointment.id), code=303)
    return render(
        "booking/confirm.html",
        slot=slot,
        place=place(slot.kind, view.office),
        form=form,
        errors=errors,
        **_page_context(view, practitioner),
    )


@bp.route("/bestill/<practitioner_id>/foresla-tidspunkt", methods=["GET", "POST"])
@_step
def wish(view, practitioner):
    form = WishForm(request.form)
    errors = validate(form) if request.method == "POST" else {}
    if request.method == "POST" and not errors:
        store.add_wish(view.id, practitioner.id, practitioner.name, form.tidspunkt.data, form.arsak.data)
        receipt(_("Forslaget ditt er sendt til legekontoret. Svaret ser du her i Timeavtaler."))
        return redirect(url_for(".index"), code=303)
    return render(
        "booking/wish.html",
        active_tab="foresla",
        form=form,
        errors=errors,
        **_page_context(view, practitioner),
    )


def _own_appointment(appointment_id: int):
    view = sandbox.current()
    appointment = store.appointment(view.id, appointment_id)
    if appointment is None:
        abort(404)
    return view, appointment


def title(appointment, office) -> str:
    """ "23. juni 2023, kl. 10:00: Telefontime hos DDFL Test" (as in the seed)."""
    return _(
        "%(date)s, kl. %(time)s: %(kind)s hos %(office)s",
        date=format_date(appointment.start.date(), "long"),
        time=clock(appointment.start),
        kind=KINDS[appointment.kind].name,
        office=office.name,
    )


@bp.get("/<id:appointment_id>")
def show(appointment_id: int):
    view, appointment = _own_appointment(appointment_id)
    return render(
        "booking/appointment.html",
        appointment=appointment,
        title=title(appointment, view.office),
        place=place(appointment.kind, view.office),
        can_cancel=not appointment.cancelled and appointment.start.date() >= view.today,
        kinds=KINDS,
    )


@bp.get("/<id:appointment_id>.ics")
def calendar_file(appointment_id: int):
    view, appointment = _own_appointment(appointment_id)
    body = ics.event(
        uid=ics.appointment_uid(view.id, appointment.id, appointment.booked_at),
        start=appointment.start,
        end=appointment.end,
        summary=_("%(kind)s hos %(office)s", kind=KINDS[appointment.kind].name, office=view.office.name),
        location=place(appointment.kind, view.office),
        description=_("Behandler: %(name)s. Timen gjelder: %(reason)s", name=appointment.practitioner_name, reason=appointment.reason),
        stamp=dt.datetime.now(dt.timezone.utc),
        modified=appointment.cancelled_at or appointment.booked_at,
        cancelled=appointment.cancelled,
    )
    filename = f"timeavtale-{appointment.start:%Y-%m-%d-%H%M}.ics"
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<id:appointment_id>/avbestill", methods=["GET", "POST"])
def cancel(appointment_id: int):
    view, appointment = _own_appointment(appointment_id)
    if appointment.cancelled or appointment.start.date() < view.today:
        return redirect(url_for(".show", appointment_id=appointment.id), code=303)
    if request.method == "POST":
        store.cancel(appointment)
        receipt(_("Timen er avbestilt."))
        return redirect(url_for(".show", appointment_id=appointment.id), code=303)
    return render("booking/cancel.html", appointment=appointment, title=title(appointment, view.office), kinds=KINDS)
