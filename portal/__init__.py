"""Helsenorge citizen-side simulator."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The application factory: configuration, extensions, blueprints."""
    from . import db, errors, proxy, security, web
    from .booking import bp as booking_bp, office_bp as booking_office_bp
    from .config import load_config
    from .home import bp as home_bp
    from .messages import bp as messages_bp
    from .messages.uploads import UploadRequest
    from .office import bp as office_bp
    from .scenarios import ScenarioLibrary, default_scenario
    from .services import bp as services_bp
    from .sessionlog import bp as sessionlog_bp
    from .sim import bp as sim_bp

    config = config or {}
    # The instance folder holds the database, the secret key and the uploads;
    # INSTANCE_PATH or PORTAL_INSTANCE put it elsewhere (tests, several servers).
    instance_path = config.get("INSTANCE_PATH") or os.environ.get("PORTAL_INSTANCE")
    app = Flask(__name__, instance_path=str(instance_path) if instance_path else None, instance_relative_config=True)
    # Uploads are read to the end but kept only up to the attachment limit.
    app.request_class = UploadRequest
    load_config(app, config)

    library = ScenarioLibrary(app.config["SCENARIOS_DIR"])
    scenarios = library.scenarios
    app.config["DEFAULT_SCENARIO"] = default_scenario(scenarios, library.folder, app.config["DEFAULT_SCENARIO"])
    app.extensions["portal.scenario_library"] = library

    db.init_app(app)
    proxy.init_app(app)
    security.init_app(app)
    web.init_app(app)
    errors.init_app(app)

    app.register_blueprint(home_bp)
    app.register_blueprint(services_bp)
    app.register_blueprint(sim_bp)
    app.register_blueprint(booking_bp)
    app.register_blueprint(booking_office_bp)
    app.register_blueprint(sessionlog_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(office_bp)
    return app
