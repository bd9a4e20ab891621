"""Appointment booking: Timeavtaler, Velg behandler, Velg time, the appointment page;
and on the control plane the office's answer to a time wish."""

from flask import Blueprint

bp = Blueprint("booking", __name__, url_prefix="/timeavtaler")
office_bp = Blueprint("booking_office", __name__, url_prefix="/_sim/timeavtaler")

from . import models, sim, views  # noqa: E402,F401  (tables before create_all, routes on the blueprints)
