"""Logged in or out: Logg ut leaves the sandbox as it is and shows only the
«Du er logget ut» page until Logg inn, which returns to the same sandbox.

The state is this browser's (its session cookie), and names the sandbox it
logged out of: a new sandbox (another scenario started) is logged in again.
"""

from __future__ import annotations

from flask import session

from .. import sandbox

LOGGED_OUT_KEY = "logged_out"


def is_logged_out() -> bool:
    logged_out_of = session.get(LOGGED_OUT_KEY)
    return logged_out_of is not None and logged_out_of == session.get(sandbox.COOKIE_KEY)


def log_out(view: sandbox.SandboxView) -> None:
    session[LOGGED_OUT_KEY] = view.id


def log_in() -> None:
    session.pop(LOGGED_OUT_KEY, None)


def forget_logout(view: sandbox.SandboxView) -> None:
    log_in()
