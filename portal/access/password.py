"""The simulator's password (``PORTAL_PASSWORD``) and a browser's login.

A browser that logged in keeps a fingerprint of the password in its signed
session cookie: an HMAC under the app's secret key, so the cookie, which is
signed but readable, tells nothing about the password, and a changed password
no longer matches, which logs every browser out.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from flask import current_app, session

HEADER = "X-Portal-Password"
SESSION_KEY = "access"


def configured() -> str:
    """The password, or "" when the simulator is open."""
    return current_app.config.get("PASSWORD") or ""


def fingerprint(password: str, secret_key: str | bytes) -> str:
    """An HMAC of ``password`` under the secret key: what a logged-in browser's cookie holds."""
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return hmac.new(key, b"portal-password\0" + password.encode(), hashlib.sha256).hexdigest()


# The configured password's fingerprint, computed once (not every guess's: the cache would keep them).
_configured_fingerprint = lru_cache(maxsize=4)(fingerprint)


def _current() -> str:
    return _configured_fingerprint(configured(), current_app.secret_key)


def matches(given: str | None) -> bool:
    """Whether ``given`` is the password, compared in constant time (as fingerprints of equal length)."""
    if given is None or not configured():
        return False
    return hmac.compare_digest(fingerprint(given, current_app.secret_key), _current())


def is_logged_in() -> bool:
    """Whether this browser logged in with the current password."""
    stored = session.get(SESSION_KEY)
    return isinstance(stored, str) and hmac.compare_digest(stored, _current())


def log_in() -> None:
    session[SESSION_KEY] = _current()
    session.permanent = True


def log_out() -> None:
    session.pop(SESSION_KEY, None)
