"""The login page's one field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import InputRequired

from ..forms import Form


class LoginForm(Form):
    # Not a forms.Text: a password is taken exactly as typed, spaces and all.
    password = PasswordField(validators=[InputRequired(message=_l("Skriv passordet."))])
