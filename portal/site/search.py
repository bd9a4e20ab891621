"""Søk: the simulator's pages a patient can find, and the matching itself.

``pages_for(view)`` lists what this sandbox's patient can reach (a service
only while its button shows); ``search(query, pages)`` is a plain function:
every word of the query must occur in a page's title, text or keywords,
pages with the words in their title first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from flask import url_for

from .. import rules
from ..i18n import _l
from ..sandbox import SandboxView
from ..services.catalog import current_catalog


@dataclass(frozen=True)
class Page:
    title: str
    url: str
    text: str
    keywords: str = ""


# Pages every patient has: (title, endpoint, text, keywords).
_AREAS = (
    (_l("Forside"), "home.index", _l("Varslene dine og fastlegen din."), _l("hjem start hei varsler")),
    (_l("Innboks"), "messages.inbox_page", _l("Meldinger til og fra legekontoret ditt, og utkast du har lagret."),
     _l("meldinger melding svar utkast brev post dialog")),
    (_l("Timeavtaler"), "booking.index", _l("Timene dine hos legekontoret, kommende og tidligere, og ønsker om time."),
     _l("time timer timeavtale avtale avbestille legetime")),
    (_l("Fastlegen din"), "home.gp", _l("Fastlegen din, legekontoret og tjenestene på Helsenorge."),
     _l("fastlege lege legekontor adresse telefon tjenester")),
    (_l("Helsekontaktene dine"), "home.contacts", _l("Kontaktene dine i helsetjenesten."),
     _l("helsekontakter kontakter fastlege")),
)
_GP_SERVICES = (_l("Fastlegetjenester"), "home.gp_services", _l("Hva fastlegen din tilbyr på Helsenorge, og hvor du får hjelp når det haster."),
                _l("fastlege tjenester legevakt akutt 113 116 117 hjelp"))


def pages_for(view: SandboxView) -> list[Page]:
    """What this sandbox's patient can find. Needs a request context (for ``url_for``)."""
    areas = list(_AREAS)
    if view.scenario.front_page == "ny":
        areas.insert(1, _GP_SERVICES)
    pages = [Page(str(title), url_for(endpoint), str(text), str(keywords)) for title, endpoint, text, keywords in areas]
    catalog = current_catalog()
    pages += [
        Page(str(info.button), info.url(), " ".join(info.standard_lines) or str(info.card_text), str(info.search_words))
        for service in view.services
        if rules.service_shows_button(service) and (info := catalog[service.id])
    ]
    return pages


def words(text: str) -> list[str]:
    return re.findall(r"\w+(?:-\w+)*", text.casefold())


def search(query: str, pages: Sequence[Page]) -> list[Page]:
    """The pages where every word of ``query`` occurs within a word of the page
    («resept» finds «resepter»), those with all of them in the title first,
    otherwise in the given order."""
    wanted = words(query)
    if not wanted:
        return []

    def found_in(text: str) -> bool:
        return all(any(word in have for have in words(text)) for word in wanted)

    in_title = [page for page in pages if found_in(page.title)]
    elsewhere = [page for page in pages if page not in in_title and found_in(" ".join((page.title, page.text, page.keywords)))]
    return in_title + elsewhere
