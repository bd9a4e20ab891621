"""Threads a scenario asks for by number (``inbox_generated``), as the
webinar's Line with «Du har nye meldinger 3102»: plausible messages from the
office, made when a page shows them and never stored.

Thread ``g<k>`` (k = 1 is the newest) is one office message, sent ``STEP``
before ``g<k-1>``, counting back from the day before the scenario's; the
``unread`` newest are unread. Its subject and text come round from
``MESSAGES``. Opening one marks it read like any thread (``ThreadState``);
they are automatic messages, so nobody can answer them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..i18n import _l
from ..scenarios import ScenarioModel

KEY_PREFIX = "g"
STEP = dt.timedelta(hours=10, minutes=37)  # about two a day, at changing times of day
NEWEST_AT = dt.time(15, 12)  # the day before the scenario's

# (the service it belongs to, if the app has it; subject; text)
MESSAGES = (
    ("kontakt-legekontoret", _l("Påminnelse om time"), _l("Husk timen din hos fastlegen. Gi beskjed senest 24 timer før hvis du ikke kan komme, ellers må du betale for timen.")),
    ("e-konsultasjon", _l("Prøvesvar"), _l("Prøvesvarene dine er kommet, og alt ser normalt ut. Du trenger ikke gjøre noe.")),
    ("forny-resept", _l("Resepten din er fornyet"), _l("Resepten er fornyet og ligger klar på apoteket.")),
    ("kontakt-legekontoret", _l("Influensavaksine"), _l("Legekontoret setter influensavaksine tirsdager og torsdager. Bestill time hvis du hører til en risikogruppe.")),
    ("kontakt-legekontoret", _l("Innkalling til kontroll"), _l("Det er tid for en kontroll hos fastlegen. Bestill time når det passer for deg.")),
    ("kontakt-legekontoret", _l("Nye åpningstider"), _l("Legekontoret har nye åpningstider: mandag til fredag kl. 08.00–15.30.")),
    ("e-konsultasjon", _l("Svar fra fastlegen"), _l("Takk for meldingen. Vi har lagt informasjonen inn i journalen din.")),
)


@dataclass(frozen=True)
class GeneratedThread:
    number: int
    service_id: str
    subject: str
    text: str
    sent_at: dt.datetime
    read: bool

    @property
    def key(self) -> str:
        return f"{KEY_PREFIX}{self.number}"


@dataclass(frozen=True)
class Generated:
    """One scenario's made-up threads; ``services``: the app's services whose messages land in the inbox."""

    count: int
    unread: int
    newest_at: dt.datetime
    services: tuple[str, ...]

    @classmethod
    def of(cls, scenario: ScenarioModel, services: tuple[str, ...]) -> Generated | None:
        asked = scenario.inbox_generated
        if asked is None or not services:
            return None
        return cls(asked.threads, asked.unread, dt.datetime.combine(scenario.today - dt.timedelta(days=1), NEWEST_AT), services)

    def number(self, key: str) -> int | None:
        """``g17`` -> 17, if this scenario has a thread so numbered."""
        if not key.startswith(KEY_PREFIX) or not key[1:].isdigit():
            return None
        number = int(key[1:])
        return number if 1 <= number <= self.count else None

    def read_at_start(self, number: int) -> bool:
        return number > self.unread

    def sent_at(self, number: int) -> dt.datetime:
        return self.newest_at - (number - 1) * STEP

    def thread(self, number: int) -> GeneratedThread:
        service_id, subject, text = MESSAGES[(number - 1) % len(MESSAGES)]
        if service_id not in self.services:
            service_id = self.services[0]
        return GeneratedThread(number, service_id, str(subject), str(text), self.sent_at(number), read=self.read_at_start(number))

    def newer_than(self, moment: dt.datetime) -> int:
        """How many of the threads were sent after ``moment``."""
        if moment >= self.newest_at:
            return 0
        return min(self.count, math.ceil((self.newest_at - moment) / STEP))
