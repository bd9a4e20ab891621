"""Compile the catalogues (``<code>/LC_MESSAGES/messages.po``) into ``.mo`` files.

    python portal/translations/compile.py        # in place, for a checkout (make install does it)

The wheel's build hook (``hatch_build.py``) runs the same into the wheel, so an
installed package always has them; ``.mo`` files are never committed.

Our ``.po`` files have no header (it would change at every update), which
``pybabel compile`` takes for a fuzzy catalogue. Here the language comes from
the folder's name (its plural rules from Babel's locale data), and fuzzy or
untranslated entries are left out: the page shows the bokmål text instead of
a guess. Needs only Babel, so it runs in the build's own environment too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent


def compile_catalogues(source: Path = HERE, target: Path = HERE) -> list[Path]:
    """Every ``source/<code>/LC_MESSAGES/messages.po`` as ``target/<code>/LC_MESSAGES/messages.mo``."""
    written = []
    for po in sorted(Path(source).glob("*/LC_MESSAGES/messages.po")):
        code = po.parent.parent.name
        with po.open("rb") as file:
            catalog = read_po(file, locale=code, domain="messages")
        mo = Path(target) / code / "LC_MESSAGES" / "messages.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as file:
            write_mo(file, catalog, use_fuzzy=False)
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"compiled {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}", file=sys.stderr)
