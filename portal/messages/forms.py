"""The message forms: what the patient writes to the office, and the office's reply."""

from __future__ import annotations

from wtforms import BooleanField

from ..forms import Choice, Choices, Form, Text
from ..i18n import _l
from ..scenarios import MESSAGE_MAX, SUBJECT_MAX


class MessageForm(Form):
    """Kontakt legekontoret, Start e-konsultasjon, Forny resept."""

    subject = Text(max_length=SUBJECT_MAX, required=_l("Skriv et emne."), too_long=_l("Emnet kan ha høyst %(max)s tegn."))
    body = Text(
        max_length=MESSAGE_MAX,
        required=_l("Skriv en melding."),
        too_long=_l("Meldingen kan ha høyst %(max)s tegn. Nå har den %(count)s."),
    )

    @property
    def typed(self) -> bool:
        """Whether the user wrote anything (leaving asks first)."""
        return bool(self.subject.data or self.body.data)


class RenewalForm(Form):
    """Forny resept from the patient's prescriptions: which to renew (the view
    sets the choices: "1", "2", … in the scenario's order) and a message if
    the patient wants to say more."""

    prescriptions = Choices(message=_l("Velg minst én resept du vil fornye."))
    body = Text(max_length=MESSAGE_MAX, too_long=_l("Meldingen kan ha høyst %(max)s tegn. Nå har den %(count)s."))

    @property
    def typed(self) -> bool:
        """Whether the user chose or wrote anything (leaving asks first)."""
        return bool(self.prescriptions.data or self.body.data)


class ReplyForm(MessageForm):
    """A reply in a thread: the thread has the subject."""

    subject = None


class OfficeReplyForm(Form):
    """The trainer answers a thread as the office (/_sim/meldinger)."""

    thread = Choice(message=_l("Velg en tråd."))
    body = Text(max_length=MESSAGE_MAX, required=_l("Skriv svaret fra legekontoret."), too_long=_l("Svaret kan ha høyst %(max)s tegn."))
    close = BooleanField()  # code 13: the practitioner closes the e-consultation
