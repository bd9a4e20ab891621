"""The nb catalogue holds every text the code marks for translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_the_catalogue_is_up_to_date(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "--no-location", "-k", "_l", "-F", "babel.cfg", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    marked = {m.id for m in read_po(pot.open("rb")) if m.id}
    with (ROOT / "portal/translations/nb/LC_MESSAGES/messages.po").open("rb") as po:
        catalogued = {m.id for m in read_po(po) if m.id}
    assert marked - catalogued == set(), "run `make translations`"
