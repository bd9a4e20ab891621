"""Start-up failures: one Norwegian line naming the file or folder and exit
status 1, never a traceback; and the secret key, written whole or not at all.

The commands run as a user runs them, in a process of their own. A full disk
is a tiny tmpfs, filled; a read-only folder a tmpfs mounted read-only (both
need root; as another user, a read-only folder is one without write access).
"""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from portal import create_app, files

REPO_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def portal(*args, **env):
    """``portal <args>`` in a process of its own: (exit status, what it printed)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "DATABASE_URL"))}
    environment.update({"PORTAL_SCENARIOS": str(REPO_SCENARIOS), **{k: str(v) for k, v in env.items()}})
    done = subprocess.run([sys.executable, "-m", "portal", *args], env=environment, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout + done.stderr


def assert_one_line(output, *expected):
    assert "Traceback" not in output
    assert output.count("\n") == 1 and output.startswith("Feil: "), output
    for part in expected:
        assert part in output, output


def _mount(folder: Path, options: str) -> bool:
    return os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True).returncode == 0


@pytest.fixture
def filesystem(tmp_path):
    """``filesystem("full")`` or ``filesystem("read-only")``: a folder on such a filesystem."""
    mounted = []

    def make(kind):
        folder = tmp_path / kind
        folder.mkdir()
        if _mount(folder, "size=64k" if kind == "full" else "ro,size=64k"):
            mounted.append(folder)
            if kind == "full":
                with (folder / "fyll").open("wb") as filler:
                    try:
                        filler.write(b"\0" * 128 * 1024)
                    except OSError:
                        pass  # full
        elif kind == "read-only" and os.geteuid() != 0:
            folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        else:
            pytest.skip("a full or read-only filesystem needs root, who may mount a tmpfs")
        return folder

    yield make
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("command", [("serve", "--port", "0"), ("sessions", "export")])
def test_a_read_only_instance_folder_is_one_line(filesystem, command):
    instance = filesystem("read-only")
    status, output = portal(*command, PORTAL_INSTANCE=instance)
    assert status == 1
    assert_one_line(output, f"Kan ikke skrive den hemmelige nøkkelen {instance / 'secret_key'}", "PORTAL_INSTANCE")


def test_an_instance_folder_that_cannot_be_made_is_one_line(filesystem):
    instance = filesystem("read-only") / "instans"
    status, output = portal("serve", "--port", "0", PORTAL_INSTANCE=instance)
    assert status == 1
    assert_one_line(output, f"Kan ikke lage instansmappen {instance}")
    assert not instance.exists()


def test_a_full_disk_at_the_first_start_is_one_line_and_leaves_no_empty_key(filesystem):
    instance = filesystem("full")
    status, output = portal("db", "upgrade", PORTAL_INSTANCE=instance)
    assert status == 1
    assert_one_line(output, f"Kan ikke skrive den hemmelige nøkkelen {instance / 'secret_key'}: disken er full.")
    assert sorted(p.name for p in instance.iterdir()) == ["fyll"]  # no empty key, no temporary file


def test_a_full_disk_under_the_database_is_one_line(filesystem):
    instance = filesystem("full")
    status, output = portal("serve", "--port", "0", PORTAL_INSTANCE=instance, PORTAL_SECRET_KEY="nøkkel")
    assert status == 1
    assert_one_line(output, f"Databasefilen sqlite:///{instance / 'portal.sqlite3'} kan ikke brukes: disken er full.")


def test_a_read_only_export_folder_is_one_line_naming_it(filesystem, tmp_path):
    out = filesystem("read-only") / "eksport"
    assert portal("db", "upgrade", PORTAL_INSTANCE=tmp_path)[0] == 0
    status, output = portal("sessions", "export", "--out", out, PORTAL_INSTANCE=tmp_path)
    assert status == 1
    assert_one_line(output, str(out))


@pytest.fixture
def scenarios(tmp_path):
    """A copy of the scenarios folder, to break."""
    folder = tmp_path / "scenarier"
    shutil.copytree(REPO_SCENARIOS, folder)
    return folder


@pytest.mark.parametrize("command", [("db", "upgrade"), ("scenarios", "validate")])
def test_a_scenario_file_that_is_not_utf8_names_the_file_and_line(scenarios, tmp_path, command):
    broken = scenarios / "latin1.yaml"
    broken.write_bytes("title: Jul\ndescription: Ærlig talt\n".encode("latin-1"))
    status, output = portal(*command, PORTAL_SCENARIOS=scenarios, PORTAL_INSTANCE=tmp_path)
    assert status == 1 and "Traceback" not in output
    assert f"{broken}:2: (fil): er ikke UTF-8-tekst: lagre filen som UTF-8" in output


@pytest.mark.parametrize("command", [("serve", "--port", "0"), ("scenarios", "list")])
def test_a_dangling_link_in_the_scenarios_folder_names_it(scenarios, tmp_path, command):
    (scenarios / "lenke.yaml").symlink_to(tmp_path / "borte.yaml")
    status, output = portal(*command, PORTAL_SCENARIOS=scenarios, PORTAL_INSTANCE=tmp_path)
    assert status == 1 and "Traceback" not in output
    assert f"{scenarios / 'lenke.yaml'}:1: (fil): er en lenke til en fil som ikke finnes" in output


def test_a_scenario_that_cannot_be_read_names_it(scenarios, tmp_path):
    (scenarios / "mappe.yaml").mkdir()  # as root every file can be read: a folder cannot
    status, output = portal("serve", "--port", "0", PORTAL_SCENARIOS=scenarios, PORTAL_INSTANCE=tmp_path)
    assert status == 1 and "Traceback" not in output
    assert f"{scenarios / 'mappe.yaml'}:1: (fil): kan ikke leses: er en mappe" in output


def test_a_secret_key_that_cannot_be_read_is_one_line(tmp_path):
    (tmp_path / "secret_key").write_bytes(b"\xff\xfe")
    status, output = portal("db", "upgrade", PORTAL_INSTANCE=tmp_path)
    assert status == 1
    assert_one_line(output, f"Kan ikke lese den hemmelige nøkkelen {tmp_path / 'secret_key'}: ikke gyldig UTF-8-tekst.", "PORTAL_SECRET_KEY")


def _app_in(instance: Path):
    return create_app({"DATABASE_URL": "sqlite://", "INSTANCE_PATH": instance})


def test_the_secret_key_is_made_once_readable_by_its_user_only(tmp_path):
    first = _app_in(tmp_path).config["SECRET_KEY"]
    key = tmp_path / "secret_key"
    assert len(first) == 64 and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert _app_in(tmp_path).config["SECRET_KEY"] == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]


def test_an_empty_secret_key_left_by_a_full_disk_is_replaced(tmp_path):
    (tmp_path / "secret_key").write_text("")
    key = _app_in(tmp_path).config["SECRET_KEY"]
    assert len(key) == 64 and (tmp_path / "secret_key").read_text() == key


def test_a_file_written_new_keeps_the_one_another_process_wrote_first(tmp_path):
    path = tmp_path / "secret_key"
    files.write_new(path, "først")
    files.write_new(path, "sist")
    assert path.read_text() == "først"
    files.write_new(path, "erstattet", replace=True)
    assert path.read_text() == "erstattet" and sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]
