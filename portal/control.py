"""The control plane under /_sim/: the simulator's own pages, not the patient's.

Every area keeps its control-plane routes in ``<area>/control.py``, on a
blueprint of its own; the factory nests them all in one parent blueprint,
``control`` (prefix /_sim). So whether a request belongs to the control plane
is one question, ``is_control_plane()``, for all who need to know: the
session log leaves these pages out; the password's gate (access/gate.py)
keeps a demo room's participants out of them.

An area adds its part of ``GET /_sim/state`` with ``@state_section("name")``
beside its control routes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, request

NAME = "control"

# The sections of /_sim/state other areas add: name -> function(SandboxView).
state_sections: dict[str, Callable[[Any], Any]] = {}


def blueprint(*areas: Blueprint) -> Blueprint:
    """One app's /_sim: a parent blueprint with every area's control blueprint in it."""
    parent = Blueprint(NAME, __name__, url_prefix="/_sim")
    for area in areas:
        parent.register_blueprint(area)
    return parent


def is_control_plane() -> bool:
    """Whether this request is for a page of the control plane."""
    return NAME in request.blueprints


def state_section(name: str):
    """Register ``fn(view) -> JSON-able`` as the key ``name`` of /_sim/state."""

    def register(fn):
        state_sections[name] = fn
        return fn

    return register
