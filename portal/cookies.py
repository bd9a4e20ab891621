"""The session cookie: Flask's signed cookie, each value verified once per process.

Every request (a demo room's poll twice a second per participant) opens the
session; checking the cookie's signature and decoding it was a quarter of an
unchanged poll's time. A cookie value seen before gives the same session
again without either, while its signature's age is within the session's
lifetime. Only flat sessions are remembered (strings and numbers, no lists):
a request may change a list in place (receipts), never a remembered value.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

_KEPT = 10_000
_FLAT = (str, int, float, bool, type(None))


class RememberingSessionInterface(SecureCookieSessionInterface):
    """The base of the app's session interface (``portal.proxy`` sets its path and Secure flag)."""

    def __init__(self) -> None:
        self._serializers: dict = {}
        self._opened: OrderedDict[tuple, tuple[dict, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get_signing_serializer(self, app: Flask):
        # Built once per key: Flask builds one per request (and tries it out on an empty string).
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if (serializer := self._serializers.get(key)) is None:
            serializer = self._serializers[key] = super().get_signing_serializer(app)
        return serializer

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        lifetime = app.permanent_session_lifetime.total_seconds()
        key = (app.secret_key, value)
        with self._lock:
            found = self._opened.get(key)
        if found is not None and time.time() - found[1] <= lifetime:
            return self.session_class(found[0])
        try:
            data, signed_at = serializer.loads(value, max_age=int(lifetime), return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if all(isinstance(item, _FLAT) for item in data.values()):
            with self._lock:
                self._opened[key] = (dict(data), signed_at.timestamp())
                if len(self._opened) > _KEPT:
                    self._opened.popitem(last=False)
        return self.session_class(data)

