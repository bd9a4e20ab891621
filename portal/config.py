"""Configuration from defaults, the environment and the factory's argument."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from . import files
from .i18n import _
from .scenarios import default_folder
from .services.catalog import GP_SERVICES
from .studies.study import default_folder as default_studies_folder


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
        raise ValueError(_("Kan ikke lese den hemmelige nøkkelen %(path)s: %(reason)s. Rett filen, eller sett PORTAL_SECRET_KEY.", path=path, reason=files.reason(exc))) from None
    if key:
        return key
    try:
        files.write_new(path, secrets.token_hex(32), replace=path.exists())
        return path.read_text(encoding="utf-8").strip()  # another process's, if it was first
    except OSError as exc:
        raise ValueError(
            _(
                "Kan ikke skrive den hemmelige nøkkelen %(path)s: %(reason)s. Velg en annen mappe med PORTAL_INSTANCE, eller sett PORTAL_SECRET_KEY.",
                path=path,
                reason=files.reason(exc),
            )
        ) from None


def _instance_folder(app: Flask) -> Path:
    instance = Path(app.instance_path)
    try:
        instance.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(_("Kan ikke lage instansmappen %(path)s: %(reason)s. Velg en annen med PORTAL_INSTANCE.", path=instance, reason=files.reason(exc))) from None
    return instance


def _proxy_hops(value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise ValueError(_("PORTAL_PROXY_HOPS må være et helt tall (0 eller flere), ikke «%(value)s».", value=value))
    return int(value)


_AGE = re.compile(r"(\d{1,6})\s*([dh])", re.IGNORECASE)
_AGE_UNITS = {"d": dt.timedelta(days=1), "h": dt.timedelta(hours=1)}
MAX_AGE = dt.timedelta(days=3650)

_SIZE = re.compile(r"(\d{1,9})\s*(kb|mb|gb)", re.IGNORECASE)
_SIZE_UNITS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3}  # as uploads.py counts: 20MB is 20 MiB


def parse_age(value: str, setting: str) -> dt.timedelta | None:
    """«30d» or «12h» as a duration; «0» is None: kept for ever. A ValueError
    names ``setting`` (the environment variable or option) in Norwegian."""
    value = value.strip()
    if value == "0":
        return None
    if not (found := _AGE.fullmatch(value)):
        raise ValueError(_("%(setting)s må være et antall dager eller timer, f.eks. 30d eller 12h (0: aldri), ikke «%(value)s».", setting=setting, value=value))
    age = int(found.group(1)) * _AGE_UNITS[found.group(2).lower()]
    if not dt.timedelta(0) < age <= MAX_AGE:
        raise ValueError(_("%(setting)s må være mellom 1h og %(days)sd (0: aldri), ikke «%(value)s».", setting=setting, days=MAX_AGE.days, value=value))
    return age


def parse_size(value: str, setting: str) -> int | None:
    """«100MB», «1GB» or «500kB» in bytes; «0» is None: no limit."""
    value = value.strip()
    if value == "0":
        return None
    if not (found := _SIZE.fullmatch(value)) or int(found.group(1)) == 0:
        raise ValueError(_("%(setting)s må være en størrelse som 100MB, 1GB eller 500kB (0: ingen grense), ikke «%(value)s».", setting=setting, value=value))
    return int(found.group(1)) * _SIZE_UNITS[found.group(2).lower()]


def load_config(app: Flask, overrides: dict[str, Any]) -> None:
    instance = _instance_folder(app)
    env = os.environ
    app.config.update(
        DATABASE_URL=env.get("DATABASE_URL", f"sqlite:///{instance / 'portal.sqlite3'}"),
        SCENARIOS_DIR=Path(env.get("PORTAL_SCENARIOS", default_folder())),
        STUDIES_DIR=Path(env.get("PORTAL_STUDIES", default_studies_folder())),
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
        # What is kept, and how long (see expiry.py); None: for ever, or no limit.
        SANDBOX_MAX_AGE=parse_age(env.get("PORTAL_SANDBOX_MAX_AGE", "30d"), "PORTAL_SANDBOX_MAX_AGE"),
        UPLOAD_MAX_AGE=parse_age(env.get("PORTAL_UPLOAD_MAX_AGE", "24h"), "PORTAL_UPLOAD_MAX_AGE"),
        ATTACHMENT_QUOTA=parse_size(env.get("PORTAL_ATTACHMENT_QUOTA", "100MB"), "PORTAL_ATTACHMENT_QUOTA"),
        # How often one of the workers on the database prunes what expired.
        PRUNE_EVERY=dt.timedelta(minutes=15),
    )
    if "PORTAL_SECRET_KEY" in env:
        app.config["SECRET_KEY"] = env["PORTAL_SECRET_KEY"]
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.config["SCENARIOS_DIR"] = Path(app.config["SCENARIOS_DIR"])
    app.config["STUDIES_DIR"] = Path(app.config["STUDIES_DIR"])
