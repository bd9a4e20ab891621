"""The portal's languages: bokmål, nynorsk and English, as helsenorge.no has them.

Bokmål is the source language: the code and the templates are written in it,
and ``translations/<code>/LC_MESSAGES/messages.po`` holds every other
language's catalogue (docs/translations.md: the glossary, and how to add a
language).

A request's language is chosen once, when its first text is translated:
``?lang=`` (which the language links in every page's footer use, and which is
then remembered in the browser's session cookie), else the remembered choice,
else the browser's ``Accept-Language``, else the default (``PORTAL_LANG``, or
bokmål). Outside a request — the ``portal`` command — texts are in the default
language.

Mark texts with ``_``/``gettext`` (now), ``_l``/``lazy_gettext`` (when shown:
texts made at import time, such as the GP services' names) or ``N_`` (marked
only, translated where they are shown), all from this module. Flask-Babel's
own ``gettext`` gives the same in a request, but nothing outside one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Union
from urllib.parse import urlencode

from babel.support import NullTranslations, Translations
from flask import Flask, Response, has_request_context, request, request_started, session
from flask_babel import Babel, Domain
from flask_babel.speaklater import LazyString
from pydantic import AfterValidator, ConfigDict, Discriminator, Field, PlainSerializer, StringConstraints, Tag, create_model

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
SESSION_KEY = "lang"


@dataclass(frozen=True)
class Language:
    code: str  # <html lang>, hreflang, ?lang= and the catalogue's folder
    name: str  # in its own language, as the language links show it
    locale: str  # Babel's locale for dates, weekdays and numbers

    @property
    def browser_locale(self) -> str:
        """A browser of someone who reads it, in Norway: "nb-NO", "nn-NO", "en-GB"."""
        return self.locale.replace("_", "-") if "_" in self.locale else f"{self.locale}-NO"


LANGUAGES = {
    language.code: language
    for language in (
        Language("nb", "Bokmål", "nb"),
        Language("nn", "Nynorsk", "nn"),
        # Day before month, as in Norway: «7 December 2023».
        Language("en", "English", "en_GB"),
    )
}
SOURCE = "nb"  # the language the texts are written in; it has no catalogue
# A browser's Accept-Language may say "no" (Norwegian) for bokmål.
_ACCEPTED = {**{code: code for code in LANGUAGES}, "no": "nb"}


def default_language() -> str:
    """``PORTAL_LANG``, else bokmål; a value that names none of our languages is an error."""
    wanted = os.environ.get("PORTAL_LANG") or SOURCE
    if wanted not in LANGUAGES:
        # In bokmål: there is no other language to say it in.
        raise ValueError(N_("PORTAL_LANG=%(wanted)s: språket finnes ikke i simulatoren (gyldige: %(valid)s)") % {"wanted": wanted, "valid": ", ".join(LANGUAGES)})
    return wanted


def choose(asked: str | None, remembered: str | None, accepted, default: str = SOURCE) -> str:
    """The language of a request: ``asked`` (``?lang=``), ``remembered`` (the
    session's), the best of ``accepted`` (werkzeug's ``LanguageAccept``), or ``default``."""
    for code in (asked, remembered):
        if code in LANGUAGES:
            return code
    return _ACCEPTED.get(accepted.best_match(_ACCEPTED) if accepted else None, default)


# This request's language and catalogue, chosen at its first text, forgotten
# when a request starts and when it ends (a request inside another, in a test,
# chooses its own): a context variable, not ``g``, as every text asks (a page
# has dozens) and is answered faster this way.
_chosen: ContextVar[tuple[str, NullTranslations] | None] = ContextVar("portal_language", default=None)


def _choice() -> tuple[str, NullTranslations]:
    chosen = _chosen.get()
    if chosen is None:
        if not has_request_context():
            code = _default_or_source()
            return code, _catalogue(code)
        code = choose(request.args.get(SESSION_KEY), session.get(SESSION_KEY), request.accept_languages, _default_or_source())
        chosen = (code, _catalogue(code))
        _chosen.set(chosen)
    return chosen


def language() -> str:
    """The code of this request's language, chosen once; outside a request, the default."""
    return _choice()[0]


def _default_or_source() -> str:
    try:
        return default_language()
    except ValueError:  # the app refused to start with it; a command says so once (cli.py)
        return SOURCE


def babel_locale() -> str:
    """Babel's locale of this request's language: flask_babel's ``format_date`` and friends use it."""
    return LANGUAGES[language()].locale


@lru_cache(maxsize=None)
def _catalogue(code: str) -> NullTranslations:
    if code == SOURCE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [code])


def missing_catalogues() -> list[str]:
    """The languages whose compiled catalogue (``.mo``) is not there."""
    return [code for code in LANGUAGES if code != SOURCE and not isinstance(_catalogue(code), Translations)]


def translations() -> NullTranslations:
    """The catalogue of this request's language, else the default language's."""
    return _choice()[1]


def gettext(text: str, **variables) -> str:
    translated = translations().gettext(text)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return translations().ngettext(singular, plural, num) % variables


def lazy_gettext(text: str, **variables) -> LazyString:
    """Translated each time it is shown, in that request's language."""
    return LazyString(gettext, text, **variables)


def N_(text: str) -> str:
    """Marks ``text`` for the catalogue and leaves it as it is: it is translated where it is shown."""
    return text


_ = gettext
_l = lazy_gettext


def translated_schema(schema: Any, **variables) -> Any:
    """A JSON Schema with its descriptions (marked with ``N_``) in this
    language, each with ``variables`` filled in (a limit, say)."""
    if isinstance(schema, dict):
        return {
            key: gettext(value, **variables) if key == "description" and isinstance(value, str) else translated_schema(value, **variables)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [translated_schema(item, **variables) for item in schema]
    return schema


def language_links() -> list[tuple[Language, str, bool]]:
    """For the footer: each language, the address of this page in it (the query
    alone, so it is relative to the page the browser shows), and whether it is
    the current language."""
    current = language()
    if not request.query_string:
        return _PLAIN_LINKS[current]
    others = urlencode([(key, value) for key, value in request.args.items(multi=True) if key != SESSION_KEY])
    return [(lang, f"?{others}&{SESSION_KEY}={code}" if others else f"?{SESSION_KEY}={code}", code == current) for code, lang in LANGUAGES.items()]


# A page without a query (most are) gets these, made once.
_PLAIN_LINKS = {current: [(lang, f"?{SESSION_KEY}={code}", code == current) for code, lang in LANGUAGES.items()] for current in LANGUAGES}


# --- A scenario's texts --------------------------------------------------------


class LocalText:
    """A text of a scenario in each language: the same for all, or its own per
    language. A language left out shows bokmål's. ``str()`` gives it in the
    request's language (templates print it as it is)."""

    __slots__ = ("texts",)

    def __init__(self, texts: Mapping[str, Any]):
        self.texts = dict(texts)  # language code -> text (or a lazy text); SOURCE always

    def get(self, code: str) -> str:
        text = self.texts.get(code)
        return str(self.texts[SOURCE] if text is None else text)

    def __str__(self) -> str:
        return self.get(language())

    def __bool__(self) -> bool:
        return bool(str(self))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalText) and self.texts == other.texts

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.texts.items())))

    def __repr__(self) -> str:
        return f"LocalText({self.texts!r})"


# Where a scenario error's field path passes through one of the two forms (see local_text).
ONE_TEXT, PER_LANGUAGE = "<tekst>", "<språk>"


@lru_cache(maxsize=None)
def local_text(max_length: int | None = None, min_length: int = 0) -> Any:
    """The type of a scenario's text field: a plain string (for every language)
    or a mapping ``{nb: …, nn: …, en: …}`` with ``nb`` required; each
    language's text within the limits. Validated into a ``LocalText``."""
    one = Annotated[str, StringConstraints(max_length=max_length, min_length=min_length)]
    per_language = create_model(
        f"TekstPerSpråk{max_length or ''}{'_' + str(min_length) if min_length else ''}",
        __config__=ConfigDict(extra="forbid", frozen=True),
        **{code: (one, ...) if code == SOURCE else (one, Field(None, description=lang.name)) for code, lang in LANGUAGES.items()},
    )
    either = Annotated[
        Union[Annotated[one, Tag(ONE_TEXT)], Annotated[per_language, Tag(PER_LANGUAGE)]],
        Discriminator(lambda value: PER_LANGUAGE if isinstance(value, Mapping) else ONE_TEXT),
    ]

    def to_local_text(value: str | Any) -> LocalText:
        if isinstance(value, str):
            return LocalText({SOURCE: value})
        return LocalText({code: text for code, text in value.model_dump().items() if text is not None})

    return Annotated[either, AfterValidator(to_local_text), PlainSerializer(lambda text: text.texts)]


# --- Wiring ---------------------------------------------------------------------

babel = Babel()


class _RequestDomain(Domain):
    """Flask-Babel's ``gettext`` and lazy texts through the same catalogues as ours."""

    def get_translations(self) -> NullTranslations:
        return translations()


def init_app(app: Flask) -> None:
    default_language()  # PORTAL_LANG must name a language we have
    if missing := missing_catalogues():
        raise ValueError(
            gettext(
                "Oversettelsene for %(languages)s er ikke kompilert (%(folder)s/<språk>/LC_MESSAGES/messages.mo): "
                "kjør make install, eller pybabel compile -d portal/translations",
                languages=", ".join(missing),
                folder=TRANSLATIONS,
            )
        )
    babel.init_app(app, locale_selector=babel_locale)
    babel.domain_instance = _RequestDomain()
    # Instead of Flask-Babel's callables, which look the locale up at every text.
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: translations().gettext(text),
        ngettext=lambda singular, plural, num: translations().ngettext(singular, plural, num),
        newstyle=True,
    )
    app.jinja_env.globals.update(language=language, language_links=language_links)
    app.before_request(_remember_choice)
    app.after_request(_say_which)
    request_started.connect(_forget_choice, app)
    app.teardown_request(_forget_choice)


def _remember_choice() -> None:
    """``?lang=`` on any address chooses the language and the browser keeps it (e.g. ``/_sim/start/<id>?lang=en``)."""
    asked = request.args.get(SESSION_KEY)
    if asked in LANGUAGES and session.get(SESSION_KEY) != asked:
        session[SESSION_KEY] = asked


def remember(code: str) -> None:
    """``code`` is this browser's language from now on, as with ``?lang=``, and this answer's."""
    session[SESSION_KEY] = code
    _chosen.set(None)


def _forget_choice(*_args, **_kwargs) -> None:
    _chosen.set(None)


def _say_which(response: Response) -> Response:
    if chosen := _chosen.get():  # only answers that translated something have a language
        response.headers["Content-Language"] = chosen[0]
        response.vary.add("Accept-Language")
    return response

