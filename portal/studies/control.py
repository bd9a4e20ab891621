"""UX studies on the control plane: the tester's pages (/_sim/studier: start a
participant, read the results, download them) and the participant's task panel
(/_sim/oppgave: what the panel's buttons send and its polling asks)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, redirect, request, url_for

from .. import sandbox
from ..i18n import _, _l
from ..web import is_htmx_request, local_next, local_url, refuse, render
from . import charts, export, live, results, store
from .models import GAVE_UP, INTERRUPTED, NOT_SOLVED, SOLVED, TIMED_OUT
from .study import Study

bp = Blueprint("studies", __name__)

OUTCOME_NAMES = {
    SOLVED: _l("Løst"),
    NOT_SOLVED: _l("Ikke løst"),
    GAVE_UP: _l("Ga opp"),
    TIMED_OUT: _l("Tiden gikk ut"),
    INTERRUPTED: _l("Avbrutt"),
    results.IN_PROGRESS: _l("Pågår"),
    results.NOT_STARTED: _l("Ikke startet"),
}

CHART_TITLES = {
    "suksess": _l("Løst per oppgave"),
    "tid": _l("Tid på oppgaven"),
    "vei": _l("Veien gjennom oppgave %(number)s"),
}


def _study(study_id: str) -> Study:
    study = live.studies().get(study_id)
    if study is None:
        abort(404)
    return study


# --- The tester's pages -------------------------------------------------------


@bp.get("/studier")
def index():
    studies = live.studies().values()
    counts = {study.id: len(store.participants(study.id)) for study in studies}
    return render("studies/index.html", studies=studies, counts=counts, running=live.current())


@bp.post("/studier/<study_id>/start")
def start(study_id: str):
    """A new participant on the study, in a fresh sandbox, in this browser; then the portal's front page."""
    study = _study(study_id)
    if study.scenario not in sandbox.scenarios():
        refuse(409, _("Studien bruker scenarioet «%(id)s», som ikke finnes i scenariomappen nå.", id=study.scenario))
    live.start_participant(study)
    return redirect(url_for("home.index"), code=303)


@bp.get("/studier/<study_id>")
def study_results(study_id: str):
    study = _study(study_id)
    table, summaries = live.results_of(study)
    return render(
        "studies/results.html",
        study=study,
        table=table,
        summaries=summaries,
        participants=sorted({row.participant for row in table}),
        outcome_names=OUTCOME_NAMES,
        chart_titles=CHART_TITLES,
        as_minutes=charts.as_minutes,
    )


@bp.get("/studier/<study_id>/resultater.<fmt>")
def download(study_id: str, fmt: str):
    study = _study(study_id)
    table, _summaries = live.results_of(study)
    if fmt == "csv":
        body, mimetype = export.to_csv(study, table), "text/csv; charset=utf-8"
    elif fmt == "json":
        body, mimetype = export.to_json(study, table), "application/json"
    else:
        abort(404)
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{study.id}.{fmt}"'})


@bp.get("/studier/<study_id>/diagram/<name>.<fmt>")
def chart(study_id: str, name: str, fmt: str):
    study = _study(study_id)
    if fmt not in charts.FORMATS:
        abort(404)
    _table, summaries = live.results_of(study)
    try:
        body, etag = charts.chart(name, fmt, study, summaries)
    except KeyError:
        abort(404)
    response = Response(body, mimetype=charts.FORMATS[fmt])
    if fmt == "svg":
        # matplotlib styles its SVG inline; opened on its own it is a document, without scripts.
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    if request.args.get("last-ned"):
        response.headers["Content-Disposition"] = f'attachment; filename="{study.id}-{name}.{fmt}"'
    response.set_etag(etag)
    response.cache_control.no_cache = True  # revalidated each time: the results change while sessions run
    return response.make_conditional(request)


# --- The participant's task panel ---------------------------------------------


def _back() -> str:
    """The page a panel's button was pressed on (``next``): read, and refused
    with a 400 if it is not a page in the simulator, before anything changes."""
    return local_next(request.form.get("next"))


def _panel(running: live.Running | None, acted: bool = False, back: str = ""):
    """The panel alone for htmx; without, back to the page it was on (or the front page)."""
    if not is_htmx_request() and request.method == "POST":
        return redirect(local_url(back), code=303)
    # For htmx the panel is on a patient's page: the one the button was pressed on, or the browser shows.
    shown = urlsplit(request.headers.get("HX-Current-URL", ""))
    here = back or local_next((shown.path.removeprefix(request.script_root) or "/") + (f"?{shown.query}" if shown.query else ""))
    return render("studies/task.html", block="panel", running=running, acted=acted, here=here)


@bp.get("/oppgave")
def panel():
    """The task panel. Polled while a task is under way: 204 while nothing changed."""
    running = live.current()
    if running is not None:
        live.settle(running)
        if is_htmx_request() and request.args.get("v") == running.version:
            return Response(status=204)
    return _panel(running)


@bp.post("/oppgave/start")
def start_task():
    back = _back()
    if (running := live.current()) is not None:
        live.start_task(running, back or "/")
    return _panel(running, acted=True, back=back)


@bp.post("/oppgave/ferdig")
def finish_task():
    back = _back()
    if (running := live.current()) is not None:
        live.finish_task(running)
    return _panel(running, acted=True, back=back)


@bp.post("/oppgave/gi-opp")
def give_up():
    back = _back()
    if (running := live.current()) is not None:
        live.give_up(running)
    return _panel(running, acted=True, back=back)
