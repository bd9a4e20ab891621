"""The booking forms' rules, without a request."""

from werkzeug.datastructures import MultiDict

from portal.booking.forms import DECLINE, PROPOSE, ConfirmForm, WishForm, answer_form
from portal.forms import validate


def test_a_reason_is_required_and_limited():
    assert validate(ConfirmForm(MultiDict({"arsak": "  "}))) == {"arsak": "Skriv kort hva timen gjelder."}
    assert validate(ConfirmForm(MultiDict({"arsak": "x" * 200}))) == {}
    assert validate(ConfirmForm(MultiDict({"arsak": "x" * 201}))) == {"arsak": "Teksten kan ikke være lengre enn 200 tegn."}


def test_a_wish_needs_both_fields_and_has_room_for_500_characters():
    assert validate(WishForm(MultiDict({"tidspunkt": "", "arsak": ""}))) == {
        "tidspunkt": "Skriv hvilke dager og tider som passer for deg.",
        "arsak": "Skriv kort hva timen gjelder.",
    }
    assert validate(WishForm(MultiDict({"tidspunkt": "Tirsdager", "arsak": "x" * 500}))) == {}
    assert validate(WishForm(MultiDict({"tidspunkt": "Tirsdager", "arsak": "x" * 501}))) == {"arsak": "Teksten kan ikke være lengre enn 500 tegn."}


def test_the_office_proposes_an_offered_slot_or_declines_with_a_reason():
    def answer(**fields):
        form = answer_form(7)(MultiDict(fields))
        form.slot_keys = ["2023-12-12T12:00"]
        return validate(form)

    assert answer(svar=PROPOSE, **{"tid-7": "2023-12-12T12:00"}) == {}
    assert answer(svar=PROPOSE, **{"tid-7": "2023-12-13T12:00"}) == {"tid-7": "Velg en ledig time."}
    assert answer(svar=DECLINE) == {"melding-7": "Skriv hvorfor legekontoret ikke kan tilby en time."}
    assert answer(svar=DECLINE, **{"melding-7": "x" * 501}) == {"melding-7": "Teksten kan ikke være lengre enn 500 tegn."}
    assert answer(svar=DECLINE, **{"melding-7": "Ingen timer før jul."}) == {}
