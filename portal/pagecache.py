"""Whole pages kept in memory under everything they were made from.

A patient's page that shows only the sandbox's state (the front page, the
GP's pages) is rendered once per version of its sandbox: a view of it is
then the sandbox's one small read and a copy. The sandbox's version goes up
with every write to it (``portal.sandbox`` counts them in one place), so no
writer needs to know about this cache.

- **The key** is ``page_key()``: one line per thing a page depends on. A new
  dimension (a language, a look) is one more line there.
- **The CSRF token** is not kept: a page is stored with a placeholder where
  the token goes, and each view gets this browser's own token, freshly
  signed (Flask-WTF's time limit counts from the view, not from the render).
- **Receipts** (flashed) are shown once: a request with one waiting is
  rendered, not served from or stored in the cache.
- **Size**: per process, least recently used first out, bounded in bytes
  (``PAGE_CACHE_BYTES``, 0 turns the cache off).

In front of Flask, ``Replays`` gives a browser the very answer it had
before, when it asks again with the same request (every header the same,
its cookie too) and the sandbox the answer was made from has not changed:
one small read, no Flask. The views say which answers may be given again
(``replayable``); the session log gets its line as for any page.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import Flask, Response, current_app, g, request, session
from werkzeug.wsgi import ClosingIterator

from . import i18n, sandbox
from .security import csrf_token
from .sessionlog import store as session_log
from .studies.live import COOKIE_KEY as STUDY_PARTICIPANT
from .web import is_htmx_request

# Where a page's CSRF token goes; letters only, so escaping leaves it as it is.
_TOKEN_SLOT = "portalCsrfTokenSlot"
_KEEP = "portal.pagecache"


def page_key(view: sandbox.SandboxView) -> tuple:
    """Everything a cached page depends on besides its CSRF token."""
    return (
        request.host,
        request.script_root,  # the proxy's prefix, in every link
        request.full_path,  # the page and its query (the reset form's next)
        is_htmx_request(),  # a block or the whole page
        view.made_from,  # its id and version (one more after every write); one never written shares its scenario's
        view.read_only,  # a demo room's participant
        view.participant,  # a UX test's participant: no simulator on the page
        sandbox.is_logged_out(),
        g.get("access"),  # what the simulator bar offers
        i18n.language(),  # bokmål, nynorsk or English (and the Content-Language header with it)
    )


@dataclass(frozen=True)
class _Page:
    body: str  # with _TOKEN_SLOT for the CSRF token
    status: int
    headers: tuple[tuple[str, str], ...]
    scenario: object  # the scenario object it was made from: a reloaded file is a new one

    @property
    def size(self) -> int:
        return len(self.body) + 200


class PageCache:
    """Pages (or replays) by key, least recently used out first once over ``max_bytes``. Thread-safe."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._pages: OrderedDict[tuple, _Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> _Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: _Page) -> None:
        if page.size > self.max_bytes:
            return
        with self._lock:
            if (old := self._pages.pop(key, None)) is not None:
                self.bytes -= old.size
            self._pages[key] = page
            self.bytes += page.size
            while self.bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self.bytes -= dropped.size

    def __len__(self) -> int:
        return len(self._pages)


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE_BYTES", 16 * 1024 * 1024)
    app.extensions[_KEEP] = PageCache(app.config["PAGE_CACHE_BYTES"])
    # Instead of Flask-WTF's csrf_token (portal.security), which it puts in every
    # template's context: a context processor of our own, registered after its
    # own, wins there (a global alone would not).
    app.jinja_env.globals["csrf_token"] = _csrf_token
    app.context_processor(lambda: {"csrf_token": _csrf_token})
    # A replayed page carries the token it was given; one with a time limit would expire.
    if app.config["PAGE_CACHE_BYTES"] > 0 and app.config["WTF_CSRF_TIME_LIMIT"] is None:
        app.wsgi_app = Replays(app, app.wsgi_app, app.config["PAGE_CACHE_BYTES"])


def _csrf_token() -> str:
    return _TOKEN_SLOT if g.get("page_cache_render") else csrf_token()


def _cache() -> PageCache | None:
    cache = current_app.extensions[_KEEP]
    if cache.max_bytes <= 0 or current_app.jinja_env.auto_reload or request.method != "GET" or "_flashes" in session:
        return None
    if STUDY_PARTICIPANT in session:
        # A UX study's participant: the page's task panel changes without a write
        # to the sandbox, and each view is a step of the task (studies.live.for_page).
        return None
    return cache


def cached(view_func):
    """A patient's page served from the cache while its sandbox has not changed."""

    @wraps(view_func)
    def serve(*args, **kwargs):
        view = sandbox.current()
        cache = _cache()
        if cache is None:
            return view_func(*args, **kwargs)
        key = page_key(view)
        page = cache.get(key)
        if page is not None and page.scenario is view.scenario:
            replayable(view)
            return Response(page.body.replace(_TOKEN_SLOT, csrf_token()), page.status, page.headers)
        g.page_cache_render = True
        try:
            response = current_app.make_response(view_func(*args, **kwargs))
        finally:
            g.page_cache_render = False
        body = response.get_data(as_text=True)
        if response.status_code == 200:
            headers = tuple((name, value) for name, value in response.headers.items() if name != "Content-Length")
            cache.put(key, _Page(body, response.status_code, headers, view.scenario))
            replayable(view)
        response.set_data(body.replace(_TOKEN_SLOT, csrf_token()))
        return response

    return serve


# In front of Flask: the same request, the same answer --------------------------

_REPLAYABLE = "portal.pagecache.replayable"
# How long an answer is given again before Flask sees the request once more:
# what it depends on besides its sandbox and the request (a cookie's age, the
# scenario files) is checked at least this often.
REPLAY_FOR = 60.0
# Per connection, not per request: the rest of the environ is the request.
_CONNECTION = frozenset({"REMOTE_ADDR", "REMOTE_PORT"})


@dataclass(frozen=True)
class _Source:
    """What an answer was made from: a sandbox at a version (and scenario)."""

    sandbox_id: str
    version: str
    scenario: object  # None: any (an answer from the version alone)
    recent: bool  # a version this process read a moment ago will do (sandbox.RECENT)


def replayable(view: sandbox.SandboxView | None = None, *, sandbox_id: str | None = None, version: str | None = None) -> None:
    """This request's answer, made from ``view`` as it is stored, may be given
    again to the same request while the sandbox stays as it is. Or, for the
    demo room's unchanged poll, from ``sandbox_id`` at ``version``, to be
    given again while this process read that version a moment ago."""
    if view is not None:
        if view.stored:
            request.environ[_REPLAYABLE] = _Source(view.id, view.version, view.scenario, recent=False)
    elif sandbox_id is not None and version is not None:
        request.environ[_REPLAYABLE] = _Source(sandbox_id, version, None, recent=True)


@dataclass(frozen=True)
class _Replay:
    source: _Source
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    logged: tuple | None  # the session log's line for it (sessionlog.recorder)
    until: float  # time.monotonic()

    @property
    def size(self) -> int:
        return len(self.body) + 1000


def _request_key(environ: dict) -> tuple:
    """The request as a key: its method, address, headers (its cookie) and
    everything else the server says of it, but not its connection."""
    return tuple(item for item in environ.items() if type(item[1]) is str and item[0] not in _CONNECTION)


class Replays:
    """WSGI middleware: an answer a view called ``replayable`` is given again,
    without Flask, to the same request (see the module's docstring)."""

    def __init__(self, app: Flask, wsgi_app, max_bytes: int):
        self.app, self.wsgi_app = app, wsgi_app
        self.replays = PageCache(max_bytes)

    def __call__(self, environ: dict, start_response):
        if environ.get("REQUEST_METHOD") != "GET":
            return self.wsgi_app(environ, start_response)
        key = _request_key(environ)
        replay = self.replays.get(key)
        if replay is not None and time.monotonic() < replay.until and self._give_again(replay):
            start_response(replay.status, list(replay.headers))
            return [replay.body]
        return self._answer_and_keep(key, environ, start_response)

    def _give_again(self, replay: _Replay) -> bool:
        """Whether ``replay`` is still the answer; if so, its page view is logged."""
        source = replay.source
        with self.app.app_context():
            if not sandbox.unchanged(source.sandbox_id, source.version, source.scenario, recent=source.recent):
                return False
            if replay.logged is not None:
                session_log.add_event(*replay.logged)
        return True

    def _answer_and_keep(self, key: tuple, environ: dict, start_response):
        answer: list = []

        def noting(status, headers, exc_info=None):
            answer[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, noting)
        source = environ.get(_REPLAYABLE)
        if source is None or not answer or answer[0][:3] not in ("200", "204"):
            return body
        status, headers = answer
        if any(name.lower() == "set-cookie" for name, _ in headers):
            return body  # the browser's cookie changes: its next request is another one
        data = b"".join(body)  # Flask's answer: bytes in memory, read once
        logged = environ.get(session_log.LOGGED)
        self.replays.put(key, _Replay(source, status, tuple(headers), data, logged, time.monotonic() + REPLAY_FOR))
        return ClosingIterator([data], getattr(body, "close", None))
