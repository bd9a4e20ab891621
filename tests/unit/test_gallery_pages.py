from portal.gallery import key_pages


def pages(app, scenario_id):
    with app.test_request_context():
        return [(page.slug, page.title, page.path) for page in key_pages(app, app.extensions["portal.scenarios"][scenario_id])]


def test_front_page_and_each_service_that_is_on(app):
    assert pages(app, "anbefalt-losning-1")[:2] == [("forside", "Forside", "/"), ("kontakt-legekontoret", "Kontakt legekontoret", "/kontakt-legekontoret")]
    assert [slug for slug, _, _ in pages(app, "alle-tjenester-pa")][:5] == ["forside", "bestill-time", "forny-resept", "e-konsultasjon", "kontakt-legekontoret"]
    assert [slug for slug, _, _ in pages(app, "alle-tjenester-av")][0] == "forside"
    assert "bestill-time" not in [slug for slug, _, _ in pages(app, "alle-tjenester-av")]


def test_pages_other_areas_add_are_shown_once_the_app_has_them(app):
    before = [slug for slug, _, _ in pages(app, "alle-tjenester-av")]
    if "kontor" not in before:
        app.add_url_rule("/_sim/kontor", "office_test_page", lambda: "")
        assert ("kontor", "Legekontorets innstillinger", "/_sim/kontor") in pages(app, "alle-tjenester-av")
    assert "timeavtaler" not in before  # Bestill time is off there
    assert "timeavtaler" in [slug for slug, _, _ in pages(app, "anbefalt-losning-2")]
