"""A service's pages while it is off or while the office is absent on it."""

import pytest

# Every kind of page a service has: the generic page, a message form, the booking's steps.
PAGES = {
    "forny-resept": ["/tjenester/forny-resept", "/forny-resept"],
    "bestill-time": [
        "/timeavtaler/bestill",
        "/timeavtaler/bestill/astrid",
        "/timeavtaler/bestill/astrid/bekreft?tid=2023-12-14T10:00",
        "/timeavtaler/bestill/astrid/foresla-tidspunkt",
    ],
}


@pytest.mark.parametrize("path", [path for paths in PAGES.values() for path in paths])
def test_a_service_that_is_off_answers_with_a_real_page(client, start, path):
    start("alle-tjenester-av")
    response = client.get(path)
    assert response.status_code == 200
    assert "Fastlegen din tilbyr ikke denne tjenesten på Helsenorge nå." in response.get_data(as_text=True)


def test_an_absent_service_shows_the_absence_and_refuses_a_request_sent_anyway(client, start, csrf_token):
    start("fravaer")
    page = client.get("/forny-resept")
    assert page.status_code == 200 and "Legekontoret har fravær" in page.get_data(as_text=True)
    refused = client.post("/forny-resept", data={"csrf_token": csrf_token(client), "subject": "Resept", "body": "Hei", "action": "send"})
    assert refused.status_code == 409 and "Legekontoret har fravær" in refused.get_data(as_text=True)
    assert client.get("/_sim/state").get_json()["inbox"]["threads"] == []
    assert client.get("/tjenester/bestill-time").status_code == 200  # on and present: the page as usual


def test_an_unknown_service_is_404(client):
    assert client.get("/tjenester/influensavaksine").status_code == 404
