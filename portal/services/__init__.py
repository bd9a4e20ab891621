"""A GP service's own page, reached from its button on the GP panel."""

from flask import Blueprint, abort

from .. import rules, sandbox
from ..catalog import CATALOG
from ..web import render
from .absence import absence_response

bp = Blueprint("services", __name__)


@bp.get("/tjenester/<service_id>")
def page(service_id: str):
    if service_id not in CATALOG:
        abort(404)
    service = sandbox.current().service(service_id)
    if not service.on:
        return render("services/not_offered.html", info=CATALOG[service_id])
    if (absent := absence_response(service_id)) is not None:
        return absent
    return render(
        "services/page.html",
        info=CATALOG[service_id],
        service=service,
        message_visible=rules.service_message_visible(service),
    )
