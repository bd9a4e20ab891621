"""``portal screenshots`` as a trainer runs it, for two scenarios at one width."""

import subprocess
import sys
from html.parser import HTMLParser

from PIL import Image

HEADER_WHITE = (255, 255, 255)
PAGE_GREY = (245, 243, 243)  # --page-bg, neutral-50
LOGO_BLUE = (0x00, 0x56, 0x6B)  # "norge", blueberry-800


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "a":
            self.links.append(attrs["href"])


def near(colour, wanted, tolerance=24):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted))


def test_screenshots_of_two_scenarios(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "portal", "screenshots", "--out", str(tmp_path),
         "--scenario", "alle-tjenester-av", "--scenario", "anbefalt-losning-1", "--width", "375"],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    progress = [line for line in result.stdout.splitlines() if line.startswith("[")]
    total = len(progress)
    assert progress[0] == f"[1/{total}] alle-tjenester-av: Forside, 375 px"
    assert f"anbefalt-losning-1: Kontakt legekontoret, 375 px" in result.stdout

    pngs = {str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*.png")}
    assert len(pngs) == total
    assert {"alle-tjenester-av/forside-375.png", "anbefalt-losning-1/forside-375.png", "anbefalt-losning-1/kontakt-legekontoret-375.png"} <= pngs
    # Services that are off have no page to show.
    assert not any(name.startswith("alle-tjenester-av/bestill-time") for name in pngs)

    index = (tmp_path / "index.html").read_text()
    links = Links()
    links.feed(index)
    assert set(links.images) == pngs and set(links.links) == pngs
    for text in ("Alle tjenester av", "Anbefalt løsning 1", "Fastlegepanelet", "Ikke synlig"):
        assert text in index

    image = Image.open(tmp_path / "anbefalt-losning-1" / "forside-375.png").convert("RGB")
    assert image.width == 375 and image.height >= 600
    assert image.getpixel((2, 2)) == HEADER_WHITE
    assert image.getpixel((2, 100)) == PAGE_GREY
    header = [image.getpixel((x, y)) for x in range(0, 200) for y in range(10, 50)]
    assert any(near(pixel, LOGO_BLUE) for pixel in header), "the logo is not in the header"
