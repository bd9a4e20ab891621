"""A GP service's own page, reached from its button on the GP panel."""

from flask import Blueprint, abort

from .. import rules, sandbox
from ..catalog import CATALOG
from ..web import render
from .absence import unavailable_response

bp = Blueprint("services", __name__)


@bp.get("/tjenester/<service_id>")
def page(service_id: str):
    if service_id not in CATALOG:
        abort(404)
    if (blocked := unavailable_response(service_id)) is not None:
        return blocked
    service = sandbox.current().service(service_id)
    return render(
        "services/page.html",
        info=CATALOG[service_id],
        service=service,
        message_visible=rules.service_message_visible(service),
    )
