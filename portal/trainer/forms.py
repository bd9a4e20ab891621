"""The demo room's one form: a participant types the room's code."""

from __future__ import annotations

from ..forms import Form, Text


class JoinForm(Form):
    code = Text()
