"""CPU time per request of one page, in-process, for two checkouts side by side.

    .venv/bin/python scripts/compare-inprocess.py BEFORE_DIR AFTER_DIR [--path /] [--header 'Accept-Language: en']

Each checkout runs in a Python process of its own: an app on a temporary
SQLite database, one sandbox, the page asked for through the WSGI app (no
test client, no server). The two take turns, ``--requests`` a turn, for
``--turns`` turns, and each prints the lowest CPU time per request
(``time.thread_time``) it reached in a turn. Taking turns and keeping the
lowest figure keep a busy machine's noise out of the comparison (see
docs/performance.md). A checkout is a folder with ``portal/`` in it (e.g.
``git archive main | tar -x -C /tmp/before``), with its catalogues compiled.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap

WORKER = textwrap.dedent(
    """
    import io, sys, tempfile, time
    sys.path.insert(0, sys.argv[1])
    from portal import create_app
    from portal.migrations import upgrade

    path, header = sys.argv[2], sys.argv[3]
    folder = tempfile.mkdtemp()
    url = f"sqlite:///{folder}/bench.sqlite3"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_PATH": folder})
    cookie = app.test_client().get("/_sim/start/alle-tjenester-pa").headers["Set-Cookie"].split(";")[0]
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "localhost", "SERVER_PORT": "80",
               "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "HTTP_COOKIE": cookie}
    if header:
        name, _, value = header.partition(":")
        environ["HTTP_" + name.strip().upper().replace("-", "_")] = value.strip()

    def once():
        status = []
        body = b"".join(app.wsgi_app(dict(environ), lambda s, h, e=None: status.append(s)))
        assert status[0].startswith("200"), status
        return body

    once()
    print("ready", flush=True)
    for line in sys.stdin:
        n = int(line)
        started = time.thread_time()
        for _ in range(n):
            once()
        print((time.thread_time() - started) / n * 1000, flush=True)
    """
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--path", default="/")
    parser.add_argument("--header", default="", help="one request header, e.g. 'Accept-Language: nn'")
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    workers = {
        name: subprocess.Popen([sys.executable, "-c", WORKER, folder, args.path, args.header], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for name, folder in (("before", args.before), ("after", args.after))
    }
    for worker in workers.values():
        assert worker.stdout.readline().strip() == "ready"
    best = {name: float("inf") for name in workers}
    for _turn in range(args.turns):
        for name, worker in workers.items():
            worker.stdin.write(f"{args.requests}\n")
            worker.stdin.flush()
            best[name] = min(best[name], float(worker.stdout.readline()))
    for worker in workers.values():
        worker.stdin.close()
        worker.wait()
    for name, ms in best.items():
        print(f"{name}: {ms:.3f} ms CPU per request of {args.path} (lowest of {args.turns} turns of {args.requests})")
    print(f"after/before: {best['after'] / best['before']:.1%}")


if __name__ == "__main__":
    main()
