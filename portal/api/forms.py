"""What only the API changes: the persona's name a sandbox starts with.
(The office's settings, replies, answers and slots use their areas' forms.)"""

from __future__ import annotations


from ..forms import Form, Text
from ..i18n import _l

PERSONA_NAME_MAX = 100


class PersonaForm(Form):
    name = Text(max_length=PERSONA_NAME_MAX, required=_l("Skriv et navn."), too_long=_l("Navnet kan ha høyst %(max)s tegn."))
    first_name = Text(max_length=PERSONA_NAME_MAX, too_long=_l("Navnet kan ha høyst %(max)s tegn."))
