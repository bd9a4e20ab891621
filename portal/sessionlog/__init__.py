"""The session log for UX tests: what each sandbox's user did, with times.

One row per logged request, written after the response is made: pages seen,
links and buttons that fetched something with htmx, forms sent (which button,
which fields), errors shown (which fields had errors), and the trainer's start
and reset. Static files, the rest of /_sim/, htmx polling and the pages a demo
room's participants look at (the sandbox is the trainer's) are not logged.

A view that shows a form's errors passes them to ``portal.web.render`` as
``errors=``; ``render`` puts them in ``g.form_errors`` and the log records the
field names. A submit button named ``action`` is logged by its value.

A reset starts a new participant (``run``) and keeps the log: see models.py.
``PORTAL_SESSION_LOG=0`` switches logging off (e.g. for benchmarks).

``recorder`` decides what a request is and writes it (``store``), ``events``
holds the rules without Flask, ``control`` the log's page (/_sim/logg),
``export`` and ``cli`` the files for analysis.
"""
