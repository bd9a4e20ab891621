"""Forms: WTForms, with one rule for every text a user types.

The rule (``Text``): a line break counts once (a browser sends "\\r\\n" for
one, some a bare "\\r"), other control characters than tab are left out, the
length is counted as the counter shows it, on the normalised text before
trimming, and what is stored is trimmed. The templates' counters show
``Text.count``; portal.js counts the same way.

An area declares its forms in its ``forms.py``: fields, limits and Norwegian
messages in one place per form. A view passes ``validate(form)`` (field name
-> message, in the order of the fields) to ``portal.web.render`` as
``errors=``, as the form macros in templates/forms.html and the session log
expect. CSRF is checked for every POST by Flask-WTF's CSRFProtect, so these
forms carry none of their own.
"""

from __future__ import annotations

import re

from wtforms import Field, Form, StringField
from wtforms.validators import StopValidation, ValidationError

__all__ = ["Choice", "Choices", "Form", "Text", "normalise", "validate"]


# Control characters a user cannot mean (pasted, or crafted: PostgreSQL refuses a NUL); line breaks and tabs stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def normalise(text: str) -> str:
    """Line breaks as one "\\n" each and no other control character but tab,
    as the browser's counter counts them."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class _Required:
    def __init__(self, message: str):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        if not field.data and not getattr(form, "unfinished", False):
            raise StopValidation(str(self.message))


class _MaxLength:
    def __init__(self, max_length: int, message: str):
        self.max_length = max_length
        self.message = message

    def __call__(self, form, field) -> None:
        if field.count > self.max_length:
            raise ValidationError(self.message % {"max": self.max_length, "count": field.count})


class Text(StringField):
    """A text under the one rule: ``typed`` is what the counter counts and the
    page shows again, ``data`` what is stored.

    ``required`` is the message for an empty field (none: it may be empty);
    ``too_long`` the message past ``max_length``, with ``%(max)s`` and ``%(count)s``.
    """

    def __init__(self, label=None, *, max_length: int | None = None, required: str | None = None, too_long: str = "", **kwargs):
        validators = list(kwargs.pop("validators", ()))
        if required:
            validators.insert(0, _Required(required))
        if max_length is not None:
            validators.append(_MaxLength(max_length, too_long))
        super().__init__(label, validators=validators, **kwargs)
        self.max_length = max_length

    def process_data(self, value) -> None:
        self._take(value)

    def process_formdata(self, valuelist) -> None:
        if valuelist:
            self._take(valuelist[0])

    def _take(self, value) -> None:
        self.typed = normalise(value or "")
        self.data = self.typed.strip()

    @property
    def count(self) -> int:
        return len(self.typed)

    def _value(self) -> str:
        return self.typed


class Choice(StringField):
    """One of ``choices``, which the view sets before validating (the threads,
    the practitioners, …); ``message`` when nothing valid was chosen."""

    def __init__(self, label=None, *, message: str, **kwargs):
        super().__init__(label, **kwargs)
        self.message = message
        self.choices: list[str] = []

    def pre_validate(self, form) -> None:
        if self.data not in self.choices:
            raise StopValidation(str(self.message))


class Choices(Field):
    """Some of ``choices`` (tick boxes of one name), which the view sets before
    validating; ``message`` when none of them is chosen. What is not among
    the choices is dropped, and the order is the choices', not the form's."""

    def __init__(self, label=None, *, message: str, **kwargs):
        super().__init__(label, **kwargs)
        self.message = message
        self.choices: list[str] = []
        self.data: list[str] = []

    def process_formdata(self, valuelist) -> None:
        self.data = list(valuelist)

    def process_data(self, value) -> None:
        self.data = list(value or [])

    def pre_validate(self, form) -> None:
        self.data = [choice for choice in self.choices if choice in self.data]
        if not self.data:
            raise StopValidation(str(self.message))


def validate(form: Form, *, unfinished: bool = False) -> dict[str, str]:
    """Check ``form``; its errors, field name -> its first message, in the order of the fields.

    An ``unfinished`` form (a draft) may leave required texts empty, but keeps every limit.
    """
    form.unfinished = unfinished
    form.validate()
    return {field.name: field.errors[0] for field in form if field.errors}
