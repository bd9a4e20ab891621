"""The pytest plugin as a user meets it: a suite of their own, in a folder of
its own, that knows nothing of ours — the README's example plus a few tests of
the options — run with two xdist workers."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PYTEST_INI = """\
[pytest]
sim_scenarios = scenarios
"""

# A scenario only this suite has, to prove the simulator reads the ini's folder.
CHRISTMAS = """\
title: Jul på legekontoret
today: 2023-12-22
persona:
  name: Nisse
gp:
  name: Astrid
office:
  name: DDFL Test
services:
  bestill-time:
    offered: true
  forny-resept:
    offered: false
  e-konsultasjon:
    offered: false
  kontakt-legekontoret:
    offered: false
"""

MORE_TESTS = '''\
import json
import os
from pathlib import Path

from playwright.sync_api import expect


def record(base_url, name):
    # Which worker used which server, for the outer test to compare.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    Path("servers", name).write_text(json.dumps({"worker": worker, "url": base_url}))


def test_own_scenarios_folder(page, sim, base_url):
    record(base_url, "own")
    sim.start(page, "jul")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Nisse")
    state = sim.state(page)
    assert state.scenario.title == "Jul på legekontoret"
    assert state.today.isoformat() == "2023-12-22"
    assert state.offered == ["bestill-time"]


def test_a_context_with_next_page_and_reset(context, sim, base_url):
    record(base_url, "context")
    sim.start(context, "alle-tjenester-av")
    page = context.new_page()
    page.goto("/fastlege")
    before = sim.state(page)
    sim.reset(page)
    expect(page).to_have_url(base_url + "/fastlege")
    after = sim.state(context)
    assert after.sandbox == before.sandbox and after.scenario.id == "alle-tjenester-av"
    assert not after.panel.on and after["services"][0]["id"] == "bestill-time"


def test_each_test_has_its_own_sandbox(page, sim, base_url):
    record(base_url, "fresh")
    assert sim.state(page).scenario.id == "alle-tjenester-pa"  # the default, untouched


def test_state_keeps_unknown_sections(page, sim, base_url):
    record(base_url, "sections")
    state = sim.state(page)
    assert "sandbox" in state and state["persona"]["name"] == state.persona.name
'''


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Use it in your own Playwright suite", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_a_users_suite_passes_with_two_workers(tmp_path):
    (tmp_path / "pytest.ini").write_text(PYTEST_INI)
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    (tmp_path / "scenarios" / "jul.yaml").write_text(CHRISTMAS)
    (tmp_path / "test_vacation.py").write_text(readme_example())
    (tmp_path / "test_more.py").write_text(MORE_TESTS)
    (tmp_path / "servers").mkdir()

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 passed" in result.stdout

    used = [json.loads(path.read_text()) for path in (tmp_path / "servers").iterdir()]
    url_of_worker = {}
    for entry in used:
        assert url_of_worker.setdefault(entry["worker"], entry["url"]) == entry["url"]
    assert len(url_of_worker) == 2, used  # both workers ran tests…
    assert len(set(url_of_worker.values())) == 2, used  # …each on a server of its own
