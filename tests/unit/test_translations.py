"""The catalogues are complete: every text the code marks is in each
language's catalogue, translated, not fuzzy, with the same placeholders; and
no Norwegian sentence in the Python code is left unmarked.

When one fails after new texts came in: `make translations`, then translate
what is new in the same norm (docs/translations.md)."""

import ast
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


# Norwegian in a string: a letter of its own, or a word a sentence in bokmål hardly goes without.
_NORWEGIAN = re.compile(r"[æøå]|\b(ikke|eller|må|kan|skal|finnes|mangler|ugyldig|feil|slett|velg|bruk)\b", re.IGNORECASE)
_MARKING = {"_", "_l", "N_", "ngettext", "gettext", "lazy_gettext"}
_NOT_READ = {"debug", "info", "warning", "error", "exception", "critical", "compile"}  # logs, patterns
# Values of /_sim/state, which tests compare (docs/state.md): not texts.
_STATE_VALUES = {"venter på svar", "time foreslått"}


def _unmarked(path: Path):
    """Norwegian sentences in ``path`` that no marking call holds, and click
    commands whose help is a Norwegian docstring (it must be ``help=_(…)``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def called(node) -> str:
        return node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""

    def marked(node) -> bool:
        while (node := parents.get(node)) is not None:
            if isinstance(node, ast.Call) and called(node) in _MARKING | _NOT_READ:
                return True
        return False

    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            isinstance(d, ast.Call) and called(d) in ("command", "group") for d in node.decorator_list
        ):
            if (doc := ast.get_docstring(node)) and _NORWEGIAN.search(doc):
                yield node.lineno, doc
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and not isinstance(parents.get(node), ast.JoinedStr):
            text = node.value
        else:
            continue
        if isinstance(parents.get(node), ast.Expr) or text in _STATE_VALUES:
            continue  # a docstring
        if " " in text.strip() and _NORWEGIAN.search(text) and not marked(node):
            yield node.lineno, text


def test_no_norwegian_sentence_in_python_is_left_unmarked():
    """A text made with an f-string or left bare stays bokmål in nynorsk and English:
    mark it (`_("… %(name)s …", name=…)`, docs/translations.md)."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:70]!r}"
        for path in sorted((ROOT / "portal").rglob("*.py"))
        if "versions" not in path.parts
        for line, text in _unmarked(path)
    ]
    assert found == []


def test_the_unmarked_check_finds_what_it_should(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import click\n"
        "from portal.i18n import _\n"
        "ok = _('Kan ikke lese %(path)s', path='x')\n"
        "bad = f'Kan ikke lese {ok}'\n"
        "key = 'kontakt-legekontoret'\n"
        "@click.command()\n"
        "def prune():\n"
        "    \"\"\"Slett sandkasser ingen har brukt.\"\"\"\n",
        encoding="utf-8",
    )
    assert sorted(line for line, _text in _unmarked(sample)) == [4, 7]  # the f-string, the command
