"""A study's per-participant, per-task table as files: CSV (one row per
participant and task) and JSON (the same rows under the study's title and tasks)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence

from .models import GAVE_UP, TIMED_OUT
from .results import Row
from .study import Study

COLUMNS = (
    "study", "participant", "sandbox", "task", "task_id", "outcome", "success", "ended_by", "gave_up", "timed_out",
    "started", "ended", "seconds", "pages_visited", "revisits", "form_errors", "path",
)  # fmt: skip

# How a path is written in one CSV cell.
PATH_SEPARATOR = " > "


def _iso(time: dt.datetime | None) -> str | None:
    return time.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if time else None


def record(study: Study, row: Row) -> dict:
    """One row as the files hold it (the path as page keys, see results.page_key)."""
    return {
        "study": study.id,
        "participant": row.participant,
        "sandbox": row.sandbox,
        "task": row.task_number,
        "task_id": row.task_id,
        "outcome": row.outcome,
        "success": row.success,
        "ended_by": row.ended_by,
        "gave_up": row.outcome == GAVE_UP,
        "timed_out": row.outcome == TIMED_OUT,
        "started": _iso(row.started),
        "ended": _iso(row.ended),
        "seconds": row.seconds,
        "pages_visited": row.pages_visited,
        "revisits": row.revisits,
        "form_errors": len(row.form_errors),
        "path": row.path,
    }


def to_csv(study: Study, rows: Sequence[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        data = record(study, row)
        data["path"] = PATH_SEPARATOR.join(data["path"])
        writer.writerow({key: "" if value is None else str(value).lower() if isinstance(value, bool) else value for key, value in data.items()})
    return out.getvalue()


def to_json(study: Study, rows: Sequence[Row]) -> str:
    document = {
        "study": study.id,
        "title": str(study.title),
        "scenario": study.scenario,
        "exported": _iso(dt.datetime.now(dt.UTC)),
        "tasks": [{"number": i + 1, "id": t.id, "text": str(t.text), "time_limit_minutes": t.time_limit} for i, t in enumerate(study.tasks)],
        "rows": [record(study, row) for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
