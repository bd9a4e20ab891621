"""What only the API changes: the persona's name a sandbox starts with.
(The office's settings, replies, answers and slots use their areas' forms.)"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..forms import Form, Text

PERSONA_NAME_MAX = 100


class PersonaForm(Form):
    name = Text(max_length=PERSONA_NAME_MAX, required=_l("Skriv et navn."), too_long=_l("Navnet kan ha høyst %(max)s tegn."))
    first_name = Text(max_length=PERSONA_NAME_MAX, too_long=_l("Navnet kan ha høyst %(max)s tegn."))
