"""The pytest plugin as a user meets it: a suite of their own, in a folder of
its own, that knows nothing of ours — the README's example plus a few tests of
the options — run with two xdist workers."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from portal.testing import SimServer, _free_port

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

import pytest
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


def test_the_portal_in_english(page, sim, base_url):
    record(base_url, "english")
    sim.start(page, "jul", lang="en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nisse")
    expect(page.get_by_role("link", name="Book an appointment")).to_be_visible()
    assert sim.state(page).scenario.title == "Jul på legekontoret"  # one text for every language


@pytest.mark.browser_context_args(locale="nn-NO")
def test_a_nynorsk_browser(page, sim, base_url):
    record(base_url, "nynorsk")
    sim.start(page, "alle-tjenester-pa", "/timeavtaler")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeavtalar")
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
    assert "9 passed" in result.stdout

    used = [json.loads(path.read_text()) for path in (tmp_path / "servers").iterdir()]
    url_of_worker = {}
    for entry in used:
        assert url_of_worker.setdefault(entry["worker"], entry["url"]) == entry["url"]
    assert len(url_of_worker) == 2, used  # both workers ran tests…
    assert len(set(url_of_worker.values())) == 2, used  # …each on a server of its own


# The plugin's edges, each a suite of its own in an otherwise empty folder.

ONLY_OWN_SCENARIO = '''\
from playwright.sync_api import expect


def test_a_new_browser_is_in_the_folders_only_scenario(page, sim):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Nisse")
    assert sim.state(page).scenario.id == "jul"


def test_start_and_reset(page, sim, base_url):
    sim.start(page, "jul", next="/fastlege")
    expect(page).to_have_url(base_url + "/fastlege")
    sim.reset(page)
    assert sim.state(page).offered == ["bestill-time"]
'''

USES_GIVEN_SERVER = '''\
import tempfile
from pathlib import Path


def test_the_given_server(page, sim, base_url):
    # A simulator the plugin started would be running now, its instance folder in our TMPDIR.
    assert not list(Path(tempfile.gettempdir()).glob("portal-sim-*"))
    assert base_url == "{url}"
    sim.start(page, "jul")
    assert sim.state(page).persona.name == "Nisse"
'''

PORT_AND_DEFAULT = '''\
def test_port_and_default_scenario(page, sim, base_url):
    assert base_url == "http://127.0.0.1:{port}"
    page.goto("/")
    assert sim.state(page).scenario.id == "anbefalt-losning-1"
'''


def run_suite(folder: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``pytest`` in ``folder`` as a user runs it, without this run's own pytest settings."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    return subprocess.run(
        [str(Path(sys.executable).with_name("pytest")), "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_suite_with_only_its_own_scenario_file_and_an_ini_passes(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\nsim_scenarios = scen\n")
    (tmp_path / "scen").mkdir()
    (tmp_path / "scen" / "jul.yaml").write_text(CHRISTMAS)
    (tmp_path / "test_jul.py").write_text(ONLY_OWN_SCENARIO)

    result = run_suite(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


@pytest.mark.parametrize("where", ["ini", "option"])
def test_a_given_base_url_is_used_and_no_server_started(tmp_path, where):
    (tmp_path / "scen").mkdir()
    (tmp_path / "scen" / "jul.yaml").write_text(CHRISTMAS)
    suite = tmp_path / "suite"
    suite.mkdir()
    # The suite's own temporary folder (short: Chromium's socket lives there too).
    with SimServer(scenarios=tmp_path / "scen") as server, tempfile.TemporaryDirectory() as suite_tmp:
        (suite / "pytest.ini").write_text(f"[pytest]\nbase_url = {server.url}\n" if where == "ini" else "[pytest]\n")
        (suite / "test_given.py").write_text(USES_GIVEN_SERVER.format(url=server.url))
        args = ["--base-url", server.url] if where == "option" else []
        result = run_suite(suite, *args, env={"TMPDIR": suite_tmp})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_a_suite_reaches_a_simulator_behind_a_password_with_it_in_the_environment(tmp_path):
    password = "kurs-på-fredag"
    (tmp_path / "scen").mkdir()
    (tmp_path / "scen" / "jul.yaml").write_text(CHRISTMAS)
    suite = tmp_path / "suite"
    suite.mkdir()
    settings = {"PORTAL_PASSWORD": password}
    with SimServer(scenarios=tmp_path / "scen", settings=settings) as server, tempfile.TemporaryDirectory() as suite_tmp:
        (suite / "test_given.py").write_text(USES_GIVEN_SERVER.format(url=server.url))
        without = run_suite(suite, "--base-url", server.url, env={"TMPDIR": suite_tmp, "PORTAL_PASSWORD": ""})
        result = run_suite(suite, "--base-url", server.url, env={"TMPDIR": suite_tmp, **settings})
    assert without.returncode != 0 and "1 failed" in without.stdout  # the login page instead of the simulator
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


OFFICE_BEHIND_A_PASSWORD = '''\
import pytest
from playwright.sync_api import expect

from portal.testing import SimApiError


def test_the_office_behind_a_password(page, sim):
    sim.start(page, "jul", services={{"bestill-time": {{"message": "Ring oss i romjula."}}}}, next="/timeavtaler/bestill")
    expect(page.get_by_role("region", name="Informasjon fra fastlegekontoret")).to_contain_text("Ring oss i romjula.")
    assert sim.office(page).set_service("bestill-time", absent=True).status == "absent"
    with pytest.raises(SimApiError) as refused:
        sim.office(page).set_panel_message("x" * 201)
    assert refused.value.errors == {{"panel_message": "Feltet kan kun inneholde 200 tegn!"}}
'''


def test_sim_password_lets_the_office_calls_and_the_browser_in(tmp_path):
    password = "kurs-på-fredag"
    (tmp_path / "scen").mkdir()
    (tmp_path / "scen" / "jul.yaml").write_text(CHRISTMAS)
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "test_office.py").write_text(OFFICE_BEHIND_A_PASSWORD.format())
    with SimServer(scenarios=tmp_path / "scen", settings={"PORTAL_PASSWORD": password}) as server, tempfile.TemporaryDirectory() as suite_tmp:
        env = {"TMPDIR": suite_tmp, "PORTAL_PASSWORD": ""}
        without = run_suite(suite, "--base-url", server.url, env=env)
        result = run_suite(suite, "--base-url", server.url, "--sim-password", password, env=env)
    assert "1 failed" in without.stdout and "401: Simulatoren er beskyttet med passord" in without.stdout
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_port_and_default_scenario_options(tmp_path):
    port = _free_port()
    (tmp_path / "test_port.py").write_text(PORT_AND_DEFAULT.format(port=port))
    result = run_suite(tmp_path, "--sim-port", str(port), "--sim-default-scenario", "anbefalt-losning-1")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("ini", "says"),
    [
        ("sim_scenarios = finnes-ikke", "Scenariomappen {folder}/finnes-ikke finnes ikke."),
        ("sim_startup_timeout = 0.001", "did not answer within 0.001 s"),
        ("sim_port = femti", "sim_port: «femti» er ikke et tall"),
    ],
)
def test_the_plugin_says_what_is_wrong(tmp_path, ini, says):
    (tmp_path / "pytest.ini").write_text(f"[pytest]\n{ini}\n")
    (tmp_path / "test_any.py").write_text("def test_any(page):\n    page.goto('/')\n")
    result = run_suite(tmp_path)
    assert result.returncode != 0
    assert says.format(folder=tmp_path) in result.stdout + result.stderr
    assert "Gyldige" not in result.stdout and "Traceback" not in result.stdout
