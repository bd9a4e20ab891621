"""CSRF on every POST, strict response headers on every response, and
knowing a navigation that another site started."""

from __future__ import annotations

import threading
from collections import OrderedDict
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import CSRFProtect, generate_csrf

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)


# On every response, error pages too (portal.errors sends them on its last-resort page as well).
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


def init_app(app: Flask) -> None:
    csrf.init_app(app)  # templates get their csrf_token from portal.pagecache (one per browser, cacheable pages)
    app.after_request(_headers)


# Signed CSRF tokens by the session's raw token (bounded: the oldest go first).
_signed: OrderedDict[tuple[str, str], str] = OrderedDict()
_signed_lock = threading.Lock()
_SIGNED_KEPT = 10_000


def csrf_token() -> str:
    """This browser's CSRF token, as Flask-WTF's ``generate_csrf``, signed once
    per browser and process rather than on every page.

    Without a time limit (``WTF_CSRF_TIME_LIMIT = None``, ours) a token is
    checked against the session's raw token only, so one signed once stays
    valid; with a limit every page signs its own.
    """
    if current_app.config["WTF_CSRF_TIME_LIMIT"] is not None:
        return generate_csrf()
    raw = session.get("csrf_token")
    with _signed_lock:
        token = _signed.get((current_app.secret_key, raw)) if raw is not None else None
    if token is None:
        token = generate_csrf()  # a browser's first: its raw token is made here, into its session
        key = (current_app.secret_key, session["csrf_token"])
        with _signed_lock:
            _signed[key] = token
            if len(_signed) > _SIGNED_KEPT:
                _signed.popitem(last=False)
    g.csrf_token = token  # where generate_csrf looks first, should a form ask again in this request
    return token


def _headers(response: Response) -> Response:
    present = {name.lower() for name in response.headers.keys()}
    response.headers.extend((name, value) for name, value in HEADERS.items() if name.lower() not in present)
    return response


def from_another_site() -> bool:
    """Whether this request was started by another site's page: a link, a
    form or a script there. A GET that changes what the browser shows (a new
    sandbox, following a demo room) asks first then.

    The browser says so in ``Sec-Fetch-Site``: ``cross-site``, or ``same-site``
    (another origin of the same site, such as another subdomain). ``none`` is
    the visitor's own doing (typed, a bookmark, another program's link). A
    browser without Fetch Metadata is judged by its ``Referer``, if it sent one.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("cross-site", "same-site")
    referer = urlsplit(request.headers.get("Referer", ""))
    return bool(referer.netloc) and (referer.scheme, referer.netloc) != (request.scheme, request.host)
