"""The sandbox's inbox: the scenario's threads with the sandbox's changes laid on top.

Four small queries per inbox, whatever its size: threads, messages, states,
attachments of this sandbox. A scenario's made-up threads (``generated``)
join them only on the page that shows them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import Boolean, String, bindparam, cast, literal, select, union_all

from .. import db, rules
from ..sandbox import SandboxView
from ..services.catalog import current_catalog
from .generated import Generated, GeneratedThread
from .models import Attachment, Draft, MessageThread, ThreadMessage, ThreadState

CLOSED_BY_PRACTITIONER = 13  # "dialog avsluttet"


@dataclass
class MessageView:
    sender: str  # "patient" or "office"
    body: str
    sent_at: dt.datetime
    attachments: list[Attachment] = field(default_factory=list)
    order: int = 0  # stable order for messages sent in the same minute
    prescriptions: list[dict] = field(default_factory=list)  # Forny resept: [{"name": …, "strength": …}]


@dataclass
class ThreadView:
    key: str
    service_id: str
    subject: str
    read: bool
    closed_code: int | None
    seeded: bool
    messages: list[MessageView]
    generated: bool = False  # made up for the scenario's count (generated.py): an automatic message

    @property
    def last_at(self) -> dt.datetime:
        return self.messages[-1].sent_at

    @property
    def closed(self) -> bool:
        return self.closed_code == CLOSED_BY_PRACTITIONER

    def why_no_reply(self, service: rules.ServiceState) -> str | None:
        """Why the patient cannot answer now, or None if they can: "closed" by the
        practitioner (code 13), "automatic" (a message nobody answers), or the
        thread's service is "off" or "absent" (a reply would reach nobody)."""
        if self.closed:
            return "closed"
        if self.generated:
            return "automatic"
        if not rules.service_accepts_requests(service):
            return rules.service_status(service)
        return None


def threads(view: SandboxView) -> list[ThreadView]:
    """The threads of this sandbox, the one with the latest message first:
    the scenario's and those started here (not the made-up ones: ``page``)."""
    return _threads_and_states(view)[0]


def _threads_and_states(view: SandboxView) -> tuple[list[ThreadView], dict]:
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
            subject=str(seed.subject),
            read=seed.read,
            closed_code=seed.closed_code,
            seeded=True,
            messages=[MessageView(m.sender, str(m.text), m.at) for m in seed.messages],
        )
    for row in rows:
        found[row.key] = ThreadView(row.key, row.service_id, row.subject, True, None, False, [])
    for number, message in enumerate(messages, start=1):
        if thread := found.get(message.thread_key):
            thread.messages.append(
                MessageView(message.sender, message.body, message.sent_at, files.get(message.id, []), number, message.prescriptions or [])
            )
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
    return result, states


def generated(view: SandboxView) -> Generated | None:
    """The scenario's made-up threads, if it asks for any."""
    return Generated.of(view.scenario.model, current_catalog().inbox_ids)


def _made_up(made: GeneratedThread, states: dict) -> ThreadView:
    mark = states.get(made.key)
    read = made.read if mark is None or mark.read is None else mark.read
    return ThreadView(made.key, made.service_id, made.subject, read, None, True, [MessageView("office", made.text, made.sent_at)], generated=True)


def thread(view: SandboxView, key: str) -> ThreadView | None:
    found, states = _threads_and_states(view)
    if (made := generated(view)) is not None and (number := made.number(key)) is not None:
        return _made_up(made.thread(number), states)
    return next((t for t in found if t.key == key), None)


PAGE_SIZE = 20


@dataclass
class InboxPage:
    """One page of «Innboks», newest first: ``threads`` are numbers ``first``
    to ``last`` (from 1) of ``total``."""

    threads: list[ThreadView]
    number: int
    pages: int
    total: int
    unread: int

    @property
    def first(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.threads else 0

    @property
    def last(self) -> int:
        return self.first + len(self.threads) - 1 if self.threads else 0


def page(view: SandboxView, number: int = 1) -> InboxPage:
    """Page ``number`` of the inbox (the last one if past it): the real
    threads and the made-up ones in one order, by their latest message, a
    real one first where they tie. Made-up threads are made only for the page."""
    found, states = _threads_and_states(view)
    made = generated(view)
    total = len(found) + (made.count if made else 0)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(max(number, 1), pages)
    start = (number - 1) * PAGE_SIZE
    if made is None:
        shown = found[start : start + PAGE_SIZE]
    else:
        # Where each real thread stands among all: after the made-up ones that are newer.
        places = {i + made.newer_than(thread.last_at): thread for i, thread in enumerate(found)}
        shown = []
        real_before = sum(1 for place in places if place < start)
        for place in range(start, min(start + PAGE_SIZE, total)):
            if place in places:
                shown.append(places[place])
                real_before += 1
            else:
                shown.append(_made_up(made.thread(place - real_before + 1), states))
    return InboxPage(shown, number, pages, total, unread_count(view))


# The sandbox's own threads (key "m<id>", no mark: read) and every read/unread
# mark, in one prebuilt statement: the front page asks on every view.
_OWN_THREADS_AND_MARKS = union_all(
    select((literal("m", String) + cast(MessageThread.id, String)).label("key"), literal(None, Boolean).label("read")).where(
        MessageThread.sandbox_id == bindparam("sandbox")
    ),
    select(ThreadState.thread_key, ThreadState.read).where(ThreadState.sandbox_id == bindparam("sandbox"), ThreadState.read.is_not(None)),
)


def unread_count(view: SandboxView) -> int:
    """The unread threads (made-up ones too), as the inbox marks them, without loading the messages."""
    rows = db.session().connection().execute(_OWN_THREADS_AND_MARKS, {"sandbox": view.id}).all()
    marks = {key: mark for key, mark in rows if mark is not None}
    read = {f"s{number}": seed.read for number, seed in enumerate(view.scenario.inbox, start=1)}
    read.update((key, True) for key, mark in rows if mark is None)
    read.update((key, mark) for key, mark in marks.items() if key in read)
    count = sum(1 for is_read in read.values() if not is_read)
    if (made := generated(view)) is not None:
        count += made.unread
        for key, mark in marks.items():
            if (number := made.number(key)) is not None:
                count += (not mark) - (not made.read_at_start(number))
    return count


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
