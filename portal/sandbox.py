"""Per-browser sandboxes: a signed cookie names a row, the row names its scenario.

What a page shows is the scenario's seed with the sandbox's overrides laid on
top; reading it costs one primary-key lookup per request: a prebuilt Core
select, as every page asks. The views that change a sandbox use the ORM row
(``SandboxView.row``), loaded when first asked for.

A browser's sandbox is stored only once something in it must be kept: a
scenario started, or a first change (every change is a POST; opening an unread
message and the presenter's demo room are the two GETs that store). Until then
its cookie names an id that has no row yet, and the pages show the default
scenario as it starts: a client that keeps no cookies, or one that only looks,
leaves nothing behind. A stored sandbox notes when it was last used, to the
hour (``SEEN_EVERY``), so idle ones can expire (``portal.expiry``).

Everything about the cookie (its keys, following a demo room and leaving it),
about a reset (which rows go: those of tables with an ``owner_column``) and
about a sandbox's version (one more after every write to it, counted in one
place: ``_count_writes``) is here.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from flask import current_app, g, request, session
from itertools import chain

from sqlalchemy import ForeignKey, String, Table, bindparam, delete, event, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column
from sqlalchemy.sql.dml import Update
from werkzeug.exceptions import Conflict, Forbidden, HTTPException
from werkzeug.routing import RequestRedirect

from . import db
from .models import Base, Sandbox
from .scenarios import Scenario
from .services.catalog import OfficeChanges, OfficeSettings, ServiceState, current_catalog

COOKIE_KEY = "sandbox"
# A participant in a live demo room follows the trainer's sandbox, read-only.
FOLLOW_KEY = "following"
# «Logg ut» names the sandbox this browser logged out of; a new one starts logged in.
LOGGED_OUT_KEY = "logged_out"
# The overrides' key for the persona's name when a start gave it another
# (beside the office's settings, whose shape is OfficeSettings').
PERSONA_KEY = "persona"


# How often a sandbox in use notes that it was seen: a write per hour, not per page.
SEEN_EVERY = dt.timedelta(hours=1)

# Requests that only look; any other is a change, and stores its sandbox first.
LOOKING = ("GET", "HEAD", "OPTIONS")


class ReadOnlySandbox(Forbidden):
    """A participant tried to change the sandbox of the demo they follow."""


class ScenarioGone(Conflict):
    """The sandbox's scenario file was removed from the folder while the
    server runs. The sandbox is kept as it is, and its pages say so; all of it
    comes back when the file does."""

    def __init__(self, sandbox_id: str, scenario_id: str):
        super().__init__()
        self.sandbox_id = sandbox_id
        self.scenario_id = scenario_id


_OWNER = "sandbox_owner"


def owner_column() -> Mapped[str]:
    """A table's ``sandbox_id``, saying its rows are what that sandbox made
    (messages, bookings, …): a reset deletes them."""
    return mapped_column(String(43), ForeignKey("sandbox.id", ondelete="CASCADE"), index=True, info={_OWNER: True})


# A sandbox's version --------------------------------------------------------
#
# Every write to a sandbox's row or to a row it owns adds one to its
# ``version``, in the same transaction, wherever the write comes from: the
# ORM's flushes and the session's bulk UPDATE/DELETE/INSERT statements are
# counted here, so no writer has to remember it. (Statements run on a raw
# connection bypass this; none writes a sandbox's rows.)

_SANDBOX: Table = Sandbox.__table__


def _owner_columns(table: Table) -> list:
    return [column for column in table.c if column.info.get(_OWNER)]


def _owner_attributes(mapped_class: type) -> list[str]:
    return [key for key, column in inspect(mapped_class).columns.items() if column.info.get(_OWNER)]


def _one_more(sandbox_ids) -> Update:
    return update(_SANDBOX).where(_SANDBOX.c.id.in_(sandbox_ids)).values(version=_SANDBOX.c.version + 1)


@event.listens_for(Session, "after_flush")
def _count_writes(session: Session, _context) -> None:
    changed: set[str] = set()
    for row in chain(session.new, session.dirty, session.deleted):
        if row in session.dirty and not session.is_modified(row, include_collections=False):
            continue
        if isinstance(row, Sandbox):
            if row not in session.new:  # a new sandbox starts at 0
                changed.add(row.id)
        else:
            changed.update(getattr(row, key) for key in _owner_attributes(type(row)))
    changed.discard(None)
    if changed:
        session.connection().execute(_one_more(sorted(changed)))
        _forget_versions(changed)


@event.listens_for(Session, "do_orm_execute")
def _count_bulk_writes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = state.statement.table
    if table is _SANDBOX:
        if state.is_update:
            state.statement = state.statement.values(version=_SANDBOX.c.version + 1)
            _recent.clear()
        return
    for owner in _owner_columns(table):
        if state.is_insert:
            rows = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
            given = state.statement.compile().params
            ids = {row.get(owner.key, given.get(owner.key)) for row in rows} - {None}
        else:
            ids = select(owner)
            if state.statement.whereclause is not None:
                ids = ids.where(state.statement.whereclause)
        state.session.connection().execute(_one_more(ids))
        _recent.clear()  # which sandboxes changed is the database's to know: forget this process's guesses


# Versions read in the last moment, per process: the demo room's unchanged
# poll answers from here without a query. Another process's (or instance's)
# write is seen within RECENT seconds; this process's own at once.
RECENT = 0.25
_recent: dict[str, tuple[str, float]] = {}
_RECENT_KEPT = 10_000


def _remember_version(sandbox_id: str, version: str) -> None:
    if len(_recent) >= _RECENT_KEPT:
        _recent.clear()  # a burst of sandboxes; the ones in use are read again at once
    _recent[sandbox_id] = (version, time.monotonic())


def _forget_versions(sandbox_ids) -> None:
    for sandbox_id in sandbox_ids:
        _recent.pop(sandbox_id, None)


def recent_version(sandbox_id: str | None) -> str | None:
    """The sandbox's version if this process read it less than ``RECENT`` seconds ago."""
    found = _recent.get(sandbox_id) if sandbox_id else None
    if found is None or time.monotonic() - found[1] > RECENT:
        return None
    return found[0]


def unchanged(sandbox_id: str, version: str, scenario: Scenario | None, recent: bool = False) -> bool:
    """Whether the stored sandbox is still at ``version`` of ``scenario`` (None:
    any), and noted as seen this hour: what an answer made from it needs to
    be given again (``portal.pagecache``). ``recent``: a version this process
    read less than ``RECENT`` seconds ago will do, as for the demo room's poll."""
    if recent and recent_version(sandbox_id) == version:
        return True
    found = _VERSION.first(id=sandbox_id)
    if found is None or str(found.version) != version or found.seen_at < _now() - SEEN_EVERY:
        return False
    _remember_version(sandbox_id, version)
    return scenario is None or scenarios().get(found.scenario_id) is scenario


def scenarios() -> dict[str, Scenario]:
    """The scenarios by id, re-read if a file changed since the last look."""
    return current_app.extensions["portal.scenario_library"].refresh()


# The simulator's clock never passes the scenario's day.
_END_OF_DAY = dt.time(23, 59, 59)


@dataclass
class SandboxView:
    """The effective state of one sandbox: seed plus overrides."""

    id: str
    scenario: Scenario
    stored_overrides: dict  # as read at the start of the request
    stored_version: int = -1  # likewise; a stored sandbox starts at 0
    read_only: bool = False  # a participant following someone else's sandbox
    stored: bool = True  # False: the browser's sandbox has no row yet (see store())
    clock_started_at: dt.datetime | None = None  # see now()
    participant: bool = False  # a UX test's participant: ask participant_mode()

    @cached_property
    def row(self) -> Sandbox:
        """The ORM row, for views that change the sandbox: assign to its fields and commit."""
        store(self)
        return db.session().get(Sandbox, self.id)

    @property
    def overrides(self) -> dict:
        # Once a view has changed the row, its values are the ones that count.
        row = self.__dict__.get("row")
        return row.overrides if row is not None else self.stored_overrides

    @property
    def today(self):
        return self.scenario.today

    def now(self) -> dt.datetime:
        """The simulator's clock, a wall-clock time in Oslo: the scenario's day
        from its start time, going on as real time goes by since the sandbox
        started or was last reset, and stopping at the day's end. So what is
        sent in a session is dated on the scenario's day, in order, at times a
        patient could have sent it."""
        start = dt.datetime.combine(self.today, self.scenario.start_time)
        if self.clock_started_at is None:
            return start
        elapsed = max(dt.datetime.now(dt.UTC) - self.clock_started_at, dt.timedelta(0))
        return min(start + elapsed, dt.datetime.combine(self.today, _END_OF_DAY)).replace(microsecond=0)

    @property
    def made_from(self) -> tuple:
        """What the sandbox's pages are made from: its id and version; for one
        never written to (no row yet, or a row at version 0), only its scenario
        and the changes it started with, as for every other such sandbox. It
        owns no rows yet: every write to one counts in its version."""
        if self.stored_version <= 0:
            return ("as started", self.scenario.id, json.dumps(self.overrides, sort_keys=True))
        return (self.id, self.stored_version)

    @property
    def version(self) -> str:
        """What the demo room's pages were made from: the sandbox's version as
        read at the start of the request (one more after every write to it)."""
        return str(self.stored_version)

    @property
    def persona(self):
        """The scenario's persona, with the name a start may have given it."""
        changed = self.overrides.get(PERSONA_KEY)
        return self.scenario.persona.model_copy(update=changed) if changed else self.scenario.persona

    @property
    def gp(self):
        return self.scenario.gp

    @property
    def office(self):
        return self.scenario.office

    @cached_property
    def settings(self) -> OfficeSettings:
        """The office-side settings: the scenario's, with this sandbox's changes."""
        return OfficeSettings.of(self.scenario, current_catalog(), self.overrides)

    @property
    def panel_message(self) -> str:
        return self.settings.panel_message

    @property
    def services(self) -> list[ServiceState]:
        return self.settings.services

    def service(self, service_id: str) -> ServiceState:
        return self.settings.service(service_id)

    def change_office_settings(self, changes: OfficeChanges) -> None:
        """Store what the office changed (only what differs from the scenario) and commit."""
        self.row.overrides = self.settings.with_changes(changes)
        db.session().commit()
        self.__dict__.pop("settings", None)  # the cached_property: read again from the row


def _new_id() -> str:
    """A fresh sandbox id for this browser, in its cookie from now on."""
    sandbox_id = secrets.token_urlsafe(24)
    session[COOKIE_KEY] = sandbox_id
    session.permanent = True
    return sandbox_id


def store(view: SandboxView) -> None:
    """Give a sandbox that has no row yet its row, before a change is written
    into it (the rows of other tables name it). Being stored counts as a use."""
    if view.stored:
        return
    view.clock_started_at = view.clock_started_at or _now()
    row = Sandbox(
        id=view.id,
        scenario_id=view.scenario.id,
        overrides=copy.deepcopy(view.stored_overrides),
        start_overrides=copy.deepcopy(view.stored_overrides),  # a variant's start (see start())
        seen_at=_now(),
        clock_started_at=view.clock_started_at,
        participant=view.participant,
    )
    db.session().add(row)
    try:
        db.session().commit()
    except IntegrityError:
        db.session().rollback()  # another request of the same browser stored it first
    view.stored = True


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# Read by every page: a prebuilt select on a pooled connection (db.QuickRead).
_LOOKUP = db.QuickRead(
    select(
        Sandbox.scenario_id, Sandbox.overrides, Sandbox.seen_at, Sandbox.clock_started_at, Sandbox.participant, Sandbox.version
    ).where(Sandbox.id == bindparam("id"))
)
# What a replayed answer checks (``unchanged``): no JSON to read.
_VERSION = db.QuickRead(select(Sandbox.scenario_id, Sandbox.seen_at, Sandbox.version).where(Sandbox.id == bindparam("id")))
# Conditional, so the requests of a sandbox that meet at the hour note it once.
# updated_at says when the sandbox last changed, and being seen is no change.
_SEEN = (
    update(Sandbox)
    .where(Sandbox.id == bindparam("sandbox_id"), Sandbox.seen_at < bindparam("stale"))
    .values(seen_at=bindparam("now"), updated_at=Sandbox.updated_at)
)


def _lookup(sandbox_id: str):
    """The row's scenario_id, overrides, seen_at, clock, participant mode and version, or None if it has no row."""
    return _LOOKUP.first(id=sandbox_id)


def _scenario_of(sandbox_id: str, found, known: dict[str, Scenario]) -> Scenario:
    """The stored sandbox's scenario; ``ScenarioGone`` if its file is not in the folder."""
    if found.scenario_id not in known:
        raise ScenarioGone(sandbox_id, found.scenario_id)
    return known[found.scenario_id]


def _in_use(sandbox_id: str, found, scenario: Scenario, read_only: bool = False) -> SandboxView:
    """The stored sandbox as this request sees it, noted as seen if it was not this hour."""
    now = _now()
    if found.seen_at < now - SEEN_EVERY:
        db.session().connection().execute(_SEEN, {"sandbox_id": sandbox_id, "stale": now - SEEN_EVERY, "now": now})
        db.session().commit()
    view = SandboxView(
        sandbox_id,
        scenario,
        found.overrides or {},
        found.version,
        read_only=read_only,
        clock_started_at=found.clock_started_at,
        participant=found.participant,
    )
    _remember_version(sandbox_id, view.version)
    return view


def hold(view: SandboxView) -> None:
    """Hold the sandbox's row until the session commits (and note it as seen):
    requests of one sandbox that must not overlap, such as uploads counted
    against its quota, take turns here, whichever the database."""
    store(view)
    db.session().execute(
        update(Sandbox).where(Sandbox.id == view.id).values(seen_at=_now(), updated_at=Sandbox.updated_at),
        execution_options={"synchronize_session": False},
    )


def committed(view: SandboxView) -> SandboxView:
    """``view`` once this request's writes are committed, at the version they
    made: for an answer that shows what the request did (the JSON API's)."""
    db.session().commit()
    if (found := _lookup(view.id)) is not None:
        view.stored_version = found.version
    return view


def participant_mode(view: SandboxView | None) -> bool:
    """Whether ``view``'s patient pages show nothing of the simulator: a UX
    test's participant sees only the portal (``/_sim/start/<id>?participant=1``).
    The tester still reaches /_sim/ by its address."""
    return view is not None and view.participant


def current() -> SandboxView:
    """The sandbox this request works on, looked up once per request.

    While this browser follows a demo room it is the trainer's, read-only: a
    request that could change something raises ``ReadOnlySandbox``. Otherwise
    it is this browser's own: on a first visit the default scenario, stored by
    the first request that changes something. ``ScenarioGone`` while the
    sandbox's scenario file is missing.
    """
    if "sandbox" not in g:
        g.sandbox = followed() or _own()
    if request.method not in LOOKING:
        if g.sandbox.read_only:
            raise ReadOnlySandbox()
        store(g.sandbox)
    return g.sandbox


def shown_id() -> str | None:
    """The sandbox this browser's pages show, as its cookie says: the followed
    demo room's, or its own (neither looked up in the database)."""
    return session.get(FOLLOW_KEY) or own_id()


def own_id() -> str | None:
    """This browser's own sandbox id, as its cookie names it (even while it follows a demo)."""
    return session.get(COOKIE_KEY)


def _own() -> SandboxView:
    sandbox_id = own_id()
    found = _lookup(sandbox_id) if sandbox_id else None
    known = scenarios()  # one set for both looks: another thread may read the folder again between them
    if found is not None:
        return _in_use(sandbox_id, found, _scenario_of(sandbox_id, found, known))
    if sandbox_id is None:
        sandbox_id = _new_id()  # a first visit (an id without a row keeps its name: not stored yet, or expired)
    return SandboxView(sandbox_id, known[current_app.config["DEFAULT_SCENARIO"]], {}, stored=False)


def followed() -> SandboxView | None:
    """The trainer's sandbox this browser follows (a demo room's participant),
    read-only; None if it follows none, or the room has closed with its sandbox."""
    if "sandbox" in g:
        return g.sandbox if g.sandbox.read_only else None
    if not (followed_id := session.get(FOLLOW_KEY)):
        return None
    found = _lookup(followed_id)
    if found is None:
        session.pop(FOLLOW_KEY)  # the trainer's demo is gone; back to this browser's own
        return None
    g.sandbox = _in_use(followed_id, found, _scenario_of(followed_id, found, scenarios()), read_only=True)
    return g.sandbox


def follow(trainer_sandbox_id: str) -> None:
    """From now on this browser shows the trainer's sandbox, read-only (a demo
    room's participant). The trainer opening their own room's link stays the trainer."""
    if trainer_sandbox_id != own_id():
        session[FOLLOW_KEY] = trainer_sandbox_id


def leave() -> None:
    """Back to this browser's own sandbox."""
    session.pop(FOLLOW_KEY, None)


def log_out(view: SandboxView) -> None:
    """«Logg ut»: the sandbox stays as it is; the patient's pages wait for «Logg inn»."""
    session[LOGGED_OUT_KEY] = view.id


def log_in() -> None:
    session.pop(LOGGED_OUT_KEY, None)


def is_logged_out() -> bool:
    logged_out_of = session.get(LOGGED_OUT_KEY)
    return logged_out_of is not None and logged_out_of == own_id()


def is_following() -> bool:
    """Whether this browser follows a demo room (and may only look)."""
    return bool(session.get(FOLLOW_KEY))


def start(scenario_id: str, overrides: dict | None = None, participant: bool = False) -> SandboxView:
    """A fresh sandbox from ``scenario_id`` for this browser (which stops
    following a demo), stored at once; in participant mode if ``participant``.

    ``overrides`` make it a variant of the scenario: changes it starts with
    (the office's settings, ``PERSONA_KEY``), and returns to on a reset.
    """
    leave()
    g.sandbox = SandboxView(_new_id(), scenarios()[scenario_id], copy.deepcopy(overrides or {}), stored=False, participant=participant)
    store(g.sandbox)
    return g.sandbox


# Areas that must do more at a reset than lose their rows (a UX study starts
# its next participant) register here a function(view), run before the rows go.
before_reset: list[Callable[[SandboxView], None]] = []


# Pages of what a sandbox made (a thread, an appointment), by endpoint: a
# function(view, view_args) that says whether the thing is there. After a
# reset it may not be, and «Nullstill» leads to the nearest page that is.
made_here: dict[str, Callable[[SandboxView, dict], bool]] = {}


def nearest_page(target: str) -> str:
    """``target`` (a path on this site, perhaps with a query) if its page is
    there for the current sandbox, else the nearest one above it: from
    /innboks/m3 (a thread started before a reset) to /innboks, from
    /timeavtaler/4/avbestill to /timeavtaler. Ends at the front page."""
    parts = urlsplit(target)
    adapter = current_app.url_map.bind("localhost")
    path = parts.path
    while path not in ("", "/"):
        try:
            endpoint, args = adapter.match(path, method="GET")
        except RequestRedirect:
            return target
        except HTTPException:
            pass
        else:
            exists = made_here.get(endpoint)
            if exists is None or exists(current(), args):
                return path + (f"?{parts.query}" if path == parts.path and parts.query else "")
        path = path.rsplit("/", 1)[0]
    return "/"


def reset(view: SandboxView, scenario_id: str | None = None) -> None:
    """Back to the start: forget every change, whatever area made it. The
    start is the scenario as the sandbox started it (a variant keeps its
    changes), or ``scenario_id``'s as written."""
    for prepare in before_reset:
        prepare(view)
    for table in reversed(Base.metadata.sorted_tables):  # rows others refer to go last
        for column in table.c:
            if column.info.get(_OWNER):
                db.session().execute(delete(table).where(column == view.id))
    if scenario_id is not None:
        view.row.scenario_id, view.row.start_overrides = scenario_id, {}
    view.row.overrides = copy.deepcopy(view.row.start_overrides or {})
    view.row.clock_started_at = dt.datetime.now(dt.UTC)  # the next participant starts at the start time too
    db.session().commit()
    log_in()  # the scenario's start has the patient logged in
    g.pop("sandbox", None)
