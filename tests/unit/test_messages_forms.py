"""The message forms: subject and text, the reply, the office's reply."""

from werkzeug.datastructures import MultiDict

from portal.forms import validate
from portal.messages.forms import MessageForm, OfficeReplyForm, ReplyForm


def message(subject, body, form=MessageForm):
    return form(MultiDict({"subject": subject, "body": body}))


def test_a_message_has_1000_characters_and_the_error_says_how_many_it_has():
    assert validate(message("Emne", "x" * 1000)) == {}
    assert validate(message("Emne", "x" * 1001)) == {"body": "Meldingen kan ha høyst 1000 tegn. Nå har den 1001."}


def test_subject_and_message_are_required_and_limited():
    assert validate(message("  ", " \n ")) == {"subject": "Skriv et emne.", "body": "Skriv en melding."}
    assert validate(message("x" * 101, "hei")) == {"subject": "Emnet kan ha høyst 100 tegn."}
    assert validate(message("", "hei", form=ReplyForm)) == {}


def test_the_office_reply_names_its_thread_among_those_there_are():
    form = OfficeReplyForm(MultiDict({"thread": "s9", "body": "x" * 1001, "close": "13"}))
    form.thread.choices = ["s1", "s2"]
    assert validate(form) == {"thread": "Velg en tråd.", "body": "Svaret kan ha høyst 1000 tegn."}
    assert form.close.data is True
