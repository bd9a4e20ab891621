"""The office's side on the control plane, as the seed has it in two places:

- Helsetilbud (/_sim/kontor): the texts patients see, per service, with
  their limits and the absences, saved together with LAGRE; its second tab,
  INTEGRERTE VERKTØY, says what it would hold.
- The journal system (/_sim/kontor/journalsystem): «Hvor skrur du tjenestene
  av og på? Via journalsystemet ditt … alternativt via Adresseregisteret»:
  a switch per service, each taking effect at once.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, request, url_for

from .. import sandbox
from ..forms import validate
from ..i18n import _
from ..services.catalog import OfficeChanges, current_catalog
from ..web import is_htmx_request, local_url, receipt, render
from .forms import EditorForm, editor_form

bp = Blueprint("office", __name__, url_prefix="/kontor")

# «Velg virksomhet»: the webinar's shared test organisation, and the sandbox's
# office. The simulator has one office per sandbox, so both show its settings.
WEBINAR_ORGANISATION = ("felles-test", "felles test")


def _organisations(view: sandbox.SandboxView) -> dict:
    choices = [WEBINAR_ORGANISATION, ("kontor", view.office.name)]
    chosen = request.args.get("virksomhet")
    return {"organisations": choices, "organisation": chosen if chosen in dict(choices) else WEBINAR_ORGANISATION[0]}


def _back_to() -> str:
    """Where a form of these pages leads back to: the page it is on, as a path
    inside the simulator (``local_url`` puts it under the prefix)."""
    return request.full_path.rstrip("?") if request.method == "GET" else request.form.get("next", "")


def editor_context(view: sandbox.SandboxView, form: EditorForm | None = None, errors: dict | None = None) -> dict:
    """What the editor (templates/office/kontor.html, block "editor") shows:
    ``form`` as typed, or else filled from the sandbox's settings."""
    catalog = current_catalog()
    field = _("Tilleggsinformasjon fra legekontor")
    labels = {"panel_message": f"{field} ({_('Helsekontakt inkl. fastlegepanel')})"}
    for info in catalog:
        labels[f"message-{info.id}"] = f"{field} ({info.office_name})"
        labels[f"absence-{info.id}"] = f"{_('Fraværsmelding til pasientene')} ({info.office_name})"
    return {
        "form": form or editor_form(catalog).filled(view.settings),
        "errors": errors or {},
        "field_labels": labels,
        "editor_services": [view.service(s.id) for s in catalog.in_office_order()],
        "back_to": _back_to(),
    }


def switches_context(view: sandbox.SandboxView) -> dict:
    """What the journal system's switches (templates/office/_switches.html) show."""
    return {"switch_services": [view.service(s.id) for s in current_catalog().in_office_order()], "back_to": _back_to()}


def _changed(response: Response) -> Response:
    # Live views on this page refresh at once instead of at their next poll.
    response.headers["HX-Trigger"] = "sandbox-changed"
    return response


def _going_back(fallback: str) -> str:
    """Where the form asked to go back to, under the prefix; read before anything is saved (a bad one is a 400)."""
    return local_url(request.form.get("next"), url_for(fallback))


@bp.get("")
def editor():
    view = sandbox.current()
    return render("office/kontor.html", **editor_context(view), **_organisations(view))


@bp.get("/integrerte-verktoy")
def tools():
    view = sandbox.current()
    return render("office/tools.html", **_organisations(view))


@bp.get("/journalsystem")
def journal():
    return render("office/journal.html", **switches_context(sandbox.current()))


@bp.post("")
def save():
    view = sandbox.current()
    going_back = _going_back(".editor")
    form = editor_form(current_catalog())(request.form)
    if errors := validate(form):
        # Everything typed is kept, as typed.
        return render("office/kontor.html", block="editor", **editor_context(view, form, errors), **_organisations(view))
    view.change_office_settings(form.changes())
    receipt(_("Endringene er lagret."))
    if is_htmx_request():
        return _changed(render("office/kontor.html", block="editor", **editor_context(view)))
    return redirect(going_back, code=303)


@bp.post("/tjeneste")
def toggle():
    """The journal system's switch: a service on or off at once, without
    saving the texts being edited in Helsetilbud.

    The button says which state it asks for ("forny-resept:off"), not "flip",
    so a double click or a resent form leaves the service as the trainer meant.
    """
    view = sandbox.current()
    going_back = _going_back(".journal")
    service_id, _sep, wanted = request.form.get("service", "").partition(":")
    if service_id not in current_catalog() or wanted not in ("on", "off"):
        abort(400)
    view.change_office_settings(OfficeChanges(services={service_id: {"on": wanted == "on"}}))
    if is_htmx_request():
        return _changed(render("office/_switches.html", block="switch", service=view.service(service_id), oob=True))
    return redirect(going_back, code=303)
