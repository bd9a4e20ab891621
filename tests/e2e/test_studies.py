"""A UX study as the tester and the participant meet it: a participant through a
bundled study, the tasks ending each their own way, and the results."""

import csv
import datetime as dt
import json
import re
import subprocess
import sys
import time

from playwright.sync_api import expect
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from portal.sessionlog.models import SessionEvent
from portal.studies.models import StudyParticipant, TaskAttempt


def backdate(database_url: str, sandbox: str, minutes: int, last_page: str) -> None:
    """As if the participant had started the task under way ``minutes`` earlier,
    and seen its pages so much earlier too, up to ``last_page``: first wait
    until the task's view of it is in the log (a worker writes its views within 0.1 s)."""
    earlier = dt.timedelta(minutes=minutes)
    engine = create_engine(database_url)
    under_way = select(TaskAttempt).join(StudyParticipant).where(StudyParticipant.sandbox == sandbox, TaskAttempt.ended_at.is_(None))
    with Session(engine) as session:
        started_at = session.scalars(under_way).one().started_at
    logged = select(SessionEvent.id).where(SessionEvent.sandbox == sandbox, SessionEvent.path == last_page, SessionEvent.time >= started_at).limit(1)
    deadline = time.monotonic() + 10
    with engine.connect() as connection:
        while connection.scalar(logged) is None:
            assert time.monotonic() < deadline, f"the view of {last_page} never reached the session log"
            time.sleep(0.05)
            connection.rollback()  # a fresh snapshot next time
    with Session(engine) as session:
        for attempt in session.scalars(under_way):
            for event in session.scalars(select(SessionEvent).where(SessionEvent.sandbox == sandbox, SessionEvent.time >= attempt.started_at)):
                event.time -= earlier
            attempt.started_at -= earlier
        session.commit()
    engine.dispose()


def test_a_participant_solves_a_task_gives_up_another_and_runs_out_of_time(
    page, sim, sim_server, sim_database_url, base_url, tmp_path, assert_accessible
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/_sim/")
    page.get_by_role("region", name="UX-studier").get_by_role("button", name="Start en ny deltaker i Timebestilling med den nye kalenderen").click()
    expect(page).to_have_url(base_url + "/")
    panel = page.get_by_role("complementary", name="Oppgave")
    expect(panel.get_by_role("heading")).to_have_text("Oppgave 1 av 5")
    expect(panel).to_contain_text("Bestill en videotime hos fastlegen din, Astrid, i første uke etter nyttår.")
    expect(page.get_by_role("complementary", name="Simulator")).to_have_count(0)
    assert_accessible(page)
    sandbox = sim.state(page).sandbox

    # 1: solved by the criterion, the moment the booking is made.
    panel.get_by_role("button", name="Start oppgaven").click()
    expect(panel.get_by_role("button", name="Jeg er ferdig")).to_be_focused()
    expect(panel).to_contain_text("Du har 4 minutter på oppgaven.")
    page.get_by_role("link", name="Bestill time", exact=True).first.click()
    page.get_by_role("radio", name="Fastlege Astrid").check()
    page.get_by_role("button", name="Gå videre").click()
    page.get_by_role("link", name="Neste måned").click()
    page.get_by_role("link", name="3. januar, ledige timer", exact=True).click()
    page.get_by_role("link", name=re.compile(r"^14:00 Videotime")).click()
    page.get_by_role("textbox", name="Hva gjelder timen?").fill("Kontroll av blodtrykket")
    page.get_by_role("button", name="Bekreft time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("3. januar 2024, kl. 14:00: Videotime hos DDFL Test")
    expect(panel.get_by_role("status")).to_have_text("Oppgave 1 er fullført.")
    expect(panel.get_by_role("heading")).to_have_text("Oppgave 2 av 5")

    # 2: given up, with the keyboard; focus goes on to the next task's button.
    panel.get_by_role("button", name="Start oppgaven").click()
    panel.get_by_role("button", name="Jeg gir opp").focus()
    page.keyboard.press("Enter")
    expect(panel.get_by_role("status")).to_have_text("Oppgave 2 er avsluttet.")
    expect(panel.get_by_role("button", name="Start oppgaven")).to_be_focused()

    # 3: out of time while the participant looks at a page: the polling panel ends it.
    panel.get_by_role("button", name="Start oppgaven").click()
    page.get_by_role("link", name="helsenorge – forsiden").click()
    page.get_by_role("link", name="Bestill time", exact=True).first.click()
    expect(panel.get_by_role("button", name="Jeg er ferdig")).to_be_visible()
    backdate(sim_database_url, sandbox, minutes=4, last_page="/timeavtaler/bestill")  # the limit is 3
    expect(panel.get_by_role("status")).to_have_text("Tiden for oppgave 3 er ute.", timeout=10_000)
    expect(panel.get_by_role("heading")).to_have_text("Oppgave 4 av 5")
    expect(page).to_have_url(base_url + "/timeavtaler/bestill")
    assert_accessible(page)

    # The tester, in another tab: the results.
    tester = page.context.new_page()
    tester.set_viewport_size({"width": 1280, "height": 900})
    tester.goto("/_sim/studier/timebestilling")
    expect(tester.get_by_role("heading", level=1)).to_have_text("Timebestilling med den nye kalenderen")
    outcomes = tester.get_by_role("region", name="Løst per oppgave").get_by_role("table")
    expect(outcomes.get_by_role("row")).to_have_count(6)
    expect(outcomes.get_by_role("row", name="1. videotime")).to_have_text(re.compile(r"1\. videotime\s*1\s*0\s*0\s*0\s*0\s*0\s*100 %"))
    expect(outcomes.get_by_role("row", name="2. hastetime")).to_have_text(re.compile(r"2\. hastetime\s*0\s*0\s*1\s*0\s*0\s*0\s*0 %"))
    expect(outcomes.get_by_role("row", name="3. telefontime")).to_have_text(re.compile(r"3\. telefontime\s*0\s*0\s*0\s*1\s*0\s*0\s*0 %"))
    people = tester.get_by_role("region", name="Deltakerne").get_by_role("row", name="Deltaker 1")
    expect(people.get_by_role("cell")).to_have_text([re.compile(r"^Løst \d:\d\d$"), re.compile(r"^Ga opp"), "Tiden gikk ut 3:00", "Ikke startet", "Ikke startet"])
    first = tester.get_by_role("region", name="Oppgave 1: videotime")
    expect(first.get_by_role("list").first).to_contain_text(
        "/ → /timeavtaler/bestill → /timeavtaler/bestill/astrid → /timeavtaler/bestill/astrid/bekreft → /timeavtaler/<nr>"
    )
    third = tester.get_by_role("region", name="Oppgave 3: telefontime")
    expect(third).to_contain_text("/timeavtaler/<nr> → / → /timeavtaler/bestill")  # it started on the appointment's page
    expect(third).to_contain_text("Stoppet på /timeavtaler/bestill")

    # Every chart is drawn, and is an image with a text alternative.
    charts = tester.locator("img.chart__image")
    expect(charts).to_have_count(5)  # success, time, and the paths of the three tasks that ended
    for chart in charts.all():
        chart.scroll_into_view_if_needed()
        expect(chart).to_have_attribute("alt", re.compile(r"Tallene står i tabellen under\.$"))
        tester.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=chart.element_handle(), timeout=30_000)
    tester.screenshot(path=tmp_path / "results-1280.png", full_page=True)
    assert_accessible(tester)

    # The export says the same.
    subprocess.run(
        [sys.executable, "-m", "portal", "studies", "export", "timebestilling", "--out", str(tmp_path)],
        env=sim_server.env, check=True, capture_output=True,
    )  # fmt: skip
    rows = [r for r in csv.DictReader((tmp_path / "timebestilling.csv").open(encoding="utf-8")) if r["sandbox"].removeprefix("'") == sandbox]  # an id like "-…" is written as text: "'-…"
    assert [(r["task"], r["outcome"], r["success"], r["ended_by"], r["gave_up"], r["timed_out"]) for r in rows] == [
        ("1", "solved", "true", "criterion", "false", "false"),
        ("2", "gave_up", "false", "participant", "true", "false"),
        ("3", "timed_out", "false", "time_limit", "false", "true"),
        ("4", "not_started", "false", "", "false", "false"),
        ("5", "not_started", "false", "", "false", "false"),
    ]
    assert rows[2]["seconds"] == "180.0" and rows[2]["path"] == "/timeavtaler/<nr> > / > /timeavtaler/bestill"
    document = json.loads((tmp_path / "timebestilling.json").read_text(encoding="utf-8"))
    assert [r["outcome"] for r in document["rows"] if r["sandbox"] == sandbox] == ["solved", "gave_up", "timed_out", "not_started", "not_started"]
    for name in ("suksess", "tid", "vei-1"):
        assert (tmp_path / f"timebestilling-{name}.png").read_bytes().startswith(b"\x89PNG")


def test_the_task_panel_works_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    page.goto("/_sim/studier")
    page.get_by_role("button", name="Start en ny deltaker i Juleferie hos fastlegen").click()
    panel = page.get_by_role("complementary", name="Oppgave")
    expect(panel.get_by_role("heading")).to_have_text("Oppgave 1 av 4")
    panel.get_by_role("button", name="Start oppgaven").click()
    expect(page).to_have_url(base_url + "/")  # back on the page it was pressed on
    page.get_by_role("region", name="Fastlegen din er Astrid").get_by_role("link", name="Forny resept").click()
    expect(page.get_by_role("region", name="Legekontoret har fravær")).to_be_visible()
    expect(panel.get_by_role("status")).to_have_text("Oppgave 1 er fullført.")
    panel.get_by_role("button", name="Start oppgaven").click()
    panel.get_by_role("button", name="Jeg gir opp").click()
    expect(page).to_have_url(base_url + "/forny-resept")
    expect(panel.get_by_role("status")).to_have_text("Oppgave 2 er avsluttet.")
    expect(panel.get_by_role("heading")).to_have_text("Oppgave 3 av 4")
    context.close()  # axe needs JavaScript: the panel's states are checked with it in the test above


def test_the_panel_does_not_cover_the_portal_on_a_phone(page, base_url):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/_sim/studier")
    page.get_by_role("button", name="Start en ny deltaker i Juleferie hos fastlegen").click()
    panel = page.get_by_role("complementary", name="Oppgave")
    expect(panel).to_be_visible()
    box, header = panel.bounding_box(), page.get_by_role("banner").bounding_box()
    assert box["y"] + box["height"] <= header["y"] + 1  # above the portal, not over it
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
