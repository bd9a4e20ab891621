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


@lru_cache(maxsize=8)
def fingerprint(password: str, secret_key: str | bytes) -> str:
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return hmac.new(key, b"portal-password\0" + password.encode(), hashlib.sha256).hexdigest()


def matches(given: str | None) -> bool:
    """Whether ``given`` is the password, compared in constant time (as fingerprints of equal length)."""
    if given is None or not (password := configured()):
        return False
    key = current_app.secret_key
    # Not cached: the cache would keep every guess in memory.
    return hmac.compare_digest(fingerprint.__wrapped__(given, key), fingerprint(password, key))


def is_logged_in() -> bool:
    """Whether this browser logged in with the current password."""
    stored = session.get(SESSION_KEY)
    return stored is not None and hmac.compare_digest(stored, fingerprint(configured(), current_app.secret_key))


def log_in() -> None:
    session[SESSION_KEY] = fingerprint(configured(), current_app.secret_key)
    session.permanent = True


def log_out() -> None:
    session.pop(SESSION_KEY, None)
