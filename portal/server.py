"""Running the app under granian, the production server.

granian reads requests in Rust on an event loop: a client that sends its
headers slowly costs no Python thread, and is dropped when the header timeout
passes. The app runs in a pool of threads per worker process; a request's body
is read by the thread serving it, so a client that sends its body slowly holds
that thread until the body is in or the client goes away. granian has no body
timeout: the protection against slow bodies is the size of the pool, far more
threads than slow clients a room can bring (docs/performance.md has the
measurements behind this choice).

Each worker builds its own app after it has started, so no database
connection crosses a process boundary.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import create_app


def _env_number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 5000
    workers: int = os.cpu_count() or 1
    # Per worker: how many requests can be in the app, or waiting for their body, at once.
    threads: int = 256
    # A client has this long to send a request's headers before it is dropped.
    header_timeout: float = 10.0
    # Per worker: how many connections it serves at once (granian's backpressure;
    # its default, 512, left a demo room's 1,025th participant waiting in the
    # listen queue until another left). Each costs a little memory in Rust, no thread.
    connections: int = 4096


def default_settings() -> ServerSettings:
    """The defaults, with ``PORTAL_WORKERS``, ``PORTAL_THREADS`` and ``PORTAL_HEADER_TIMEOUT`` from the environment."""
    base = ServerSettings()
    return ServerSettings(
        workers=int(_env_number("PORTAL_WORKERS", base.workers)),
        threads=int(_env_number("PORTAL_THREADS", base.threads)),
        header_timeout=_env_number("PORTAL_HEADER_TIMEOUT", base.header_timeout),
    )


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.1, ::1, localhost).

    A name counts if every address it has is a loopback one; a name that
    cannot be looked up does not (the server would not start on it anyway).
    """
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(ipaddress.ip_address(address.split("%")[0]).is_loopback for address in found)


class _QuietAboutThreads(logging.Filter):
    """granian warns that many threads "seem high": here they are the point."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Python threads" not in record.getMessage()


def run(config: dict[str, Any], settings: ServerSettings) -> None:
    """Serve the app built from ``config`` until stopped (Ctrl+C or SIGTERM)."""
    serve(partial(create_app, config), settings)


def serve(load_app: Callable[[], Any], settings: ServerSettings) -> None:
    """Serve the WSGI app that ``load_app`` builds in each worker (also the benchmark's bare app)."""
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings

    logging.getLogger("_granian").addFilter(_QuietAboutThreads())
    server = Granian(
        "portal",  # a label only (process names): load_app builds the app
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        http=HTTPModes.http1,
        workers=settings.workers,
        blocking_threads=settings.threads,
        backlog=settings.connections,
        backpressure=settings.connections,
        http1_settings=HTTP1Settings(header_read_timeout=max(1, round(settings.header_timeout * 1000))),
        websockets=False,
        log_access=True,
        # A worker that does not stop within 5 s (a thread stuck on a slow
        # client's body) is killed, so a stop never leaves a process behind.
        workers_kill_timeout=5,
    )
    server.serve(target_loader=load_app, wrap_loader=False)
