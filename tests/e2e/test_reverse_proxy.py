"""The shipped nginx site file, run by a real nginx in front of the simulator."""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
import time

import pytest
from playwright.sync_api import expect

from portal.testing import SimServer
from tests.reverse_proxy import PREFIX, ReverseProxy, deployed_settings, free_port


@pytest.fixture(scope="module")
def instance(databases):
    url = databases.new()
    with SimServer(database_url=url, settings=deployed_settings()) as server:
        yield server
    databases.drop(url)


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
    assert proxy.logged(rf"^GET {PREFIX}/_sim/health ") == [f"GET {PREFIX}/_sim/health 200 upstream=127.0.0.1:{instance.port}"]


def test_plain_http_and_the_bare_host_lead_to_the_prefix_over_https(proxy):
    response = request(proxy, "GET", f"{PREFIX}/innboks?x=1", https=False)
    assert (response.status, response.headers["Location"]) == (301, f"https://127.0.0.1{PREFIX}/innboks?x=1")
    assert request(proxy, "GET", "/").headers["Location"] == f"{proxy.sites[0].url}/"
    assert request(proxy, "GET", PREFIX).headers["Location"] == f"{proxy.sites[0].url}/"


def test_a_body_over_the_limit_gets_a_norwegian_page_without_reaching_the_simulator(proxy):
    response = request(proxy, "POST", f"{PREFIX}/kontakt-legekontoret", headers={"Content-Length": str(65 * 1024 * 1024)}, body=b"")
    assert response.status == 413
    assert "Innholdet er for stort" in response.text and "20 MB" in response.text
    assert proxy.logged(rf"^POST {PREFIX}/kontakt-legekontoret 413 ") == [f"POST {PREFIX}/kontakt-legekontoret 413 upstream=-"]


def _raw(proxy: ReverseProxy, data: bytes) -> bytes:
    """Bytes sent as they are, over https: what came back."""
    site = proxy.sites[0]
    with socket.create_connection(("127.0.0.1", site.https_port), timeout=10) as plain:
        with proxy.ssl_context().wrap_socket(plain, server_hostname="127.0.0.1") as sock:
            sock.sendall(data)
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
    return answer


@pytest.mark.parametrize(
    "sent, status, title",
    [
        (b"NOT HTTP AT ALL\r\n\r\n", 400, "Noe var galt med forespørselen"),
        (f"GET {PREFIX}/{'a' * 9000} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), 414, "Adressen er for lang"),
        (f"GET {PREFIX}/ HTTP/1.1\r\nHost: x\r\nCookie: x={'a' * 10_000}\r\nConnection: close\r\n\r\n".encode(), 431, "Forespørselen er for stor"),
    ],
    ids=["malformed", "address-over-8k", "cookie-over-8k"],
)
def test_what_nginx_refuses_itself_gets_a_norwegian_page(proxy, sent, status, title):
    head, _, body = _raw(proxy, sent).partition(b"\r\n\r\n")
    assert head.split()[1] == str(status).encode()
    assert b'<html lang="nb">' in body and f"<h1>{title}</h1>".encode() in body and b"nginx" not in body


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
                last_part_at = time.monotonic()  # before the last part goes, nothing may have gone on
                connection.send(body[start : start + 10_000])
            response = connection.getresponse()
            assert (response.status, response.read()) == (200, b"ok")
    finally:
        upstream.close()
    assert upstream.first_byte_at is not None and upstream.first_byte_at > last_part_at
    assert upstream.received.endswith(body)


# ------------------------------------------------------------ in a browser


def browse(browser, proxy: ReverseProxy, **options):
    """A Norwegian browser context that notes every URL it asks for."""
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", ignore_https_errors=True, **options)
    context.visited = []
    context.on("request", lambda r: context.visited.append(r.url))
    return context


def outside(context, site) -> list[str]:
    return [url for url in context.visited if not url.startswith(site.url + "/")]


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_trainer_clicks_through_under_the_prefix_and_never_leaves_it(browser, proxy, javascript):
    site = proxy.sites[0]
    context = browse(browser, proxy, java_script_enabled=javascript)
    page = context.new_page()

    response = page.goto(f"{site.url}/_sim/")
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    page.get_by_role("button", name="Start Alle tjenester på").click()
    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Nødvendig")
    cookie = next(c for c in context.cookies() if c["name"] == "portal_session")
    assert (cookie["secure"], cookie["path"]) == (True, f"{PREFIX}/")

    page.get_by_role("region", name="Fastlegen din er Astrid").get_by_role("link", name="Kontakt legekontoret").click()
    page.get_by_role("textbox", name="Emne").fill("Ferie")
    page.get_by_role("textbox", name="Din melding").fill("Når er kontoret åpent igjen?")
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(site.url)}/innboks/m\d+"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ferie")

    page.goto(f"{site.url}/fastlege")
    page.get_by_role("complementary", name="Simulator").get_by_role("button", name="Nullstill").click()
    expect(page).to_have_url(f"{site.url}/fastlege")

    page.get_by_role("complementary", name="Simulator").get_by_role("link", name="Kontrollpanel").click()
    expect(page).to_have_url(f"{site.url}/_sim/")
    page.goto(f"{site.url}/_sim/kontor")
    page.get_by_role("textbox", name="Tilleggsinformasjon fra legekontor (Helsekontakt inkl. fastlegepanel)").fill("Stengt i uke 28.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status").filter(has_text="Endringene er lagret.")).to_be_visible()
    page.goto(f"{site.url}/_sim/kontor/journalsystem")
    switch = page.get_by_role("switch", name="Tilbyr tjenesten: Reseptfornyelse")
    switch.click()
    expect(page.get_by_role("switch", name="Tilbyr tjenesten: Reseptfornyelse")).to_have_attribute("aria-checked", "false")
    expect(page).to_have_url(f"{site.url}/_sim/kontor/journalsystem")

    assert outside(context, site) == []
    context.close()


def test_the_presenters_join_link_is_the_public_address_and_the_room_follows_through_it(browser, proxy):
    site = proxy.sites[0]
    trainer_context, participant_context = browse(browser, proxy), browse(browser, proxy)
    trainer = trainer_context.new_page()
    trainer.goto(f"{site.url}/_sim/start/alle-tjenester-pa?next=/_sim/presenter")
    expect(trainer).to_have_url(f"{site.url}/_sim/presenter")
    join = trainer.get_by_role("link", name=re.compile(r"_sim.join.\w+$"))
    href = join.get_attribute("href")
    assert href == join.inner_text() and re.fullmatch(rf"{re.escape(site.url)}/_sim/join/\w+", href)

    participant = participant_context.new_page()
    participant.goto(href)
    patient = participant.get_by_role("region", name="Pasientens side")
    expect(patient.get_by_role("link", name="Forny resept")).to_be_visible()
    with participant.expect_request(lambda r: "/_sim/demo" in r.url, timeout=5_000):
        pass  # the room's poll goes out under the prefix too

    trainer.goto(f"{site.url}/_sim/kontor/journalsystem")
    trainer.get_by_role("switch", name="Tilbyr tjenesten: Reseptfornyelse").click()
    expect(patient.get_by_role("link", name="Forny resept")).to_have_count(0, timeout=10_000)

    assert outside(trainer_context, site) == [] and outside(participant_context, site) == []
    trainer_context.close()
    participant_context.close()
