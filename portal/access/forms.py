"""The login page's one field."""

from __future__ import annotations

from wtforms import PasswordField
from wtforms.validators import InputRequired

from ..forms import Form
from ..i18n import _l


class LoginForm(Form):
    # Not a forms.Text: a password is taken exactly as typed, spaces and all.
    password = PasswordField(validators=[InputRequired(message=_l("Skriv passordet."))])
