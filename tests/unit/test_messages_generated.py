"""A scenario's made-up threads (inbox_generated): numbered newest first, in
time order, the newest ones unread, with plausible texts from the office."""

import datetime as dt

from portal.messages.generated import STEP, Generated

NEWEST = dt.datetime(2023, 12, 6, 15, 12)


def made(threads=3099, unread=None, services=("forny-resept", "e-konsultasjon", "kontakt-legekontoret")):
    return Generated(threads, threads if unread is None else unread, NEWEST, services)


def test_threads_are_numbered_newest_first_and_go_back_in_time():
    generated = made()
    times = [generated.thread(n).sent_at for n in range(1, 50)]
    assert times[0] == NEWEST and times == sorted(times, reverse=True) and len(set(times)) == len(times)
    assert generated.thread(3099).sent_at == NEWEST - 3098 * STEP
    assert generated.thread(1).key == "g1"


def test_keys_name_only_the_threads_there_are():
    generated = made(threads=10)
    assert [generated.number(key) for key in ("g1", "g10", "g11", "g0", "s1", "g", "gx", "m3")] == [1, 10, None, None, None, None, None, None]


def test_the_newest_are_unread():
    generated = made(threads=10, unread=3)
    assert [generated.thread(n).read for n in range(1, 11)] == [False] * 3 + [True] * 7


def test_newer_than_counts_the_threads_sent_after_a_moment():
    generated = made(threads=10)
    assert generated.newer_than(NEWEST) == 0
    assert generated.newer_than(NEWEST - dt.timedelta(minutes=1)) == 1
    assert generated.newer_than(NEWEST - STEP) == 1  # a tie: the real thread goes first
    assert generated.newer_than(NEWEST - STEP - dt.timedelta(seconds=1)) == 2
    assert generated.newer_than(dt.datetime(2000, 1, 1)) == 10


def test_a_service_the_app_lacks_gives_way_to_one_it_has():
    generated = made(services=("kontakt-legekontoret",))
    assert {generated.thread(n).service_id for n in range(1, 15)} == {"kontakt-legekontoret"}
    texts = {generated.thread(n).subject for n in range(1, 15)}
    assert "Resepten din er fornyet" in texts and len(texts) > 3
