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
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import Flask, Response, current_app, g, request, session

from . import i18n, sandbox
from .security import csrf_token
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
        view.id,
        view.stored_version,  # one more after every write to the sandbox
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
    """Pages by key, least recently used out first once over ``max_bytes``. Thread-safe."""

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
    # After Flask-WTF (portal.security), whose own csrf_token this replaces.
    app.jinja_env.globals["csrf_token"] = _csrf_token


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
        response.set_data(body.replace(_TOKEN_SLOT, csrf_token()))
        return response

    return serve
