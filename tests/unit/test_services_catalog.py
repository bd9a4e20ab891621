"""The GP services: the catalogue and the settings the office changes."""

import dataclasses

import pytest

from portal.services.catalog import GP_SERVICES, Catalog, OfficeChanges, OfficeSettings, ServiceSeed

SERVICE_IDS = GP_SERVICES.ids
def test_the_webinars_four_services_in_the_panels_own_and_the_office_tools_order():
    assert SERVICE_IDS == ("bestill-time", "forny-resept", "e-konsultasjon", "kontakt-legekontoret")
    assert [s.id for s in GP_SERVICES.in_office_order()] == ["forny-resept", "e-konsultasjon", "kontakt-legekontoret", "bestill-time"]
    assert [s.id for s in GP_SERVICES.in_card_order()] == ["bestill-time", "e-konsultasjon", "forny-resept", "kontakt-legekontoret"]
    assert GP_SERVICES.inbox_ids == ("forny-resept", "e-konsultasjon", "kontakt-legekontoret")
    assert GP_SERVICES.leading_to("booking.start").id == "bestill-time"


def test_a_catalogue_refuses_two_services_with_one_id_and_ids_unfit_for_an_address():
    flu = dataclasses.replace(GP_SERVICES["forny-resept"], id="influensavaksine", form_path="")
    with pytest.raises(ValueError, match="id of its own"):
        Catalog((*GP_SERVICES, dataclasses.replace(flu, id="bestill-time")))
    with pytest.raises(ValueError, match="a–z"):
        Catalog((dataclasses.replace(flu, id="Influensa vaksine"),))


def test_the_settings_lay_the_offices_changes_over_the_seed():
    seeds = {sid: ServiceSeed(offered=True, message="Fra scenarioet") for sid in SERVICE_IDS}
    settings = OfficeSettings(GP_SERVICES, "Hei", seeds, {"panel_message": "Endret", "services": {"forny-resept": {"on": False}}})
    assert settings.panel_message == "Endret"
    assert [(s.id, s.on, s.message) for s in settings.services][:2] == [("bestill-time", True, "Fra scenarioet"), ("forny-resept", False, "Fra scenarioet")]


def test_only_what_differs_from_the_seed_is_stored():
    seeds = {sid: ServiceSeed(offered=True) for sid in SERVICE_IDS}
    settings = OfficeSettings(GP_SERVICES, "Hei", seeds, {"services": {"forny-resept": {"on": False}}, "inbox": {"kept": 1}})
    changes = OfficeChanges("Hei", {"forny-resept": {"message": "Ny", "absent": False, "absence_message": ""}})
    assert settings.with_changes(changes) == {"services": {"forny-resept": {"on": False, "message": "Ny"}}, "inbox": {"kept": 1}}
    # Turning the service back on returns it to the seed: nothing stored for it.
    settings = OfficeSettings(GP_SERVICES, "Hei", seeds, {"services": {"forny-resept": {"on": False}}})
    assert settings.with_changes(OfficeChanges(services={"forny-resept": {"on": True}})) == {}


def test_a_change_names_only_settings_a_service_has():
    with pytest.raises(ValueError, match="offered"):
        OfficeChanges(services={"forny-resept": {"offered": False}})
