from portal.gallery import key_pages


def pages(app, scenario_id):
    with app.test_request_context():
        return [(page.slug, page.path) for page in key_pages(app, app.extensions["portal.scenario_library"].scenarios[scenario_id])]


def test_only_services_that_are_on_have_their_pages_shown(app):
    assert pages(app, "anbefalt-losning-1") == [
        ("forside", "/"),
        ("kontakt-legekontoret", "/kontakt-legekontoret"),
        ("innboks", "/innboks"),
        ("kontor", "/_sim/kontor"),
        ("journalsystem", "/_sim/kontor/journalsystem"),
    ]
    assert pages(app, "alle-tjenester-av") == [
        ("forside", "/"),
        ("innboks", "/innboks"),
        ("hendelser", "/hendelser"),
        ("kontor", "/_sim/kontor"),
        ("journalsystem", "/_sim/kontor/journalsystem"),
    ]


def test_booking_shows_the_own_gps_calendar_and_the_appointments(app):
    slugs = dict(pages(app, "anbefalt-losning-2"))
    assert slugs["bestill-time"] == "/timeavtaler/bestill"
    assert slugs["kalender"] == "/timeavtaler/bestill/astrid"
    assert slugs["timeavtaler"] == "/timeavtaler"


def test_the_new_front_page_brings_its_services_page(app):
    assert ("fastlegetjenester", "/fastlegetjenester") in pages(app, "ny-forside")
    assert "fastlegetjenester" not in dict(pages(app, "alle-tjenester-pa"))
