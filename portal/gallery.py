"""``portal screenshots``: every scenario's key pages as PNGs in a real
headless Chromium, with an ``index.html`` that shows them in a grid beside the
webinar's table. For trainers' slides, and to review a change at a glance."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, render_template, url_for
from flask_babel import format_datetime

from . import rules
from .i18n import LANGUAGES, _l
from .scenarios import Scenario
from .services.catalog import Catalog, OfficeSettings
from .testing import CHROMIUM_ARGS, SimServer, chromium_env, chromium_executable

DEFAULT_WIDTHS = (375, 1280)
# The design system's own components photographed by `make reference` (scripts/designsystem-reference).
REFERENCE_DIR = Path(__file__).resolve().parent.parent / "docs" / "designsystem"
# The webinar's own screens as text (docs/webinar/), for pages the design system has no picture of.
WEBINAR_DIR = Path(__file__).resolve().parent.parent / "docs" / "webinar"


@dataclass(frozen=True)
class KeyPage:
    slug: str  # the PNG's name: <scenario>/<slug>-<width>.png
    title: str
    path: str


def key_pages(app: Flask, scenario: Scenario) -> list[KeyPage]:
    """The pages the gallery shows for ``scenario``, as its patient meets them:
    the front page (and the new one's Fastlegetjenester), each service that is
    on with its own first page, the calendar of the patient's own GP, the
    inbox and the appointments, the events, and last the office's settings
    and the journal system's switches.
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
    if scenario.events:
        pages.append(KeyPage("hendelser", str(_l("Hendelser")), url_for("home.events")))
    pages.append(KeyPage("kontor", str(_l("Legekontorets innstillinger")), url_for("control.office.editor")))
    pages.append(KeyPage("journalsystem", str(_l("Journalsystemet (simulert)")), url_for("control.office.journal")))
    return pages


@dataclass(frozen=True)
class Comparison:
    """A page of ours beside the design system's components it shows."""

    slug: str  # the PNG's name: sammenligning/<slug>-<width>.png
    title: str
    scenario: str
    path: str
    references: tuple[str, ...]  # docs/designsystem/<name>-<width>.png
    press: str | None = None  # the name of a button to press first: the form then shows its errors
    seed: str = ""  # docs/webinar/<seed>: the webinar's screens of the same page, as text

    def seed_text(self) -> str:
        """The webinar's text of this page, if it is in the checkout (a wheel has none)."""
        path = WEBINAR_DIR / self.seed
        return path.read_text(encoding="utf-8") if self.seed and path.is_file() else ""


def comparisons(app: Flask) -> list[Comparison]:
    """The pages a look at the components starts from, for the bundled scenarios
    that are loaded. Needs a request context (for ``url_for``)."""
    from .booking.slots import practitioners

    scenarios: dict[str, Scenario] = app.extensions["portal.scenario_library"].scenarios
    holiday = scenarios.get("ferie-timebestilling")
    own_gps_calendar = url_for("booking.choose_time", practitioner_id=practitioners(holiday.model)[0].id) if holiday else ""
    wanted = [
        Comparison("forside", str(_l("Forsiden med fastlegepanelet")), "alle-tjenester-pa", "/", ("buttons", "notification-panel", "link-list")),
        Comparison("ny-forside", str(_l("Den nye forsiden")), "ny-forside", "/", ("logo", "tiles")),
        Comparison("fastlegetjenester", str(_l("Fastlegetjenester")), "ny-forside", url_for("home.gp_services"), ("notification-panel", "tiles")),
        Comparison("melding-med-feil", str(_l("Kontakt legekontoret, sendt uten innhold")), "alle-tjenester-pa",
                   app.config["GP_SERVICES"]["kontakt-legekontoret"].url(), ("validation", "form", "buttons"), press=str(_l("Send"))),
        Comparison("velg-time", str(_l("Velg time")), "ferie-timebestilling", own_gps_calendar, ("tabs", "notification-panel", "buttons")),
        Comparison(
            "kontor", str(_l("Helsetilbud: legekontorets infomeldinger")), "anbefalt-losning-1", url_for("control.office.editor"),
            ("form", "tabs", "buttons"), seed="helsetilbud.txt",
        ),
        Comparison("journalsystem", str(_l("Journalsystemet (simulert)")), "anbefalt-losning-1", url_for("control.office.journal"), ("checkbox-toggle",)),
    ]
    return [comparison for comparison in wanted if comparison.scenario in scenarios]


def _seeded_table(app: Flask, scenario: Scenario) -> list[rules.TableRow]:
    seeded = OfficeSettings.of(scenario, app.config["GP_SERVICES"])
    return rules.webinar_table(seeded.panel_message, seeded.services)


def make_gallery(
    app: Flask,
    out: Path,
    scenario_ids: Sequence[str],
    widths: Sequence[int] = DEFAULT_WIDTHS,
    progress: Callable[[str], None] = print,
    compare: bool = False,
    lang: str = "nb",
) -> Path:
    """Screenshots of ``scenario_ids`` (all if empty) into ``out``; returns the index's path.
    With ``compare`` the index starts with pages beside the design system's components.
    Pages and index are in ``lang``, in a browser of someone who reads it."""
    from playwright.sync_api import sync_playwright

    scenarios: dict[str, Scenario] = app.extensions["portal.scenario_library"].scenarios
    chosen = [scenarios[sid] for sid in scenario_ids] if scenario_ids else list(scenarios.values())
    browser_locale = LANGUAGES[lang].browser_locale
    with app.test_request_context(query_string={"lang": lang}):
        plan = {scenario.id: key_pages(app, scenario) for scenario in chosen}
        pairs = comparisons(app) if compare else []
    total = (sum(len(pages) for pages in plan.values()) + len(pairs)) * len(widths)
    out.mkdir(parents=True, exist_ok=True)

    done = 0
    with SimServer(scenarios=app.config["SCENARIOS_DIR"]) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(args=CHROMIUM_ARGS, env=chromium_env(lang), executable_path=chromium_executable(playwright))
        try:
            for scenario_id, pages in plan.items():
                (out / scenario_id).mkdir(exist_ok=True)
                # A sandbox of its own, in a browser of the language's reader (the file picker says so).
                context = browser.new_context(base_url=server.url, locale=browser_locale, timezone_id="Europe/Oslo")
                page = context.new_page()
                page.goto(f"/_sim/start/{scenario_id}?lang={lang}")
                for key_page in pages:
                    for width in widths:
                        page.set_viewport_size({"width": width, "height": 800})
                        page.goto(key_page.path)
                        page.screenshot(path=out / scenario_id / f"{key_page.slug}-{width}.png", full_page=True)
                        done += 1
                        progress(f"[{done}/{total}] {scenario_id}: {key_page.title}, {width} px")
                context.close()
            if pairs:
                (out / "sammenligning").mkdir(exist_ok=True)
            for pair in pairs:
                context = browser.new_context(base_url=server.url, locale=browser_locale, timezone_id="Europe/Oslo")
                page = context.new_page()
                for width in widths:
                    page.set_viewport_size({"width": width, "height": 800})
                    page.goto(f"/_sim/start/{pair.scenario}?next={pair.path}&lang={lang}")
                    if pair.press:
                        page.get_by_role("button", name=pair.press, exact=True).last.click()
                        page.wait_for_load_state()
                    page.screenshot(path=out / "sammenligning" / f"{pair.slug}-{width}.png", full_page=True)
                    done += 1
                    progress(f"[{done}/{total}] sammenligning: {pair.title}, {width} px")
                context.close()
        finally:
            browser.close()
    references = _copy_references(out, pairs, widths)

    with app.test_request_context(query_string={"lang": lang}):
        html = render_template(
            "gallery/index.html",
            sections=[(scenario, plan[scenario.id], _seeded_table(app, scenario)) for scenario in chosen],
            pairs=pairs,
            references=references,
            widths=widths,
            made=format_datetime(dt.datetime.now(dt.timezone.utc), "short"),
        )
    index = out / "index.html"
    index.write_text(html, encoding="utf-8")
    return index


def _copy_references(out: Path, pairs: Sequence[Comparison], widths: Sequence[int]) -> set[str]:
    """The reference PNGs the comparisons show, copied beside the index; returns
    the names found (a width `make reference` did not photograph has none)."""
    found = set()
    for name in sorted({name for pair in pairs for name in pair.references}):
        for width in widths:
            source = REFERENCE_DIR / f"{name}-{width}.png"
            if source.exists():
                (out / "designsystem").mkdir(exist_ok=True)
                shutil.copyfile(source, out / "designsystem" / source.name)
                found.add(source.name)
    return found
