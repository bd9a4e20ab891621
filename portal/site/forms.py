"""Søk's one field, under the one text rule."""

from ..forms import Form, Text
from ..i18n import _l

QUERY_MAX = 200  # characters; the field says so and the server refuses more


class SearchForm(Form):
    q = Text(max_length=QUERY_MAX, too_long=_l("Søket kan ha høyst %(max)s tegn."))
