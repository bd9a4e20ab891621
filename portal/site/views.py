"""The header's pages: the menu and the user's menu as pages of their own (for
browsers without JavaScript), Søk, Logg ut and Logg inn."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for

from .. import sandbox
from ..control import is_control_plane
from ..forms import validate
from ..web import is_htmx_request, render
from . import search
from .forms import QUERY_MAX, SearchForm

bp = Blueprint("site", __name__)


@bp.record_once
def _search_max(state) -> None:
    # The header's search field, on every page, keeps to the form's limit.
    state.app.jinja_env.globals["search_max"] = QUERY_MAX


@bp.before_app_request
def _logged_out_sees_only_the_way_back_in():
    """While logged out, every patient page leads to «Du er logget ut»; the
    simulator's own pages (/_sim/) and static files stay open."""
    if request.endpoint in ("static", "site.logged_out", "site.log_in") or is_control_plane():
        return None
    if not sandbox.is_logged_out():
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
    form = SearchForm(request.args)
    if errors := validate(form):
        return render("site/search.html", query=form.q.typed, results=None, errors=errors)
    query = form.q.data
    results = search.search(query, search.pages_for(view)) if query else None
    return render("site/search.html", query=query, results=results)


@bp.post("/logg-ut")
def log_out():
    sandbox.log_out(sandbox.current())
    return redirect(url_for("site.logged_out"), code=303)


@bp.get("/logget-ut")
def logged_out():
    if not sandbox.is_logged_out():
        return redirect(url_for("home.index"), code=303)
    sandbox.current()
    return render("site/logged_out.html")


@bp.post("/logg-inn")
def log_in():
    sandbox.log_in()
    return redirect(url_for("home.index"), code=303)

