"""Files the simulator writes itself, and what to tell the user when the
system refuses one: a reason in Norwegian, never the system's English."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .i18n import _, _l

_REASONS = {
    errno.EACCES: _l("ingen tilgang"),
    errno.EPERM: _l("ingen tilgang"),
    errno.EROFS: _l("filsystemet er skrivebeskyttet"),
    errno.ENOSPC: _l("disken er full"),
    errno.EDQUOT: _l("diskkvoten er brukt opp"),
    errno.ENOENT: _l("finnes ikke"),
    errno.ENOTDIR: _l("en del av stien er ikke en mappe"),
    errno.EISDIR: _l("er en mappe"),
    errno.ELOOP: _l("for mange symbolske lenker etter hverandre"),
    errno.ENAMETOOLONG: _l("navnet er for langt"),
    errno.EIO: _l("lese- eller skrivefeil på disken"),
}


def reason(error: OSError | UnicodeDecodeError) -> str:
    """Why the system refused, or a file could not be read as text, in
    Norwegian (an unusual error by its code, e.g. EMFILE)."""
    if isinstance(error, UnicodeDecodeError):
        return _("ikke gyldig UTF-8-tekst")
    return str(_REASONS.get(error.errno) or _("systemfeil %(code)s", code=errno.errorcode.get(error.errno, error.errno)))


def write_new(path: Path, text: str, mode: int = 0o600, replace: bool = False) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, then
    moved into place. Without ``replace`` a file another process wrote
    meanwhile is kept (the first one wins); with it, it is replaced."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
    finally:
        temporary.unlink(missing_ok=True)
