"""The header's pages: the menu and the user's menu as pages of their own (for
browsers without JavaScript), Søk, Logg ut and Logg inn."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _

from .. import sandbox
from ..sim import state_section
from ..web import is_htmx_request, render
from . import bp, login, search


@bp.before_app_request
def _logged_out_sees_only_the_way_back_in():
    """While logged out, every patient page leads to «Du er logget ut»; the
    simulator's own pages (/_sim/) and static files stay open."""
    if request.endpoint in ("static", "site.logged_out", "site.log_in") or request.path.startswith("/_sim/"):
        return None
    if not login.is_logged_out():
        return None
    target = url_for("site.logged_out")
    if is_htmx_request():
        return "", 204, {"HX-Redirect": target}
    return redirect(target, code=303)


@bp.get("/meny")
def menu():
    sandbox.current()
    return render("site/menu.html")


@bp.get("/profil")
def profile():
    sandbox.current()
    return render("site/profile.html")


@bp.get("/sok")
def search_page():
    view = sandbox.current()
    query = request.args.get("q", "").strip()
    if len(query) > search.QUERY_MAX:
        errors = {"q": _("Søket kan ha høyst %(max)s tegn.", max=search.QUERY_MAX)}
        return render("site/search.html", query=query, results=None, errors=errors)
    results = search.search(query, search.pages_for(view)) if query else None
    return render("site/search.html", query=query, results=results)


@bp.post("/logg-ut")
def log_out():
    login.log_out(sandbox.current())
    return redirect(url_for("site.logged_out"), code=303)


@bp.get("/logget-ut")
def logged_out():
    if not login.is_logged_out():
        return redirect(url_for("home.index"), code=303)
    sandbox.current()
    return render("site/logged_out.html")


@bp.post("/logg-inn")
def log_in():
    login.log_in()
    return redirect(url_for("home.index"), code=303)


@state_section("login")
def login_state(view: sandbox.SandboxView) -> dict:
    return {"logged_in": not login.is_logged_out()}
