"""The sandbox's inbox: the scenario's threads with the sandbox's changes laid on top.

Four small queries per inbox, whatever its size: threads, messages, states,
attachments of this sandbox.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Boolean, String, bindparam, cast, literal, select, union_all

from .. import db, rules
from ..sandbox import SandboxView
from .models import Attachment, Draft, MessageThread, ThreadMessage, ThreadState

CLOSED_BY_PRACTITIONER = 13  # "dialog avsluttet"


@dataclass
class MessageView:
    sender: str  # "patient" or "office"
    body: str
    sent_at: dt.datetime
    attachments: list[Attachment] = field(default_factory=list)
    order: int = 0  # stable order for messages sent in the same minute


@dataclass
class ThreadView:
    key: str
    service_id: str
    subject: str
    read: bool
    closed_code: int | None
    seeded: bool
    messages: list[MessageView]

    @property
    def last_at(self) -> dt.datetime:
        return self.messages[-1].sent_at

    @property
    def closed(self) -> bool:
        return self.closed_code == CLOSED_BY_PRACTITIONER

    def why_no_reply(self, service: rules.ServiceState) -> str | None:
        """Why the patient cannot answer now, or None if they can: "closed" by the
        practitioner (code 13), or the thread's service is "off" or "absent" (a
        reply would reach nobody)."""
        if self.closed:
            return "closed"
        if not rules.service_accepts_requests(service):
            return rules.service_status(service)
        return None


def threads(view: SandboxView) -> list[ThreadView]:
    """All threads of this sandbox, the one with the latest message first."""
    session = db.session()
    sid = view.id
    rows = session.scalars(select(MessageThread).where(MessageThread.sandbox_id == sid)).all()
    messages = session.scalars(select(ThreadMessage).where(ThreadMessage.sandbox_id == sid).order_by(ThreadMessage.id)).all()
    states = {s.thread_key: s for s in session.scalars(select(ThreadState).where(ThreadState.sandbox_id == sid))}
    files: dict[int, list[Attachment]] = {}
    for attachment in session.scalars(
        select(Attachment).where(Attachment.sandbox_id == sid, Attachment.message_id.is_not(None)).order_by(Attachment.id)
    ):
        files.setdefault(attachment.message_id, []).append(attachment)

    found: dict[str, ThreadView] = {}
    for number, seed in enumerate(view.scenario.inbox, start=1):
        found[f"s{number}"] = ThreadView(
            key=f"s{number}",
            service_id=seed.service,
            subject=seed.subject,
            read=seed.read,
            closed_code=seed.closed_code,
            seeded=True,
            messages=[MessageView(m.sender, m.text, m.at) for m in seed.messages],
        )
    for row in rows:
        found[row.key] = ThreadView(row.key, row.service_id, row.subject, True, None, False, [])
    for number, message in enumerate(messages, start=1):
        if thread := found.get(message.thread_key):
            thread.messages.append(MessageView(message.sender, message.body, message.sent_at, files.get(message.id, []), number))
    for key, state in states.items():
        if thread := found.get(key):
            if state.read is not None:
                thread.read = state.read
            if state.closed_code is not None:
                thread.closed_code = state.closed_code

    result = [t for t in found.values() if t.messages]
    for thread in result:
        thread.messages.sort(key=lambda m: (m.sent_at, m.order))
    result.sort(key=lambda t: (t.last_at, max(m.order for m in t.messages)), reverse=True)
    return result


def thread(view: SandboxView, key: str) -> ThreadView | None:
    return next((t for t in threads(view) if t.key == key), None)


# The sandbox's own threads (key "m<id>", no mark: read) and every read/unread
# mark, in one prebuilt statement: the front page asks on every view.
_OWN_THREADS_AND_MARKS = union_all(
    select((literal("m", String) + cast(MessageThread.id, String)).label("key"), literal(None, Boolean).label("read")).where(
        MessageThread.sandbox_id == bindparam("sandbox")
    ),
    select(ThreadState.thread_key, ThreadState.read).where(ThreadState.sandbox_id == bindparam("sandbox"), ThreadState.read.is_not(None)),
)


def unread_count(view: SandboxView) -> int:
    """The unread threads, as ``threads`` marks them, without loading the messages."""
    rows = db.session().connection().execute(_OWN_THREADS_AND_MARKS, {"sandbox": view.id}).all()
    read = {f"s{number}": seed.read for number, seed in enumerate(view.scenario.inbox, start=1)}
    read.update((key, True) for key, mark in rows if mark is None)
    read.update((key, mark) for key, mark in rows if mark is not None and key in read)
    return sum(1 for is_read in read.values() if not is_read)


def drafts(view: SandboxView) -> list[Draft]:
    return list(db.session().scalars(select(Draft).where(Draft.sandbox_id == view.id).order_by(Draft.saved_at.desc(), Draft.id.desc())))


def pending_attachments(view: SandboxView, form_token: str) -> list[Attachment]:
    """Files uploaded to a form that has not been sent yet."""
    return pending_attachments_of(view, [form_token]).get(form_token, [])


def pending_attachments_of(view: SandboxView, form_tokens: list[str]) -> dict[str, list[Attachment]]:
    """The files of each of these unsent forms (drafts, say), in one query."""
    found: dict[str, list[Attachment]] = {}
    query = (
        select(Attachment)
        .where(Attachment.sandbox_id == view.id, Attachment.form_token.in_(form_tokens), Attachment.message_id.is_(None))
        .order_by(Attachment.id)
    )
    for attachment in db.session().scalars(query):
        found.setdefault(attachment.form_token, []).append(attachment)
    return found


def sent_message(view: SandboxView, form_token: str) -> ThreadMessage | None:
    """The message this sandbox already sent from this filling-in of a form, if any."""
    return db.session().scalar(select(ThreadMessage).where(ThreadMessage.sandbox_id == view.id, ThreadMessage.form_token == form_token))
