"""Søk's one field, under the one text rule."""

from flask_babel import lazy_gettext as _l

from ..forms import Form, Text

QUERY_MAX = 200  # characters; the field says so and the server refuses more


class SearchForm(Form):
    q = Text(max_length=QUERY_MAX, too_long=_l("Søket kan ha høyst %(max)s tegn."))
