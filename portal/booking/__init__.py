"""Appointment booking: Timeavtaler, Velg behandler, Velg time, the appointment page."""

from flask import Blueprint

bp = Blueprint("booking", __name__, url_prefix="/timeavtaler")

from . import models, views  # noqa: E402,F401  (tables before create_all, routes on bp)
