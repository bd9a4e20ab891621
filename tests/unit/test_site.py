"""Søk's matching."""

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
