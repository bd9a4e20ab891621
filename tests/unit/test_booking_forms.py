"""The booking forms' rules, without a request."""

import pytest

from portal.booking import forms


@pytest.fixture(autouse=True)
def norwegian(app):
    with app.test_request_context():
        yield


def test_a_reason_is_required_and_limited():
    assert forms.reason_errors("  ") == {"arsak": "Skriv kort hva timen gjelder."}
    assert forms.reason_errors("x" * 200) == {}
    assert forms.reason_errors("x" * 201) == {"arsak": "Teksten kan ikke være lengre enn 200 tegn."}


def test_a_wish_needs_both_fields_and_a_line_break_counts_once():
    assert set(forms.wish_errors("", "")) == {"tidspunkt", "arsak"}
    assert forms.wish_errors("Tirsdager", "a\r\n" * 250) == {}
    assert forms.wish_errors("Tirsdager", "a\r\n" * 251) == {"arsak": "Teksten kan ikke være lengre enn 500 tegn."}


def test_an_optional_text_may_be_empty():
    assert forms.text_error("", 10) is None
    assert forms.text_error("x" * 11, 10) == "Teksten kan ikke være lengre enn 10 tegn."
