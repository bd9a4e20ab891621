"""What frames every patient page: the header's Meny, Søk and the user's menu
with Logg ut, and the pages behind them (the menu, the search, logged out).

``views`` has the pages, ``forms`` the search field, ``search`` what can be
found. Whether a browser is logged out of its sandbox is the sandbox's
business (``portal.sandbox.log_out``).
"""
