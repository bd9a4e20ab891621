"""Configuration from defaults, the environment and the factory's argument."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from . import files
from .scenarios import default_folder
from .services.catalog import GP_SERVICES


def _secret_key(instance: Path) -> str:
    """Generated once into the instance folder, so sandboxes survive restarts.

    Written whole or not at all, readable by this user only. An empty file
    (an older version's first start on a full disk) has signed nothing, so a
    new key replaces it. A key that cannot be read or written stops the start
    with one line saying why, rather than a 500 on every page.
    """
    path = instance / "secret_key"
    try:
        key = path.read_text(encoding="utf-8").strip() if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"Kan ikke lese den hemmelige nøkkelen {path}: {files.reason(exc)}. Rett filen, eller sett PORTAL_SECRET_KEY.") from None
    if key:
        return key
    try:
        files.write_new(path, secrets.token_hex(32), replace=path.exists())
        return path.read_text(encoding="utf-8").strip()  # another process's, if it was first
    except OSError as exc:
        raise ValueError(f"Kan ikke skrive den hemmelige nøkkelen {path}: {files.reason(exc)}. Velg en annen mappe med PORTAL_INSTANCE, eller sett PORTAL_SECRET_KEY.") from None


def _instance_folder(app: Flask) -> Path:
    instance = Path(app.instance_path)
    try:
        instance.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"Kan ikke lage instansmappen {instance}: {files.reason(exc)}. Velg en annen med PORTAL_INSTANCE.") from None
    return instance


def _proxy_hops(value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"PORTAL_PROXY_HOPS må være et helt tall (0 eller flere), ikke «{value}».")
    return int(value)


def load_config(app: Flask, overrides: dict[str, Any]) -> None:
    instance = _instance_folder(app)
    env = os.environ
    app.config.update(
        DATABASE_URL=env.get("DATABASE_URL", f"sqlite:///{instance / 'portal.sqlite3'}"),
        SCENARIOS_DIR=Path(env.get("PORTAL_SCENARIOS", default_folder())),
        # None: alle-tjenester-pa, or the folder's first without it (scenarios.default_scenario).
        DEFAULT_SCENARIO=env.get("PORTAL_DEFAULT_SCENARIO") or None,
        # How many reverse proxies in front to trust (see proxy.py); none by default.
        PROXY_HOPS=_proxy_hops(env.get("PORTAL_PROXY_HOPS", "0").strip()),
        # With a password every page asks for it first (portal/access/); empty: open to all who reach it.
        PASSWORD=env.get("PORTAL_PASSWORD", ""),
        BABEL_DEFAULT_LOCALE="nb",
        BABEL_DEFAULT_TIMEZONE="Europe/Oslo",
        SESSION_COOKIE_NAME="portal_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(days=30),
        # The cookie only names the sandbox; re-signing it on every response costs time for nothing.
        SESSION_REFRESH_EACH_REQUEST=False,
        # Static URLs carry a content hash (see web.static_url), so they may be cached long.
        SEND_FILE_MAX_AGE_DEFAULT=dt.timedelta(days=365),
        WTF_CSRF_TIME_LIMIT=None,
        # The GP services: another Catalog gives the app another set (see services/catalog.py).
        GP_SERVICES=GP_SERVICES,
    )
    if "PORTAL_SECRET_KEY" in env:
        app.config["SECRET_KEY"] = env["PORTAL_SECRET_KEY"]
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.config["SCENARIOS_DIR"] = Path(app.config["SCENARIOS_DIR"])
