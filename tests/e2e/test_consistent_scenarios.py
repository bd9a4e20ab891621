"""Every bundled scenario holds together as a participant meets it: the front
page's new messages are the inbox's unread threads, its new events open a
list of events, and fravær's calendar has no free times in the holiday its
message names."""

import re

import pytest
from playwright.sync_api import expect

from portal.scenarios import default_folder, load_scenarios

BUNDLED = list(load_scenarios(default_folder()))


def unread_on_the_front_page(page) -> int:
    notice = page.get_by_role("list", name="Varsler").get_by_role("link", name=re.compile("Du har nye meldinger"))
    if notice.count() == 0:
        return 0
    return int(notice.locator(".badge").inner_text())


@pytest.mark.parametrize("scenario", BUNDLED)
def test_the_unread_count_is_the_inboxs(page, start, scenario):
    start(scenario)
    count = unread_on_the_front_page(page)
    assert count == page.request.get("/_sim/state").json()["inbox"]["unread"]
    if count:
        page.get_by_role("link", name=re.compile("Du har nye meldinger")).click()
    else:
        page.goto("/innboks")
    threads = page.get_by_role("region", name="Meldinger")
    unread_tags = threads.get_by_role("listitem").filter(has=page.get_by_text("Ulest", exact=True))
    if count > 20:  # a page at a time, the first all unread, and the total said
        expect(threads).to_contain_text(f"{count} meldinger, {count} uleste. Viser 1–20.")
        expect(unread_tags).to_have_count(20)
        expect(page.get_by_role("navigation", name="Sider i innboksen")).to_contain_text(f"Side 1 av {-(-count // 20)}")
    else:
        expect(unread_tags).to_have_count(count)
    # Reading one makes the count one less, on the front page too.
    if count:
        unread_tags.first.get_by_role("link").click()
        page.goto("/")
        assert unread_on_the_front_page(page) == count - 1


def test_a_large_inbox_pages_through_its_threads(page, start, assert_accessible):
    start("alle-tjenester-av", "/innboks")
    paging = page.get_by_role("navigation", name="Sider i innboksen")
    expect(paging).to_contain_text("Side 1 av 156")
    assert_accessible(page)
    paging.get_by_role("link", name="Neste side").click()
    expect(page.get_by_role("region", name="Meldinger")).to_contain_text("Viser 21–40.")
    expect(page.get_by_role("navigation", name="Sider i innboksen").get_by_role("link", name="Forrige side")).to_be_visible()
    page.get_by_role("region", name="Meldinger").get_by_role("link").first.click()
    expect(page.get_by_text("Denne meldingen kan ikke besvares.")).to_be_visible()
    expect(page.get_by_role("button", name="Send svar")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("scenario", [s for s in BUNDLED if load_scenarios(default_folder())[s].new_events])
def test_du_har_nye_hendelser_opens_the_events(page, start, assert_accessible, scenario):
    start(scenario)
    page.get_by_role("link", name=re.compile("Du har nye hendelser")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hendelser")
    events = page.get_by_role("heading", level=2)
    expect(events.first).to_be_visible()
    expect(page.get_by_text("Ny", exact=True)).to_have_count(load_scenarios(default_folder())[scenario].new_events)
    assert_accessible(page)
    page.get_by_role("link", name="Forside", exact=True).click()
    expect(page.get_by_text("Du har nye hendelser")).to_have_count(0)


def test_fravaer_has_no_free_times_in_the_holiday_its_message_names(page, start):
    start("fravaer", "/timeavtaler/bestill")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velg time")
    expect(page.get_by_role("region", name="Informasjon fra fastlegekontoret")).to_contain_text("22. desember til 2. januar")
    december = page.get_by_role("table", name="Desember 2023")
    for day in (27, 28, 29):  # Astrid's calendar offered these before
        expect(december.get_by_role("link", name=f"{day}. desember, ingen ledige timer", exact=True)).to_be_visible()
    expect(december.get_by_role("link", name=re.compile(r"^\d+\. desember, ledige timer$"))).to_have_count(0)
    expect(december.get_by_role("link", name=re.compile(r"^\d+\. desember, ingen ledige timer$"))).to_have_count(5)  # 27–31
    december.get_by_role("link", name="28. desember, ingen ledige timer", exact=True).click()
    expect(page.get_by_text("Ingen ledige timer denne dagen. Velg en annen dag eller måned.")).to_be_visible()
    page.get_by_role("link", name="Neste måned").click()
    january = page.get_by_role("table", name="Januar 2024")
    expect(january.get_by_role("link", name="2. januar, ingen ledige timer", exact=True)).to_be_visible()
    expect(january.get_by_role("link", name="3. januar, ledige timer", exact=True)).to_be_visible()
