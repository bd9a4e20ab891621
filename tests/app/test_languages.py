"""Bokmål, nynorsk and English: choosing, remembering, and every page's text translated.

The pages' check renders the key pages in each language and compares them
with the bokmål page: a text that reads the same in bokmål and English was
never marked for translation (or its translation is missing), unless it is a
name, a number, or a text the catalogue translates as itself («Send»). A text
that is not marked reads the same in every language, so the English page finds
it for nynorsk too.
"""

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from portal.i18n import LANGUAGES, TRANSLATIONS
from portal.office.control import WEBINAR_ORGANISATION
from portal.scenarios import load_scenarios
from portal.studies.study import load_studies

# (scenario, path, form to POST or None): the key pages of each area.
# Steps before a page (a form, the page whose form's token it takes): (POST path, page).
_PARTICIPANT = ("/_sim/studier/juleferie/start", "/_sim/studier")
_TASK_START = ("/_sim/oppgave/start", "/")
_GIVE_UP = ("/_sim/oppgave/gi-opp", "/")

# (scenario, path, form): a form (dict) is posted to the path; a list of steps is
# posted before the path is shown.
PAGES = [
    ("alle-tjenester-pa", "/", None),
    ("ny-forside", "/", None),
    ("ny-forside", "/fastlegetjenester", None),
    ("alle-tjenester-pa", "/fastlege", None),
    ("alle-tjenester-pa", "/helsekontakter", None),
    ("alle-tjenester-pa", "/meny", None),
    ("alle-tjenester-pa", "/profil", None),
    ("alle-tjenester-pa", "/sok?q=time", None),
    ("alle-tjenester-pa", "/sok?q=qwerty", None),
    ("alle-tjenester-pa", "/kontakt-legekontoret", {"subject": "", "body": "", "action": "send"}),
    ("alle-tjenester-pa", "/forny-resept", None),
    ("alle-tjenester-pa", "/forny-resept", {"body": "", "action": "send"}),
    ("alle-tjenester-av", "/hendelser", None),
    ("alle-tjenester-av", "/innboks", None),
    ("alle-tjenester-av", "/innboks?side=2", None),
    ("alle-tjenester-av", "/innboks/g1", None),
    ("alle-tjenester-av", "/tjenester/bestill-time", None),
    ("fravaer", "/e-konsultasjon", None),
    ("e-konsultasjon-avsluttet", "/innboks", None),
    ("e-konsultasjon-avsluttet", "/innboks/s1", None),
    ("e-konsultasjon-avsluttet", "/innboks/s2", None),
    ("ferie-timebestilling", "/timeavtaler/bestill", None),
    ("ferie-timebestilling", "/timeavtaler/bestill/astrid?maned=2023-12&dag=2023-12-13", None),
    ("ferie-timebestilling", "/timeavtaler/bestill/astrid/bekreft?tid=2023-12-13T08:30", {"tid": "2023-12-13T08:30", "arsak": ""}),
    ("ferie-timebestilling", "/timeavtaler/bestill/astrid/foresla-tidspunkt", None),
    ("ferie-timebestilling", "/timeavtaler", None),
    ("alle-tjenester-pa", "/_sim/", None),
    ("alle-tjenester-pa", "/_sim/kontor", {"panel_message": "1" * 201}),
    ("anbefalt-losning-1", "/_sim/kontor", None),
    ("anbefalt-losning-1", "/_sim/kontor?virksomhet=kontor", None),
    ("anbefalt-losning-1", "/_sim/kontor/integrerte-verktoy", None),
    ("anbefalt-losning-1", "/_sim/kontor/journalsystem", None),
    ("alle-tjenester-pa", "/_sim/presenter", None),
    ("alle-tjenester-pa", "/_sim/demo", None),
    ("alle-tjenester-pa", "/_sim/join", None),
    ("e-konsultasjon-avsluttet", "/_sim/meldinger", None),
    ("ferie-timebestilling", "/_sim/timeavtaler", None),
    # Posted from /_sim/timeavtaler: every field wrong, so each message shows.
    ("ferie-timebestilling", "/_sim/timeavtaler/ledig-time", {"_page": "/_sim/timeavtaler", "behandler": "", "dato": "14.12", "klokkeslett": "", "varighet": "0", "timetype": ""}),
    ("alle-tjenester-pa", "/_sim/api/", None),
    ("alle-tjenester-pa", "/_sim/logg", None),
    ("alle-tjenester-pa", "/_sim/start/finnes-ikke", None),
    ("alle-tjenester-pa", "/finnes-ikke", None),
    ("alle-tjenester-pa", "/innboks?neste=https://example.org", None),
    ("alle-tjenester-pa", "/_sim/start/fravaer?next=https://example.org", None),
    ("fravaer", "/_sim/studier", None),
    ("fravaer", "/_sim/studier/juleferie", None),
    # A UX study's participant: the task panel before the task, during it; then the results.
    ("fravaer", "/", [_PARTICIPANT]),
    ("fravaer", "/", [_PARTICIPANT, _TASK_START]),
    ("fravaer", "/_sim/studier/juleferie", [_PARTICIPANT, _TASK_START, _GIVE_UP]),
]


class _Texts(HTMLParser):
    """What a reader meets: text (not in code, scripts or styles) and the attributes that are read out."""

    READ_OUT = ("aria-label", "alt", "title", "placeholder", "data-format")

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("code", "script", "style"):
            self._skip += 1
        self.texts += [value for name, value in attrs if name in self.READ_OUT and value]

    def handle_endtag(self, tag):
        if tag in ("code", "script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and (text := " ".join(data.split())):
            self.texts.append(text)


def texts_of(html: str) -> set[str]:
    parser = _Texts()
    parser.feed(html)
    return set(parser.texts)


def _names() -> set[str]:
    """Names and ids in the bundled scenarios: the same in every language."""
    names = {"Helsenorge", "helsenorge", *(lang.name for lang in LANGUAGES.values()), WEBINAR_ORGANISATION[1]}
    for scenario in load_scenarios(TRANSLATIONS.parent.parent / "scenarios").values():
        model = scenario.model
        names |= {scenario.id, model.persona.name, model.persona.first_name, model.gp.name, model.office.name, model.office.address}
        names |= {p.name for p in model.practitioners} | {p.id for p in model.practitioners}
    for study in load_studies(TRANSLATIONS.parent.parent / "studies", load_scenarios(TRANSLATIONS.parent.parent / "scenarios")).values():
        names |= {study.id} | {f"{i}. {task.id}" for i, task in enumerate(study.tasks, 1)}  # the results' task labels
    names |= {"CSV", "JSON", "SVG", "PNG"}  # file formats
    return {name for name in names if name}


def _the_same_in_english() -> list[re.Pattern]:
    """Texts the English catalogue translates as themselves («Send», «%(minutes)s min»), as patterns."""
    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        same = [m.id for m in read_po(file) if m.id and not isinstance(m.id, tuple) and m.id == m.string]
    return [re.compile(re.sub(r"%\\\(\w+\\\)s", ".+", re.escape(text))) for text in same]


NAMES = _names()
SAME_IN_ENGLISH = _the_same_in_english()


def suspicious(text: str) -> bool:
    """True if ``text`` has words of its own (not names, numbers or texts English shares)."""
    if any(pattern.fullmatch(text) for pattern in SAME_IN_ENGLISH):
        return False
    text = re.sub(r"https?://\S+", " ", text)  # addresses are not prose
    text = re.sub(r"\{\w+\}", " ", text)  # a script's placeholders: data-format="{count}/{max}"
    for name in sorted(NAMES, key=len, reverse=True):
        text = text.replace(name, " ")
    return re.search(r"[^\W\d_]{2,}", text) is not None


def page_in(make_browser, lang, scenario, path, form, csrf_token):
    browser = make_browser()
    assert browser.get(f"/_sim/start/{scenario}?lang={lang}").status_code == 303
    if isinstance(form, list):
        for step, page in form:
            assert browser.post(step, data={"csrf_token": csrf_token(browser, page), "next": "/"}).status_code in (302, 303)
        form = None
    if form is None:
        response = browser.get(path)
    else:
        page = form.get("_page", path)  # the page with the form, when it posts elsewhere
        data = {"csrf_token": csrf_token(browser, page), **{name: value for name, value in form.items() if name != "_page"}}
        if token := re.search(r'name="form_token" value="([^"]+)"', browser.get(page).get_data(as_text=True)):
            data["form_token"] = token.group(1)
        response = browser.post(path, data=data)
    return response


@pytest.mark.parametrize(("scenario", "path", "form"), PAGES, ids=[f"{s}{p}{' POST' if isinstance(f, dict) else ' after ' + f[-1][0] if f else ''}" for s, p, f in PAGES])
def test_every_text_of_the_page_is_translated(app, scenario, path, form, csrf_token):
    pages = {lang: page_in(app.test_client, lang, scenario, path, form, csrf_token) for lang in LANGUAGES}
    assert len({response.status_code for response in pages.values()}) == 1
    html = {lang: response.get_data(as_text=True) for lang, response in pages.items()}
    for lang in LANGUAGES:
        assert f'<html lang="{lang}">' in html[lang]
    bokmaal, english = texts_of(html["nb"]), texts_of(html["en"])
    assert sorted(text for text in bokmaal & english if suspicious(text)) == []
    assert texts_of(html["nn"]) != bokmaal


def test_the_check_finds_a_text_never_marked():
    assert suspicious("Velg en fil")
    assert not suspicious("Send") and not suspicious("20 min") and not suspicious("DDFL Test") and not suspicious("999 99 999")


# --- Choosing and remembering -----------------------------------------------------


def heading(client, path="/"):
    return re.search(r"<h1[^>]*>(.*?)</h1>", client.get(path).get_data(as_text=True)).group(1)


def test_bokmaal_without_a_choice(client, start):
    start("alle-tjenester-pa")
    assert heading(client) == "Hei, Nødvendig"


@pytest.mark.parametrize(("accept", "wanted"), [("nn-NO,nn;q=0.9", "Hei, Nødvendig"), ("en-GB,en;q=0.9", "Hello, Nødvendig"), ("no", "Hei, Nødvendig"), ("de-DE", "Hei, Nødvendig")])
def test_the_browsers_language_decides_until_one_is_chosen(client, start, accept, wanted):
    start("alle-tjenester-pa")
    response = client.get("/", headers={"Accept-Language": accept})
    assert re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True)).group(1) == wanted
    assert "Accept-Language" in response.vary


def test_a_language_link_chooses_and_the_browser_keeps_it(client, start):
    start("alle-tjenester-pa")
    html = client.get("/fastlege").get_data(as_text=True)
    link = re.search(r'<a class="language-links__link" href="([^"]+)" hreflang="en" lang="en">English</a>', html).group(1)
    assert link == "?lang=en"  # relative to the page: /fastlege?lang=en
    assert heading(client, "/fastlege" + link) == "Your GP"
    # Remembered: other pages, and over the browser's own Accept-Language.
    assert heading(client, "/") == "Hello, Nødvendig"
    assert re.search(r"<h1[^>]*>(.*?)</h1>", client.get("/", headers={"Accept-Language": "nn"}).get_data(as_text=True)).group(1) == "Hello, Nødvendig"
    assert heading(client, "/?lang=nn") == "Hei, Nødvendig"
    assert 'aria-current="true">Nynorsk</a>' in client.get("/").get_data(as_text=True)


def test_a_reset_or_another_scenario_keeps_the_language(client, start, csrf_token):
    start("alle-tjenester-pa")
    client.get("/?lang=en")
    client.post("/_sim/reset", data={"csrf_token": csrf_token(client), "next": "/"})
    start("anbefalt-losning-1")
    assert heading(client) == "Hello, Grådig"


def test_a_link_keeps_the_pages_other_parameters(client, start):
    start("alle-tjenester-pa")
    html = client.get("/sok?q=time&lang=nn").get_data(as_text=True)
    assert 'href="?q=time&amp;lang=en" hreflang="en"' in html


def test_an_unknown_language_is_ignored(client, start):
    start("alle-tjenester-pa")
    assert heading(client, "/?lang=de") == "Hei, Nødvendig"


def test_dates_and_weekdays_come_from_the_languages_locale_data(client):
    client.get("/_sim/start/ferie-timebestilling?lang=en")
    html = client.get("/timeavtaler/bestill/astrid?maned=2023-12&dag=2023-12-13").get_data(as_text=True)
    assert "December 2023" in html and ">Mon<" in html and ">Monday<" in html and "13 December, free appointments" in html
    assert "Free appointments 13 Dec 2023" in html
    client.get("/?lang=nn")
    html = client.get("/timeavtaler/bestill/astrid?maned=2023-12&dag=2023-12-13").get_data(as_text=True)
    assert "Desember 2023" in html and ">måndag<" in html and ">laurdag<" in html and "13. desember, ledige timar" in html
    # Monday's column head is nynorsk's, «Mån» or «Må» as the CLDR release Babel brings has it, not bokmål's «Man».
    assert re.search(r">Må(n)?<", html) and ">Man<" not in html
    client.get("/?lang=nb")
    html = client.get("/timeavtaler/bestill/astrid?maned=2023-12&dag=2023-12-13").get_data(as_text=True)
    assert ">Man<" in html and ">mandag<" in html and "Ledige timer 13. des. 2023" in html


def test_the_events_and_the_offices_inbox_date_by_the_language(client):
    client.get("/_sim/start/alle-tjenester-av?lang=en")
    assert "6 Dec 2023, at 16:45" in client.get("/hendelser").get_data(as_text=True)
    assert "29 Nov 2023" in client.get("/_sim/meldinger").get_data(as_text=True)
    client.get("/?lang=nn")
    assert "6. des. 2023, kl. 16:45" in client.get("/hendelser").get_data(as_text=True)


def test_the_counter_speaks_the_pages_language(client):
    client.get("/_sim/start/alle-tjenester-pa?lang=en")
    html = client.get("/kontakt-legekontoret").get_data(as_text=True)
    assert 'data-format="{count}/{max} characters"' in html and ">0/1000 characters<" in html


def test_state_gives_the_scenarios_texts_in_the_browsers_language(client):
    client.get("/_sim/start/anbefalt-losning-1?lang=en")
    state = client.get("/_sim/state").get_json()
    assert state["scenario"]["title"] == "Recommended solution 1"
    assert state["panel"]["message"].startswith("We are on holiday until 2 January")
    assert [s["name"] for s in state["services"]][:2] == ["Book an appointment", "Renew prescription"]


def test_an_office_edit_replaces_the_text_in_every_language(client, csrf_token):
    client.get("/_sim/start/anbefalt-losning-1?lang=nn")
    nynorsk = client.get("/_sim/state").get_json()["panel"]["message"]
    assert nynorsk.startswith("Vi har ferie fram til 2. januar")
    # Saving the nynorsk text as it is changes nothing, in any language.
    client.post("/_sim/kontor", data={"csrf_token": csrf_token(client, "/_sim/kontor"), "panel_message": nynorsk})
    assert client.get("/_sim/state?lang=en").get_json()["panel"]["message"].startswith("We are on holiday")
    # An edited text is the office's own, in every language.
    client.post("/_sim/kontor", data={"csrf_token": csrf_token(client, "/_sim/kontor"), "panel_message": "Stengt i dag."})
    assert {client.get(f"/_sim/state?lang={lang}").get_json()["panel"]["message"] for lang in LANGUAGES} == {"Stengt i dag."}
