"""The session log as files a UX tester analyses: CSV (one row per event) and
JSON (one object per participant with its events)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from .events import Participant

CSV_COLUMNS = ("sandbox", "scenario", "participant", "seq", "time", "elapsed_s", "kind", "method", "path", "status", "detail")

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP:
# CSV injection); a sandbox id may start with "-", a scenario's file name with "=".
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_cell(value):
    """``value`` as a CSV cell that a spreadsheet shows as text, never runs: a text
    that would start a formula gets a leading apostrophe, as OWASP recommends."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _iso(time: dt.datetime) -> str:
    return time.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _seconds(delta: dt.timedelta) -> float:
    return round(delta.total_seconds(), 3)


def to_json(participants: list[Participant]) -> dict:
    return {
        "exported": _iso(dt.datetime.now(dt.UTC)),
        "sessions": [
            {
                "sandbox": p.sandbox,
                "scenario": p.scenario,
                "participant": p.number,
                "started": _iso(p.started),
                "ended": _iso(p.ended),
                "duration_s": _seconds(p.duration),
                "events": [
                    {
                        "time": _iso(e.time),
                        "elapsed_s": _seconds(p.elapsed(e)),
                        "kind": e.kind,
                        "method": e.method,
                        "path": e.path,
                        "status": e.status,
                        "detail": e.detail,
                    }
                    for e in p.events
                ],
            }
            for p in participants
        ],
    }


def write(participants: list[Participant], folder: Path) -> tuple[Path, Path]:
    """``sessions.csv`` and ``sessions.json`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = folder / "sessions.csv", folder / "sessions.json"
    with csv_path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_COLUMNS)
        for p in participants:
            for seq, e in enumerate(p.events, start=1):
                row = (p.sandbox, p.scenario, p.number, seq, _iso(e.time), _seconds(p.elapsed(e)), e.kind, e.method, e.path, e.status, json.dumps(e.detail, ensure_ascii=False))
                writer.writerow(map(_spreadsheet_cell, row))
    json_path.write_text(json.dumps(to_json(participants), ensure_ascii=False, indent=2), encoding="utf-8")
    return csv_path, json_path
