"""The patient's message pages: the message forms, the inbox, a thread, downloads."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from babel.lists import format_list
from flask import Blueprint, Response, abort, current_app, redirect, request, send_file, url_for
from flask_babel import get_locale

from .. import db, rules, sandbox
from ..forms import validate
from ..i18n import _
from ..scenarios import SUBJECT_MAX, Prescription
from ..services.catalog import current_catalog
from ..services.views import unavailable_response
from ..web import receipt, render
from . import filestore, inbox, store, uploads
from .forms import MessageForm, RenewalForm, ReplyForm
from .models import Attachment

bp = Blueprint("messages", __name__)
bp.add_app_template_global(uploads, "uploads")  # the attachment limits, for the field's hint


@bp.app_template_filter("file_size")
def _file_size(size: int) -> str:
    return uploads.format_size(size, get_locale())


@bp.app_template_filter("attachment_label")
def _attachment_label(content_type: str) -> str:
    return uploads.LABELS.get(content_type, content_type)


# ---------------------------------------------------------------- shared by the forms


def _token_from(value: str | None) -> str:
    """The form's token if it looks like one of ours, else a fresh one."""
    return value if store.is_form_token(value) else secrets.token_urlsafe(24)


def _to_thread(view, key: str):
    """After sending (or sending the same form again): the thread, with the receipt."""
    receipt(_("Meldingen er sendt til %(office)s.", office=view.office.name), _("Du får svar her i innboksen."))
    return redirect(url_for("messages.thread", key=key), code=303)


_REFUSALS = {
    uploads.Reason.EMPTY: lambda r: _("«%(name)s» er tom og ble ikke lagt ved.", name=r.name),
    uploads.Reason.WRONG_TYPE: lambda r: _("«%(name)s» er ikke en JPG-, PNG- eller PDF-fil og ble ikke lagt ved.", name=r.name),
    uploads.Reason.TOO_MANY: lambda r: _("Du kan legge ved inntil %(files)s filer. «%(name)s» ble ikke lagt ved.", files=uploads.MAX_FILES, name=r.name),
    uploads.Reason.TOO_LARGE: lambda r: _(
        "Filene kan være på til sammen %(total)s. «%(name)s» (%(size)s) ble ikke lagt ved.",
        total=uploads.MAX_TOTAL_TEXT,
        name=r.name,
        size=uploads.format_size(r.size, get_locale()),
    ),
    uploads.Reason.NO_ROOM: lambda r: _(
        "Det er ikke plass til flere vedlegg: alle meldingene og utkastene dine kan ha vedlegg på til sammen %(quota)s. «%(name)s» ble ikke lagt ved.",
        quota=uploads.format_limit(current_app.config["ATTACHMENT_QUOTA"], get_locale()),
        name=r.name,
    ),
}
# Refused for their size: the answer is 413, as for a body too large.
_TOO_LARGE = {uploads.Reason.TOO_LARGE, uploads.Reason.NO_ROOM}


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
    status = 413 if any(r.reason in _TOO_LARGE for r in refused) else 422
    if action == "upload":
        if not added and not refused:
            errors = {"vedlegg": _("Velg en fil du vil laste opp.")}
        return _FileChanges(errors, status if errors else 200, answered=True)
    return _FileChanges(errors, status, answered=False)


# ---------------------------------------------------------------- the message forms


@dataclass
class _Writing:
    """One filling-in of a message form: whose, for which service, what it holds.

    Forny resept lists the patient's prescriptions where the scenario has
    any (``prescriptions``): the patient ticks those to renew, and may add a
    message (``RenewalForm``); the other forms have Emne and Din melding.
    """

    view: sandbox.SandboxView
    service_id: str
    form: MessageForm | RenewalForm
    token: str
    prescriptions: list[Prescription] = field(default_factory=list)

    @classmethod
    def of(cls, view, service_id: str, token: str, formdata=None, data=None) -> _Writing:
        prescriptions = view.scenario.prescriptions if current_catalog()[service_id].from_prescriptions else []
        form = (RenewalForm if prescriptions else MessageForm)(formdata, data=data)
        if prescriptions:
            form.prescriptions.choices = [str(number) for number in range(1, len(prescriptions) + 1)]
        return cls(view, service_id, form, token, prescriptions)

    @property
    def ticked(self) -> list[str]:
        """The form's values of the prescriptions ticked ("1", "3"), valid ones only, in the scenario's order."""
        if not self.prescriptions:
            return []
        return [choice for choice in self.form.prescriptions.choices if choice in self.form.prescriptions.data]

    @property
    def chosen(self) -> list[Prescription]:
        return [self.prescriptions[int(choice) - 1] for choice in self.ticked]

    @property
    def subject(self) -> str:
        """Emne as typed, or for a renewal the medicines it asks for: «Fornyelse av Levaxin og Ventoline»."""
        if not self.prescriptions:
            return self.form.subject.data
        if not (names := [p.name for p in self.chosen]):
            return str(current_catalog()[self.service_id].button)
        subject = _("Fornyelse av %(names)s", names=format_list(names, locale=get_locale()))
        return subject if len(subject) <= SUBJECT_MAX else subject[: SUBJECT_MAX - 1] + "…"

    def page(self, errors=None, status=200, confirm_cancel=False, focus_files=False) -> Response:
        service = self.view.service(self.service_id)
        return render(
            "messages/compose.html",
            block="compose",
            status=status,
            info=current_catalog()[self.service_id],
            service=service,
            message_visible=rules.service_message_visible(service),
            form=self.form,
            prescriptions=self.prescriptions,
            form_token=self.token,
            attachments=inbox.pending_attachments(self.view, self.token),
            errors=errors or {},
            confirm_cancel=confirm_cancel,
            focus_files=focus_files,
        )


def compose(service_id: str):
    """A message service's form: GET shows it (a draft with ``?utkast=``), POST
    does what the pressed button (``action``) asks."""
    view = sandbox.current()
    if (blocked := unavailable_response(service_id)) is not None:
        return blocked
    if request.method == "GET":
        if draft := store.find_draft(view, request.args.get("utkast"), service_id):
            kept = {"subject": draft.subject, "body": draft.body, "prescriptions": draft.prescriptions or []}
            return _Writing.of(view, service_id, draft.form_token, data=kept).page()
        return _Writing.of(view, service_id, _token_from(None)).page()

    token = _token_from(request.form.get("form_token"))
    if (sent_to := store.already_sent(view, token)) is not None:
        return _to_thread(view, sent_to)
    writing = _Writing.of(view, service_id, token, request.form)
    action = request.form.get("action", "send")
    return _LEAVING.get(action, _attach_save_or_send)(writing, action)


def _discard(writing: _Writing, _action) -> Response:
    """«Ja, avbryt»: what was uploaded to a new form goes; a saved draft stays."""
    store.discard(writing.view, writing.token)
    return redirect(url_for("home.index"), code=303)


def _cancel(writing: _Writing, _action) -> Response:
    """«Avbryt»: ask first if anything was written, ticked or attached."""
    if writing.form.typed or inbox.pending_attachments(writing.view, writing.token):
        return writing.page(confirm_cancel=True)
    return redirect(url_for("home.index"), code=303)


def _keep_writing(writing: _Writing, _action) -> Response:
    """«Nei, fortsett å skrive»."""
    return writing.page()


_LEAVING = {"discard": _discard, "cancel": _cancel, "edit": _keep_writing}


def _attach_save_or_send(writing: _Writing, action: str) -> Response:
    """«Last opp» and «Fjern» change the files; «Fortsett senere» keeps a
    draft; «Send» (or Enter in a field) sends. Files uploaded with any of them are kept."""
    files = _change_attachments(writing.view, writing.token, action)
    if files.answered:
        return writing.page(files.errors, files.status, focus_files=True)
    form = writing.form
    if action == "save":
        if errors := validate(form, unfinished=True) | files.errors:
            return writing.page(errors, files.status)
        store.save_draft(writing.view, writing.token, writing.service_id, writing.subject, form.body.data, prescriptions=writing.ticked or None)
        receipt(_("Utkastet er lagret."), _("Du finner det under Utkast og kan fortsette når du vil."))
        return redirect(url_for("messages.inbox_page"), code=303)
    if errors := validate(form) | files.errors:
        return writing.page(errors, files.status)
    chosen = [{"name": p.name, "strength": str(p.strength)} for p in writing.chosen] or None  # as the patient read them
    return _to_thread(
        writing.view, store.send(writing.view, writing.token, writing.service_id, form.body.data, subject=writing.subject, prescriptions=chosen)
    )


@bp.record
def _message_forms(state) -> None:
    """Each message service's form at its own address (the app's catalogue
    says which): ``url_for("messages.compose", service_id=…)``."""
    for service in state.app.config["GP_SERVICES"]:
        if service.lands_in_inbox:
            state.add_url_rule(service.form_path, "compose", compose, methods=["GET", "POST"], defaults={"service_id": service.id})


# ---------------------------------------------------------------- inbox


@bp.get("/innboks")
def inbox_page():
    view = sandbox.current()
    number = request.args.get("side", "1")
    return render(
        "messages/inbox.html",
        page=inbox.page(view, int(number) if number.isdigit() else 1),
        drafts=inbox.drafts(view),
        offered=[s for s in view.services if s.on and current_catalog()[s.id].lands_in_inbox],
    )


@bp.post("/innboks/utkast/<token>/slett")
def delete_draft(token: str):
    store.delete_draft(sandbox.current(), token)
    return redirect(url_for("messages.inbox_page"), code=303)


def _thread_page(view, found: inbox.ThreadView, form: ReplyForm, form_token: str, errors=None, status=200, focus_files=False):
    service = view.service(found.service_id)
    return render(
        "messages/thread.html",
        block="reply",
        status=status,
        thread=found,
        info=current_catalog()[found.service_id],
        service=service,
        no_reply=found.why_no_reply(service),
        focus_files=focus_files,
        form=form,
        form_token=form_token,
        attachments=inbox.pending_attachments(view, form_token),
        errors=errors or {},
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
            store.mark_read(view, key)
        return _thread_page(view, found, ReplyForm(), _token_from(None))

    if found.why_no_reply(view.service(found.service_id)):
        # Closed, switched off or absent while the user was writing: the page says why, nothing is stored.
        return _thread_page(view, found, ReplyForm(), _token_from(None), status=409)
    form_token = _token_from(request.form.get("form_token"))
    if (sent_to := store.already_sent(view, form_token)) is not None:
        return _to_thread(view, sent_to)
    form = ReplyForm(request.form)
    files = _change_attachments(view, form_token, request.form.get("action"))
    if files.answered:
        return _thread_page(view, found, form, form_token, files.errors, files.status, focus_files=True)
    if errors := validate(form) | files.errors:
        return _thread_page(view, found, form, form_token, errors, files.status)
    return _to_thread(view, store.send(view, form_token, found.service_id, form.body.data, thread_key=key))


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
        download_name=uploads.display_name(attachment.name),  # cleaned again: rows stored before names were
        max_age=0,
    )
    response.content_length = attachment.size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
