"""Per-browser sandboxes: a signed cookie names a row, the row names its scenario.

What a page shows is the scenario's seed with the sandbox's overrides laid on
top; reading it costs one primary-key lookup per request: a prebuilt Core
select, as every page asks. The views that change a sandbox use the ORM row
(``SandboxView.row``), loaded when first asked for.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from flask import current_app, g, request, session
from sqlalchemy import bindparam, delete, select
from werkzeug.exceptions import Forbidden

from . import db
from .models import Base, Sandbox
from .rules import ServiceState
from .scenarios import SERVICE_IDS, Scenario

COOKIE_KEY = "sandbox"
# A participant in a live demo room follows the trainer's sandbox, read-only.
FOLLOW_KEY = "following"


class ReadOnlySandbox(Forbidden):
    """A participant tried to change the sandbox of the demo they follow."""


def scenarios() -> dict[str, Scenario]:
    """The scenarios by id, re-read if a file changed since the last look."""
    return current_app.extensions["portal.scenario_library"].refresh()


@dataclass
class SandboxView:
    """The effective state of one sandbox: seed plus overrides."""

    id: str
    scenario: Scenario
    stored_overrides: dict  # as read at the start of the request
    read_only: bool = False  # a participant following someone else's sandbox

    @cached_property
    def row(self) -> Sandbox:
        """The ORM row, for views that change the sandbox: assign to its fields and commit."""
        return db.session().get(Sandbox, self.id)

    @property
    def overrides(self) -> dict:
        # Once a view has changed the row, its values are the ones that count.
        row = self.__dict__.get("row")
        return row.overrides if row is not None else self.stored_overrides

    @property
    def today(self):
        return self.scenario.today

    @property
    def persona(self):
        return self.scenario.persona

    @property
    def gp(self):
        return self.scenario.gp

    @property
    def office(self):
        return self.scenario.office

    @property
    def panel_message(self) -> str:
        return self.overrides.get("panel_message", self.scenario.panel.message)

    @cached_property
    def services(self) -> list[ServiceState]:
        return services_of(self.scenario, self.overrides.get("services"))

    def service(self, service_id: str) -> ServiceState:
        return next(s for s in self.services if s.id == service_id)

    def set_overrides(self, overrides: dict) -> None:
        """New office-side edits (the caller commits them); the services follow."""
        self.row.overrides = overrides
        self.__dict__.pop("services", None)  # drop the cached_property


def services_of(scenario: Scenario, changed: dict | None = None) -> list[ServiceState]:
    """The four services of ``scenario`` in the webinar's order, with
    ``changed`` (a sandbox's office-side edits, by service id) laid over the seed."""
    seeded = scenario.services.by_id()
    changed = changed or {}

    def value(sid: str, key: str, seed):
        return changed.get(sid, {}).get(key, seed)

    return [
        ServiceState(
            id=sid,
            on=value(sid, "on", seeded[sid].offered),
            message=value(sid, "message", seeded[sid].message),
            absent=value(sid, "absent", seeded[sid].absent),
            absence_message=value(sid, "absence_message", seeded[sid].absence_message),
        )
        for sid in SERVICE_IDS
    ]


def _new_sandbox(scenario_id: str) -> SandboxView:
    row = Sandbox(id=secrets.token_urlsafe(24), scenario_id=scenario_id, overrides={})
    db.session().add(row)
    db.session().commit()
    session[COOKIE_KEY] = row.id
    session.permanent = True
    view = SandboxView(row.id, scenarios()[scenario_id], {})
    view.row = row
    return view


_SCENARIO_AND_OVERRIDES = select(Sandbox.scenario_id, Sandbox.overrides).where(Sandbox.id == bindparam("id"))


def _stored(sandbox_id: str, read_only: bool = False) -> SandboxView | None:
    """The sandbox ``sandbox_id`` if it exists and its scenario still does."""
    found = db.session().connection().execute(_SCENARIO_AND_OVERRIDES, {"id": sandbox_id}).first()
    known = scenarios()  # one set for both looks: another thread may read the folder again between them
    if found is None or found.scenario_id not in known:
        return None
    return SandboxView(sandbox_id, known[found.scenario_id], found.overrides or {}, read_only=read_only)


def current() -> SandboxView:
    """The sandbox this request works on, looked up once per request.

    While this browser follows a demo room it is the trainer's, read-only: a
    request that could change something raises ``ReadOnlySandbox``. Otherwise
    it is this browser's own, created from the default scenario on first visit.
    """
    if "sandbox" not in g:
        g.sandbox = _followed() or _own()
    return g.sandbox


def _own() -> SandboxView:
    stored = _stored(sandbox_id) if (sandbox_id := session.get(COOKIE_KEY)) else None
    return stored or _new_sandbox(current_app.config["DEFAULT_SCENARIO"])


def _followed() -> SandboxView | None:
    """The trainer's sandbox this browser follows: shown on reading, refused on writing."""
    if not (followed_id := session.get(FOLLOW_KEY)):
        return None
    view = _stored(followed_id, read_only=True)
    if view is None:
        session.pop(FOLLOW_KEY)  # the trainer's demo is gone; back to this browser's own
        return None
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        raise ReadOnlySandbox()
    return view


def start(scenario_id: str) -> SandboxView:
    """A fresh sandbox from ``scenario_id`` for this browser (which stops following a demo)."""
    session.pop(FOLLOW_KEY, None)
    g.sandbox = _new_sandbox(scenario_id)
    return g.sandbox


# Areas that keep more than rows, such as files on disk, register here a
# function(view) that cleans up before reset deletes the rows.
before_reset: list[Callable[[SandboxView], None]] = []


def reset(view: SandboxView) -> None:
    """Back to the scenario's start: forget every change.

    Every table with a ``sandbox_id`` column holds things this sandbox made
    (messages, bookings, …); they go, whatever area defined them.
    """
    for clean_up in before_reset:
        clean_up(view)
    for table in reversed(Base.metadata.sorted_tables):
        if "sandbox_id" in table.c:
            db.session().execute(delete(table).where(table.c.sandbox_id == view.id))
    view.row.overrides = {}
    db.session().commit()
    g.pop("sandbox", None)
