"""UX studies: tasks with success criteria, run by participants, measured and drawn.

A study file (``study.py``) names a scenario and its tasks, each with a
criterion (``criteria.py``) over the sandbox's state and the pages seen. The
tester starts a participant from /_sim/studier; the participant sees one task
at a time in a panel above the portal (``live.py``, ``control.py``), and every
attempt is recorded (``models.py``, ``store.py``): when it started and ended,
how (solved by the criterion, «Jeg er ferdig», «Jeg gir opp», the time limit),
and the pages seen, from the session log. ``results.py`` makes the per-task
figures, ``charts.py`` draws them, ``export.py`` writes the table as CSV and JSON.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The studies of ``STUDIES_DIR`` (checked against the scenarios), and the
    panel for the pages of a participant."""
    from . import live
    from .study import StudyLibrary, default_folder

    scenarios = app.extensions["portal.scenario_library"]
    folder = app.config["STUDIES_DIR"]
    # Studies of one's own must be right; the bundled ones need the bundled scenarios.
    strict = folder.resolve() != default_folder().resolve()
    app.extensions["portal.study_library"] = StudyLibrary(folder, scenarios.refresh, app.config["GP_SERVICES"], strict=strict)
    app.jinja_env.globals.update(study_session=live.for_page, ux_studies=live.studies)
