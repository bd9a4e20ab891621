"""Who can answer a thread: not a closed e-consultation, nor a service nobody reads."""

import pytest

from portal.messages.inbox import CLOSED_BY_PRACTITIONER, ThreadView
from portal.rules import ServiceState


def thread(closed_code=None):
    return ThreadView("s1", "e-konsultasjon", "Utslett", True, closed_code, True, [])


@pytest.mark.parametrize(
    ("service", "closed_code", "reason"),
    [
        (ServiceState("e-konsultasjon", on=True), None, None),
        (ServiceState("e-konsultasjon", on=True), CLOSED_BY_PRACTITIONER, "closed"),
        (ServiceState("e-konsultasjon", on=False), None, "off"),
        (ServiceState("e-konsultasjon", on=True, absent=True), None, "absent"),
        (ServiceState("e-konsultasjon", on=False), CLOSED_BY_PRACTITIONER, "closed"),
    ],
)
def test_a_reply_needs_an_open_thread_and_a_service_that_takes_requests(service, closed_code, reason):
    assert thread(closed_code).why_no_reply(service) == reason
