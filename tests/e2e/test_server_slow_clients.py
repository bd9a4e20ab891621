"""Slow clients cannot stop `portal serve`: a real server, loopback only, bounded.

What is asserted is the protection, not a speed: an unprotected server (one
that gives each connection a worker while it waits for the request) answers
none of the normal requests until its own timeout drops the slow clients.
"""

import socket
import time

from portal.testing import SimServer, SlowClients, answer_times


def test_two_hundred_slow_clients_leave_the_front_page_answering_within_a_second():
    with SimServer(workers=2) as sim:
        # Slow headers, slow bodies, bodies shorter than they said, reconnecting:
        # the bodies go to a form the app reads (every POST's CSRF check does).
        with SlowClients(sim.url, count=200, post_path="/_sim/reset", limit=60) as slow:
            held = slow.connected
            time.sleep(1)  # the slow bodies are in the app's threads by now
            waits = answer_times(sim.url, count=10, timeout=5, path="/")
        assert held >= 190, f"only {held} of 200 slow connections were accepted"
        answered = [w for w in waits if w is not None]
        assert len(answered) == 10, f"unanswered within 5 s: {waits}"
        # One page may be late on a machine shared with other work; none may wait for a timeout.
        assert sum(w < 1 for w in answered) >= 9, f"seconds per page: {waits}"


def test_a_client_that_sends_its_headers_too_slowly_is_dropped_after_the_header_timeout():
    with SimServer(workers=1, args=["--header-timeout", "1"]) as sim:
        with socket.create_connection(("127.0.0.1", sim.port), timeout=10) as sock:
            started = time.monotonic()
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            try:
                while sock.recv(1024):  # an error page, then the close
                    pass
            except ConnectionResetError:
                pass
            waited = time.monotonic() - started
    assert 0.5 < waited < 5, f"dropped after {waited:.1f} s"
