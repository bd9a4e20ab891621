"""A study's results from hand-made attempts: paths, the figures per task, the exported table."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from portal.scenarios import load_scenarios
from portal.sessionlog.events import Event
from portal.studies import charts, export, results
from portal.studies.study import load_studies

ROOT = Path(__file__).resolve().parents[2]
STUDY = load_studies(ROOT / "studies", load_scenarios(ROOT / "scenarios"))["timebestilling"]
T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)


def event(kind, path, method="GET", status=200, **detail):
    return Event(0, "sb", 1, T0, kind, method, path, status, detail)


def row(participant, position, outcome, seconds=None, pages=(), form_errors=()):
    ended = T0 + dt.timedelta(seconds=seconds) if seconds is not None else None
    started = T0 if outcome not in (results.NOT_STARTED,) else None
    return results.Row(participant, "sb", position, STUDY.tasks[position].id, outcome, "", started, ended, tuple(pages), tuple(form_errors))


def test_pages_are_compared_by_what_they_are():
    assert results.page_key("/timeavtaler/12") == "/timeavtaler/<nr>"
    assert results.page_key("/timeavtaler/12.ics") == "/timeavtaler/<nr>.ics"
    assert results.page_key("/innboks/m3") == results.page_key("/innboks/s1") == "/innboks/<tråd>"
    assert results.page_key("/timeavtaler/bestill/astrid/bekreft?tid=2024-01-03T14:00") == "/timeavtaler/bestill/astrid/bekreft"
    assert results.page_key("/") == "/"


def test_a_trail_is_the_pages_seen_from_the_start_page_and_the_forms_sent_back():
    events = [
        event("page", "/timeavtaler/bestill"),
        event("click", "/timeavtaler/bestill/astrid?maned=2024-01"),
        event("click", "/timeavtaler/bestill/astrid?maned=2024-02"),  # the calendar's months: one page
        event("error", "/timeavtaler/bestill/astrid/bekreft?tid=x", method="POST", status=422, errors=["reason"]),
        event("form", "/timeavtaler/bestill/astrid/bekreft", method="POST", status=303),
        event("error", "/finnes-ikke", status=404),
    ]
    pages, errors = results.trail("/", events, current_page="/timeavtaler/7")
    assert pages == ["/", "/timeavtaler/bestill", "/timeavtaler/bestill/astrid", "/finnes-ikke", "/timeavtaler/7"]
    assert errors == [{"path": "/timeavtaler/bestill/astrid/bekreft", "fields": ["reason"]}]


def test_a_row_counts_pages_and_back_and_forth():
    r = row(1, 0, "solved", 65, ["/", "/timeavtaler", "/", "/timeavtaler/bestill", "/timeavtaler/3", "/timeavtaler/4"])
    assert r.path == ["/", "/timeavtaler", "/", "/timeavtaler/bestill", "/timeavtaler/<nr>"]
    assert (r.pages_visited, r.revisits, r.seconds, r.success, r.task_number) == (5, 1, 65.0, True, 1)


def test_every_participant_has_a_row_for_every_task():
    class Attempt:
        def __init__(self, position, outcome):
            self.position, self.outcome, self.ended_by = position, outcome, "participant"
            self.started_at, self.ended_at = T0, T0 + dt.timedelta(seconds=30) if outcome else None
            self.pages, self.form_errors = ["/"], []

    class Participant:
        def __init__(self, id, attempts):
            self.id, self.sandbox, self.attempts = id, f"sb{id}", attempts

    table = results.rows(STUDY, [Participant(7, [Attempt(0, "gave_up"), Attempt(1, None)]), Participant(3, [])])
    assert [(r.participant, r.sandbox, r.task_number, r.outcome) for r in table[:7]] == [
        (1, "sb3", 1, "not_started"), (1, "sb3", 2, "not_started"), (1, "sb3", 3, "not_started"),
        (1, "sb3", 4, "not_started"), (1, "sb3", 5, "not_started"),
        (2, "sb7", 1, "gave_up"), (2, "sb7", 2, "in_progress"),
    ]  # fmt: skip
    assert len(table) == 10


@pytest.fixture
def first_task():
    way = ["/", "/timeavtaler/bestill", "/timeavtaler/bestill/astrid", "/timeavtaler/bestill/astrid/bekreft", "/timeavtaler/1"]
    table = [
        row(1, 0, "solved", 60, way),
        row(2, 0, "solved", 120, way),
        row(3, 0, "gave_up", 90, ["/", "/innboks", "/sok"]),
        row(4, 0, "timed_out", 240, ["/", "/timeavtaler/bestill", "/timeavtaler/bestill/ingar"], [{"path": "/timeavtaler/bestill", "fields": ["behandler"]}]),
        row(5, 0, "not_solved", 30, ["/", "/timeavtaler/bestill"]),
        row(6, 0, "interrupted", 10, ["/"]),
        row(7, 0, "in_progress"),
        row(8, 0, "not_started"),
    ]
    return results.summarize(STUDY, table)[0]


def test_success_rate_is_solved_among_the_attempts_that_ended(first_task):
    assert (first_task.solved, len(first_task.ended), len(first_task.attempts)) == (2, 6, 7)
    assert first_task.success_rate == pytest.approx(2 / 6)
    assert [first_task.count(o) for o in results.COUNTED] == [2, 1, 1, 1, 1]


def test_time_on_task_leaves_out_the_interrupted_and_unfinished(first_task):
    assert sorted(first_task.times) == [30, 60, 90, 120, 240]
    spread = first_task.time_spread
    assert (spread.median, spread.low, spread.high, spread.least, spread.most) == (90, 60, 120, 30, 240)
    assert results.spread([42.0]) == results.Spread(42.0, 42.0, 42.0, 42.0, 42.0)
    assert results.spread([]) is None


def test_paths_and_where_participants_went_wrong(first_task):
    way = ("/", "/timeavtaler/bestill", "/timeavtaler/bestill/astrid", "/timeavtaler/bestill/astrid/bekreft", "/timeavtaler/<nr>")
    assert first_task.common_paths[0] == (way, 2)
    assert first_task.transitions["/", "/timeavtaler/bestill"] == 4
    # Off the successful way: the inbox, and Ingar; the one who said «ferdig» too early did not leave it.
    assert dict(first_task.detours) == {"/innboks": 1, "/timeavtaler/bestill/ingar": 1}
    assert dict(first_task.stopped_at) == {"/sok": 1, "/timeavtaler/bestill/ingar": 1, "/timeavtaler/bestill": 1}
    assert first_task.form_errors == [("/timeavtaler/bestill: behandler", 1)]


def test_the_export_has_a_row_per_participant_and_task(first_task):
    table = first_task.rows
    data = list(csv.DictReader(io.StringIO(export.to_csv(STUDY, table))))
    assert list(data[0]) == list(export.COLUMNS)
    assert [(d["participant"], d["task"], d["outcome"], d["success"], d["gave_up"], d["timed_out"], d["seconds"]) for d in data[:4]] == [
        ("1", "1", "solved", "true", "false", "false", "60.0"),
        ("2", "1", "solved", "true", "false", "false", "120.0"),
        ("3", "1", "gave_up", "false", "true", "false", "90.0"),
        ("4", "1", "timed_out", "false", "false", "true", "240.0"),
    ]
    assert data[3]["path"] == "/ > /timeavtaler/bestill > /timeavtaler/bestill/ingar" and data[3]["form_errors"] == "1"
    document = json.loads(export.to_json(STUDY, table))
    assert (document["study"], document["scenario"], len(document["tasks"])) == ("timebestilling", "ferie-timebestilling", 5)
    assert document["rows"][6]["outcome"] == "in_progress" and document["rows"][6]["seconds"] is None


def test_the_charts_are_svg_and_png(first_task):
    summaries = [first_task, *results.summarize(STUDY, [])[1:]]
    assert charts.names(summaries) == ["suksess", "tid", "vei-1", "vei-2", "vei-3", "vei-4", "vei-5"]
    svg, tag = charts.chart("vei-1", "svg", STUDY, summaries)
    assert svg.startswith(b"<?xml") and b"<svg" in svg and b"<script" not in svg
    png, _ = charts.chart("suksess", "png", STUDY, summaries)
    assert png.startswith(b"\x89PNG")
    assert charts.chart("vei-1", "svg", STUDY, summaries) == (svg, tag)  # drawn once
    with pytest.raises(KeyError):
        charts.chart("vei-6", "svg", STUDY, summaries)
