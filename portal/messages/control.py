"""The messages on the control plane: the trainer answers a thread as the
office (/_sim/meldinger, and the JSON API through ``answer_thread``); the
inbox section of /_sim/state."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for

from .. import sandbox
from ..control import state_section
from ..forms import validate
from ..i18n import _
from ..web import receipt, render
from . import inbox, store
from .forms import OfficeReplyForm

bp = Blueprint("messages", __name__, url_prefix="/meldinger")

# A thread started in the sandbox is gone after a reset.
sandbox.made_here["messages.thread"] = lambda view, args: inbox.thread(view, args["key"]) is not None


def answer_thread(view: sandbox.SandboxView, form: OfficeReplyForm) -> tuple[inbox.ThreadView | None, dict[str, str]]:
    """The office's reply ``form`` stored in the thread it names: that thread
    (as it was before), or the form's errors (nothing stored)."""
    threads = {thread.key: thread for thread in inbox.threads(view)}
    form.thread.choices = list(threads)
    if errors := validate(form):
        return None, errors
    target = threads[form.thread.data]
    store.add_office_reply(view, target.key, form.body.data, close=form.close.data)
    return target, {}


@bp.route("", methods=["GET", "POST"])
def office_reply():
    """The trainer answers a thread as the office, so an answer can arrive during a demo."""
    view = sandbox.current()
    if request.method == "GET":
        form = OfficeReplyForm(thread=request.args.get("trad", ""))  # ?trad=<key>: that thread chosen
        return render("messages/office_reply.html", threads=inbox.threads(view), form=form, errors={})
    form = OfficeReplyForm(request.form)
    target, errors = answer_thread(view, form)
    if errors:
        return render("messages/office_reply.html", threads=inbox.threads(view), form=form, errors=errors)
    receipt(
        _("Svaret er lagt i innboksen: «%(subject)s».", subject=target.subject),
        link=(_("Se pasientens innboks"), url_for("messages.inbox_page")),
    )
    return redirect(url_for(".office_reply"), code=303)


def _files(attachments) -> list[dict]:
    return [{"id": a.id, "name": a.name, "content_type": a.content_type, "size": a.size} for a in attachments]


def thread_json(t: inbox.ThreadView) -> dict:
    """A thread as /_sim/state and the API show it."""
    return {
        "id": t.key,
        "service": t.service_id,
        "subject": t.subject,
        "read": t.read,
        "closed_code": t.closed_code,
        "seeded": t.seeded,
        "messages": [
            {
                "from": m.sender,
                "text": m.body,
                "sent_at": m.sent_at.isoformat(),
                "attachments": _files(m.attachments),
                "prescriptions": m.prescriptions,
            }
            for m in t.messages
        ],
    }


def _ticked(view: sandbox.SandboxView, ticks: list[str] | None) -> list[dict]:
    """A draft's ticks as the prescriptions they stand for."""
    prescriptions = view.scenario.prescriptions
    return [
        {"name": p.name, "strength": str(p.strength)}
        for tick in ticks or []
        if tick.isdigit() and 1 <= int(tick) <= len(prescriptions) and (p := prescriptions[int(tick) - 1])
    ]


@state_section("inbox")
def inbox_state(view: sandbox.SandboxView) -> dict:
    """The threads and drafts (docs/state.md)."""
    drafts = inbox.drafts(view)
    draft_files = inbox.pending_attachments_of(view, [d.form_token for d in drafts])
    made = inbox.generated(view)
    return {
        "unread": inbox.unread_count(view),
        "generated": made.count if made else 0,
        "threads": [thread_json(t) for t in inbox.threads(view)],
        "drafts": [
            {
                "service": d.service_id,
                "subject": d.subject,
                "text": d.body,
                "saved_at": d.saved_at.isoformat(),
                "attachments": _files(draft_files.get(d.form_token, [])),
                "prescriptions": _ticked(view, d.prescriptions),
            }
            for d in drafts
        ],
    }
