"""What every page shares: its language (portal.i18n), template helpers, htmx-aware rendering."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from babel import dates
from flask import Flask, Response, current_app, flash, g, make_response, render_template, request, url_for
from flask_babel import format_date, format_datetime, format_time, get_locale
from jinja2_fragments.flask import render_block
from werkzeug.exceptions import default_exceptions
from whitenoise import WhiteNoise

from . import i18n
from .control import is_control_plane
from .i18n import _
from .sandbox import participant_mode
from .security import HEADERS


def init_app(app: Flask) -> None:
    i18n.init_app(app)
    app.wsgi_app = StaticFiles(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        static_url=static_url,
        page_url=page_url,
        catalog=app.config["GP_SERVICES"],
        format_date=format_date,
        format_datetime=format_datetime,
        format_time=format_time,
        format_skeleton=format_skeleton,
        clock=clock,
        participant_mode=participant_mode,
    )
    app.context_processor(_sandbox_context)


def _sandbox_context() -> dict:
    """Pages that looked up this browser's sandbox show its persona, and the
    simulator bar, except the patient's pages of a UX test's participant."""
    view = g.get("sandbox")
    return {"sandbox": view, "simulator_bar": view is not None and (is_control_plane() or not participant_mode(view))}


# Dates and times in the page's language, from Babel's locale data. Use the
# named formats ("long": «7. desember 2023» / «7 December 2023», "medium",
# "full") or a skeleton, never a pattern of one language's own.


def format_skeleton(skeleton: str, value) -> str:
    """A date by a CLDR skeleton: "MMMMd" gives «7. desember», «7 December»."""
    return dates.format_skeleton(skeleton, value, locale=get_locale())


def clock(moment) -> str:
    """The time of day of a wall-clock time (Oslo's, as the scenarios' are): «10:00»."""
    return format_time(moment, "short", rebase=False)


class StaticFiles(WhiteNoise):
    """The static files, served in front of Flask (WhiteNoise: headers made
    once per file, a twentieth of Flask's time per file), with the headers
    every answer has. Their URLs carry a content hash (``static_url``), so
    they are cached as Flask would (``SEND_FILE_MAX_AGE_DEFAULT``). Other
    methods than GET and HEAD go on to Flask, and its Norwegian 405."""

    def __init__(self, app: Flask):
        max_age = app.config["SEND_FILE_MAX_AGE_DEFAULT"] or 0
        super().__init__(
            app.wsgi_app,
            root=app.static_folder,
            prefix=app.static_url_path,
            autorefresh=app.debug,  # a file edited while developing is served as it is now
            max_age=int(max_age.total_seconds() if isinstance(max_age, dt.timedelta) else max_age),
            allow_all_origins=False,
            add_headers_function=_every_answers_headers,
        )

    def __call__(self, environ: dict, start_response):
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.application(environ, start_response)
        return super().__call__(environ, start_response)


def _every_answers_headers(headers, _path: str, _url: str) -> None:
    for name, value in HEADERS.items():
        headers[name] = value


@lru_cache(maxsize=256)
def _hashed_static_path(folder: str, static_url_path: str, filename: str) -> str:
    digest = hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:12]
    return f"{static_url_path}/{filename}?v={digest}"


def static_url(filename: str) -> str:
    """A static file's URL with its content hash, so it can be cached for a year."""
    return request.script_root + _hashed_static_path(current_app.static_folder, current_app.static_url_path, filename)


def is_htmx_request() -> bool:
    """An htmx request that wants a fragment (a history restore wants the page)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def render(template: str, block: str | None = None, status: int | None = None, **context) -> Response:
    """The whole page, or for htmx just the named block of the same template.

    A form's errors passed as ``errors=`` (field name -> message) make the
    status 422 unless another is given, and are noted in ``g.form_errors``, so
    the session log records which fields had them.
    """
    if context.get("errors"):
        g.form_errors = context["errors"]
    if status is None:
        status = 422 if context.get("errors") else 200
    if block and is_htmx_request():
        html = render_block(template, block, **context)
    else:
        html = render_template(template, **context)
    response = make_response(html, status)
    response.vary.add("HX-Request")
    return response


def receipt(text: str, more: str = "", link: tuple[str, str] | None = None) -> None:
    """A receipt for what the user just did, shown once on the next page that
    renders one (base.html's status slot, or an htmx block that includes
    receipts.html): ``text`` in bold, then ``more`` and a link (text, URL)."""
    flash({"text": text, "more": more, "link": list(link) if link else None})


def refuse(code: int, text: str) -> NoReturn:
    """Stop with the error page for ``code``, saying ``text`` instead of the code's standard text."""
    error = default_exceptions[code]()
    error.explanation = text
    raise error


def page_url() -> str:
    """This page's own URL, under the simulator's prefix: for forms that post back to it."""
    return request.script_root + request.path


def local_url(target: str | None, fallback: str | None = None) -> str:
    """Where to send the browser back to: ``target``, a path inside the
    simulator such as a ``next`` value (``/fastlege``), under the simulator's
    prefix; else ``fallback`` (a URL; the front page if none).

    Anything else (another site, a control character, a backslash) is refused
    with a 400: read it before the view changes anything.
    """
    if path := local_next(target):
        return request.script_root + path
    return fallback or url_for("home.index")


def local_next(target: str | None) -> str:
    """``target``, a path inside the simulator, to pass on as a ``next`` value; "" if none is given.
    Anything else is refused with a 400."""
    if not target:
        return ""
    if not _is_path_on_this_site(target):
        refuse(400, _("Lenken sender videre til en adresse som ikke er en side i simulatoren (next). Bruk en sti som /innboks."))
    return target


def _is_path_on_this_site(target: str) -> bool:
    parts = urlsplit(target)
    return (
        target.startswith("/")
        and target.isprintable()
        and not (target.startswith("//") or "\\" in target or parts.scheme or parts.netloc)
    )
