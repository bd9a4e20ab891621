"""Error pages in Norwegian, never a bare status line."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .i18n import _
from .web import render


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)


def _csrf_error(error: CSRFError):
    return render(
        "errors/error.html",
        status=400,
        title=_("Skjemaet er utløpt"),
        text=_("Siden var åpen for lenge, eller informasjonskapslene er slått av. Gå tilbake, last siden på nytt og prøv igjen."),
    )


def _http_error(error: HTTPException):
    titles = {
        404: _("Fant ikke siden"),
        405: _("Denne handlingen er ikke tillatt her"),
        413: _("Innholdet er for stort"),
    }
    return render(
        "errors/error.html",
        status=error.code or 500,
        title=titles.get(error.code, _("Noe gikk galt")),
        text=_("Adressen kan være feil, eller siden kan være flyttet.") if error.code == 404 else error.description,
    )
