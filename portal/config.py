"""Configuration from defaults, the environment and the factory's argument."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from .scenarios import default_folder
from .services.catalog import GP_SERVICES
from .studies.study import default_folder as default_studies_folder


def _secret_key(instance: Path) -> str:
    """Generated once into the instance folder, so sandboxes survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(app: Flask, overrides: dict[str, Any]) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    env = os.environ
    app.config.update(
        DATABASE_URL=env.get("DATABASE_URL", f"sqlite:///{instance / 'portal.sqlite3'}"),
        SCENARIOS_DIR=Path(env.get("PORTAL_SCENARIOS", default_folder())),
        STUDIES_DIR=Path(env.get("PORTAL_STUDIES", default_studies_folder())),
        # None: alle-tjenester-pa, or the folder's first without it (scenarios.default_scenario).
        DEFAULT_SCENARIO=env.get("PORTAL_DEFAULT_SCENARIO") or None,
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
    app.config["STUDIES_DIR"] = Path(app.config["STUDIES_DIR"])
