"""The control panel (/_sim/): every scenario with the webinar's table, start
a scenario, reset, this browser's state as JSON, and a health check."""

from flask import Blueprint, current_app, redirect, request, url_for

from .. import rules, sandbox
from ..control import state_sections
from ..i18n import _
from ..security import from_another_site
from ..services.catalog import OfficeSettings, current_catalog
from ..web import is_htmx_request, local_next, local_url, render

bp = Blueprint("panel", __name__)


@bp.app_errorhandler(sandbox.ScenarioGone)
def scenario_gone(gone: sandbox.ScenarioGone):
    """Every page of a sandbox whose scenario file is gone says so, and leads to the control panel."""
    response = render("controlpanel/scenario_gone.html", status=409, scenario_id=gone.scenario_id)
    if is_htmx_request():
        response.headers["HX-Refresh"] = "true"  # a live view polling: show the whole page instead
    return response


@bp.get("/")
def dashboard():
    try:
        current, gone = sandbox.current(), None
    except sandbox.ScenarioGone as error:
        current, gone = None, error  # the rest of the panel works: another scenario can be started
    scenarios = sandbox.scenarios().values()
    seeded = {scenario.id: OfficeSettings.of(scenario, current_catalog()) for scenario in scenarios}
    tables = {sid: rules.webinar_table(settings.panel_message, settings.services) for sid, settings in seeded.items()}
    return render(
        "controlpanel/dashboard.html",
        problems=current_app.extensions["portal.scenario_library"].problems,
        scenarios=scenarios,
        tables=tables,
        current_table=rules.webinar_table(current.panel_message, current.services) if current else None,
        gone=gone,
    )


@bp.route("/start/<scenario_id>", methods=("GET", "POST"))
def start(scenario_id: str):
    """A link starts a scenario (``participant=1``: for a UX test's participant,
    whose pages show no simulator); one on another site asks first (the POST is the answer)."""
    known = sandbox.scenarios()
    if scenario_id not in known:
        return render("controlpanel/unknown_scenario.html", status=404, scenario_id=scenario_id, scenarios=known.values())
    next_path = local_next(request.values.get("next"))
    participant = request.values.get("participant") in ("1", "true", "on")
    if request.method == "GET" and from_another_site():
        return render(
            "access/confirm.html",
            title=_("Vil du starte scenarioet «%(title)s»?", title=known[scenario_id].title),
            text=_("Denne nettleseren får da en ny sandkasse med scenarioet, og det du har gjort i simulatoren til nå, vises ikke lenger."),
            action=url_for(".start", scenario_id=scenario_id),
            fields={"next": next_path} | ({"participant": "1"} if participant else {}),
            button=_("Start scenarioet"),
        )
    sandbox.start(scenario_id, participant=participant)
    return redirect(local_url(next_path), code=303)


@bp.post("/reset")
def reset():
    """Back to the scenario's start, and to the page it was asked from, or the nearest one there still is."""
    asked_from = local_next(request.form.get("next") or request.args.get("next")) or "/"  # a bad one is a 400 before the reset
    sandbox.reset(sandbox.current())
    return redirect(local_url(sandbox.nearest_page(asked_from)), code=303)


@bp.get("/state")
def state():
    try:
        return state_document(sandbox.current())
    except sandbox.ScenarioGone as gone:
        # The sandbox is kept; only its id and its scenario's id can be told (docs/state.md).
        return {
            "sandbox": gone.sandbox_id,
            "scenario": {"id": gone.scenario_id, "title": None},
            "error": "scenario_missing",
            "message": _("Scenarioet «%(id)s» finnes ikke lenger i scenariomappen.", id=gone.scenario_id),
        }, 409


def state_document(view: sandbox.SandboxView) -> dict:
    """The sandbox as JSON for tests; its shape is documented in docs/state.md."""
    return {
        "sandbox": view.id,
        "scenario": {"id": view.scenario.id, "title": str(view.scenario.title)},
        "today": view.today.isoformat(),
        # The front page's counts as the scenario starts (its unread threads, its new events).
        "persona": view.persona.model_dump() | {"new_messages": view.scenario.unread_threads, "new_events": view.scenario.new_events},
        "gp": view.gp.model_dump(),
        "office": view.office.model_dump(),
        "panel": {
            "on": rules.panel_is_on(view.services),
            "message": view.panel_message,
            "message_visible": rules.panel_message_visible(view.panel_message, view.services),
        },
        "services": [
            {
                "id": service.id,
                "name": str(current_catalog()[service.id].button),
                "on": service.on,
                "message": service.message,
                "message_visible": rules.service_message_visible(service),
                "status": rules.service_status(service),
                "absent": service.absent,
                "absence_message": service.absence_message,
            }
            for service in view.services
        ],
        "login": {"logged_in": not sandbox.is_logged_out()},
        "participant": sandbox.participant_mode(view),
        **{name: section(view) for name, section in state_sections.items()},
    }


@bp.get("/health")
def health():
    """For scripts and test fixtures that wait for the server to come up."""
    return {"status": "ok", "scenarios": list(sandbox.scenarios())}
