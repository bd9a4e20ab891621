"""The simulator's login page (/_sim/logg-inn) and «Logg ut av simulatoren»."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for

from ..forms import validate
from ..i18n import _
from ..web import local_next, local_url, receipt, render
from . import attempts, password
from .forms import LoginForm

bp = Blueprint("access", __name__)


@bp.route("/logg-inn", methods=("GET", "POST"))
def log_in():
    next_path = local_next(request.values.get("next"))
    target = local_url(next_path, url_for("control.panel.dashboard"))
    if not password.configured() or (request.method == "GET" and password.is_logged_in()):
        return redirect(target, code=303)
    form = LoginForm(request.form)
    if request.method == "GET":
        return render("access/login.html", form=form, next=next_path, errors={})
    if (wait := attempts.seconds_to_wait(attempts.PASSWORD)) is not None:
        page = render("access/login.html", form=form, next=next_path, errors={"password": attempts.too_many(attempts.PASSWORD, wait)})
        return attempts.with_retry_after(page, wait)
    errors = validate(form)
    if not errors and not password.matches(form.password.data):
        attempts.record_failure(attempts.PASSWORD)
        errors = {"password": _("Passordet er feil. Sjekk at du har skrevet det riktig, og prøv igjen.")}
    if errors:
        return render("access/login.html", form=form, next=next_path, errors=errors)
    password.log_in()
    return redirect(target, code=303)


@bp.post("/logg-ut")
def log_out():
    password.log_out()
    receipt(_("Du er logget ut av simulatoren."))
    return redirect(url_for(".log_in"), code=303)
