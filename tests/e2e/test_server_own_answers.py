"""What `portal serve` answers itself, and what it leaves to the app.

granian (through hyper) answers a request it cannot read, or one beyond its
fixed limits, with a bare status line and an empty body: no English text,
and the browser shows its own page in its own language. Everything else
reaches the app, which answers with its Norwegian pages and our headers.
docs/errors.md explains both; these tests hold granian to it.
"""

import socket

import pytest

from portal.security import HEADERS
from portal.testing import SimServer


@pytest.fixture(scope="module")
def sim():
    with SimServer(workers=1) as server:
        yield server


def raw(sim, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` as bytes: (status, headers, body) of the answer."""
    with socket.create_connection(("127.0.0.1", sim.port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def get(path: str = "/", extra: bytes = b"") -> bytes:
    return b"GET " + path.encode("latin-1") + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + b"Connection: close\r\n\r\n"


def assert_ours(headers, body):
    assert b'<html lang="nb">' in body
    for name, value in HEADERS.items():
        assert headers[name.lower()] == value


def test_a_long_address_and_large_headers_within_the_servers_limits_reach_the_app(sim):
    status, headers, body = raw(sim, get("/" + "a" * 60_000))
    assert status == 404 and b"<h1>Fant ikke siden</h1>" in body
    assert_ours(headers, body)
    many = b"".join(b"X-Felt-%d: a\r\n" % n for n in range(97))  # with Host and Connection: 99
    status, headers, body = raw(sim, get(extra=many + b"Cookie: " + b"x=" + b"a" * 300_000 + b"\r\n"))
    assert status == 200
    assert_ours(headers, body)


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"NOT HTTP AT ALL\r\n\r\n", 400),
        (get("/\xff"), 400),  # a byte no address may hold
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        (get("/" + "a" * 70_000), 414),
        (get(extra=b"".join(b"X-Felt-%d: a\r\n" % n for n in range(101))), 431),
        (get(extra=b"Cookie: x=" + b"a" * 1_000_000 + b"\r\n"), 431),
    ],
    ids=["malformed", "non-ascii-address", "two-lengths", "address-over-64k", "over-100-headers", "headers-over-buffer"],
)
def test_what_the_server_answers_itself_is_a_bare_status_without_any_text(sim, request_bytes, status):
    try:
        found, headers, body = raw(sim, request_bytes)
    except (ConnectionResetError, BrokenPipeError):
        pytest.fail("the server dropped the connection without an answer")
    assert (found, body) == (status, b"")
    assert headers.get("content-length") == "0"
