"""Forny resept from the patient's prescriptions, in a real browser: tick two,
send, and the office sees which."""

import re

from playwright.sync_api import expect


def test_renew_two_chosen_prescriptions_and_the_office_sees_them(page, start, assert_accessible):
    start("alle-tjenester-pa")
    page.get_by_role("link", name="Forny resept").click()
    choices = page.get_by_role("group", name="Hvilke resepter vil du fornye?")
    expect(choices.get_by_role("checkbox")).to_have_count(3)
    expect(choices.get_by_role("checkbox", name="Ventoline 0,1 mg/dose inhalasjonsaerosol")).to_have_accessible_description(
        "Ingen uttak igjen · Forskrevet av Astrid (fastlege)"
    )
    assert_accessible(page)

    # None chosen: the error stands next to the list, and the message stays.
    page.get_by_label("Melding til legekontoret (valgfritt)").fill("Gjerne før jul.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Velg minst én resept du vil fornye.")
    expect(choices).to_contain_text("Velg minst én resept du vil fornye.")
    expect(page.get_by_label("Melding til legekontoret (valgfritt)")).to_have_value("Gjerne før jul.")
    assert_accessible(page)
    page.get_by_role("alert").get_by_role("link").click()
    expect(choices.get_by_role("checkbox").first).to_be_focused()

    choices.get_by_role("checkbox", name="Levaxin 75 mikrog tabletter").check()
    choices.get_by_role("checkbox", name="Ventoline 0,1 mg/dose inhalasjonsaerosol").check()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fornyelse av Levaxin og Ventoline")
    asked = page.get_by_role("list", name="Meldinger i tråden").get_by_role("listitem").first
    expect(asked).to_contain_text("Resepter du vil fornye:")
    expect(asked).to_contain_text("Levaxin 75 mikrog tabletter")
    expect(asked).to_contain_text("Ventoline 0,1 mg/dose inhalasjonsaerosol")
    expect(asked).not_to_contain_text("Omeprazol")
    assert_accessible(page)

    page.goto("/_sim/meldinger")
    request = page.get_by_role("region", name="Henvendelser i innboksen").get_by_role("listitem").filter(has_text="Fornyelse av Levaxin og Ventoline")
    expect(request).to_contain_text("Levaxin 75 mikrog tabletter")
    expect(request).to_contain_text("Ventoline 0,1 mg/dose inhalasjonsaerosol")
    assert_accessible(page)
    state = page.request.get("/_sim/state").json()["inbox"]["threads"][0]["messages"][0]
    assert [p["name"] for p in state["prescriptions"]] == ["Levaxin", "Ventoline"]

    # The office answers it from there.
    request.get_by_role("link").click()
    page.get_by_label("Svar fra legekontoret").fill("Begge er fornyet.")
    page.get_by_role("button", name="Send svar fra legekontoret").click()
    page.goto("/innboks")
    expect(page.get_by_role("link", name=re.compile("Fornyelse av Levaxin og Ventoline"))).to_be_visible()
