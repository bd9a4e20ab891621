"""CSRF on every POST, strict response headers on every response, and
knowing a navigation that another site started."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_wtf.csrf import CSRFProtect

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
    csrf.init_app(app)
    app.after_request(_headers)


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
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
