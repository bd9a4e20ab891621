"""A study's results as charts: matplotlib figures, drawn as SVG or PNG.

- ``success``: per task, the participants by outcome as stacked bars, with the share solved;
- ``times``: per task, each participant's time on task as a dot (coloured by
  outcome) over a box plot, and the time limit as a dashed line;
- ``paths``: per task, a path diagram: pages as boxes, the ways participants
  went between them as arrows, as thick as they were taken often.

matplotlib's SVG carries its styles inline, which our Content-Security-Policy
forbids on pages: the charts are separate files, shown with ``<img>`` (an
image's styles are its own) and each with a table of its figures beside it.
Figures are drawn with the object API (no pyplot, no global figure), one at a
time, and kept by their data, so a chart is drawn once until the results change.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from statistics import median

from ..i18n import _, _l, language
from .models import GAVE_UP, INTERRUPTED, NOT_SOLVED, SOLVED, TIMED_OUT
from .results import COUNTED, TaskSummary
from .study import Study

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}

# Colours that stay apart for colour-blind readers (Okabe & Ito), and a label each.
COLOURS = {SOLVED: "#009E73", NOT_SOLVED: "#E69F00", GAVE_UP: "#D55E00", TIMED_OUT: "#CC79A7", INTERRUPTED: "#8C8C8C"}
LABELS = {SOLVED: _l("Løst"), NOT_SOLVED: _l("Ikke løst"), GAVE_UP: _l("Ga opp"), TIMED_OUT: _l("Tiden gikk ut"), INTERRUPTED: _l("Avbrutt")}
TEXT, MUTED, LINE, NODE, EDGE = "#1a1a1a", "#555555", "#c4c4c4", "#e6f0fb", "#0b57a5"

# Pages in a path diagram; the rest become one box.
DIAGRAM_PAGES = 10
OTHER_PAGES = _l("(andre sider)")

WIDTH = 8.0  # inches: 800 px in the SVG, 1200 px in the PNG
PNG_DPI = 150

_drawing = threading.Lock()  # matplotlib's caches of fonts and text are shared by all figures
_drawn: OrderedDict[str, bytes] = OrderedDict()
_KEEP = 64


def _figure(height: float):
    from matplotlib.figure import Figure  # imported when the first chart is drawn: it takes a second

    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _label(summary: TaskSummary) -> str:
    return f"{summary.number}. {summary.id}"


def as_minutes(seconds: float, _position=None) -> str:
    """65 seconds as «1:05»."""
    minutes, seconds = divmod(int(round(seconds)), 60)
    return f"{minutes}:{seconds:02d}"


def _style(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(LINE)
    axes.tick_params(colors=TEXT, labelsize=10)


def _nothing_yet(axes) -> None:
    axes.text(0.5, 0.5, _("Ingen deltakere har fullført en oppgave ennå."), ha="center", va="center", color=MUTED, transform=axes.transAxes)
    axes.set_axis_off()


def success(summaries: Sequence[TaskSummary]):
    """Stacked bars: per task, how many participants solved it, did not, gave up, ran out of time."""
    figure = _figure(1.2 + 0.55 * len(summaries))
    axes = figure.add_subplot()
    if not any(s.ended for s in summaries):
        _nothing_yet(axes)
        return figure
    labels = [_label(s) for s in summaries][::-1]
    left = [0] * len(summaries)
    for outcome in COUNTED:
        counts = [s.count(outcome) for s in summaries][::-1]
        if any(counts):
            axes.barh(labels, counts, left=left, color=COLOURS[outcome], label=str(LABELS[outcome]), height=0.6, edgecolor="white")
            left = [a + b for a, b in zip(left, counts)]
    for y, summary in enumerate(summaries[::-1]):
        if summary.success_rate is not None:
            axes.text(left[y] + 0.1, y, _("%(percent)s %% løst", percent=round(summary.success_rate * 100)), va="center", color=TEXT, fontsize=10)
    axes.set_xlim(0, max(left) * 1.25 + 0.5)
    axes.set_xlabel(_("Deltakere"), color=TEXT)
    axes.xaxis.get_major_locator().set_params(integer=True)
    _style(axes)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(COUNTED), frameon=False, fontsize=9)
    return figure


def times(study: Study, summaries: Sequence[TaskSummary]):
    """Per task: a box plot of the time on task, a dot per participant, the time limit dashed."""
    figure = _figure(1.3 + 0.65 * len(summaries))
    axes = figure.add_subplot()
    if not any(s.times for s in summaries):
        _nothing_yet(axes)
        return figure
    count = len(summaries)
    rows = {s.number: count - i for i, s in enumerate(summaries)}  # the first task on top
    longest = 0.0
    for summary in summaries:
        y = rows[summary.number]
        values = summary.times
        if values:
            axes.boxplot(
                values, positions=[y], orientation="horizontal", widths=0.5, whis=(0, 100), showfliers=False, patch_artist=True,
                boxprops={"facecolor": NODE, "edgecolor": EDGE}, medianprops={"color": EDGE, "linewidth": 2},
                whiskerprops={"color": EDGE}, capprops={"color": EDGE},
            )
        ended = [r for r in summary.ended if r.outcome != INTERRUPTED and r.seconds is not None]
        for i, row in enumerate(ended):
            offset = ((i % 5) - 2) * 0.07  # dots at the same time stay apart
            axes.scatter([row.seconds], [y + offset], s=36, color=COLOURS[row.outcome], edgecolors="white", linewidths=0.8, zorder=3)
            longest = max(longest, row.seconds)
        limit = study.tasks[summary.number - 1].time_limit
        if limit:
            axes.plot([limit * 60] * 2, [y - 0.35, y + 0.35], color=MUTED, linestyle="--", linewidth=1)
            longest = max(longest, limit * 60)
    axes.set_yticks(list(rows.values()), [_label(s) for s in summaries])
    axes.set_ylim(0.4, count + 0.6)
    axes.set_xlim(0, longest * 1.08 + 1)
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    axes.xaxis.set_major_locator(MultipleLocator(30 if longest <= 300 else 60 if longest <= 900 else 300))
    axes.xaxis.set_major_formatter(FuncFormatter(as_minutes))
    axes.set_xlabel(_("Tid på oppgaven (minutter:sekunder); stiplet: tidsgrensen"), color=TEXT)
    _style(axes)
    used = [o for o in COUNTED if any(r.outcome == o for s in summaries for r in s.ended)]
    handles = [axes.scatter([], [], s=36, color=COLOURS[o], label=str(LABELS[o])) for o in used if o != INTERRUPTED]
    axes.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=max(len(handles), 1), frameon=False, fontsize=9)
    return figure


def _wrap(page: str, width: int) -> str:
    """A long path on several lines, broken before a «/»."""
    lines = [""]
    for part in page.replace("/", "\0/").split("\0"):
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(line for line in lines if line)


def _layout(summary: TaskSummary) -> tuple[dict[str, int], Counter, Counter, set[str]]:
    """Each page's row (how far into the task participants usually first
    reached it), the transitions between the pages kept, the visits, and the
    pages where the task was solved."""
    kept = {page for page, _ in summary.visits.most_common(DIAGRAM_PAGES)}

    def keep(page: str) -> str:
        return page if page in kept else str(OTHER_PAGES)

    paths = [_collapse_merged([keep(page) for page in row.path]) for row in summary.ended]
    steps: dict[str, list[int]] = {}
    visits: Counter = Counter()
    edges: Counter = Counter()
    for path in paths:
        visits.update(path)
        edges.update(zip(path, path[1:]))
        for i, page in enumerate(path):
            if page not in path[:i]:
                steps.setdefault(page, []).append(i)
    medians = {page: round(median(found)) for page, found in steps.items()}
    rows = {step: row for row, step in enumerate(sorted(set(medians.values())))}  # no empty rows
    goals = {keep(row.path[-1]) for row in summary.ended if row.success and row.path}
    return {page: rows[step] for page, step in medians.items()}, edges, visits, goals


def _collapse_merged(path: list[str]) -> list[str]:
    """Two pages merged into one box are one visit."""
    return [page for i, page in enumerate(path) if i == 0 or path[i - 1] != page]


ROW_HEIGHT = 0.9  # inches between the rows of a path diagram
CAPTION = 0.45  # inches above it for its caption


def paths(summary: TaskSummary):
    """A path diagram of one task, from the top down: pages as boxes, the ways
    participants went between them as arrows as thick as they were common.

    The axes are in inches (1 unit = 1 inch both ways), so the arrows' bends
    and their labels meet."""
    rows, edges, visits, goals = _layout(summary) if summary.ended else ({}, {}, {}, set())
    count = max(rows.values(), default=0) + 1
    height = CAPTION + max(count, 2) * ROW_HEIGHT
    figure = _figure(height)
    figure.set_layout_engine("none")
    axes = figure.add_axes((0, 0, 1, (height - CAPTION) / height))
    figure.text(0.01, 1 - 0.12 / height, _("Pilene viser hvor deltakerne gikk videre, tallet hvor mange ganger; grønn kant: siden der oppgaven ble løst."),
                fontsize=9, color=MUTED, va="top")
    if not rows:
        _nothing_yet(axes)
        return figure
    widest = max(sum(1 for r in rows.values() if r == row) for row in range(count))
    spacing = min(WIDTH / widest, 2.8)
    positions = {}
    for row in range(count):
        pages = sorted((p for p, r in rows.items() if r == row), key=lambda p: (-visits[p], p))
        for i, page in enumerate(pages):
            positions[page] = ((i - (len(pages) - 1) / 2) * spacing, -row * ROW_HEIGHT)
    boxes = {}
    for page, (x, y) in positions.items():
        solved_here = page in goals
        boxes[page] = axes.text(
            x, y, f"{_wrap(page, max(12, int(spacing * 11)))}  ({visits[page]}×)", ha="center", va="center", fontsize=9, color=TEXT, zorder=3,
            bbox={"boxstyle": "round,pad=0.35", "facecolor": NODE, "edgecolor": COLOURS[SOLVED] if solved_here else EDGE, "linewidth": 2.5 if solved_here else 1},
        )
    heaviest = max(edges.values(), default=1)
    for (a, b), times_taken in sorted(edges.items(), key=lambda item: item[1]):
        (xa, ya), (xb, yb) = positions[a], positions[b]
        # Down the page: nearly straight; across a row or back up: around the boxes between.
        bend = 0.06 if rows[b] == rows[a] + 1 else 0.2 if rows[b] > rows[a] else 0.4
        axes.annotate(
            "", xy=(xb, yb), xytext=(xa, ya), zorder=2,
            arrowprops={
                "arrowstyle": "-|>", "color": EDGE, "alpha": 0.7, "mutation_scale": 12, "linewidth": 1 + 4 * times_taken / heaviest,
                "connectionstyle": f"arc3,rad={bend}", "patchA": boxes[a].get_bbox_patch(), "patchB": boxes[b].get_bbox_patch(),
            },
        )
        # The middle of the arc: matplotlib bends it by ``bend`` times the line turned a quarter.
        mx, my = (xa + xb) / 2 + bend / 2 * (yb - ya), (ya + yb) / 2 - bend / 2 * (xb - xa)
        axes.text(mx, my, str(times_taken), fontsize=8, color=EDGE, ha="center", va="center", zorder=4,
                  bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    axes.set_xlim(-WIDTH / 2, WIDTH / 2)
    axes.set_ylim(-(max(count, 2) - 0.5) * ROW_HEIGHT, 0.5 * ROW_HEIGHT)
    axes.set_axis_off()
    return figure


def _draw(figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "svg":
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    else:
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def fingerprint(*parts) -> str:
    """A short hash of what a chart shows: the same data, the same chart."""
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()[:20]


def chart(name: str, fmt: str, study: Study, summaries: Sequence[TaskSummary]) -> tuple[bytes, str]:
    """The chart ``name`` ("suksess", "tid" or "vei-<task number>") as SVG or PNG, and its ETag.
    KeyError if there is no such chart."""
    if name == "suksess":
        make = lambda: success(summaries)  # noqa: E731
    elif name == "tid":
        make = lambda: times(study, summaries)  # noqa: E731
    elif name.startswith("vei-") and name[4:].isdigit() and 1 <= int(name[4:]) <= len(summaries):
        summary = summaries[int(name[4:]) - 1]
        make = lambda: paths(summary)  # noqa: E731
    else:
        raise KeyError(name)
    data = [(s.number, s.id, [(r.participant, r.outcome, r.seconds, r.path) for r in s.rows]) for s in summaries]
    limits = [t.time_limit for t in study.tasks]
    key = fingerprint(name, fmt, language(), data, limits)  # the chart's words are the language's
    with _drawing:
        if key in _drawn:
            _drawn.move_to_end(key)
            return _drawn[key], key
        drawn = _draw(make(), fmt)
        _drawn[key] = drawn
        if len(_drawn) > _KEEP:
            _drawn.popitem(last=False)
    return drawn, key


def names(summaries: Sequence[TaskSummary]) -> list[str]:
    """Every chart of a study's results page."""
    return ["suksess", "tid", *(f"vei-{s.number}" for s in summaries)]
