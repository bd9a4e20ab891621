"""The citizen's front page and the GP pages it links to."""

from flask import Blueprint, redirect

from .. import rules, sandbox
from ..messages import inbox
from ..web import render, static_url

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    view = sandbox.current()
    return render(
        "home/index.html",
        offered=rules.offered_services(view.services),
        no_services_notice=rules.shows_no_digital_services_notice(view.services),
        panel_message_visible=rules.panel_message_visible(view.panel_message, view.services),
        new_messages=view.persona.new_messages + inbox.unread_count(view),
    )


@bp.get("/fastlege")
def gp():
    sandbox.current()
    return render("home/gp.html")


@bp.get("/helsekontakter")
def contacts():
    sandbox.current()
    return render("home/contacts.html")


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page says.
    return redirect(static_url("favicon.svg"), code=301)
