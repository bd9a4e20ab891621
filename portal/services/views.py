"""A GP service's own page, and what stands in for a service's pages while it
is off or while the office is absent on it.

Every page of a service (the message forms, the booking flow, the generic
service page) starts with one guard, so nobody sends what no one reads::

    if (blocked := unavailable_response("forny-resept")) is not None:
        return blocked

While the office is absent the patient still reaches the service and its
information, is told of the absence and what to do instead, and cannot send
a request nobody will read (409 for one sent anyway).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from .. import rules, sandbox
from ..web import render
from .catalog import current_catalog

bp = Blueprint("services", __name__)


@bp.get("/tjenester/<service_id>")
def page(service_id: str):
    if service_id not in current_catalog():
        abort(404)
    if (blocked := unavailable_response(service_id)) is not None:
        return blocked
    return render("services/page.html", **_service_context(service_id))


def _service_context(service_id: str) -> dict:
    service = sandbox.current().service(service_id)
    return {"info": current_catalog()[service_id], "service": service, "message_visible": rules.service_message_visible(service)}


def absence_response(service_id: str) -> Response | None:
    """The absence page if the office is absent on ``service_id``, else None.

    A GET gets the page (200); a request sent anyway (POST) is refused with the
    same page and 409, so nothing is stored.
    """
    if rules.service_status(sandbox.current().service(service_id)) != rules.ABSENT:
        return None
    status = 200 if request.method in ("GET", "HEAD") else 409
    return render("services/absent.html", status=status, **_service_context(service_id))


def unavailable_response(service_id: str) -> Response | None:
    """The page to show instead of the service's own: «not offered» while the
    service is off, the absence page while the office is absent; None while
    the service takes requests."""
    if not sandbox.current().service(service_id).on:
        return render("services/not_offered.html", info=current_catalog()[service_id])
    return absence_response(service_id)
