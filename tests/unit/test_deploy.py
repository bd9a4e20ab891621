"""The files in deploy/ agree with the simulator they run."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portal.cli import main
from tests.reverse_proxy import DEPLOY, ENV_FILE

UNIT = DEPLOY / "systemd" / "portal-sim@.service"
PORTAL_SOURCE = Path(__file__).resolve().parents[2] / "portal"


def _exec_start() -> list[str]:
    line = next(line for line in UNIT.read_text().splitlines() if line.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


def test_the_unit_starts_portal_serve_with_options_it_knows():
    program, command, *args = _exec_start()
    assert program.endswith("/bin/portal") and command == "serve"
    # The instance name (%i) is the port; click refuses an option it does not know.
    options = main.commands["serve"].make_context("serve", [arg.replace("%i", "8001") for arg in args]).params
    assert (options["host"], options["port"]) == ("127.0.0.1", 8001)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_accepts_every_line_of_the_unit(tmp_path):
    # verify wants the program to exist: point it at this checkout's portal.
    program = _exec_start()[0]
    unit = tmp_path / "portal-sim@8001.service"
    unit.write_text(UNIT.read_text().replace(program, str(Path(sys.executable).parent / "portal")))
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_env_template_names_only_settings_the_simulator_reads():
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", ENV_FILE.read_text(), flags=re.MULTILINE)
    source = "\n".join(path.read_text() for path in PORTAL_SOURCE.rglob("*.py"))
    read = set(re.findall(r'\benv(?:iron)?(?:\.get\(|\[)"([A-Z0-9_]+)"', source))
    assert names and [name for name in names if name not in read] == []
