"""``portal screenshots`` as a trainer runs it, for two scenarios at one width."""

import subprocess
import sys
from html.parser import HTMLParser

from PIL import Image

HEADER_WHITE = (255, 255, 255)
PAGE_GREY = (245, 243, 243)  # --page-bg, neutral-50
LOGO_BLACK = (0, 0, 0)  # the design system's Logo


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
    assert any(near(pixel, LOGO_BLACK) for pixel in header), "the logo is not in the header"


def test_screenshots_in_nynorsk(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "portal", "screenshots", "--out", str(tmp_path), "--scenario", "alle-tjenester-av", "--width", "375", "--lang", "nn"],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "alle-tjenester-av: Framside, 375 px" in result.stdout
    index = (tmp_path / "index.html").read_text()
    assert '<html lang="nn">' in index
    for text in ("Skjermbilete av scenarioa", "Alle tenester av", "Fastlegepanelet", "Ikkje synleg"):
        assert text in index


def test_compare_puts_our_pages_beside_the_design_systems_components(tmp_path):
    # In English: the form is sent by its English button.
    result = subprocess.run(
        [sys.executable, "-m", "portal", "screenshots", "--out", str(tmp_path), "--scenario", "ny-forside", "--width", "375", "--compare", "--lang", "en"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sammenligning: Contact the GP office, sent empty, 375 px" in result.stdout

    ours = {path.name for path in (tmp_path / "sammenligning").glob("*.png")}
    slugs = ("forside", "ny-forside", "fastlegetjenester", "melding-med-feil", "velg-time", "kontor", "journalsystem")
    assert ours == {f"{slug}-375.png" for slug in slugs}
    references = {path.name for path in (tmp_path / "designsystem").glob("*.png")}
    assert {"validation-375.png", "notification-panel-375.png", "tiles-375.png", "buttons-375.png"} <= references

    index = (tmp_path / "index.html").read_text()
    assert "Side by side with the design system" in index
    # The office's tool beside the webinar's own text of it (in bokmål: the webinar's).
    assert "Webinaret</figcaption>" not in index and "docs/webinar/helsetilbud.txt" in index and "Feltet kan kun inneholde 200 tegn! 200/200" in index
    links = Links()
    links.feed(index)
    pngs = {str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*.png")}
    assert set(links.images) == pngs

    # The form was sent empty: its screenshot shows the error summary's red title.
    image = Image.open(tmp_path / "sammenligning" / "melding-med-feil-375.png").convert("RGB")
    assert any(near(image.getpixel((x, y)), (0xB6, 0x2E, 0x1C)) for x in range(0, 375, 3) for y in range(0, image.height, 3))
