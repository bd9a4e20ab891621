"""The office's tool's form: its limits, what LAGRE saves, the form filled from the settings."""

import pytest
from werkzeug.datastructures import MultiDict

from portal.forms import validate
from portal.office.forms import editor_form
from portal.services.catalog import GP_SERVICES, OfficeSettings, ServiceSeed


def editor(fields):
    form = editor_form(GP_SERVICES)(MultiDict(fields))
    return form, validate(form)


@pytest.mark.parametrize("field, limit", [("panel_message", 200), ("message-forny-resept", 300), ("absence-bestill-time", 300)])
def test_editor_limits(field, limit):
    assert editor({field: "x" * limit})[1] == {}
    assert editor({field: "x" * (limit + 1)})[1] == {field: f"Feltet kan kun inneholde {limit} tegn!"}


def test_form_values_are_read_as_typed():
    form, errors = editor({"panel_message": "  <b>Stengt</b>  ", "absent-e-konsultasjon": "on", "absence-e-konsultasjon": "Ring"})
    assert errors == {}
    changes = form.changes()
    assert changes.panel_message == "<b>Stengt</b>"
    assert changes.services["e-konsultasjon"] == {"message": "", "absent": True, "absence_message": "Ring"}
    assert changes.services["forny-resept"]["absent"] is False


def test_the_form_is_filled_from_the_settings_in_the_office_tools_order():
    seeds = {sid: ServiceSeed(offered=True, message=f"Om {sid}") for sid in GP_SERVICES.ids}
    settings = OfficeSettings(GP_SERVICES, "Ferie", seeds, {"services": {"bestill-time": {"absent": True}}})
    form = editor_form(GP_SERVICES).filled(settings)
    assert form.panel_message.typed == "Ferie" and form.absent("bestill-time").data is True
    assert form.message("kontakt-legekontoret").typed == "Om kontakt-legekontoret"
    assert form.service_ids == ("forny-resept", "e-konsultasjon", "kontakt-legekontoret", "bestill-time")
