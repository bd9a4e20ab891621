"""The booking forms' rules: what the patient (or the office) must write, and how much."""

from __future__ import annotations

from flask_babel import gettext as _

REASON_MAX = 200  # «Hva gjelder timen?» when booking a slot
PREFERRED_MAX = 200  # «Når passer det for deg?»
WISH_REASON_MAX = 500  # «Hva gjelder timen?» with a time wish
ANSWER_MAX = 500  # the office's message with its answer


def text_error(text: str, max_length: int, missing: str | None = None) -> str | None:
    """The Norwegian error for a field, or None. ``missing`` is the message for
    an empty field; without it the field may be empty. A line break counts
    once, as the browser's own counter counts it."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return missing
    if len(text) > max_length:
        return _("Teksten kan ikke være lengre enn %(max)s tegn.", max=max_length)
    return None


def reason_errors(reason: str) -> dict[str, str]:
    error = text_error(reason, REASON_MAX, _("Skriv kort hva timen gjelder."))
    return {"arsak": error} if error else {}


def wish_errors(preferred: str, reason: str) -> dict[str, str]:
    errors = {
        "tidspunkt": text_error(preferred, PREFERRED_MAX, _("Skriv hvilke dager og tider som passer for deg.")),
        "arsak": text_error(reason, WISH_REASON_MAX, _("Skriv kort hva timen gjelder.")),
    }
    return {name: error for name, error in errors.items() if error}
