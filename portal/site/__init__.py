"""What frames every patient page: the header's Meny, Søk and the user's menu
with Logg ut, and the pages behind them (the menu, the search, logged out).

``views`` has the pages, ``search`` what can be found, ``login`` whether this
browser is logged out of its sandbox.
"""

from flask import Blueprint

from .. import sandbox

bp = Blueprint("site", __name__)

from . import login, search, views  # noqa: E402,F401  (routes on bp)

# A reset goes back to the scenario's start, where the patient is logged in.
sandbox.before_reset.append(login.forget_logout)


@bp.record_once
def _template_globals(state):
    # The search field's maxlength, on every page's header.
    state.app.jinja_env.globals["search_max"] = search.QUERY_MAX
