"""The booking forms: the patient's choice of practitioner, what the booking
is for, a time wish (FORESLÅ TIDSPUNKT); the office's answer to a wish, and
a free slot the office adds."""

from __future__ import annotations

import datetime as dt

from flask_babel import format_date
from wtforms import StringField
from wtforms.validators import StopValidation

from ..forms import Choice, Form, Text
from ..i18n import _, _l
from ..scenarios import SLOT_MINUTES_MAX

TOO_LONG = _l("Teksten kan ikke være lengre enn %(max)s tegn.")
WHAT_FOR = _l("Skriv kort hva timen gjelder.")
PROPOSE, DECLINE = "foresla", "avsla"  # the office's two answers
BAD_DATE = _l("Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2023-12-14.")
BAD_TIME = _l("Skriv klokkeslettet som TT:MM, for eksempel 10:00.")
BAD_MINUTES = _l("Varigheten må være et helt antall minutter fra 1 til %(max)s.")


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


class SlotForm(Form):
    """A free slot the office adds: for one of ``behandler.choices``, on a day
    from ``first`` to ``last`` (the days a patient can book), of a kind in
    ``timetype.choices``. ``dato`` is 2023-12-14 and ``klokkeslett`` 10:00, as
    a browser's date and time inputs send them."""

    behandler = Choice(message=_l("Velg en behandler."))
    dato = Text(max_length=10, required=_l("Skriv datoen."), too_long=BAD_DATE)
    klokkeslett = Text(max_length=5, required=_l("Skriv klokkeslettet."), too_long=BAD_TIME)
    varighet = Text(required=_l("Skriv varigheten i minutter."), default="20")
    timetype = Choice(message=_l("Velg hva slags time det er."), default="oppmøte")
    first: dt.date = dt.date.min
    last: dt.date = dt.date.max

    @property
    def day(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.dato.data or "")
        except ValueError:
            return None

    @property
    def time(self) -> dt.time | None:
        try:
            return dt.datetime.strptime(self.klokkeslett.data or "", "%H:%M").time()
        except ValueError:
            return None

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.time)

    @property
    def minutes(self) -> int:
        return int(self.varighet.data)

    def validate_dato(self, field) -> None:
        if self.day is None:
            raise StopValidation(str(BAD_DATE))
        if not self.first <= self.day <= self.last:
            raise StopValidation(
                _("Velg en dag fra %(first)s til %(last)s.", first=format_date(self.first, "long"), last=format_date(self.last, "long"))
            )

    def validate_klokkeslett(self, field) -> None:
        if self.time is None:
            raise StopValidation(str(BAD_TIME))

    def validate_varighet(self, field) -> None:
        text = field.data or ""
        if not (len(text) <= 3 and text.isascii() and text.isdigit() and 1 <= int(text) <= SLOT_MINUTES_MAX):
            raise StopValidation(str(BAD_MINUTES) % {"max": SLOT_MINUTES_MAX})
