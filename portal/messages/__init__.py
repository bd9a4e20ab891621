"""Messages to the GP office: the three message forms, drafts, attachments and the inbox.

``views`` has the pages, ``store`` what they write, ``inbox`` what they read,
``forms`` and ``uploads`` the rules for what the user sends.
"""

from flask import Blueprint

bp = Blueprint("messages", __name__)

from . import models, store, views  # noqa: E402,F401  (tables before create_all, routes on bp)
