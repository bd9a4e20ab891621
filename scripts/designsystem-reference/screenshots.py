"""Photographs the reference page (dist/, built by Vite) in the system Chromium:
each component section and the whole page, at 375 and 1280 px, into
docs/designsystem/. Run by scripts/designsystem-reference.sh."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from portal.testing import CHROMIUM_ARGS, chromium_env, chromium_executable

HERE = Path(__file__).resolve().parent
WIDTHS = (375, 1280)


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = serve(HERE / "dist")
    url = f"http://127.0.0.1:{server.server_port}/index.html"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(args=CHROMIUM_ARGS, env=chromium_env(), executable_path=chromium_executable(playwright))
            page = browser.new_page(locale="nb-NO")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(url)
                page.wait_for_selector("[data-ref]")
                page.evaluate("document.fonts.ready")
                page.screenshot(path=out / f"alle-{width}.png", full_page=True)
                for section in page.locator("[data-ref]").all():
                    name = section.get_attribute("data-ref")
                    section.screenshot(path=out / f"{name}-{width}.png")
                    print(f"{name}-{width}.png")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "docs" / "designsystem")
