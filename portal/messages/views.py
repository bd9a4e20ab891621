"""The message pages: the three forms, the inbox, a thread, downloads, and the trainer's office reply."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import abort, redirect, request, send_file, url_for
from flask_babel import gettext as _

from .. import db, rules, sandbox
from ..catalog import CATALOG
from ..scenarios import MESSAGE_MAX, MESSAGE_SERVICE_IDS, SUBJECT_MAX
from ..services.absence import unavailable_response
from ..sim import state_section
from ..web import render
from . import bp, filestore, inbox, store, uploads
from .forms import MessageForm, validate
from .models import Attachment

# Where each message service's form lives; its endpoint is the catalogue's.
FORM_PATHS = {
    "kontakt-legekontoret": "/kontakt-legekontoret",
    "e-konsultasjon": "/e-konsultasjon",
    "forny-resept": "/forny-resept",
}


@bp.app_template_filter("file_size")
def _file_size(size: int) -> str:
    return uploads.format_size(size)


@bp.app_template_filter("attachment_label")
def _attachment_label(content_type: str) -> str:
    return uploads.LABELS.get(content_type, content_type)


# ---------------------------------------------------------------- shared by the forms


def _token_from(value: str | None) -> str:
    """The form's token if it looks like one of ours, else a fresh one."""
    if value and 20 <= len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value):
        return value
    return secrets.token_urlsafe(24)


def _to_thread(key: str):
    """After sending: the thread, with the receipt."""
    return redirect(url_for("messages.thread", key=key, sendt=1), code=303)


_REFUSALS = {
    uploads.Reason.EMPTY: lambda r: _("«%(name)s» er tom og ble ikke lagt ved.", name=r.name),
    uploads.Reason.WRONG_TYPE: lambda r: _("«%(name)s» er ikke en JPG-, PNG- eller PDF-fil og ble ikke lagt ved.", name=r.name),
    uploads.Reason.TOO_MANY: lambda r: _("Du kan legge ved inntil 3 filer. «%(name)s» ble ikke lagt ved.", name=r.name),
    uploads.Reason.TOO_LARGE: lambda r: _(
        "Filene kan være på til sammen 20MB. «%(name)s» (%(size)s) ble ikke lagt ved.", name=r.name, size=uploads.format_size(r.size)
    ),
}


@dataclass
class _FileChanges:
    errors: dict[str, str]  # {"vedlegg": text} if a file was refused
    status: int  # to answer errors with: 413 if a file was too large, else 422
    answered: bool  # the request only removed or uploaded files: show the form again


def _change_attachments(view, form_token: str, action: str | None) -> _FileChanges:
    """Remove the file the user asked to remove, or keep the uploaded files that pass the rules."""
    if remove := request.form.get("remove"):
        store.remove_attachment(view, form_token, remove)
        return _FileChanges({}, 200, answered=True)
    added, refused = store.store_uploads(view, form_token, request.files.getlist("vedlegg"))
    errors = {"vedlegg": " ".join(_REFUSALS[r.reason](r) for r in refused)} if refused else {}
    status = 413 if any(r.reason is uploads.Reason.TOO_LARGE for r in refused) else 422
    if action == "upload":
        if not added and not refused:
            errors = {"vedlegg": _("Velg en fil du vil laste opp.")}
        return _FileChanges(errors, status if errors else 200, answered=True)
    return _FileChanges(errors, status, answered=False)


def _field_errors(form: MessageForm, with_subject: bool = True) -> dict[str, str]:
    texts = {
        ("subject", "missing"): _("Skriv et emne."),
        ("subject", "too_long"): _("Emnet kan ha høyst %(max)s tegn.", max=SUBJECT_MAX),
        ("body", "missing"): _("Skriv en melding."),
        ("body", "too_long"): _(
            "Meldingen kan ha høyst %(max)s tegn. Nå har den %(count)s.", max=MESSAGE_MAX, count=len(form.body)
        ),
    }
    return {name: texts[(name, problem)] for name, problem in validate(form, with_subject).items()}


def _in_page_order(errors: dict[str, str]) -> dict[str, str]:
    order = ("subject", "body", "vedlegg")
    return {name: errors[name] for name in order if name in errors}


# ---------------------------------------------------------------- the three forms


def _compose_page(
    view, service_id: str, form: MessageForm, form_token: str, errors=None, status=200, confirm_cancel=False, focus_files=False
):
    service = view.service(service_id)
    return render(
        "messages/compose.html",
        block="compose",
        status=status,
        info=CATALOG[service_id],
        service=service,
        message_visible=rules.service_message_visible(service),
        form=form,
        form_token=form_token,
        attachments=inbox.pending_attachments(view, form_token),
        errors=errors or {},
        confirm_cancel=confirm_cancel,
        focus_files=focus_files,
        subject_max=SUBJECT_MAX,
        message_max=MESSAGE_MAX,
    )


def compose(service_id: str):
    view = sandbox.current()
    if (blocked := unavailable_response(service_id)) is not None:
        return blocked
    if request.method == "GET":
        if draft := store.find_draft(view, request.args.get("utkast"), service_id):
            return _compose_page(view, service_id, MessageForm(draft.subject, draft.body), draft.form_token)
        return _compose_page(view, service_id, MessageForm(), _token_from(None))

    form_token = _token_from(request.form.get("form_token"))
    if (sent_to := store.already_sent(view, form_token)) is not None:
        return _to_thread(sent_to)
    form = MessageForm.from_fields(request.form.get("subject"), request.form.get("body"))
    action = request.form.get("action", "send")

    def page(errors=None, status=200, **flags):
        return _compose_page(view, service_id, form, form_token, errors, status, **flags)

    if action == "discard":
        store.discard(view, form_token)
        return redirect(url_for("home.index"), code=303)
    if action == "cancel":
        if form.typed or inbox.pending_attachments(view, form_token):
            return page(confirm_cancel=True)
        return redirect(url_for("home.index"), code=303)
    if action == "edit":
        return page()

    files = _change_attachments(view, form_token, action)
    if files.answered:
        return page(files.errors, files.status, focus_files=True)
    if action == "save":
        if files.errors:
            return page(files.errors, files.status)
        store.save_draft(view, form_token, service_id, form)
        return redirect(url_for("messages.inbox_page", lagret=1), code=303)
    if errors := _field_errors(form) | files.errors:
        return page(_in_page_order(errors), files.status)
    return _to_thread(store.send(view, form_token, None, service_id, form))


for _service_id, _path in FORM_PATHS.items():
    bp.add_url_rule(
        _path,
        endpoint=CATALOG[_service_id].endpoint.split(".", 1)[1],
        view_func=compose,
        methods=["GET", "POST"],
        defaults={"service_id": _service_id},
    )


# ---------------------------------------------------------------- inbox


@bp.get("/innboks")
def inbox_page():
    view = sandbox.current()
    return render(
        "messages/inbox.html",
        threads=inbox.threads(view),
        drafts=inbox.drafts(view),
        draft_saved=bool(request.args.get("lagret")),
        offered=[s for s in view.services if s.id in MESSAGE_SERVICE_IDS and s.on],
    )


@bp.post("/innboks/utkast/<token>/slett")
def delete_draft(token: str):
    store.delete_draft(sandbox.current(), token)
    return redirect(url_for("messages.inbox_page"), code=303)


def _thread_page(view, found: inbox.ThreadView, form: MessageForm, form_token: str, errors=None, status=200, focus_files=False):
    service = view.service(found.service_id)
    return render(
        "messages/thread.html",
        block="reply",
        status=status,
        thread=found,
        info=CATALOG[found.service_id],
        service=service,
        no_reply=found.why_no_reply(service),
        focus_files=focus_files,
        form=form,
        form_token=form_token,
        attachments=inbox.pending_attachments(view, form_token),
        errors=errors or {},
        just_sent=bool(request.args.get("sendt")),
        message_max=MESSAGE_MAX,
    )


@bp.route("/innboks/<key>", methods=["GET", "POST"])
def thread(key: str):
    view = sandbox.current()
    found = inbox.thread(view, key)
    if found is None:
        abort(404)
    if request.method == "GET":
        # Opening marks it read, but not for a participant following a demo: that is the trainer's inbox.
        if not found.read and not view.read_only:
            inbox.set_state(view, key, read=True)
            db.session().commit()
        return _thread_page(view, found, MessageForm(), _token_from(None))

    if found.why_no_reply(view.service(found.service_id)):
        # Closed, switched off or absent while the user was writing: the page says why, nothing is stored.
        return _thread_page(view, found, MessageForm(), _token_from(None), status=409)
    form_token = _token_from(request.form.get("form_token"))
    if (sent_to := store.already_sent(view, form_token)) is not None:
        return _to_thread(sent_to)
    form = MessageForm.from_fields(found.subject, request.form.get("body"))
    files = _change_attachments(view, form_token, request.form.get("action"))
    if files.answered:
        return _thread_page(view, found, form, form_token, files.errors, files.status, focus_files=True)
    if errors := _field_errors(form, with_subject=False) | files.errors:
        return _thread_page(view, found, form, form_token, _in_page_order(errors), files.status)
    return _to_thread(store.send(view, form_token, key, found.service_id, form))


@bp.get("/vedlegg/<id:attachment_id>")
def download(attachment_id: int):
    """A file as a download, only to the sandbox that owns it, as the type its content showed."""
    view = sandbox.current()
    attachment = db.session().get(Attachment, attachment_id)
    if attachment is None or attachment.sandbox_id != view.id:
        abort(404)
    content = filestore.open(attachment.stored_name)
    if content is None:
        abort(404)
    response = send_file(
        content,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.name,
        max_age=0,
    )
    response.content_length = attachment.size
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
            store.add_office_reply(view, target.key, body, close)
            return redirect(url_for("messages.office_reply", svart=target.key), code=303)
    return render(
        "messages/office_reply.html",
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

    threads = inbox.threads(view)
    drafts = inbox.drafts(view)
    draft_files = inbox.pending_attachments_of(view, [d.form_token for d in drafts])
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
            for t in threads
        ],
        "drafts": [
            {
                "service": d.service_id,
                "subject": d.subject,
                "text": d.body,
                "saved_at": d.saved_at.isoformat(),
                "attachments": files(draft_files.get(d.form_token, [])),
            }
            for d in drafts
        ],
    }
