"""``portal screenshots``: every scenario's key pages as PNGs in a real
headless Chromium, with an ``index.html`` that shows them in a grid beside the
webinar's table. For trainers' slides, and to review a change at a glance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, render_template, url_for
from flask_babel import lazy_gettext as _l

from . import rules
from .scenarios import Scenario
from .services.catalog import Catalog, OfficeSettings
from .testing import CHROMIUM_ARGS, SimServer, chromium_env, chromium_executable

DEFAULT_WIDTHS = (375, 1280)


@dataclass(frozen=True)
class KeyPage:
    slug: str  # the PNG's name: <scenario>/<slug>-<width>.png
    title: str
    path: str


def key_pages(app: Flask, scenario: Scenario) -> list[KeyPage]:
    """The pages the gallery shows for ``scenario``, as its patient meets them:
    the front page (and the new one's Fastlegetjenester), each service that is
    on with its own first page, the calendar of the patient's own GP, the
    inbox and the appointments, and last the office's settings.
    Needs a request context (for ``url_for``)."""
    from .booking.slots import practitioners

    catalog: Catalog = app.config["GP_SERVICES"]
    offered = {service.id for service in OfficeSettings.of(scenario, catalog).services if service.on}
    pages = [KeyPage("forside", str(_l("Forside")), "/")]
    if scenario.front_page == "ny":
        pages.append(KeyPage("fastlegetjenester", str(_l("Fastlegetjenester")), url_for("home.gp_services")))
    pages += [KeyPage(service.id, str(service.button), service.url()) for service in catalog if service.id in offered]
    if "bestill-time" in offered:
        own_gp = practitioners(scenario.model)[0]
        pages.append(KeyPage("kalender", str(_l("Velg time")), url_for("booking.choose_time", practitioner_id=own_gp.id)))
        pages.append(KeyPage("timeavtaler", str(_l("Timeavtaler")), url_for("booking.index")))
    pages.append(KeyPage("innboks", str(_l("Innboks")), url_for("messages.inbox_page")))
    pages.append(KeyPage("kontor", str(_l("Legekontorets innstillinger")), url_for("control.office.editor")))
    return pages


def _seeded_table(app: Flask, scenario: Scenario) -> list[rules.TableRow]:
    return rules.webinar_table(scenario.panel.message, OfficeSettings.of(scenario, app.config["GP_SERVICES"]).services)


def make_gallery(
    app: Flask,
    out: Path,
    scenario_ids: Sequence[str],
    widths: Sequence[int] = DEFAULT_WIDTHS,
    progress: Callable[[str], None] = print,
) -> Path:
    """Screenshots of ``scenario_ids`` (all if empty) into ``out``; returns the index's path."""
    from playwright.sync_api import sync_playwright

    scenarios: dict[str, Scenario] = app.extensions["portal.scenario_library"].scenarios
    chosen = [scenarios[sid] for sid in scenario_ids] if scenario_ids else list(scenarios.values())
    with app.test_request_context():
        plan = {scenario.id: key_pages(app, scenario) for scenario in chosen}
    total = sum(len(pages) for pages in plan.values()) * len(widths)
    out.mkdir(parents=True, exist_ok=True)

    done = 0
    with SimServer(scenarios=app.config["SCENARIOS_DIR"]) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(args=CHROMIUM_ARGS, env=chromium_env(), executable_path=chromium_executable(playwright))
        try:
            for scenario_id, pages in plan.items():
                (out / scenario_id).mkdir(exist_ok=True)
                # A sandbox of its own, in a Norwegian browser (the file picker says so).
                context = browser.new_context(base_url=server.url, locale="nb-NO", timezone_id="Europe/Oslo")
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
            sections=[(scenario, plan[scenario.id], _seeded_table(app, scenario)) for scenario in chosen],
            widths=widths,
            made=dt.datetime.now().strftime("%d.%m.%Y %H:%M"),
        )
    index = out / "index.html"
    index.write_text(html, encoding="utf-8")
    return index
