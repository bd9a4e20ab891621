"""The control plane under /_sim/: scenarios, start, reset and the state as JSON."""

from flask import Blueprint, current_app, redirect, request

from .. import rules, sandbox
from ..catalog import CATALOG
from ..web import local_url, render

bp = Blueprint("sim", __name__, url_prefix="/_sim")

# Other areas add their part of /_sim/state here: name -> function(SandboxView).
STATE_SECTIONS = {}


def state_section(name: str):
    """Register ``fn(view) -> JSON-able`` as the key ``name`` of /_sim/state."""

    def register(fn):
        STATE_SECTIONS[name] = fn
        return fn

    return register


@bp.get("/")
def dashboard():
    current = sandbox.current()
    tables = {
        scenario.id: rules.webinar_table(scenario.panel.message, sandbox.services_of(scenario))
        for scenario in sandbox.scenarios().values()
    }
    current_table = rules.webinar_table(current.panel_message, current.services)
    return render(
        "sim/dashboard.html",
        problems=current_app.extensions["portal.scenario_library"].problems,
        scenarios=sandbox.scenarios().values(),
        tables=tables,
        current_table=current_table,
    )


@bp.get("/start/<scenario_id>")
def start(scenario_id: str):
    if scenario_id not in sandbox.scenarios():
        return render("sim/unknown_scenario.html", status=404, scenario_id=scenario_id, scenarios=sandbox.scenarios().values())
    sandbox.start(scenario_id)
    return redirect(local_url(request.args.get("next")), code=303)


@bp.post("/reset")
def reset():
    sandbox.reset(sandbox.current())
    return redirect(local_url(request.form.get("next") or request.args.get("next")), code=303)


@bp.get("/state")
def state():
    return state_document(sandbox.current())


def state_document(view: sandbox.SandboxView) -> dict:
    """The sandbox as JSON for tests; its shape is documented in docs/state.md."""
    return {
        "sandbox": view.id,
        "scenario": {"id": view.scenario.id, "title": view.scenario.title},
        "today": view.today.isoformat(),
        "persona": view.persona.model_dump(),
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
                "name": str(CATALOG[service.id].button),
                "on": service.on,
                "message": service.message,
                "message_visible": rules.service_message_visible(service),
                "status": rules.service_status(service),
                "absent": service.absent,
                "absence_message": service.absence_message,
            }
            for service in view.services
        ],
        **{name: section(view) for name, section in STATE_SECTIONS.items()},
    }


@bp.get("/health")
def health():
    """For scripts and test fixtures that wait for the server to come up."""
    return {"status": "ok", "scenarios": list(sandbox.scenarios())}
