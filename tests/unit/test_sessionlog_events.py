"""What the session log records, without Flask: kinds of request, forms without their values, participants."""

import datetime as dt
import io
import json

import pytest
from werkzeug.datastructures import FileStorage

from portal.sessionlog import events


@pytest.mark.parametrize(
    "method, status, source, kind",
    [
        ("GET", 200, None, "page"),
        ("GET", 303, None, "page"),
        ("POST", 303, None, "form"),
        ("POST", 422, None, "error"),
        ("POST", 413, None, "error"),
        ("GET", 404, None, "error"),
        ("GET", 200, "button#next-month", "click"),
        ("GET", 200, "a", "click"),
        ("POST", 200, "form#message", "form"),
        ("GET", 200, "div#inbox", None),  # polling
        ("HEAD", 200, None, None),
    ],
)
def test_kind_of_a_request(method, status, source, kind):
    assert events.kind_of(method, status, source) == kind


def test_a_form_is_logged_without_what_was_written():
    upload = FileStorage(io.BytesIO(b"x" * 2048), filename="blodprove.pdf", name="vedlegg")
    detail = events.form_detail(
        {"csrf_token": "t0k3n", "next": "/", "action": "send", "emne": "Resept", "melding": "Hei, jeg trenger …"},
        [("vedlegg", upload), ("vedlegg", FileStorage(io.BytesIO(b""), filename=""))],
    )
    assert detail == {
        "button": "send",
        "fields": {"emne": 6, "melding": 18},
        "files": [{"field": "vedlegg", "name": "blodprove.pdf", "size": 2048}],
    }
    assert "Resept" not in json.dumps(detail)


def test_whatever_a_form_sends_the_log_keeps_a_bounded_detail():
    form = {"action": "b" * 5000, **{f"felt{n:03d}" + "x" * 5000: "verdi" for n in range(120)}}
    files = [("vedlegg" * 100, FileStorage(io.BytesIO(b"%PDF-"), filename=f"{n}" + "n" * 5000 + ".pdf")) for n in range(14)]
    detail = events.form_detail(form, files)
    assert detail["button"] == "b" * 200
    assert len(detail["fields"]) == 50 and detail["more_fields"] == 70
    assert all(len(name) == 200 and length == 5 for name, length in detail["fields"].items())
    assert len(detail["files"]) == 10 and detail["more_files"] == 4
    assert all(len(f["name"]) == 200 and len(f["field"]) == 200 and f["size"] == 5 for f in detail["files"])
    assert len(json.dumps(detail)) < 25_000


def test_field_names_with_errors_are_capped_too():
    assert events.names(["emne", "x" * 300]) == ["emne", "x" * 200]
    assert len(events.names(f"felt{n}" for n in range(80))) == 50


def test_participants_group_by_sandbox_and_run_in_time_order():
    t0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)

    def event(id, sandbox, run, seconds, kind="page"):
        return events.Event(id, sandbox, run, t0 + dt.timedelta(seconds=seconds), kind, "GET", "/", 200, {}, "s")

    found = events.participants([event(3, "a", 2, 30, "reset"), event(1, "a", 1, 0), event(2, "b", 1, 5), event(4, "a", 2, 95)])
    assert [(p.sandbox, p.number, [e.id for e in p.events]) for p in found] == [("a", 1, [1]), ("b", 1, [2]), ("a", 2, [3, 4])]
    assert found[2].duration == dt.timedelta(seconds=65)
