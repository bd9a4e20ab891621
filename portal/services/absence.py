"""The absence solution (fraværsløsning) for a service's own pages.

While the office is absent on a service, the patient still reaches its page
and its information, is told of the absence and what to do instead, and
cannot send a request nobody will read. Every service page calls
``unavailable_response`` first, which also covers a service that is off::

    if (blocked := unavailable_response("forny-resept")) is not None:
        return blocked
"""

from __future__ import annotations

from flask import Response, request

from .. import rules, sandbox
from ..catalog import CATALOG
from ..web import render


def absence_response(service_id: str) -> Response | None:
    """The absence page if the office is absent on ``service_id``, else None.

    A GET gets the page (200); a request sent anyway (POST) is refused with the
    same page and 409, so nothing is stored.
    """
    service = sandbox.current().service(service_id)
    if rules.service_status(service) != rules.ABSENT:
        return None
    return render(
        "services/absent.html",
        status=200 if request.method in ("GET", "HEAD") else 409,
        info=CATALOG[service_id],
        service=service,
        message_visible=rules.service_message_visible(service),
    )


def unavailable_response(service_id: str) -> Response | None:
    """The page to show instead of the service's own: «not offered» while the
    service is off, the absence page while the office is absent; None while
    the service takes requests."""
    service = sandbox.current().service(service_id)
    if not service.on:
        return render("services/not_offered.html", info=CATALOG[service_id])
    return absence_response(service_id)
