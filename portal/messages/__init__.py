"""Messages to the GP office: the three message forms, drafts, attachments and the inbox."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from .. import db, rules, sandbox
from ..catalog import CATALOG
from ..scenarios import MESSAGE_MAX, MESSAGE_SERVICE_IDS, SUBJECT_MAX
from ..services.absence import unavailable_response
from ..sim import state_section
from ..web import render
from . import inbox, uploads
from .forms import MessageForm, validate
from .models import Attachment, Draft, MessageThread, ThreadMessage

bp = Blueprint("messages", __name__)

# The form of each message service; the endpoint is messages.<id with underscores>.
FORM_PATHS = {
    "kontakt-legekontoret": "/kontakt-legekontoret",
    "e-konsultasjon": "/e-konsultasjon",
    "forny-resept": "/forny-resept",
}


def endpoint_of(service_id: str) -> str:
    return "messages." + service_id.replace("-", "_")


def attachments_folder() -> Path:
    folder = Path(current_app.instance_path) / "attachments"
    folder.mkdir(exist_ok=True)
    return folder


def _remove_files_on_reset(view) -> None:
    """A reset forgets the sandbox's attachments: their files go with their rows."""
    stored = db.session().scalars(select(Attachment.stored_name).where(Attachment.sandbox_id == view.id))
    for stored_name in stored:
        (attachments_folder() / stored_name).unlink(missing_ok=True)


sandbox.before_reset.append(_remove_files_on_reset)


@bp.app_template_filter("file_size")
def _file_size(size: int) -> str:
    return uploads.format_size(size)


@bp.app_template_filter("attachment_label")
def _attachment_label(content_type: str) -> str:
    return uploads.LABELS.get(content_type, content_type)


# ---------------------------------------------------------------- form tokens


def _token_from(value: str | None) -> str:
    """The form's token if it looks like one of ours, else a fresh one."""
    if value and 20 <= len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value):
        return value
    return secrets.token_urlsafe(24)


# ---------------------------------------------------------------- uploads

_REFUSALS = {
    uploads.Reason.EMPTY: lambda r: _("«%(name)s» er tom og ble ikke lagt ved.", name=r.name),
    uploads.Reason.WRONG_TYPE: lambda r: _("«%(name)s» er ikke en JPG-, PNG- eller PDF-fil og ble ikke lagt ved.", name=r.name),
    uploads.Reason.TOO_MANY: lambda r: _("Du kan legge ved inntil 3 filer. «%(name)s» ble ikke lagt ved.", name=r.name),
    uploads.Reason.TOO_LARGE: lambda r: _(
        "Filene kan være på til sammen 20MB. «%(name)s» (%(size)s) ble ikke lagt ved.", name=r.name, size=uploads.format_size(r.size)
    ),
}


def _take_uploads(view, form_token: str, attached: list[Attachment]) -> tuple[list[Attachment], str | None, bool]:
    """Store the files of this request that pass the rules.

    Returns the new attachments, the error text for what was refused, and
    whether anything was refused for its size (the answer is then a 413).
    """
    files = [f for f in request.files.getlist("vedlegg") if f.filename]
    if not files:
        return [], None, False
    incoming = []
    for file in files:
        head = file.stream.read(uploads.SNIFF_BYTES)
        file.stream.seek(0)
        incoming.append(uploads.Incoming(uploads.display_name(file.filename), uploads.received_size(file.stream), head))
    verdict = uploads.check([a.size for a in attached], incoming)
    added = []
    for index, kind in verdict.accepted:
        stored_name = secrets.token_hex(16)
        files[index].save(attachments_folder() / stored_name)
        attachment = Attachment(
            sandbox_id=view.id,
            form_token=form_token,
            name=incoming[index].name,
            content_type=kind.content_type,
            size=incoming[index].size,
            stored_name=stored_name,
        )
        db.session().add(attachment)
        added.append(attachment)
    db.session().commit()
    error = " ".join(_REFUSALS[r.reason](r) for r in verdict.refused) or None
    too_large = any(r.reason is uploads.Reason.TOO_LARGE for r in verdict.refused)
    return added, error, too_large


def _remove_attachment(view, form_token: str, attachment_id: str) -> None:
    if not attachment_id.isdigit():
        return
    attachment = db.session().scalar(
        select(Attachment).where(
            Attachment.id == int(attachment_id),
            Attachment.sandbox_id == view.id,
            Attachment.form_token == form_token,
            Attachment.message_id.is_(None),
        )
    )
    if attachment:
        (attachments_folder() / attachment.stored_name).unlink(missing_ok=True)
        db.session().delete(attachment)
        db.session().commit()


def _field_errors(problems: dict[str, str], form: MessageForm) -> dict[str, str]:
    texts = {
        ("subject", "missing"): _("Skriv et emne."),
        ("subject", "too_long"): _("Emnet kan ha høyst %(max)s tegn.", max=SUBJECT_MAX),
        ("body", "missing"): _("Skriv en melding."),
        ("body", "too_long"): _(
            "Meldingen kan ha høyst %(max)s tegn. Nå har den %(count)s.", max=MESSAGE_MAX, count=len(form.body)
        ),
    }
    return {name: texts[(name, problem)] for name, problem in problems.items()}


# ---------------------------------------------------------------- sending


def _send(view, form_token: str, thread_key: str | None, service_id: str, form: MessageForm, claim: list[int]) -> str:
    """Store the message and give it the form's attachments; returns its thread's key.

    The form token is unique among messages: if this form was sent already
    (double click, resubmit), nothing new is stored and the same thread is returned.
    """
    session = db.session()
    sent_at = inbox.now(view)
    try:
        if thread_key is None:
            thread = MessageThread(sandbox_id=view.id, service_id=service_id, subject=form.subject, created_at=sent_at)
            session.add(thread)
            session.flush()
            thread_key = thread.key
        message = ThreadMessage(
            sandbox_id=view.id, thread_key=thread_key, sender="patient", body=form.body, sent_at=sent_at, form_token=form_token
        )
        session.add(message)
        session.flush()
        if claim:
            session.execute(
                update(Attachment)
                .where(Attachment.id.in_(claim), Attachment.sandbox_id == view.id, Attachment.message_id.is_(None))
                .values(message_id=message.id)
            )
        session.execute(delete(Draft).where(Draft.sandbox_id == view.id, Draft.form_token == form_token))
        session.commit()
        return thread_key
    except IntegrityError:
        session.rollback()
        # Files uploaded by the duplicate request belong to no message: drop them.
        for attachment in inbox.pending_attachments(view, form_token):
            (attachments_folder() / attachment.stored_name).unlink(missing_ok=True)
            session.delete(attachment)
        session.commit()
        existing = inbox.sent_message(form_token)
        if existing is None or existing.sandbox_id != view.id:
            raise
        return existing.thread_key


def _already_sent(view, form_token: str):
    existing = inbox.sent_message(form_token)
    if existing is not None and existing.sandbox_id == view.id:
        return redirect(url_for("messages.thread", key=existing.thread_key, sendt=1), code=303)
    return None


# ---------------------------------------------------------------- the three forms


def compose(service_id: str):
    view = sandbox.current()
    info = CATALOG[service_id]
    if (blocked := unavailable_response(service_id)) is not None:
        return blocked
    service = view.service(service_id)

    def page(form, form_token, errors=None, status=200, confirm_cancel=False):
        return render(
            "messages/compose.html",
            block="compose",
            status=status,
            info=info,
            service=service,
            message_visible=rules.service_message_visible(service),
            form=form,
            form_token=form_token,
            attachments=inbox.pending_attachments(view, form_token),
            errors=errors or {},
            confirm_cancel=confirm_cancel,
            subject_max=SUBJECT_MAX,
            message_max=MESSAGE_MAX,
        )

    if request.method == "GET":
        draft = None
        if token := request.args.get("utkast"):
            draft = db.session().scalar(select(Draft).where(Draft.sandbox_id == view.id, Draft.form_token == token))
        if draft:
            return page(MessageForm(draft.subject, draft.body), draft.form_token)
        return page(MessageForm(), _token_from(None))

    form_token = _token_from(request.form.get("form_token"))
    if done := _already_sent(view, form_token):
        return done
    form = MessageForm.from_fields(request.form.get("subject"), request.form.get("body"))
    action = request.form.get("action", "send")
    attached = inbox.pending_attachments(view, form_token)

    if remove := request.form.get("remove"):
        _remove_attachment(view, form_token, remove)
        return page(form, form_token)
    if action == "discard":
        _discard(view, form_token)
        return redirect(url_for("home.index"), code=303)
    if action == "cancel":
        if form.typed or attached:
            return page(form, form_token, confirm_cancel=True)
        return redirect(url_for("home.index"), code=303)
    if action == "edit":
        return page(form, form_token)

    added, upload_error, too_large = _take_uploads(view, form_token, attached)
    errors = {"vedlegg": upload_error} if upload_error else {}
    status = 413 if too_large else 422
    if action == "upload":
        if not added and not upload_error:
            errors = {"vedlegg": _("Velg en fil du vil laste opp.")}
        return page(form, form_token, errors, status if errors else 200)
    if action == "save":
        if errors:
            return page(form, form_token, errors, status)
        _save_draft(view, form_token, service_id, form)
        return redirect(url_for("messages.inbox_page", lagret=1), code=303)

    # Send
    errors = _field_errors(validate(form), form) | errors
    if errors:
        return page(form, form_token, _in_page_order(errors), status)
    key = _send(view, form_token, None, service_id, form, [a.id for a in attached + added])
    return redirect(url_for("messages.thread", key=key, sendt=1), code=303)


def _in_page_order(errors: dict[str, str]) -> dict[str, str]:
    order = ("subject", "body", "vedlegg")
    return {name: errors[name] for name in order if name in errors}


for _service_id, _path in FORM_PATHS.items():
    bp.add_url_rule(
        _path,
        endpoint=endpoint_of(_service_id).split(".", 1)[1],
        view_func=compose,
        methods=["GET", "POST"],
        defaults={"service_id": _service_id},
    )


def _save_draft(view, form_token: str, service_id: str, form: MessageForm) -> None:
    session = db.session()
    draft = session.scalar(select(Draft).where(Draft.sandbox_id == view.id, Draft.form_token == form_token))
    if draft is None:
        draft = Draft(sandbox_id=view.id, form_token=form_token, service_id=service_id)
        session.add(draft)
    draft.subject, draft.body, draft.saved_at = form.subject, form.body, inbox.now(view)
    session.commit()


def _discard(view, form_token: str) -> None:
    """Leave the form: files uploaded to a new form go; a saved draft stays as saved."""
    session = db.session()
    if session.scalar(select(Draft.id).where(Draft.sandbox_id == view.id, Draft.form_token == form_token)):
        return
    for attachment in inbox.pending_attachments(view, form_token):
        (attachments_folder() / attachment.stored_name).unlink(missing_ok=True)
        session.delete(attachment)
    session.commit()


# ---------------------------------------------------------------- inbox


@bp.get("/innboks")
def inbox_page():
    view = sandbox.current()
    return render(
        "messages/inbox.html",
        threads=inbox.threads(view),
        drafts=inbox.drafts(view),
        draft_saved=bool(request.args.get("lagret")),
        form_endpoints={sid: endpoint_of(sid) for sid in MESSAGE_SERVICE_IDS},
        offered=[s for s in view.services if s.id in MESSAGE_SERVICE_IDS and s.on],
    )


@bp.post("/innboks/utkast/<token>/slett")
def delete_draft(token: str):
    view = sandbox.current()
    session = db.session()
    draft = session.scalar(select(Draft).where(Draft.sandbox_id == view.id, Draft.form_token == token))
    if draft:
        for attachment in inbox.pending_attachments(view, token):
            (attachments_folder() / attachment.stored_name).unlink(missing_ok=True)
            session.delete(attachment)
        session.delete(draft)
        session.commit()
    return redirect(url_for("messages.inbox_page"), code=303)


@bp.route("/innboks/<key>", methods=["GET", "POST"])
def thread(key: str):
    view = sandbox.current()
    found = inbox.thread(view, key)
    if found is None:
        abort(404)

    def page(form, form_token, errors=None, status=200):
        return render(
            "messages/thread.html",
            block="reply",
            status=status,
            thread=found,
            info=CATALOG[found.service_id],
            form=form,
            form_token=form_token,
            attachments=inbox.pending_attachments(view, form_token),
            errors=errors or {},
            just_sent=bool(request.args.get("sendt")),
            message_max=MESSAGE_MAX,
        )

    if request.method == "GET":
        if not found.read and not view.read_only:  # a demo room's participant only looks
            inbox.set_state(view, key, read=True)
            db.session().commit()
        return page(MessageForm(), _token_from(None))

    if found.closed:
        abort(403)
    form_token = _token_from(request.form.get("form_token"))
    if done := _already_sent(view, form_token):
        return done
    form = MessageForm.from_fields(found.subject, request.form.get("body"))
    attached = inbox.pending_attachments(view, form_token)
    if remove := request.form.get("remove"):
        _remove_attachment(view, form_token, remove)
        return page(form, form_token)
    added, upload_error, too_large = _take_uploads(view, form_token, attached)
    errors = {"vedlegg": upload_error} if upload_error else {}
    status = 413 if too_large else 422
    if request.form.get("action") == "upload":
        if not added and not upload_error:
            errors = {"vedlegg": _("Velg en fil du vil laste opp.")}
        return page(form, form_token, errors, status if errors else 200)
    errors = _field_errors(validate(form, with_subject=False), form) | errors
    if errors:
        return page(form, form_token, _in_page_order(errors), status)
    _send(view, form_token, key, found.service_id, form, [a.id for a in attached + added])
    return redirect(url_for("messages.thread", key=key, sendt=1), code=303)


@bp.get("/vedlegg/<int:attachment_id>")
def download(attachment_id: int):
    view = sandbox.current()
    attachment = db.session().scalar(
        select(Attachment).where(Attachment.id == attachment_id, Attachment.sandbox_id == view.id)
    )
    if attachment is None:
        abort(404)
    response = send_file(
        attachments_folder() / attachment.stored_name,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.name,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- control plane


@bp.route("/_sim/meldinger", methods=["GET", "POST"])
def office_reply():
    """The trainer answers a thread as the office, so an answer can arrive during a demo."""
    view = sandbox.current()
    threads = inbox.threads(view)
    errors: dict[str, str] = {}
    chosen, body, close = request.args.get("trad", ""), "", False
    if request.method == "POST":
        chosen = request.form.get("thread", "")
        body = MessageForm.from_fields("", request.form.get("body")).body
        close = request.form.get("close") == "13"
        target = next((t for t in threads if t.key == chosen), None)
        if target is None:
            errors["thread"] = _("Velg en tråd.")
        if not body.strip():
            errors["body"] = _("Skriv svaret fra legekontoret.")
        elif len(body) > MESSAGE_MAX:
            errors["body"] = _("Svaret kan ha høyst %(max)s tegn.", max=MESSAGE_MAX)
        if not errors:
            db.session().add(ThreadMessage(sandbox_id=view.id, thread_key=target.key, sender="office", body=body, sent_at=inbox.now(view)))
            changes = {"read": False}
            if close:
                changes["closed_code"] = inbox.CLOSED_BY_PRACTITIONER
            inbox.set_state(view, target.key, **changes)
            db.session().commit()
            return redirect(url_for("messages.office_reply", svart=target.key), code=303)
    return render(
        "messages/office_reply.html",
        status=422 if errors else 200,
        threads=threads,
        chosen=chosen,
        body=body,
        close=close,
        errors=errors,
        answered=next((t for t in threads if t.key == request.args.get("svart")), None),
    )


@state_section("inbox")
def _state(view) -> dict:
    def files(attachments):
        return [{"id": a.id, "name": a.name, "content_type": a.content_type, "size": a.size} for a in attachments]

    return {
        "unread": inbox.unread_count(view),
        "threads": [
            {
                "id": t.key,
                "service": t.service_id,
                "subject": t.subject,
                "read": t.read,
                "closed_code": t.closed_code,
                "seeded": t.seeded,
                "messages": [
                    {"from": m.sender, "text": m.body, "sent_at": m.sent_at.isoformat(), "attachments": files(m.attachments)}
                    for m in t.messages
                ],
            }
            for t in inbox.threads(view)
        ],
        "drafts": [
            {
                "service": d.service_id,
                "subject": d.subject,
                "text": d.body,
                "saved_at": d.saved_at.isoformat(),
                "attachments": files(inbox.pending_attachments(view, d.form_token)),
            }
            for d in inbox.drafts(view)
        ],
    }
