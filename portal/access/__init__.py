"""Who may use the simulator.

With ``PORTAL_PASSWORD`` set, every page asks for the password first (a
login page, or the ``X-Portal-Password`` header for test clients), except the
static files, ``/_sim/health`` and a demo room's link: a participant who
opens that follows the room read-only, and sees nothing else. Wrong passwords
and wrong join codes are counted per client address in the database, so
every worker and instance shares the count.
"""
