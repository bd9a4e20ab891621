"""The catalogues are complete: every text the code marks is in each
language's catalogue, translated, not fuzzy, with the same placeholders.

When one fails after new texts came in: `make translations`, then translate
what is new in the same norm (docs/translations.md)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.i18n import LANGUAGES, SOURCE

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "portal" / "translations"
CODES = [code for code in LANGUAGES if code != SOURCE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> set:
    """Every text the code and the templates mark, extracted as `make translations` does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "--no-location", "-k", "_l", "-F", "babel.cfg", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as file:
        return {m.id for m in read_po(file) if m.id}


def catalogue(code: str):
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=code)


def test_every_language_but_bokmaal_has_a_catalogue():
    # Bokmål is the source language: its texts are the msgids themselves.
    assert sorted(path.parent.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")) == sorted(CODES)


@pytest.mark.parametrize("code", CODES)
def test_the_catalogue_holds_every_marked_text_and_no_other(code, marked):
    catalogued = {m.id for m in catalogue(code) if m.id}
    assert marked - catalogued == set(), "new texts: run `make translations`, then translate them"
    assert catalogued - marked == set(), "texts no longer in the code: run `make translations`"


@pytest.mark.parametrize("code", CODES)
def test_every_text_is_translated_and_none_is_fuzzy(code):
    messages = [m for m in catalogue(code) if m.id]
    untranslated = [m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [], f"untranslated in {code}: translate them (docs/translations.md)"
    assert fuzzy == [], f"fuzzy in {code}: check each guess, correct it and remove its fuzzy flag"


@pytest.mark.parametrize("code", CODES)
def test_translations_keep_the_placeholders(code):
    """A placeholder lost or misspelt is a KeyError, so a broken page, in that language only."""
    wrong = []
    for message in catalogue(code):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(sources[-1]))
        wrong += [(message.id, target) for target in targets if set(PLACEHOLDER.findall(target)) - wanted or (len(sources) == 1 and set(PLACEHOLDER.findall(target)) != wanted)]
    assert wrong == []


def test_the_code_translates_through_portal_i18n():
    """Flask-Babel's gettext leaves a text untranslated outside a request: the
    `portal` command's messages would stay in bokmål whatever PORTAL_LANG says."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "portal").rglob("*.py")
        if re.search(r"from flask_babel import .*\b(gettext|lazy_gettext|ngettext)\b", path.read_text())
    ]
    assert offenders == [], "import _, _l and ngettext from portal.i18n"
