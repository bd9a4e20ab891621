"""The shipped nginx site file, run by a real nginx in front of the simulator."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

from portal.testing import SimServer
from tests.reverse_proxy import PREFIX, ReverseProxy, deployed_settings, free_port


@pytest.fixture(scope="module")
def instance():
    with SimServer(settings=deployed_settings()) as server:
        yield server


@pytest.fixture(scope="module")
def proxy(instance):
    with ReverseProxy([[f"127.0.0.1:{instance.port}"]]) as proxy:
        yield proxy


def request(proxy: ReverseProxy, method: str, path: str, *, https: bool = True, **kwargs) -> http.client.HTTPResponse:
    site = proxy.sites[0]
    if https:
        connection = http.client.HTTPSConnection("127.0.0.1", site.https_port, context=proxy.ssl_context(), timeout=10)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    connection.request(method, path, **kwargs)
    response = connection.getresponse()
    response.text = response.read().decode()
    connection.close()
    return response


def test_the_simulator_answers_under_the_prefix_over_https(proxy, instance):
    response = request(proxy, "GET", f"{PREFIX}/_sim/health")
    assert response.status == 200
    assert json.loads(response.text)["status"] == "ok"
    assert proxy.access_log()[-1] == f"GET {PREFIX}/_sim/health 200 upstream=127.0.0.1:{instance.port}"


def test_plain_http_and_the_bare_host_lead_to_the_prefix_over_https(proxy):
    response = request(proxy, "GET", f"{PREFIX}/innboks?x=1", https=False)
    assert (response.status, response.headers["Location"]) == (301, f"https://127.0.0.1{PREFIX}/innboks?x=1")
    assert request(proxy, "GET", "/").headers["Location"] == f"{proxy.sites[0].url}/"
    assert request(proxy, "GET", PREFIX).headers["Location"] == f"{proxy.sites[0].url}/"


def test_a_body_over_the_limit_gets_a_norwegian_page_without_reaching_the_simulator(proxy):
    before = len(proxy.access_log())
    response = request(proxy, "POST", f"{PREFIX}/kontakt-legekontoret", headers={"Content-Length": str(65 * 1024 * 1024)}, body=b"")
    assert response.status == 413
    assert "Innholdet er for stort" in response.text and "20 MB" in response.text
    assert [line.split(" upstream=")[1] for line in proxy.access_log()[before:]] == ["-"]


def test_with_no_instance_answering_the_page_says_so_in_norwegian():
    with ReverseProxy([[f"127.0.0.1:{free_port()}"]]) as down:
        response = request(down, "GET", f"{PREFIX}/")
    assert response.status == 503
    assert "Simulatoren svarer ikke akkurat nå" in response.text


class RecordingUpstream:
    """A listener in an instance's place that notes when a proxied request's
    first byte arrives, then answers 200."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.address = "127.0.0.1:%d" % self.socket.getsockname()[1]
        self.first_byte_at: float | None = None
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.socket.accept()
        with connection:
            connection.settimeout(10)
            while b"\r\n\r\n" not in self.received or len(self.received.partition(b"\r\n\r\n")[2]) < self._length():
                chunk = connection.recv(65536)
                if not chunk:
                    break
                if self.first_byte_at is None:
                    self.first_byte_at = time.monotonic()
                self.received += chunk
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    def _length(self) -> int:
        for line in self.received.partition(b"\r\n\r\n")[0].split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                return int(line.split(b":")[1])
        return 0

    def close(self) -> None:
        self.socket.close()


def test_a_slow_upload_reaches_an_instance_only_when_it_is_whole():
    """A client that sends its body slowly holds nginx, never an instance's worker."""
    upstream = RecordingUpstream()
    body = b"x" * 40_000
    try:
        with ReverseProxy([[upstream.address]]) as proxy:
            connection = http.client.HTTPSConnection("127.0.0.1", proxy.sites[0].https_port, context=proxy.ssl_context(), timeout=10)
            connection.putrequest("POST", f"{PREFIX}/kontakt-legekontoret")
            connection.putheader("Content-Length", str(len(body)))
            connection.endheaders()
            for start in range(0, len(body), 10_000):
                time.sleep(0.3 if start else 0)
                connection.send(body[start : start + 10_000])
            whole_at = time.monotonic()
            response = connection.getresponse()
            assert (response.status, response.read()) == (200, b"ok")
    finally:
        upstream.close()
    assert upstream.first_byte_at is not None and upstream.first_byte_at >= whole_at
    assert upstream.received.endswith(body)
