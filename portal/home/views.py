"""The citizen's front page (the GP panel, or the new one's cards), Fastlegetjenester,
the GP's page and the health contacts."""

from flask import Blueprint, redirect

from .. import rules, sandbox
from ..pagecache import cached
from ..messages import inbox
from ..services.catalog import current_catalog
from ..web import render, static_url

bp = Blueprint("home", __name__)


def panel_context(view: sandbox.SandboxView) -> dict:
    """What the GP panel (templates/home/_panel.html) shows, by the webinar's rules."""
    return {
        "offered": rules.offered_services(view.services),
        "no_services_notice": rules.shows_no_digital_services_notice(view.services),
        "panel_message_visible": rules.panel_message_visible(view.panel_message, view.services),
        # Messages the persona has besides the sandbox's unread threads.
        "new_messages": view.persona.new_messages + inbox.unread_count(view),
    }


def gp_services_context(view: sandbox.SandboxView) -> dict:
    """What the Fastlegetjenester page (templates/home/_gp_services.html) shows: the panel's rules, as cards."""
    return {
        **panel_context(view),
        # The cards keep the new front page's own order (the seed's), not the panel's.
        "cards": [
            (view.service(info.id), info) for info in current_catalog().in_card_order() if rules.service_shows_button(view.service(info.id))
        ],
        "urgent_phone": view.office.urgent_phone or view.office.phone,
    }


@bp.get("/")
@cached
def index():
    view = sandbox.current()
    if view.scenario.front_page == "ny":
        return render("home/new_index.html", **panel_context(view))
    return render("home/index.html", **panel_context(view))


@bp.get("/fastlegetjenester")
@cached
def gp_services():
    return render("home/gp_services.html", **gp_services_context(sandbox.current()))


@bp.get("/fastlege")
@cached
def gp():
    sandbox.current()
    return render("home/gp.html")


@bp.get("/helsekontakter")
@cached
def contacts():
    sandbox.current()
    return render("home/contacts.html")


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page says.
    return redirect(static_url("favicon.svg"), code=301)
