"""What a 20 MB attachment costs in memory and time, on its way in and out of the database.

The simulator keeps attachments' bytes in the database in 1 MiB chunks
(portal/messages/filestore.py). This uploads a 20 MB PDF through the app's
real message form and downloads it again, in-process, and prints the most
Python memory each step held at once (tracemalloc) beside the file's size.
Run: `make bench`; `DATABASE_URL=postgresql+psycopg://… python scripts/bench_attachments.py`
measures on PostgreSQL (an empty database the script may fill).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import time
import tracemalloc
from pathlib import Path

from portal import create_app

SIZE = 20 * 1024 * 1024 - 1024  # just under the 20 MB limit, with room for the form
MB = 1024 * 1024


def measure(step):
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_PATH": folder, "WTF_CSRF_ENABLED": False})
        client = app.test_client()
        client.get("/_sim/start/alle-tjenester-pa")
        token = re.search(r'name="form_token" value="([^"]+)"', client.get("/kontakt-legekontoret").text).group(1)
        content = b"%PDF-1.4\n" + os.urandom(SIZE - 9)

        def upload():
            data = {"form_token": token, "subject": "Stor fil", "body": "Vedlagt", "action": "send", "vedlegg": (io.BytesIO(content), "stor.pdf")}
            return client.post("/kontakt-legekontoret", data=data, content_type="multipart/form-data")

        def download():
            attachment_id = client.get("/_sim/state").json["inbox"]["threads"][0]["messages"][0]["attachments"][0]["id"]
            response = client.get(f"/vedlegg/{attachment_id}", buffered=False)
            received = 0
            for block in response.response:  # as a server sends it, block by block
                received += len(block)
            response.close()
            return received

        sent, upload_s, upload_peak = measure(upload)
        assert sent.status_code == 303, sent.status_code
        received, download_s, download_peak = measure(download)
        assert received == len(content), received

    print(f"attachments on {url.split(':', 1)[0]}: a {len(content) / MB:.1f} MB file, stored in 1 MiB chunks")
    print(f"{'step':<12}{'ms':>8}{'peak Python memory MB':>24}")
    print(f"{'upload':<12}{upload_s * 1000:>8.0f}{upload_peak / MB:>24.1f}")
    print(f"{'download':<12}{download_s * 1000:>8.0f}{download_peak / MB:>24.1f}")


if __name__ == "__main__":
    main()
