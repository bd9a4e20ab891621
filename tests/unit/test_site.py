"""Søk's matching, and Logg ut: what a logged-out browser may still reach."""

import re

from portal.site.search import Page, search

PAGES = [
    Page("Innboks", "/innboks", "Meldinger til og fra legekontoret ditt.", "meldinger svar"),
    Page("Timeavtaler", "/timeavtaler", "Timene dine hos legekontoret.", "time avbestille"),
    Page("Bestill time", "/timeavtaler/bestill", "Ledige timer på legekontoret, på video eller telefon.", "kalender"),
    Page("Forny resept", "/forny-resept", "Be om å få fornyet en eller flere resepter.", "medisin legemidler"),
]


def titles(found):
    return [page.title for page in found]


def test_an_empty_query_finds_nothing():
    assert search("", PAGES) == []
    assert search("  «» ", PAGES) == []


def test_a_word_is_found_inside_words_whatever_its_case():
    assert titles(search("RESEPT", PAGES)) == ["Forny resept"]
    assert titles(search("medisin", PAGES)) == ["Forny resept"]


def test_pages_with_the_word_in_their_title_come_first():
    assert titles(search("time", PAGES)) == ["Timeavtaler", "Bestill time"]
    assert titles(search("legekontoret", PAGES)) == ["Innboks", "Timeavtaler", "Bestill time"]
    assert titles(search("bestill", PAGES)) == ["Bestill time", "Timeavtaler"]  # «avbestille» is Timeavtaler's


def test_every_word_must_be_found():
    assert titles(search("time video", PAGES)) == ["Bestill time"]
    assert search("time tannlege", PAGES) == []


def csrf_token(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_search_page_lists_only_services_whose_button_shows(client):
    client.get("/_sim/start/anbefalt-losning-1")  # only Kontakt legekontoret is on
    html = client.get("/sok?q=resept").get_data(as_text=True)
    assert "Ingen treff på «resept»" in html
    html = client.get("/sok?q=resepsjon").get_data(as_text=True)
    assert "1 treff på «resepsjon»" in html and 'href="/kontakt-legekontoret"' in html


def test_a_search_longer_than_the_limit_is_refused_in_norwegian(client):
    response = client.get("/sok?q=" + "x" * 201)
    assert response.status_code == 422
    assert "Søket kan ha høyst 200 tegn." in response.get_data(as_text=True)


def test_logging_out_needs_the_csrf_token(client):
    client.get("/")
    assert client.post("/logg-ut").status_code == 400
    assert client.get("/").status_code == 200


def test_logged_out_only_the_logged_out_page_and_the_simulator_answer(client):
    client.get("/_sim/start/alle-tjenester-pa")
    response = client.post("/logg-ut", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 303 and response.location == "/logget-ut"
    for path in ("/", "/innboks", "/timeavtaler/bestill", "/sok?q=time", "/meny", "/profil", "/vedlegg/1"):
        response = client.get(path)
        assert (response.status_code, response.location) == (303, "/logget-ut"), path
    assert client.get("/", headers={"HX-Request": "true"}).headers["HX-Redirect"] == "/logget-ut"
    assert client.get("/logget-ut").status_code == 200
    assert client.get("/_sim/health").status_code == 200
    assert client.get("/_sim/state").get_json()["login"] == {"logged_in": False}

    client.post("/logg-inn", data={"csrf_token": csrf_token(client, "/logget-ut")})
    assert client.get("/").status_code == 200
    assert client.get("/logget-ut").location == "/"


def test_a_new_scenario_starts_logged_in(client):
    client.get("/_sim/start/alle-tjenester-pa")
    client.post("/logg-ut", data={"csrf_token": csrf_token(client, "/")})
    client.get("/_sim/start/ny-forside")
    assert client.get("/").status_code == 200
