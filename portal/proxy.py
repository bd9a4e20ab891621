"""Behind a reverse proxy: which forwarded headers to trust, and https.

With ``PORTAL_PROXY_HOPS=N`` the simulator believes the last N proxies'
X-Forwarded-For, -Proto, -Host and -Prefix (werkzeug's ProxyFix): the client's
address, https, the public host and the address prefix (e.g. ``/sim``) are then
the ones the browser used, and ``url_for`` builds links under that prefix.
Without the setting the headers are ignored, as anyone may send them.

Over https the session cookie is ``Secure`` and browsers are told to keep to
https (HSTS). The cookie's path is the prefix, so simulators under two
prefixes of one host keep their own sandboxes.
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .cookies import RememberingSessionInterface

HSTS = "max-age=31536000"


def init_app(app: Flask) -> None:
    if hops := app.config["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)
    app.session_interface = _SessionCookie()
    app.after_request(_strict_transport_security)


class _SessionCookie(RememberingSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        return app.config["SESSION_COOKIE_SECURE"] or request.is_secure

    def get_cookie_path(self, app: Flask) -> str:
        return app.config["SESSION_COOKIE_PATH"] or request.script_root + "/"


def _strict_transport_security(response: Response) -> Response:
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
