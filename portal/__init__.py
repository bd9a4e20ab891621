"""Helsenorge citizen-side simulator."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The application factory: configuration, scenarios, extensions, blueprints."""
    from . import control, db, errors, expiry, pagecache, proxy, security, studies, web
    from .access import control as access_control, gate as access
    from .api import control as api
    from .booking import control as booking_control, views as booking
    from .config import load_config
    from .controlpanel import control as controlpanel
    from .home import views as home
    from .messages import control as messages_control, views as messages
    from .messages.uploads import UploadRequest
    from .office import control as office
    from .scenarios import ScenarioLibrary, default_scenario
    from .services import views as services
    from .site import views as site
    from .sessionlog import control as sessionlog, recorder
    from .studies import control as studies_control
    from .trainer import control as trainer

    config = config or {}
    # The instance folder holds the database, the secret key and the uploads;
    # INSTANCE_PATH or PORTAL_INSTANCE put it elsewhere (tests, several servers).
    instance_path = config.get("INSTANCE_PATH") or os.environ.get("PORTAL_INSTANCE")
    app = Flask(__name__, instance_path=str(instance_path) if instance_path else None, instance_relative_config=True)
    # Uploads are read to the end but kept only up to the attachment limit.
    app.request_class = UploadRequest
    load_config(app, config)

    library = ScenarioLibrary(app.config["SCENARIOS_DIR"], app.config["GP_SERVICES"])
    scenarios = library.scenarios
    app.config["DEFAULT_SCENARIO"] = default_scenario(scenarios, library.folder, app.config["DEFAULT_SCENARIO"])
    app.extensions["portal.scenario_library"] = library

    db.init_app(app)
    proxy.init_app(app)
    access.init_app(app)
    security.init_app(app)
    pagecache.init_app(app)
    web.init_app(app)
    errors.init_app(app)
    recorder.init_app(app)
    studies.init_app(app)
    expiry.init_app(app)

    # The patient's pages, area by area.
    for area in (home, site, services, messages, booking):
        app.register_blueprint(area.bp)
    # The control plane under /_sim: each area's control blueprint in one parent.
    areas = (controlpanel, access_control, office, trainer, messages_control, booking_control, sessionlog, studies_control, api)
    app.register_blueprint(control.blueprint(*(area.bp for area in areas)))
    return app
