"""The new front page's card for each GP service: its title and short text."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class ServiceCard:
    title: str
    text: str


SERVICE_CARDS = {
    "bestill-time": ServiceCard(_l("Bestille time"), _l("For konsultasjon på legekontoret, eller på video hvis legen tilbyr dette.")),
    "e-konsultasjon": ServiceCard(_l("Starte e-konsultasjon"), _l("For situasjoner som fastlegen kjenner til, og som ikke krever personlig oppmøte.")),
    "forny-resept": ServiceCard(_l("Fornye resept"), _l("Gjelder bare resepter du har fått tidligere.")),
    "kontakt-legekontoret": ServiceCard(_l("Kontakte legekontoret"), _l("Still et praktisk spørsmål til resepsjonen. Du får ikke helsehjelp her.")),
}
