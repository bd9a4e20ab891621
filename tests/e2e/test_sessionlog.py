"""A UX session as a participant makes it, and what the tester reads afterwards."""

import csv
import json
import subprocess
import sys

from playwright.sync_api import expect


def test_a_session_is_logged_in_order_and_exported(page, sim, sim_server, base_url, tmp_path, assert_accessible):
    page.goto("/_sim/")
    page.get_by_role("button", name="Start Anbefalt løsning 1").click()
    page.get_by_role("link", name="Kontakt legekontoret").click()
    page.get_by_role("banner").get_by_role("link", name="forsiden").click()
    page.goto("/tjenester/finnes-ikke")
    page.goto("/fastlege")
    page.get_by_role("complementary", name="Simulator").get_by_role("button", name="Nullstill").click()
    expect(page).to_have_url(base_url + "/fastlege")
    sandbox = sim.state(page).sandbox

    page.goto("/_sim/")
    page.get_by_role("link", name="Brukerloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brukerlogg")
    expect(page.get_by_role("heading", level=2)).to_have_text(["Deltaker 2", "Deltaker 1"])  # the current one first
    first = page.get_by_role("region", name="Deltaker 1").get_by_role("row")
    expect(first.get_by_role("rowheader")).to_have_text(["Scenario startet", "Side vist", "Side vist", "Side vist", "Feil vist", "Side vist"])
    expect(first.filter(has_text="Feil vist")).to_contain_text("/tjenester/finnes-ikke (404)")
    assert_accessible(page)

    subprocess.run(
        [sys.executable, "-m", "portal", "sessions", "export", "--out", str(tmp_path)],
        env=sim_server.env,
        check=True,
        capture_output=True,
    )
    sessions = [s for s in json.loads((tmp_path / "sessions.json").read_text())["sessions"] if s["sandbox"] == sandbox]
    assert [(s["participant"], s["scenario"]) for s in sessions] == [(1, "anbefalt-losning-1"), (2, "anbefalt-losning-1")]
    assert [(e["kind"], e["path"], e["status"]) for e in sessions[0]["events"]] == [
        ("start", "/_sim/start/anbefalt-losning-1", 303),
        ("page", "/", 200),
        ("page", "/kontakt-legekontoret", 200),
        ("page", "/", 200),
        ("error", "/tjenester/finnes-ikke", 404),
        ("page", "/fastlege", 200),
    ]
    assert [(e["kind"], e["path"]) for e in sessions[1]["events"]] == [("reset", "/_sim/reset"), ("page", "/fastlege")]
    elapsed = [e["elapsed_s"] for e in sessions[0]["events"]]
    assert elapsed[0] == 0 and elapsed == sorted(elapsed)

    # An id that starts as a formula would ("-…") is written with an apostrophe, so a spreadsheet shows it as text.
    rows = [r for r in csv.DictReader((tmp_path / "sessions.csv").open(encoding="utf-8")) if r["sandbox"].removeprefix("'") == sandbox]
    assert [(r["participant"], r["seq"], r["kind"]) for r in rows][-2:] == [("2", "1", "reset"), ("2", "2", "page")]
