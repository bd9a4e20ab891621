"""What the message pages write: attachments, sent messages, drafts, office
replies, a thread's read and closed marks.

Reading the inbox is ``inbox``'s job; the wording of errors is the views'.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from .. import db, sandbox
from ..sandbox import SandboxView
from . import filestore, inbox, uploads
from .models import Attachment, Draft, MessageThread, ThreadMessage, ThreadState


def _delete_attachments(attachments: Iterable[Attachment]) -> None:
    """Rows, and with them their bytes (no commit)."""
    session = db.session()
    for attachment in attachments:
        session.delete(attachment)


def is_form_token(value: str | None) -> bool:
    """Whether ``value`` can be a form token (as ``secrets.token_urlsafe`` makes them)."""
    return bool(value) and 20 <= len(value) <= 64 and value.isascii() and all(c.isalnum() or c in "-_" for c in value)


def delete_attachments_of(sandbox_ids: list[str]) -> int:
    """Every attachment of these sandboxes, and with them their bytes, before
    the sandboxes themselves are deleted (no commit); how many went."""
    return _delete_where(Attachment.sandbox_id.in_(sandbox_ids))


def delete_unsent_uploads(uploaded_before: dt.datetime, limit: int) -> int:
    """Up to ``limit`` files uploaded before ``uploaded_before`` to a form that
    was neither sent nor kept as a draft, with their bytes (committed); how many went."""
    in_a_draft = select(Draft.id).where(Draft.sandbox_id == Attachment.sandbox_id, Draft.form_token == Attachment.form_token).exists()
    expired = select(Attachment.id).where(Attachment.message_id.is_(None), Attachment.uploaded_at < uploaded_before, ~in_a_draft).limit(limit)
    deleted = _delete_where(Attachment.id.in_(expired))
    db.session().commit()
    return deleted


def _delete_where(condition) -> int:
    """One statement, so a pruning that meets another (a second worker, the
    command) deletes what is left instead of failing on what the other took.
    Their bytes go with the rows (the chunks' foreign key cascades)."""
    return db.session().execute(delete(Attachment).where(condition), execution_options={"synchronize_session": False}).rowcount


# ---------------------------------------------------------------- attachments


def store_uploads(view: SandboxView, form_token: str, files: list[FileStorage]) -> tuple[list[Attachment], list[uploads.Refusal]]:
    """Keep the files that pass the rules next to those the form has already.

    The stored name is random; the user's file name is kept as display text only.
    """
    files = [f for f in files if f.filename]
    if not files:
        return [], []
    incoming = []
    for file in files:
        head = file.stream.read(uploads.SNIFF_BYTES)
        file.stream.seek(0)
        incoming.append(uploads.Incoming(uploads.display_name(file.filename), uploads.received_size(file.stream), head))
    verdict = uploads.check([a.size for a in inbox.pending_attachments(view, form_token)], incoming, _room(view))
    session = db.session()
    added = []
    for index, kind in verdict.accepted:
        attachment = Attachment(
            sandbox_id=view.id,
            form_token=form_token,
            name=incoming[index].name,
            content_type=kind.content_type,
            size=incoming[index].size,
            stored_name=secrets.token_hex(16),
        )
        session.add(attachment)
        session.flush()
        filestore.put(session, attachment.stored_name, files[index].stream)
        added.append(attachment)
    session.commit()
    return added, verdict.refused


def _room(view: SandboxView) -> int | None:
    """The bytes of attachments the sandbox may still store (None: no quota),
    sent and unsent together. The sandbox is held until the commit, so two
    uploads at once take turns and together stay within the quota."""
    if (quota := current_app.config["ATTACHMENT_QUOTA"]) is None:
        return None
    sandbox.hold(view)
    used = db.session().scalar(select(func.coalesce(func.sum(Attachment.size), 0)).where(Attachment.sandbox_id == view.id))
    return max(quota - used, 0)


def remove_attachment(view: SandboxView, form_token: str, attachment_id: str) -> None:
    """Take a file off a form that has not been sent; anything else is ignored."""
    if (number := db.row_id(attachment_id)) is None:
        return
    attachment = db.session().scalar(
        select(Attachment).where(
            Attachment.id == number,
            Attachment.sandbox_id == view.id,
            Attachment.form_token == form_token,
            Attachment.message_id.is_(None),
        )
    )
    if attachment:
        _delete_attachments([attachment])
        db.session().commit()


# ---------------------------------------------------------------- sending


def already_sent(view: SandboxView, form_token: str) -> str | None:
    """The thread this filling-in of a form was sent to, if it was sent already."""
    existing = inbox.sent_message(view, form_token)
    return existing.thread_key if existing is not None else None


def send(
    view: SandboxView, form_token: str, service_id: str, body: str, subject: str = "", thread_key: str | None = None, prescriptions: list | None = None
) -> str:
    """Store the message with the form's attachments (and for Forny resept the
    ``prescriptions`` chosen), in a new thread (with ``subject``) if
    ``thread_key`` is None; returns its thread's key.

    The form token is unique among messages: if this form was sent already
    (double click, resubmit), nothing new is stored and the same thread is returned.
    """
    session = db.session()
    sent_at = view.now()
    try:
        if thread_key is None:
            thread = MessageThread(sandbox_id=view.id, service_id=service_id, subject=subject, created_at=sent_at)
            session.add(thread)
            session.flush()
            thread_key = thread.key
        message = ThreadMessage(
            sandbox_id=view.id, thread_key=thread_key, sender="patient", body=body, sent_at=sent_at, form_token=form_token, prescriptions=prescriptions
        )
        session.add(message)
        session.flush()
        session.execute(
            update(Attachment)
            .where(Attachment.sandbox_id == view.id, Attachment.form_token == form_token, Attachment.message_id.is_(None))
            .values(message_id=message.id)
        )
        session.execute(delete(Draft).where(Draft.sandbox_id == view.id, Draft.form_token == form_token))
        session.commit()
        return thread_key
    except IntegrityError:
        session.rollback()
        # Files uploaded by the duplicate request belong to no message: drop them.
        _delete_attachments(inbox.pending_attachments(view, form_token))
        session.commit()
        if (existing := already_sent(view, form_token)) is None:
            raise
        return existing


def add_office_reply(view: SandboxView, thread_key: str, body: str, close: bool) -> None:
    """The office answers a thread: it turns unread, and closed (code 13) if ``close``."""
    db.session().add(ThreadMessage(sandbox_id=view.id, thread_key=thread_key, sender="office", body=body, sent_at=view.now()))
    changes: dict = {"read": False}
    if close:
        changes["closed_code"] = inbox.CLOSED_BY_PRACTITIONER
    _mark(view, thread_key, **changes)
    db.session().commit()


def mark_read(view: SandboxView, thread_key: str) -> None:
    sandbox.store(view)  # a GET that changes something: the message stays read
    _mark(view, thread_key, read=True)
    db.session().commit()


def _mark(view: SandboxView, thread_key: str, **changes) -> None:
    """Record that a thread became read/unread or closed (no commit)."""
    session = db.session()
    state = session.scalar(select(ThreadState).where(ThreadState.sandbox_id == view.id, ThreadState.thread_key == thread_key))
    if state is None:
        state = ThreadState(sandbox_id=view.id, thread_key=thread_key)
        session.add(state)
    for name, value in changes.items():
        setattr(state, name, value)


# ---------------------------------------------------------------- drafts


def find_draft(view: SandboxView, form_token: str | None, service_id: str | None = None) -> Draft | None:
    if not is_form_token(form_token):
        return None  # from an address: no draft can have it
    query = select(Draft).where(Draft.sandbox_id == view.id, Draft.form_token == form_token)
    if service_id is not None:
        query = query.where(Draft.service_id == service_id)
    return db.session().scalar(query)


def save_draft(view: SandboxView, form_token: str, service_id: str, subject: str, body: str, prescriptions: list[str] | None = None) -> None:
    """Keep the form as a draft: a new one, or the same one again."""
    session = db.session()
    draft = find_draft(view, form_token)
    if draft is None:
        draft = Draft(sandbox_id=view.id, form_token=form_token, service_id=service_id)
        session.add(draft)
    draft.subject, draft.body, draft.prescriptions, draft.saved_at = subject, body, prescriptions, view.now()
    try:
        session.commit()
    except IntegrityError:
        # The same form saved twice at once (a double click): the other request made the draft; update it.
        session.rollback()
        save_draft(view, form_token, service_id, subject, body, prescriptions)


def discard(view: SandboxView, form_token: str) -> None:
    """Leave the form: files uploaded to a new form go; a saved draft stays as saved."""
    if find_draft(view, form_token) is not None:
        return
    _delete_attachments(inbox.pending_attachments(view, form_token))
    db.session().commit()


def delete_draft(view: SandboxView, form_token: str) -> None:
    if (draft := find_draft(view, form_token)) is None:
        return
    _delete_attachments(inbox.pending_attachments(view, form_token))
    db.session().delete(draft)
    db.session().commit()
