"""Søk over the sandbox's pages, and Logg ut: what a logged-out browser may still reach."""


def test_search_page_lists_only_services_whose_button_shows(client):
    client.get("/_sim/start/anbefalt-losning-1")  # only Kontakt legekontoret is on
    html = client.get("/sok?q=resept").get_data(as_text=True)
    assert "Ingen treff på «resept»" in html
    html = client.get("/sok?q=resepsjon").get_data(as_text=True)
    assert "1 treff på «resepsjon»" in html and 'href="/kontakt-legekontoret"' in html


def test_a_search_longer_than_the_limit_is_refused_in_norwegian(client):
    response = client.get("/sok?q=" + "x" * 201)
    assert response.status_code == 422
    assert "Søket kan ha høyst 200 tegn." in response.get_data(as_text=True)


def test_logging_out_needs_the_csrf_token(client):
    client.get("/")
    assert client.post("/logg-ut").status_code == 400
    assert client.get("/").status_code == 200


def test_logged_out_only_the_logged_out_page_and_the_simulator_answer(client, csrf_token):
    client.get("/_sim/start/alle-tjenester-pa")
    response = client.post("/logg-ut", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 303 and response.location == "/logget-ut"
    for path in ("/", "/innboks", "/timeavtaler/bestill", "/sok?q=time", "/meny", "/profil", "/vedlegg/1"):
        response = client.get(path)
        assert (response.status_code, response.location) == (303, "/logget-ut"), path
    assert client.get("/", headers={"HX-Request": "true"}).headers["HX-Redirect"] == "/logget-ut"
    assert client.get("/logget-ut").status_code == 200
    assert client.get("/_sim/health").status_code == 200
    assert client.get("/_sim/state").get_json()["login"] == {"logged_in": False}

    client.post("/logg-inn", data={"csrf_token": csrf_token(client, "/logget-ut")})
    assert client.get("/").status_code == 200
    assert client.get("/logget-ut").location == "/"


def test_a_new_scenario_starts_logged_in(client, csrf_token):
    client.get("/_sim/start/alle-tjenester-pa")
    client.post("/logg-ut", data={"csrf_token": csrf_token(client, "/")})
    client.get("/_sim/start/ny-forside")
    assert client.get("/").status_code == 200
