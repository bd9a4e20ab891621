"""Each success criterion against hand-made states of /_sim/state: only what the
participant did during the task counts, a cancelled booking is no booking, a
draft is not a sent message."""

import pytest

from portal.studies.criteria import Criterion, Evidence, baseline


def criterion(data: dict) -> Criterion:
    return Criterion.model_validate(data)


def appointment(id, kind="video", practitioner="astrid", start="2024-01-03T14:00:00+01:00", status="tildelt"):
    return {"id": id, "practitioner": practitioner, "start": start, "slot": start[:16], "duration": 20, "kind": kind, "reason": "", "status": status}


def booking_state(*appointments, wishes=()):
    return {"booking": {"practitioners": [], "appointments": list(appointments), "wishes": list(wishes)}}


def wish(id, practitioner="august"):
    return {"id": id, "practitioner": practitioner, "preferred": "Tirsdager", "reason": "Kontroll", "status": "venter på svar", "appointment": None, "answer": ""}


def message(sender="patient", text="Hei", **more):
    return {"from": sender, "text": text, "sent_at": "2023-12-07T10:15:00", "attachments": [], **more}


def thread(id, service, *messages, subject="Spørsmål"):
    return {"id": id, "service": service, "subject": subject, "read": True, "closed_code": None, "seeded": id.startswith("s"), "messages": list(messages)}


def inbox_state(*threads, drafts=()):
    return {"inbox": {"unread": 0, "threads": list(threads), "drafts": list(drafts)}}


def met(data: dict, before: dict, now: dict, pages=()) -> bool:
    return criterion(data).met(Evidence(baseline(before), now, pages))


EMPTY = {**booking_state(), **inbox_state()}

VIDEO_AFTER_NEW_YEAR = {"booking": {"kind": "video", "practitioner": "astrid", "from": "2024-01-03", "to": "2024-01-07"}}


# --- booking ---


def test_a_booking_made_during_the_task_that_matches_counts():
    assert met(VIDEO_AFTER_NEW_YEAR, EMPTY, booking_state(appointment(1)))


@pytest.mark.parametrize(
    "made",
    [
        appointment(1, kind="telefon"),
        appointment(1, practitioner="ingar"),
        appointment(1, start="2024-01-08T14:00:00+01:00"),  # the day after «to»
        appointment(1, start="2024-01-02T14:00:00+01:00"),  # the day before «from»
    ],
)
def test_a_booking_that_does_not_match_does_not_count(made):
    assert not met(VIDEO_AFTER_NEW_YEAR, EMPTY, booking_state(made))


def test_both_ends_of_the_dates_are_included():
    assert met(VIDEO_AFTER_NEW_YEAR, EMPTY, booking_state(appointment(1, start="2024-01-07T09:00:00+01:00")))
    assert met(VIDEO_AFTER_NEW_YEAR, EMPTY, booking_state(appointment(1, start="2024-01-03T08:00:00+01:00")))


def test_a_booking_cancelled_after_it_was_made_does_not_count():
    assert not met(VIDEO_AFTER_NEW_YEAR, EMPTY, booking_state(appointment(1, status="avbestilt")))


def test_cancelled_and_booked_again_counts():
    now = booking_state(appointment(1, status="avbestilt"), appointment(2, start="2024-01-04T14:00:00+01:00"))
    assert met(VIDEO_AFTER_NEW_YEAR, EMPTY, now)


def test_a_booking_that_was_there_when_the_task_started_does_not_count():
    before = booking_state(appointment(1))  # booked in an earlier task
    assert not met(VIDEO_AFTER_NEW_YEAR, before, booking_state(appointment(1)))
    assert met(VIDEO_AFTER_NEW_YEAR, before, booking_state(appointment(1), appointment(2, start="2024-01-05T10:00:00+01:00")))


def test_a_bare_booking_means_any_booking():
    assert criterion({"booking": None}).kind == "booking"
    assert met({"booking": None}, EMPTY, booking_state(appointment(1, kind="oppmøte", practitioner="ingar")))
    assert not met({"booking": None}, EMPTY, EMPTY)


# --- booking_cancelled ---


def test_cancelling_a_booking_that_was_there_counts():
    before = booking_state(appointment(1))
    assert met({"booking_cancelled": {"kind": "video"}}, before, booking_state(appointment(1, status="avbestilt")))


def test_booking_and_cancelling_during_the_task_counts_as_cancelled():
    assert met({"booking_cancelled": None}, EMPTY, booking_state(appointment(1, status="avbestilt")))


def test_a_booking_cancelled_before_the_task_does_not_count():
    before = booking_state(appointment(1, status="avbestilt"))
    assert not met({"booking_cancelled": None}, before, booking_state(appointment(1, status="avbestilt")))


def test_a_live_booking_is_not_cancelled():
    before = booking_state(appointment(1))
    assert not met({"booking_cancelled": {"kind": "video"}}, before, booking_state(appointment(1)))
    assert not met({"booking_cancelled": {"kind": "telefon"}}, before, booking_state(appointment(1, status="avbestilt")))


# --- time_wish ---


def test_a_time_wish_to_the_practitioner_counts():
    assert met({"time_wish": {"practitioner": "august"}}, EMPTY, booking_state(wishes=[wish(1)]))


def test_a_time_wish_to_someone_else_or_from_before_does_not_count():
    assert not met({"time_wish": {"practitioner": "august"}}, EMPTY, booking_state(wishes=[wish(1, "astrid")]))
    before = booking_state(wishes=[wish(1)])
    assert not met({"time_wish": {"practitioner": "august"}}, before, booking_state(wishes=[wish(1)]))


# --- message_sent ---


def test_a_new_thread_to_the_service_counts():
    now = inbox_state(thread("m1", "kontakt-legekontoret", message()))
    assert met({"message_sent": {"service": "kontakt-legekontoret"}}, EMPTY, now)


def test_a_message_to_another_service_does_not_count():
    now = inbox_state(thread("m1", "e-konsultasjon", message()))
    assert not met({"message_sent": {"service": "kontakt-legekontoret"}}, EMPTY, now)
    assert met({"message_sent": None}, EMPTY, now)


def test_a_draft_never_sent_does_not_count():
    draft = {"service": "kontakt-legekontoret", "subject": "Attest", "text": "Kan jeg …", "saved_at": "2023-12-07T10:30:00", "attachments": []}
    now = inbox_state(drafts=[draft])
    assert not met({"message_sent": {"service": "kontakt-legekontoret"}}, EMPTY, now)


def test_a_reply_in_a_thread_from_the_scenario_counts():
    before = inbox_state(thread("s1", "kontakt-legekontoret", message(), message("office", "Ja.")))
    now = inbox_state(thread("s1", "kontakt-legekontoret", message(), message("office", "Ja."), message(text="Takk")))
    assert met({"message_sent": {"service": "kontakt-legekontoret"}}, before, now)


def test_messages_that_were_there_and_the_offices_answers_do_not_count():
    before = inbox_state(thread("s1", "kontakt-legekontoret", message()))
    now = inbox_state(thread("s1", "kontakt-legekontoret", message(), message("office", "Svar")))
    assert not met({"message_sent": None}, before, now)


# --- renewal_requested ---


def test_a_renewal_naming_the_medicine_among_the_chosen_prescriptions_counts():
    chosen = [{"name": "Albyl-E", "strength": "75 mg"}, {"name": "Levaxin", "strength": "50 mikrog"}]
    now = inbox_state(thread("m1", "forny-resept", message(text="", prescriptions=chosen)))
    assert met({"renewal_requested": {"medicine": "albyl-e"}}, EMPTY, now)
    assert not met({"renewal_requested": {"medicine": "Paracet"}}, EMPTY, now)


def test_a_renewal_naming_the_medicine_in_its_text_counts():
    now = inbox_state(thread("m1", "forny-resept", message(text="Jeg trenger ny resept på Albyl-E 75 mg.")))
    assert met({"renewal_requested": {"medicine": "Albyl-E"}}, EMPTY, now)
    assert met({"renewal_requested": None}, EMPTY, now)


def test_the_medicine_named_to_another_service_or_in_a_draft_is_no_renewal():
    draft = {"service": "forny-resept", "subject": "Resept", "text": "Albyl-E", "saved_at": "2023-12-07T10:30:00", "attachments": []}
    now = inbox_state(thread("m1", "kontakt-legekontoret", message(text="Albyl-E")), drafts=[draft])
    assert not met({"renewal_requested": {"medicine": "Albyl-E"}}, EMPTY, now)


# --- page_visited ---


def test_a_page_seen_during_the_task_counts_whatever_its_query():
    assert met({"page_visited": "/forny-resept"}, EMPTY, EMPTY, ["/", "/forny-resept?fra=forside"])
    assert not met({"page_visited": "/forny-resept"}, EMPTY, EMPTY, ["/", "/fastlege"])


def test_a_star_stands_for_the_rest_of_the_path():
    assert met({"page_visited": "/innboks/*"}, EMPTY, EMPTY, ["/innboks/m3"])
    assert not met({"page_visited": "/innboks/*"}, EMPTY, EMPTY, ["/innboks"])


# --- all and any ---


def test_all_needs_every_part_and_any_one_of_them():
    now = booking_state(appointment(1))
    parts = [VIDEO_AFTER_NEW_YEAR, {"page_visited": "/timeavtaler"}]
    assert not met({"all": parts}, EMPTY, now, ["/"])
    assert met({"all": parts}, EMPTY, now, ["/", "/timeavtaler"])
    assert met({"any": parts}, EMPTY, now, ["/"])
    assert not met({"any": parts}, EMPTY, EMPTY, ["/"])


def test_a_criterion_reads_only_the_sections_it_needs():
    assert criterion({"page_visited": "/"}).sections() == set()
    assert criterion({"any": [{"booking": None}, {"message_sent": None}]}).sections() == {"booking", "inbox"}
    assert criterion({"all": [{"page_visited": "/"}, {"time_wish": None}]}).reads_pages()
    assert not criterion({"booking": None}).reads_pages()


@pytest.mark.parametrize("data", [{}, {"booking": None, "page_visited": "/"}, {"page_visited": None}, {"all": []}])
def test_a_criterion_is_exactly_one_question(data):
    with pytest.raises(ValueError):
        criterion(data)
