"""What the portal knows about each GP service: names and fixed texts.

The scenario decides whether a service is on and what the office adds; the
texts here are Helsenorge's own and the same for every office.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from .scenarios import SERVICE_IDS


@dataclass(frozen=True)
class ServiceInfo:
    id: str
    button: str  # the GP panel's button, e.g. "Bestill time"
    office_name: str  # the name in the office's tool, e.g. "Timebestilling"
    standard_text: str  # "Standardtekst som vises på Helsenorge (ikke redigerbar)"
    endpoint: str = "services.page"  # where the panel's button leads (url_for endpoint)

    def url(self) -> str:
        if self.endpoint == "services.page":
            return url_for(self.endpoint, service_id=self.id)
        return url_for(self.endpoint)


CATALOG: dict[str, ServiceInfo] = {
    info.id: info
    for info in (
        ServiceInfo(
            "bestill-time",
            _l("Bestill time"),
            _l("Timebestilling"),
            _l("Bestill time hos fastlegen din. Du kan velge mellom ledige timer på legekontoret, på video eller på telefon hvis legen tilbyr dette."),
            endpoint="booking.start",
        ),
        ServiceInfo(
            "forny-resept",
            _l("Forny resept"),
            _l("Reseptfornyelse"),
            _l("Be om å få fornyet en eller flere resepter. Merk at meldingen kan bli lest av andre ved legekontoret enn fastlegen. Du vil bli kontaktet senest innen fem arbeidsdager."),
            endpoint="messages.forny_resept",
        ),
        ServiceInfo(
            "e-konsultasjon",
            _l("Start e-konsultasjon"),
            _l("E-konsultasjon"),
            _l("Still et medisinsk spørsmål til fastlegen din. Ved fravær kan meldingen bli lest av en annen lege ved legekontoret. Du vil bli kontaktet senest innen fem arbeidsdager. E-konsultasjon koster det samme som en vanlig konsultasjon, og er ikke for akutt sykdom."),
            endpoint="messages.e_konsultasjon",
        ),
        ServiceInfo(
            "kontakt-legekontoret",
            _l("Kontakt legekontoret"),
            _l("Kontakt legekontoret"),
            _l("Still et praktisk spørsmål til resepsjonen ved fastlegekontoret. Du vil bli kontaktet innen fem arbeidsdager."),
            endpoint="messages.kontakt_legekontoret",
        ),
    )
}

assert tuple(CATALOG) == SERVICE_IDS, "the catalogue must list the scenario's services in the webinar's order"
