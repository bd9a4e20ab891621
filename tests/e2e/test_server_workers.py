"""The production server's workers, each on database connections of its own."""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from portal.testing import SimServer


def _status(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


def test_several_workers_answer_a_burst_of_new_visitors_right_after_start(database_url):
    # The app is built once in the server's parent process and the workers are
    # forked from it: a connection opened there must not be shared by them.
    with SimServer(workers=4, database_url=database_url) as server:
        urls = [f"{server.url}/" if n % 2 else f"{server.url}/_sim/state" for n in range(200)]
        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(_status, urls))
        log = server.log()
    failed = [status for status in statuses if status != 200]
    assert failed == [], f"{len(failed)} of {len(statuses)} requests failed: {sorted(set(map(str, failed)))}\n{log[-3000:]}"
