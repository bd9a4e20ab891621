import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from portal.cli import main

REPO_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_list_shows_id_and_title():
    result = run("scenarios", "list", env={"PORTAL_SCENARIOS": str(REPO_SCENARIOS)})
    assert result.exit_code == 0
    assert "anbefalt-losning-1\tAnbefalt løsning 1" in result.output.splitlines()


def test_validate_passes_the_shipped_files():
    result = run("scenarios", "validate", *map(str, sorted(REPO_SCENARIOS.glob("*.yaml"))))
    assert result.exit_code == 0, result.output


def test_validate_prints_one_line_per_error_and_exits_1(tmp_path):
    bad = tmp_path / "jul.yaml"
    text = (REPO_SCENARIOS / "anbefalt-losning-1.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("  name: Grådig", "  name: Grådig\n  alder: 40").replace("offered: false", "offered: nei takk", 1), encoding="utf-8")
    result = run("scenarios", "validate", str(bad))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad}:") and lines[0].endswith("persona.alder: ukjent felt")
    assert lines[1].endswith("services.bestill-time.offered: må være true eller false")


def test_schema_is_json():
    schema = json.loads(run("scenarios", "schema").output)
    assert "services" in schema["required"]


def test_serve_refuses_to_start_on_a_bad_file_and_names_it(tmp_path):
    (tmp_path / "ødelagt.yaml").write_text("title: [\n", encoding="utf-8")
    result = run("serve", "--scenarios", str(tmp_path), "--port", "0")
    assert result.exit_code == 1
    assert "starter ikke" in result.output and "ødelagt.yaml:" in result.output


def test_serve_refuses_an_unknown_default_scenario(tmp_path):
    result = run("serve", "--scenario", "finnes-ikke", "--port", "0", env={"PORTAL_SCENARIOS": str(REPO_SCENARIOS), "PORTAL_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    assert "finnes-ikke" in result.output and "alle-tjenester-pa" in result.output


def test_serve_names_a_missing_scenarios_folder_in_one_line(tmp_path):
    result = run("serve", "--scenarios", str(tmp_path / "scen"), "--port", "0", env={"PORTAL_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    assert result.output == f"Feil: Scenariomappen {tmp_path / 'scen'} finnes ikke.\n"


def test_list_names_a_missing_scenarios_folder(tmp_path):
    result = run("scenarios", "list", env={"PORTAL_SCENARIOS": str(tmp_path / "scen")})
    assert result.exit_code == 1
    assert "finnes ikke" in result.output


def test_the_command_speaks_portal_lang(tmp_path):
    bad = tmp_path / "jul.yaml"
    text = (REPO_SCENARIOS / "anbefalt-losning-1.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("offered: false", "offered: nei takk", 1), encoding="utf-8")
    english = run("scenarios", "validate", str(bad), env={"PORTAL_LANG": "en"})
    assert english.exit_code == 1 and english.output.strip().endswith("services.bestill-time.offered: must be true or false")
    nynorsk = run("scenarios", "validate", str(REPO_SCENARIOS / "fravaer.yaml"), env={"PORTAL_LANG": "nn"})
    assert nynorsk.output == "1 scenariofil er gyldig.\n"
    listed = run("scenarios", "list", env={"PORTAL_SCENARIOS": str(REPO_SCENARIOS), "PORTAL_LANG": "en"})
    assert "anbefalt-losning-1\tRecommended solution 1" in listed.output.splitlines()
    missing = run("scenarios", "list", env={"PORTAL_SCENARIOS": str(tmp_path / "scen"), "PORTAL_LANG": "en"})
    assert missing.output == f"Error: The scenarios folder {tmp_path / 'scen'} does not exist.\n"


def test_an_unknown_portal_lang_is_one_line():
    result = run("scenarios", "list", env={"PORTAL_LANG": "de"})
    assert result.exit_code == 1
    assert result.output == "Feil: PORTAL_LANG=de: språket finnes ikke i simulatoren (gyldige: nb, nn, en)\n"


def test_the_help_is_in_portal_langs_language():
    """Help texts are read when the command starts, so a process of its own."""
    import os
    import subprocess
    import sys

    english = subprocess.run([sys.executable, "-m", "portal", "screenshots", "--help"], env={**os.environ, "PORTAL_LANG": "en"}, capture_output=True, text=True)
    assert "The language of the pages and the overview." in english.stdout
    bokmaal = subprocess.run([sys.executable, "-m", "portal", "--help"], env={**os.environ, "PORTAL_LANG": ""}, capture_output=True, text=True)
    assert "Helsenorge-simulatoren: innbyggersiden for fastlegetjenester." in bokmaal.stdout


def test_serve_refuses_an_open_simulator_on_an_address_others_reach(tmp_path):
    env = {"PORTAL_INSTANCE": str(tmp_path), "PORTAL_PASSWORD": None, "PORTAL_ALLOW_OPEN": None}
    result = run("serve", "--host", "0.0.0.0", "--port", "8080", env=env)
    assert result.exit_code == 1
    assert result.output == (
        "Feil: Uten passord kan alle som når 0.0.0.0:8080, bruke simulatoren. Sett PORTAL_PASSWORD, "
        "eller start med --public (PORTAL_ALLOW_OPEN=1) hvis den skal være åpen for alle.\n"
    )
    assert not (tmp_path / "portal.sqlite3").exists()  # refused before anything was made


@pytest.fixture
def served(monkeypatch):
    """What ``portal serve`` would have served, instead of serving it on a public address in a test."""
    started = []
    monkeypatch.setattr("portal.server.run", lambda config, settings: started.append(settings))
    return started


@pytest.mark.parametrize(
    "args, env, warned",
    [
        (["--public"], {}, True),
        ([], {"PORTAL_ALLOW_OPEN": "1"}, True),
        ([], {"PORTAL_PASSWORD": "kurs"}, False),
    ],
)
def test_serve_starts_on_a_public_address_with_a_password_or_when_told_to(tmp_path, served, args, env, warned):
    env = {"PORTAL_INSTANCE": str(tmp_path), "PORTAL_PASSWORD": None, "PORTAL_ALLOW_OPEN": None, "PORTAL_PROXY_HOPS": None, **env}
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "8080", *args], env=env)
    assert result.exit_code == 0, result.output
    assert [settings.host for settings in served] == ["0.0.0.0"]
    warning = "Advarsel: simulatoren har ikke passord, og alle som når 0.0.0.0:8080, kan bruke den (--public)."
    assert (warning in result.output) is warned


def test_serve_on_loopback_needs_no_password(tmp_path, served):
    result = run("serve", "--port", "8080", env={"PORTAL_INSTANCE": str(tmp_path), "PORTAL_PASSWORD": None, "PORTAL_PROXY_HOPS": None})
    assert result.exit_code == 0 and "Advarsel" not in result.output
    assert served[0].host == "127.0.0.1"


def test_serve_behind_a_proxy_without_a_password_says_that_strangers_reach_it(tmp_path, served):
    result = run("serve", "--port", "8080", env={"PORTAL_INSTANCE": str(tmp_path), "PORTAL_PASSWORD": None, "PORTAL_PROXY_HOPS": "1"})
    assert result.exit_code == 0 and served
    assert "Advarsel: simulatoren har ikke passord, og alle som når proxyen foran den (PORTAL_PROXY_HOPS), kan bruke den." in result.output
