"""Error pages in Norwegian, never a bare status line, an English text or a traceback.

Every HTTP error gets a Norwegian title and text by its status code (what
Werkzeug would say is English, so it is never shown); a view that knows better
says why with ``web.refuse``. An unhandled exception is logged and answered
with the Norwegian 500 page. Should even that fail (the page's template, the
database it may touch), a plain page rendered once at start is sent instead,
with the same security headers: the user never sees the server's own answer.
"""

from __future__ import annotations

import logging
import sys

from flask import Flask, Response, g, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from . import security
from .i18n import _l
from .web import render

logger = logging.getLogger(__name__)

# (title, text) by status code; other codes get the general text of their class.
_PAGES = {
    400: (_l("Noe var galt med forespørselen"), _l("Nettleseren sendte noe siden ikke kan bruke. Gå tilbake og prøv igjen.")),
    401: (_l("Du må logge inn"), _l("Denne siden krever at du logger inn.")),
    403: (_l("Du har ikke tilgang"), _l("Du har ikke tilgang til denne siden eller handlingen.")),
    404: (_l("Fant ikke siden"), _l("Adressen kan være feil, eller siden kan være flyttet.")),
    405: (_l("Denne handlingen er ikke tillatt her"), _l("Siden finnes, men kan ikke brukes på denne måten. Gå tilbake og prøv igjen.")),
    408: (_l("Det tok for lang tid"), _l("Forespørselen kom ikke fram i tide. Prøv igjen.")),
    409: (_l("Kunne ikke fullføre"), _l("Noe er endret i mellomtiden. Last siden på nytt og prøv igjen.")),
    410: (_l("Siden finnes ikke lenger"), _l("Det du leter etter er fjernet.")),
    413: (_l("Innholdet er for stort"), _l("Det du sendte er større enn siden tar imot. Send mindre, for eksempel færre eller mindre filer.")),
    414: (_l("Adressen er for lang"), _l("Adressen til siden er lengre enn vi tar imot. Sjekk adressen og prøv igjen.")),
    415: (_l("Noe var galt med forespørselen"), _l("Innholdet har en form siden ikke tar imot. Gå tilbake og prøv igjen.")),
    422: (_l("Skjemaet har feil"), _l("Noe i skjemaet må rettes. Gå tilbake og prøv igjen.")),
    429: (_l("For mange forsøk"), _l("Du har prøvd mange ganger på kort tid. Vent litt og prøv igjen.")),
    431: (
        _l("Forespørselen er for stor"),
        _l("Nettleseren sendte flere eller større informasjonskapsler enn vi tar imot. Slett informasjonskapslene for dette nettstedet og prøv igjen."),
    ),
    500: (_l("Noe gikk galt"), _l("Det oppstod en feil hos oss. Det du gjorde ble kanskje ikke lagret. Prøv igjen om litt.")),
    503: (_l("Tjenesten er ikke tilgjengelig"), _l("Simulatoren kan ikke svare akkurat nå. Prøv igjen om litt.")),
}
_CLIENT_ERROR = _PAGES[400]
_SERVER_ERROR = _PAGES[500]

# Werkzeug's headers that belong to the status (Allow on 405, Retry-After on
# 429, WWW-Authenticate on 401, Content-Range on 416); its Content-Type is for its own page.
_BODY_HEADERS = {"content-type", "content-length"}


def page_text(code: int) -> tuple[str, str]:
    """The Norwegian title and text of the error page for ``code``."""
    return _PAGES.get(code) or (_CLIENT_ERROR if code < 500 else _SERVER_ERROR)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(HTTPException, _http_error)
    with app.app_context():
        plain = render_template("errors/plain.html", title=_SERVER_ERROR[0], text=_SERVER_ERROR[1]).encode()
    app.wsgi_app = LastResort(app, plain)


def _csrf_error(error: CSRFError):
    return render(
        "errors/error.html",
        status=400,
        title=_l("Skjemaet er utløpt"),
        text=_l("Siden var åpen for lenge, eller informasjonskapslene er slått av. Gå tilbake, last siden på nytt og prøv igjen."),
    )


def _http_error(error: HTTPException) -> Response:
    code = error.code or 500
    title, text = page_text(code)
    response = render("errors/error.html", status=code, title=title, text=getattr(error, "explanation", None) or text)
    for name, value in error.get_headers():
        if name.lower() not in _BODY_HEADERS:
            response.headers[name] = value
    return response


def _server_error(error: InternalServerError) -> Response:
    """An unhandled exception (Flask has logged it): the Norwegian 500 page.

    The request's database transaction may be the failed part: it is rolled
    back first, so the page and the session log can still use the database.
    """
    if (session := g.get("db_session")) is not None:
        session.rollback()
    return _http_error(error)


class LastResort:
    """Around the app: an exception that escaped Flask's own handling (a
    failing error page, a teardown) is logged and answered with the plain
    Norwegian 500 page and our security headers, not the server's empty 500."""

    def __init__(self, app: Flask, page: bytes):
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.page = page

    def _propagates(self) -> bool:
        """As Flask decides: tests and the debugger want the exception itself."""
        propagate = self.app.config["PROPAGATE_EXCEPTIONS"]
        return self.app.testing or self.app.debug if propagate is None else propagate

    def __call__(self, environ, start_response):
        started = False

        def start(*args):
            nonlocal started
            started = True
            return start_response(*args)

        try:
            return self.wsgi_app(environ, start)
        except Exception:
            if self._propagates():
                raise
            logger.exception("unhandled error in %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
            headers = [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(self.page))),
                ("Cache-Control", "no-store"),
                *security.HEADERS.items(),
            ]
            # A second start_response must carry the error (PEP 3333): the server then replaces the first.
            start_response("500 INTERNAL SERVER ERROR", headers, sys.exc_info() if started else None)
            return [self.page]
