"""Files the simulator writes itself, and what to tell the user when the
system refuses one: a reason in Norwegian, never the system's English."""

from __future__ import annotations

import errno
import os
from pathlib import Path

_REASONS = {
    errno.EACCES: "ingen tilgang",
    errno.EPERM: "ingen tilgang",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.ENOENT: "finnes ikke",
    errno.ENOTDIR: "en del av stien er ikke en mappe",
    errno.EISDIR: "er en mappe",
    errno.ELOOP: "for mange symbolske lenker etter hverandre",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EIO: "lese- eller skrivefeil på disken",
}


def reason(error: OSError | UnicodeDecodeError) -> str:
    """Why the system refused, or a file could not be read as text, in
    Norwegian (an unusual error by its code, e.g. EMFILE)."""
    if isinstance(error, UnicodeDecodeError):
        return "ikke gyldig UTF-8-tekst"
    return _REASONS.get(error.errno, f"systemfeil {errno.errorcode.get(error.errno, error.errno)}")


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
