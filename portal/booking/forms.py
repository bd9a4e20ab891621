"""The booking forms: the patient's choice of practitioner, what the booking
is for, a time wish (FORESLÅ TIDSPUNKT); and the office's answer to a wish."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import StopValidation

from ..forms import Choice, Form, Text
from ..i18n import _l

TOO_LONG = _l("Teksten kan ikke være lengre enn %(max)s tegn.")
WHAT_FOR = _l("Skriv kort hva timen gjelder.")
PROPOSE, DECLINE = "foresla", "avsla"  # the office's two answers


class PractitionerForm(Form):
    """Velg behandler: ``behandler.choices`` are the office's practitioners."""

    behandler = Choice(message=_l("Velg en behandler."))


class ConfirmForm(Form):
    """Bekreft time."""

    arsak = Text(max_length=200, required=WHAT_FOR, too_long=TOO_LONG)  # «Hva gjelder timen?»


class WishForm(Form):
    """Foreslå tidspunkt."""

    tidspunkt = Text(max_length=200, required=_l("Skriv hvilke dager og tider som passer for deg."), too_long=TOO_LONG)
    arsak = Text(max_length=500, required=WHAT_FOR, too_long=TOO_LONG)


class AnswerForm(Form):
    """The office's answer to one time wish: a free slot to book (``slot_keys``
    are those it may choose), or a decline with the reason in ``message``."""

    svar = StringField()  # PROPOSE or DECLINE: the button pressed
    slot_keys: list[str] = []

    @property
    def declines(self) -> bool:
        return self.svar.data == DECLINE

    def validate_slot(self, field) -> None:
        if not self.declines and field.data not in self.slot_keys:
            raise StopValidation(str(_l("Velg en ledig time.")))

    def validate_message(self, field) -> None:
        if self.declines and not field.data:
            raise StopValidation(str(_l("Skriv hvorfor legekontoret ikke kan tilby en time.")))


def answer_form(wish_id: int) -> type[AnswerForm]:
    """The answer to wish ``wish_id``: one page holds a form per wish, so the
    fields carry the wish's id in their names (``tid-<id>``, ``melding-<id>``)."""
    fields = {"slot": StringField(name=f"tid-{wish_id}"), "message": Text(max_length=500, too_long=TOO_LONG, name=f"melding-{wish_id}")}
    return type("AnswerForm", (AnswerForm,), fields)
