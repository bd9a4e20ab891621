"""Rate limits on guessing: wrong passwords and wrong join codes per client address.

A sliding window over the failures stored in the database (``FailedAttempt``),
not a counter in each process's memory: with a count per process, every
worker of every instance behind one address would give an attacker the limit
once more. A check is one indexed read; a failure one insert, which also
deletes what has left the window. While an address is limited, every attempt
is refused unchecked, the right one too: otherwise the answer would still say
whether a guess was right. Refused attempts are not stored, so an attacker
cannot grow the table by trying on.

Concurrent attempts from one address may pass the limit by as many as arrive
in the same few milliseconds; that is noise beside a limit of tens per ten
minutes, and not worth a lock.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass

from flask import Response, request
from sqlalchemy import bindparam, delete, select

from .. import db
from ..i18n import ngettext
from .models import FailedAttempt


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` failures of one ``kind`` per client within ``window``."""

    kind: str
    attempts: int
    window: dt.timedelta


# A person who mistypes the password gets ten tries; guessing it gets nowhere.
PASSWORD = Limit("password", 10, dt.timedelta(minutes=10))
# Participants behind one address (an office's or a hospital's network) share
# the count, and a code of 8 characters from 32 (2^40) needs no tighter one.
JOIN_CODE = Limit("join-code", 30, dt.timedelta(minutes=10))
LIMITS = (PASSWORD, JOIN_CODE)


def client_key(address: str | None) -> str:
    """Whom a limit counts: the client's address; for IPv6 its /64 network,
    which is what one household or one attacker usually holds."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return (address or "ukjent")[:64]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


_RECENT = (
    select(FailedAttempt.at)
    .where(FailedAttempt.client == bindparam("client"), FailedAttempt.kind == bindparam("kind"), FailedAttempt.at > bindparam("since"))
    .order_by(FailedAttempt.at.desc())
    .limit(bindparam("attempts"))
)


def seconds_to_wait(limit: Limit, now: dt.datetime | None = None) -> int | None:
    """How long this client must wait before its next attempt, or None if it may try now."""
    now = now or dt.datetime.now(dt.UTC)
    parameters = {"client": client_key(request.remote_addr), "kind": limit.kind, "since": now - limit.window, "attempts": limit.attempts}
    recent = db.session().scalars(_RECENT, parameters).all()
    if len(recent) < limit.attempts:
        return None
    # When the oldest of the last `attempts` failures leaves the window, one more try is allowed.
    return max(1, math.ceil((recent[-1] + limit.window - now).total_seconds()))


def record_failure(limit: Limit, now: dt.datetime | None = None) -> None:
    """Count a wrong attempt of this client's, and forget those no limit counts any more."""
    now = now or dt.datetime.now(dt.UTC)
    session = db.session()
    session.add(FailedAttempt(client=client_key(request.remote_addr), kind=limit.kind, at=now))
    oldest_counted = now - max(known.window for known in LIMITS)
    session.execute(delete(FailedAttempt).where(FailedAttempt.at <= oldest_counted))
    session.commit()


def with_retry_after(response: Response, seconds: int) -> Response:
    """A 429 answer's ``Retry-After``: when the client may try again."""
    response.status_code = 429
    response.headers["Retry-After"] = str(seconds)
    return response


def too_many(limit: Limit, seconds: int) -> str:
    """What a limited client is told: why, and for how long to wait."""
    minutes = math.ceil(seconds / 60)
    if limit is PASSWORD:
        return ngettext(
            "For mange forsøk med feil passord. Vent %(num)s minutt og prøv igjen.",
            "For mange forsøk med feil passord. Vent %(num)s minutter og prøv igjen.",
            minutes,
        )
    return ngettext(
        "For mange forsøk med feil kode. Vent %(num)s minutt og prøv igjen.",
        "For mange forsøk med feil kode. Vent %(num)s minutter og prøv igjen.",
        minutes,
    )
