"""The patient's booking pages. Free slots come from the scenario (slots.py)
minus this sandbox's appointments (store.py); the calendar swaps in place with
htmx. The office's side and /_sim/state are in sim.py."""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import format_date, gettext as _

from .. import rules, sandbox
from ..services.absence import unavailable_response
from ..web import render
from . import bp, ics, store
from .forms import PREFERRED_MAX, REASON_MAX, WISH_REASON_MAX, reason_errors, wish_errors
from .kinds import KINDS, place
from .month import Month, grid
from .slots import booking_window, find_free_slot, free_slots, kinds_offered, parse_key, practitioners

SERVICE_ID = "bestill-time"


def practitioner_or_404(view, practitioner_id: str):
    found = next((p for p in practitioners(view.scenario.model) if p.id == practitioner_id), None)
    if found is None:
        abort(404)
    return found


def _page_context(view, practitioner) -> dict:
    """What every step of «Velg time» shows around its own content."""
    service = view.service(SERVICE_ID)
    return {
        "practitioner": practitioner,
        "practitioners": practitioners(view.scenario.model),
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
        service=view.service(SERVICE_ID),
        appointment_title=lambda appointment: title(appointment, view.office),
    )


@bp.route("/bestill", methods=["GET", "POST"])
def start():
    view = sandbox.current()
    if (blocked := unavailable_response(SERVICE_ID)) is not None:
        return blocked
    choices = practitioners(view.scenario.model)
    if len(choices) == 1 and request.method == "GET":
        return redirect(url_for(".choose_time", practitioner_id=choices[0].id), code=303)
    errors = {}
    chosen = request.form.get("behandler", "")
    if request.method == "POST":
        if chosen in {p.id for p in choices}:
            return redirect(url_for(".choose_time", practitioner_id=chosen), code=303)
        errors["behandler"] = _("Velg en behandler.")
    return render(
        "booking/practitioners.html",
        practitioners=choices,
        chosen=chosen,
        errors=errors,
        kinds_offered=lambda practitioner: [KINDS[kind] for kind in kinds_offered(practitioner)],
    )


@bp.get("/bestill/<practitioner_id>")
def choose_time(practitioner_id: str):
    view = sandbox.current()
    if (blocked := unavailable_response(SERVICE_ID)) is not None:
        return blocked
    practitioner = practitioner_or_404(view, practitioner_id)
    context = _page_context(view, practitioner) | _calendar_context(
        view, practitioner, Month.parse(request.args.get("maned")), _parse_day(request.args.get("dag"))
    )
    return render("booking/choose_time.html", block="calendar", **context)


@bp.route("/bestill/<practitioner_id>/bekreft", methods=["GET", "POST"])
def confirm(practitioner_id: str):
    view = sandbox.current()
    if (blocked := unavailable_response(SERVICE_ID)) is not None:
        return blocked
    practitioner = practitioner_or_404(view, practitioner_id)
    start = parse_key(request.values.get("tid"))
    if start is None:
        return redirect(url_for(".choose_time", practitioner_id=practitioner.id), code=303)
    taken = store.taken_starts(view.id, practitioner.id, start.date(), start.date())
    slot = find_free_slot(practitioner, view.today, start, taken)
    if slot is None:
        return _slot_gone(view, practitioner, start)

    reason = request.form.get("arsak", "")
    errors = reason_errors(reason) if request.method == "POST" else {}
    if request.method == "POST" and not errors:
        appointment = store.book(view.id, slot, practitioner.name, reason.strip())
        if appointment is None:
            return _slot_gone(view, practitioner, start)
        flash(_("Timen er bestilt."))
        return redirect(url_for(".show", appointment_id=appointment.id), code=303)
    return render(
        "booking/confirm.html",
        slot=slot,
        place=place(slot.kind, view.office),
        reason=reason,
        reason_max=REASON_MAX,
        errors=errors,
        **_page_context(view, practitioner),
    )


@bp.route("/bestill/<practitioner_id>/foresla-tidspunkt", methods=["GET", "POST"])
def wish(practitioner_id: str):
    view = sandbox.current()
    if (blocked := unavailable_response(SERVICE_ID)) is not None:
        return blocked
    practitioner = practitioner_or_404(view, practitioner_id)
    preferred = request.form.get("tidspunkt", "")
    reason = request.form.get("arsak", "")
    errors = wish_errors(preferred, reason) if request.method == "POST" else {}
    if request.method == "POST" and not errors:
        store.add_wish(view.id, practitioner.id, practitioner.name, preferred.strip(), reason.strip())
        flash(_("Forslaget ditt er sendt til legekontoret. Svaret ser du her i Timeavtaler."))
        return redirect(url_for(".index"), code=303)
    return render(
        "booking/wish.html",
        active_tab="foresla",
        preferred=preferred,
        reason=reason,
        preferred_max=PREFERRED_MAX,
        reason_max=WISH_REASON_MAX,
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
        date=format_date(appointment.start.date(), "d. MMMM y"),
        time=appointment.start.strftime("%H:%M"),
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
        flash(_("Timen er avbestilt."))
        return redirect(url_for(".show", appointment_id=appointment.id), code=303)
    return render("booking/cancel.html", appointment=appointment, title=title(appointment, view.office), kinds=KINDS)
