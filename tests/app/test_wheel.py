"""A wheel built from the checkout carries its catalogues compiled, and serves
the portal in English from a fresh virtual environment.

The wheel is built as pip builds it for a user (an isolated build with the
build hook, hatch_build.py); the fresh environment gets the wheel alone and
borrows its dependencies from this test environment's site-packages, so
nothing but the wheel can provide the package or its catalogues."""

import os
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from portal.testing import _free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)], check=True, capture_output=True, timeout=300)
    (built,) = out.glob("helsenorge_portal_sim-*.whl")
    return built


def test_the_wheel_has_the_compiled_catalogues_and_not_their_sources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {"portal/translations/nn/LC_MESSAGES/messages.mo", "portal/translations/en/LC_MESSAGES/messages.mo"} <= set(names)
    assert not [name for name in names if name.endswith((".po", ".pot"))]


def test_a_fresh_venv_serves_the_english_front_page(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True, timeout=120)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], capture_output=True, text=True, check=True).stdout.strip())
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    where = subprocess.run([str(python), "-c", "import portal; print(portal.__file__)"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(site)), "the package must come from the wheel, not the checkout"

    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "DATABASE_URL", "PYTHON"))}
    env["PORTAL_INSTANCE"] = str(tmp_path / "instance")
    server = subprocess.Popen([str(env_dir / "bin" / "portal"), "serve", "--port", str(port), "--workers", "1"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        html = _get(f"http://127.0.0.1:{port}/", {"Accept-Language": "en-GB,en;q=0.9"}, server)
        assert '<html lang="en">' in html and "Hello, Nødvendig" in html and "Book an appointment" in html
        nynorsk = _get(f"http://127.0.0.1:{port}/timeavtaler?lang=nn", {}, server)
        assert "<h1>Timeavtalar</h1>" in nynorsk
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str, headers: dict, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as response:
                return response.read().decode()
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(server.stdout.read().decode() if server.poll() is not None else "no answer") from None
            time.sleep(0.2)
