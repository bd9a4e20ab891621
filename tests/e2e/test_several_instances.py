"""Two instances behind nginx (the shipped site file) on one database behave as one.

Each instance has its own folder; they share only the database and the
secret key, as docs/hosting.md says. Each browser is pinned to one instance by
a copy of the site on its own port, and nginx's access log shows which
instance answered every request.
"""

from __future__ import annotations

import os
import re
import secrets

import pytest
from playwright.sync_api import expect

from portal.testing import SimServer
from tests.reverse_proxy import ReverseProxy, deployed_settings


@pytest.fixture(scope="module")
def instances(databases):
    """Two instances on the suite's database (PostgreSQL with --db=postgresql;
    on SQLite, one file that both processes share, as on one machine)."""
    url = databases.new()
    settings = {**deployed_settings(), "PORTAL_SECRET_KEY": secrets.token_hex(32)}
    with SimServer(database_url=url, settings=settings) as one, SimServer(database_url=url, settings=settings) as other:
        assert one.instance != other.instance
        yield one, other
    databases.drop(url)


@pytest.fixture(scope="module")
def proxy(instances):
    one, other = instances
    # sites[0] leads to the first instance only, sites[1] to the second only.
    with ReverseProxy([[f"127.0.0.1:{one.port}"], [f"127.0.0.1:{other.port}"]]) as proxy:
        yield proxy


def browse(browser):
    return browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", ignore_https_errors=True)


def answered_by(proxy: ReverseProxy, instance: SimServer, request_pattern: str) -> list[str]:
    """The requests (``METHOD URI STATUS``) that nginx passed to ``instance``."""
    return proxy.logged(rf"{request_pattern}.*upstream=127\.0\.0\.1:{instance.port}$", timeout=1)


def test_a_participant_on_one_instance_follows_a_trainer_on_the_other(browser, proxy, instances):
    one, other = instances
    first, second = proxy.sites
    trainer_context, participant_context = browse(browser), browse(browser)
    trainer = trainer_context.new_page()
    trainer.goto(f"{first.url}/_sim/start/alle-tjenester-pa?next=/_sim/presenter")
    join = trainer.get_by_role("link", name=re.compile(r"_sim.join.\w+$")).get_attribute("href")
    assert join.startswith(f"{first.url}/_sim/join/")

    participant = participant_context.new_page()
    participant.goto(join.replace(first.url, second.url))
    patient = participant.get_by_role("region", name="Pasientens side")
    expect(patient.get_by_role("link", name="Forny resept")).to_be_visible()

    trainer.goto(f"{first.url}/_sim/kontor/journalsystem")
    trainer.get_by_role("switch", name="Tilbyr tjenesten: Reseptfornyelse").click()
    expect(patient.get_by_role("link", name="Forny resept")).to_have_count(0, timeout=10_000)

    assert answered_by(proxy, one, r"^POST /sim/_sim/kontor/tjeneste ")
    assert answered_by(proxy, other, r"^GET /sim/_sim/join/\w+ ") and answered_by(proxy, other, r"^GET /sim/_sim/demo\?")
    assert not answered_by(proxy, other, r"/_sim/kontor")
    trainer_context.close()
    participant_context.close()


def test_an_attachment_sent_through_one_instance_downloads_through_the_other_byte_for_byte(browser, proxy, instances, tmp_path):
    one, other = instances
    first, second = proxy.sites
    scan = tmp_path / "henvisning.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024))  # several of the store's chunks
    context = browse(browser)
    page = context.new_page()
    page.goto(f"{first.url}/_sim/start/alle-tjenester-pa?next=/kontakt-legekontoret")
    page.get_by_role("textbox", name="Emne").fill("Henvisning")
    page.get_by_role("textbox", name="Din melding").fill("Her er henvisningen.")
    page.get_by_label("Vedlegg (valgfritt)").set_input_files(scan)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henvisning")
    link = page.get_by_role("link", name="henvisning.pdf").get_attribute("href")
    assert re.fullmatch(r"/sim/vedlegg/\d+", link)

    # The same browser, through the other instance: its cookie is good there too.
    download = context.request.get(second.origin + link)
    assert download.status == 200 and download.body() == scan.read_bytes()
    assert answered_by(proxy, one, r"^POST /sim/kontakt-legekontoret ")
    assert answered_by(proxy, other, rf"^GET {link} 200 ")
    context.close()
