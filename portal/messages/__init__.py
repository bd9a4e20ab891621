"""Messages to the GP office: the message forms, drafts, attachments and the inbox.

``views`` has the patient's pages and ``control`` the office's reply on the
control plane; ``store`` is what they write, ``inbox`` what they read,
``forms`` and ``uploads`` the rules for what the user sends.
"""
