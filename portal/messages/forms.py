"""The message form's rules for subject and text, without Flask.

``validate`` returns problem codes per field; the view words them in Norwegian.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scenarios import MESSAGE_MAX, SUBJECT_MAX


def normalise_newlines(text: str) -> str:
    # A textarea submits "\r\n" for each line break it shows as one character.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def message_length(text: str) -> int:
    """Characters as the browser's counter counts them: a line break is one."""
    return len(normalise_newlines(text))


@dataclass
class MessageForm:
    subject: str = ""
    body: str = ""

    @classmethod
    def from_fields(cls, subject: str | None, body: str | None) -> MessageForm:
        return cls(subject=(subject or "").strip(), body=normalise_newlines(body or ""))

    @property
    def typed(self) -> bool:
        return bool(self.subject or self.body.strip())


def validate(form: MessageForm, with_subject: bool = True) -> dict[str, str]:
    """Field name -> problem: "missing" or "too_long"."""
    problems: dict[str, str] = {}
    if with_subject:
        if not form.subject:
            problems["subject"] = "missing"
        elif len(form.subject) > SUBJECT_MAX:
            problems["subject"] = "too_long"
    if not form.body.strip():
        problems["body"] = "missing"
    elif message_length(form.body) > MESSAGE_MAX:
        problems["body"] = "too_long"
    return problems
