"""The office's tool at /_sim/kontor: switch a service on or off at once; save
the messages and absences together with LAGRE."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, request, url_for
from flask_babel import gettext as _

from .. import rules, sandbox
from ..forms import validate
from ..services.catalog import OfficeChanges, current_catalog
from ..web import is_htmx_request, local_url, receipt, render
from .forms import EditorForm, editor_form

bp = Blueprint("office", __name__, url_prefix="/kontor")


def editor_context(view: sandbox.SandboxView, form: EditorForm | None = None, errors: dict | None = None) -> dict:
    """What the editor (templates/office/kontor.html, block "editor") shows:
    ``form`` as typed, or else filled from the sandbox's settings."""
    return {
        "form": form or editor_form(current_catalog()).filled(view.settings),
        "errors": errors or {},
        "editor_services": [view.service(s.id) for s in current_catalog().in_office_order()],
        "panel_on": rules.panel_is_on(view.services),
    }


def _changed(response: Response) -> Response:
    # Live views on this page refresh at once instead of at their next poll.
    response.headers["HX-Trigger"] = "sandbox-changed"
    return response


def _back_to() -> str:
    """Where the form asked to go back to (checked before anything is saved)."""
    return local_url(request.form.get("next"), url_for(".editor"))


@bp.get("")
def editor():
    return render("office/kontor.html", **editor_context(sandbox.current()))


@bp.post("")
def save():
    view = sandbox.current()
    back_to = _back_to()
    form = editor_form(current_catalog())(request.form)
    if errors := validate(form):
        # Everything typed is kept, as typed.
        return render("office/kontor.html", block="editor", **editor_context(view, form, errors))
    view.change_office_settings(form.changes())
    receipt(_("Endringene er lagret."))
    if is_htmx_request():
        return _changed(render("office/kontor.html", block="editor", **editor_context(view)))
    return redirect(back_to, code=303)


@bp.post("/tjeneste")
def toggle():
    """The switch: a service on or off at once, without saving the texts being edited.

    The button says which state it asks for ("forny-resept:off"), not "flip",
    so a double click or a resent form leaves the service as the trainer meant.
    """
    view = sandbox.current()
    back_to = _back_to()
    service_id, _sep, wanted = request.form.get("service", "").partition(":")
    if service_id not in current_catalog() or wanted not in ("on", "off"):
        abort(400)
    view.change_office_settings(OfficeChanges(services={service_id: {"on": wanted == "on"}}))
    if is_htmx_request():
        return _changed(render("office/kontor.html", block="switch", service=view.service(service_id)))
    return redirect(back_to, code=303)
