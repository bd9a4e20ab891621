"""The one rule for a typed text (portal/forms.py), as every form applies it."""

import pytest
from werkzeug.datastructures import MultiDict

from portal.forms import Choice, Choices, Form, Text, validate


class Note(Form):
    text = Text(max_length=10, required="Skriv noe.", too_long="Høyst %(max)s tegn, ikke %(count)s.")


def note(typed):
    return Note(MultiDict({"text": typed}))


@pytest.mark.parametrize("typed", ["a\r\nb", "a\rb", "a\nb"])
def test_a_line_break_counts_once_however_the_browser_sends_it(typed):
    form = note(typed)
    assert (form.text.typed, form.text.count, form.text.data) == ("a\nb", 3, "a\nb")


def test_control_characters_but_tab_are_left_out_and_not_counted():
    form = note("a\x00\tb\x1b\x7f\x85")
    assert (form.text.typed, form.text.count) == ("a\tb", 3)


def test_an_unfinished_form_may_be_empty_but_not_too_long():
    assert validate(note(""), unfinished=True) == {}
    assert validate(note("12345678901"), unfinished=True) == {"text": "Høyst 10 tegn, ikke 11."}


def test_the_length_is_counted_before_trimming_and_the_stored_text_is_trimmed():
    assert validate(note("  1234567  ")) == {"text": "Høyst 10 tegn, ikke 11."}
    form = note("  12345678")
    assert validate(form) == {} and form.text.data == "12345678" and form.text.typed == "  12345678"


def test_only_blanks_is_empty():
    assert validate(note(" \r\n ")) == {"text": "Skriv noe."}
    assert validate(Note()) == {"text": "Skriv noe."}


def test_errors_come_in_the_order_of_the_fields():
    class Two(Form):
        first = Choice(message="Velg.")
        second = Text(required="Skriv.")

    form = Two(MultiDict({"first": "c"}))
    form.first.choices = ["a", "b"]
    assert list(validate(form)) == ["first", "second"]


class Ticks(Form):
    chosen = Choices(message="Velg minst én.")


def ticks(*values):
    form = Ticks(MultiDict([("chosen", value) for value in values]))
    form.chosen.choices = ["1", "2", "3"]
    return form, validate(form)


def test_choices_keeps_the_valid_ticks_in_the_choices_order():
    form, errors = ticks("3", "x", "1")
    assert errors == {} and form.chosen.data == ["1", "3"]


@pytest.mark.parametrize("values", [(), ("7",), ("",)])
def test_choices_wants_at_least_one_valid_tick(values):
    assert ticks(*values)[1] == {"chosen": "Velg minst én."}
