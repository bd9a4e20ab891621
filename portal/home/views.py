"""The citizen's front page (the GP panel, or the new one's cards), Fastlegetjenester,
the GP's page, the health contacts and the events («Hendelser»)."""

from flask import Blueprint, redirect

from .. import db, rules, sandbox
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
        "new_messages": inbox.unread_count(view),
        "new_events": new_events(view),
    }


# Sandbox.overrides' key for «the patient has seen the events» (a reset forgets it).
EVENTS_SEEN = "events_seen"


def new_events(view: sandbox.SandboxView) -> int:
    """«Du har nye hendelser <n>»: the scenario's new events, until the patient has seen them."""
    return 0 if view.overrides.get(EVENTS_SEEN) else view.scenario.new_events


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


@bp.get("/hendelser")
def events():
    """The events, newest first; those that were new are marked, and are new no more."""
    view = sandbox.current()
    new = new_events(view) > 0
    if new and not view.read_only:  # a demo room's participant looks at the trainer's
        view.row.overrides = {**view.overrides, EVENTS_SEEN: True}
        db.session().commit()
    shown = sorted(view.scenario.events, key=lambda event: event.at, reverse=True)
    return render("home/events.html", events=shown, marked_new=new)


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page says.
    return redirect(static_url("favicon.svg"), code=301)
