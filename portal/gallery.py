"""``portal screenshots``: every scenario's key pages as PNGs in a real
headless Chromium, with an ``index.html`` that shows them in a grid beside the
webinar's table. For trainers' slides, and to review a change at a glance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from . import rules
from .catalog import CATALOG
from .scenarios import Scenario
from .testing import CHROMIUM_ARGS, SimServer, chromium_executable

DEFAULT_WIDTHS = (375, 1280)


@dataclass(frozen=True)
class KeyPage:
    slug: str  # the PNG's name: <scenario>/<slug>-<width>.png
    title: str
    path: str


# Pages other areas add, by the addresses they have, and the service that
# must be on for a patient to see them (None: always). A page is shown when
# this app has a GET route there, so the command works with or without them.
OPTIONAL_PAGES = (
    ("innboks", _l("Innboks"), ("/innboks", "/meldinger"), None),
    ("timeavtaler", _l("Timeavtaler"), ("/timeavtaler",), "bestill-time"),
    ("kontor", _l("Legekontorets innstillinger"), ("/_sim/kontor",), None),
)


def _has_page(app: Flask, path: str) -> bool:
    try:
        app.url_map.bind("localhost").match(path, method="GET")
    except RequestRedirect:  # "/innboks" for a route "/innboks/"
        return True
    except (NotFound, MethodNotAllowed):
        return False
    return True


def key_pages(app: Flask, scenario: Scenario) -> list[KeyPage]:
    """The pages the gallery shows for ``scenario``, in this order: the front
    page, each service page that is on (the calendar and the message forms are
    theirs), then the inbox, appointments and the office's settings where the
    app has them. Needs a request context (for ``url_for``)."""
    pages = [KeyPage("forside", str(_l("Forside")), "/")]
    for service_id, service in scenario.services.by_id().items():
        if service.offered:
            pages.append(KeyPage(service_id, str(CATALOG[service_id].button), CATALOG[service_id].url()))
    offered = {service_id for service_id, service in scenario.services.by_id().items() if service.offered}
    for slug, title, paths, needs in OPTIONAL_PAGES:
        if needs and needs not in offered:
            continue
        if found := next((path for path in paths if _has_page(app, path)), None):
            pages.append(KeyPage(slug, str(title), found))
    return pages


def _seeded_table(scenario: Scenario) -> list[rules.TableRow]:
    services = [rules.ServiceState(sid, s.offered, s.message) for sid, s in scenario.services.by_id().items()]
    return rules.webinar_table(scenario.panel.message, services)


def make_gallery(
    app: Flask,
    out: Path,
    scenario_ids: Sequence[str],
    widths: Sequence[int] = DEFAULT_WIDTHS,
    progress: Callable[[str], None] = print,
) -> Path:
    """Screenshots of ``scenario_ids`` (all if empty) into ``out``; returns the index's path."""
    from playwright.sync_api import sync_playwright

    scenarios: dict[str, Scenario] = app.extensions["portal.scenarios"]
    chosen = [scenarios[sid] for sid in scenario_ids] if scenario_ids else list(scenarios.values())
    with app.test_request_context():
        plan = {scenario.id: key_pages(app, scenario) for scenario in chosen}
    total = sum(len(pages) for pages in plan.values()) * len(widths)
    out.mkdir(parents=True, exist_ok=True)

    done = 0
    with SimServer(scenarios=app.config["SCENARIOS_DIR"]) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(args=CHROMIUM_ARGS, executable_path=chromium_executable(playwright))
        try:
            for scenario_id, pages in plan.items():
                (out / scenario_id).mkdir(exist_ok=True)
                context = browser.new_context(base_url=server.url)  # a sandbox of its own
                page = context.new_page()
                page.goto(f"/_sim/start/{scenario_id}")
                for key_page in pages:
                    for width in widths:
                        page.set_viewport_size({"width": width, "height": 800})
                        page.goto(key_page.path)
                        page.screenshot(path=out / scenario_id / f"{key_page.slug}-{width}.png", full_page=True)
                        done += 1
                        progress(f"[{done}/{total}] {scenario_id}: {key_page.title}, {width} px")
                context.close()
        finally:
            browser.close()

    with app.test_request_context():
        html = render_template(
            "gallery/index.html",
            sections=[(scenario, plan[scenario.id], _seeded_table(scenario)) for scenario in chosen],
            widths=widths,
            made=dt.datetime.now().strftime("%d.%m.%Y %H:%M"),
        )
    index = out / "index.html"
    index.write_text(html, encoding="utf-8")
    return index
