"""An inbox as large as the webinar's «Du har nye meldinger 3102»: a page at a
time, the scenario's real threads among the made-up ones by date, the total and
the unread count agreeing with the front page."""

import re

import pytest


def subjects(html):
    return re.findall(r'<a class="thread-item__subject" href="/innboks/([^"]+)">([^<]+)</a>', html)


def test_the_first_page_shows_twenty_of_3102_and_the_front_page_agrees(client, start, state):
    start("alle-tjenester-av")
    front = client.get("/").get_data(as_text=True)
    assert re.search(r'Du har nye meldinger <span class="badge">3102</span>', front)
    html = client.get("/innboks").get_data(as_text=True)
    assert "3102 meldinger, 3102 uleste. Viser 1–20." in html and "Side 1 av 156" in html
    shown = subjects(html)
    assert len(shown) == 20 and html.count('<span class="tag">Ulest</span>') == 20
    # The scenario's own threads stand among the made-up ones by their dates (6, 4 and 29 November … December).
    keys = [key for key, _ in shown]
    assert keys.index("s3") < keys.index("s2") < keys.index("s1")
    assert state()["inbox"]["unread"] == 3102 and state()["inbox"]["generated"] == 3099


def test_paging_reaches_the_last_thread_and_no_further(client, start):
    start("alle-tjenester-av")
    last = client.get("/innboks?side=156").get_data(as_text=True)
    assert "Viser 3101–3102." in last and len(subjects(last)) == 2 and "Neste side" not in last
    assert "Side 156 av 156" in client.get("/innboks?side=999").get_data(as_text=True)
    assert "Side 1 av 156" in client.get("/innboks?side=x").get_data(as_text=True)
    every = [key for page in range(1, 157) for key, _ in subjects(client.get(f"/innboks?side={page}").get_data(as_text=True))]
    assert len(every) == len(set(every)) == 3102
    assert {"s1", "s2", "s3", "g1", "g3099"} <= set(every)


def test_opening_a_made_up_thread_reads_it_and_it_cannot_be_answered(client, start, state, csrf_token):
    start("alle-tjenester-av")
    html = client.get("/innboks/g2").get_data(as_text=True)
    assert "Fra DDFL Test" in html and "Denne meldingen kan ikke besvares." in html and "Send svar" not in html
    assert state()["inbox"]["unread"] == 3101
    assert re.search(r'Du har nye meldinger <span class="badge">3101</span>', client.get("/").get_data(as_text=True))
    refused = client.post("/innboks/g2", data={"csrf_token": csrf_token(client, "/innboks"), "body": "Hei", "action": "send"})
    assert refused.status_code == 409
    assert client.get("/innboks/g2").get_data(as_text=True).count('class="message message--') == 1  # nothing was stored
    assert client.get("/innboks/g3100").status_code == 404


@pytest.mark.parametrize("scenario, unread", [("anbefalt-losning-2", 3), ("ferie-timebestilling", 3), ("ny-forside", 1), ("alle-tjenester-pa", 0)])
def test_a_small_inbox_is_one_page_whose_unread_threads_are_the_front_pages_count(client, start, scenario, unread):
    start(scenario)
    html = client.get("/innboks").get_data(as_text=True)
    assert html.count('<span class="tag">Ulest</span>') == unread and "Side 1 av" not in html
    front = client.get("/").get_data(as_text=True)
    assert (f'Du har nye meldinger <span class="badge">{unread}</span>' in front) == bool(unread)
    assert ("Du har nye meldinger" in front) == bool(unread)
