"""A real nginx with the shipped site file (deploy/nginx/portal-sim.conf) in
front of simulator instances, for tests.

The site file is used as shipped; only its ports, certificate paths and
upstream addresses are replaced (``site_config``), and every replacement must
find what it replaces, so a change to the file's shape fails loudly instead of
testing something else. nginx runs unprivileged from a temporary folder of
its own, on loopback ports, with a self-signed certificate made at start.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
SITE_FILE = DEPLOY / "nginx" / "portal-sim.conf"
ENV_FILE = DEPLOY / "portal-sim.env"
PREFIX = "/sim"  # the prefix the site file serves the simulator under


def env_file(path: Path = ENV_FILE) -> dict[str, str]:
    """The settings a ``KEY=value`` file sets (``#KEY=value`` lines are off)."""
    settings = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key and not key.startswith("#"):
            settings[key.strip()] = value.strip()
    return settings


def deployed_settings() -> dict[str, str]:
    """deploy/portal-sim.env's settings for an instance under test: all but the
    server's own database and secret, which each test gives."""
    return {key: value for key, value in env_file().items() if key not in ("DATABASE_URL", "PORTAL_SECRET_KEY")}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


def _replace(pattern: str, replacement, text: str, count: int) -> str:
    """``re.subn`` that insists on finding exactly ``count`` matches."""
    result, found = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if found != count:
        raise AssertionError(f"{SITE_FILE.name}: expected {count} match(es) of {pattern!r}, found {found}")
    return result


def site_config(text: str, *, https_port: int, http_port: int, upstreams: list[str], cert: Path, key: Path, name: str = "portal_sim") -> str:
    """The site file with loopback ports, our certificate and our instances."""
    v6 = _ipv6_loopback()

    def listen(match: re.Match) -> str:
        port = https_port if match["port"] == "443" else http_port
        if match["v6"]:
            return f"{match['indent']}listen [::1]:{port}{match['rest']}" if v6 else f"{match['indent']}# (no IPv6 loopback here)"
        return f"{match['indent']}listen 127.0.0.1:{port}{match['rest']}"

    text = _replace(r"^(?P<indent>\s*)listen (?P<v6>\[::\]:)?(?P<port>80|443)(?P<rest>[ ;].*)$", listen, text, count=4)
    text = _replace(r"^(\s*ssl_certificate) \S+;", rf"\1 {cert};", text, count=1)
    text = _replace(r"^(\s*ssl_certificate_key) \S+;", rf"\1 {key};", text, count=1)
    servers = "".join(f"    server {address};\n" for address in upstreams)
    text = _replace(r"^(upstream portal_sim \{\n)(?:\s*server \S+;\n)+", lambda m: m[1] + servers, text, count=1)
    # Several copies of the site in one nginx need upstreams of their own.
    text = _replace(r"\bportal_sim\b(?= \{|/;)", name, text, count=2)
    return text


MAIN_CONFIG = """\
# The test's stand-in for Debian's /etc/nginx/nginx.conf: everything in {dir}.
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 512; }}
http {{
    default_type application/octet-stream;
    log_format upstream '$request_method $request_uri $status upstream=$upstream_addr';
    access_log {dir}/access.log upstream;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{includes}
}}
"""


@dataclass
class Site:
    """One copy of the site file in the running nginx: its ports and instances."""

    https_port: int
    http_port: int
    upstreams: list[str]

    @property
    def url(self) -> str:
        """The simulator's public address through this site, e.g. https://127.0.0.1:4431/sim"""
        return f"https://127.0.0.1:{self.https_port}{PREFIX}"

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if not found:
        raise RuntimeError("nginx is missing: `make test` installs it (scripts/ensure-nginx.sh), or apt-get install nginx openssl")
    return found


class ReverseProxy:
    """``with ReverseProxy([["127.0.0.1:5001", "127.0.0.1:5002"]]) as proxy: proxy.sites[0].url``

    One nginx process; each list of upstream addresses gets a copy of the site
    file on ports of its own (so a test can pin a browser to one instance).
    """

    def __init__(self, upstreams_per_site: list[list[str]]):
        self.sites = [Site(free_port(), free_port(), list(upstreams)) for upstreams in upstreams_per_site]
        self.dir: Path | None = None
        self._process: subprocess.Popen | None = None

    @property
    def cafile(self) -> Path:
        """The self-signed certificate, to verify the proxy with."""
        return self.dir / "cert.pem"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cafile))

    def start(self) -> ReverseProxy:
        # Not under pytest's tmp folder: an unprivileged nginx must reach this one.
        self.dir = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
        self._make_certificate()
        text = SITE_FILE.read_text()
        includes = []
        for index, site in enumerate(self.sites):
            conf = self.dir / f"site{index}.conf"
            conf.write_text(
                site_config(
                    text,
                    https_port=site.https_port,
                    http_port=site.http_port,
                    upstreams=site.upstreams,
                    cert=self.cafile,
                    key=self.dir / "key.pem",
                    name=f"portal_sim_{index}",
                )
            )
            includes.append(f"    include {conf};")
        (self.dir / "nginx.conf").write_text(MAIN_CONFIG.format(dir=self.dir, includes="\n".join(includes)))
        command = [nginx_binary(), "-p", str(self.dir), "-e", str(self.dir / "error.log"), "-c", str(self.dir / "nginx.conf")]
        user = self._unprivileged()
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, **user)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx refuses the configuration:\n{checked.stderr}")
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **user)
        self._wait_until_up()
        return self

    def _make_certificate(self) -> None:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(self.dir / "key.pem"), "-out", str(self.cafile)],
            check=True, capture_output=True,
        )  # fmt: skip

    def _unprivileged(self) -> dict:
        """As root, run nginx as nobody, owning its folder; otherwise as we are."""
        if os.geteuid() != 0:
            return {}
        nobody = pwd.getpwnam("nobody")
        for path in [self.dir, *self.dir.iterdir()]:
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        return {"user": nobody.pw_uid, "group": nobody.pw_gid}

    def _wait_until_up(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"nginx stopped at start-up:\n{self.error_log()}")
            try:
                for site in self.sites:
                    socket.create_connection(("127.0.0.1", site.https_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen within {timeout} s:\n{self.error_log()}")

    def error_log(self) -> str:
        path = self.dir / "error.log" if self.dir else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def access_log(self) -> list[str]:
        """One line per request: ``METHOD URI STATUS upstream=ADDRESS``."""
        path = self.dir / "access.log"
        return path.read_text().splitlines() if path.exists() else []

    def logged(self, pattern: str, timeout: float = 5) -> list[str]:
        """The access log's lines that match ``pattern``, once there is one
        (nginx writes a line just after the answer has gone out)."""
        deadline = time.monotonic() + timeout
        while not (lines := [line for line in self.access_log() if re.search(pattern, line)]) and time.monotonic() < deadline:
            time.sleep(0.05)
        return lines

    def stop(self) -> None:
        if self._process is not None:
            # SIGQUIT: nginx finishes the requests it has and exits.
            self._process.send_signal(signal.SIGQUIT)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> ReverseProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
