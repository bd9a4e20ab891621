"""The front page's notices and the events they open («Hendelser»)."""

import re


def test_du_har_nye_hendelser_opens_the_events_which_are_then_seen(client, start, state, csrf_token):
    start("ny-forside")
    front = client.get("/").get_data(as_text=True)
    assert re.search(r'<a class="notice__link" href="/hendelser">.*Du har nye hendelser <span class="badge">1</span>', front)
    html = client.get("/hendelser").get_data(as_text=True)
    titles = re.findall(r'<h2 class="event__title">([^<]+?)(?: <span class="tag">Ny</span>)?</h2>', html)
    assert titles == ["Prøvesvar er klare", "Resept utlevert"]  # newest first
    assert html.count('<span class="tag">Ny</span>') == 1 and "6. des. 2023, kl. 15:20" in html
    assert "Du har nye hendelser" not in client.get("/").get_data(as_text=True)
    assert '<span class="tag">Ny</span>' not in client.get("/hendelser").get_data(as_text=True)
    assert state()["persona"]["new_events"] == 1  # the scenario's count at the start

    client.post("/_sim/reset", data={"csrf_token": csrf_token(client), "next": "/"})
    assert "Du har nye hendelser" in client.get("/").get_data(as_text=True)


def test_a_scenario_without_events_says_so(client, start):
    start("alle-tjenester-pa")
    assert "Du har nye hendelser" not in client.get("/").get_data(as_text=True)
    assert "Du har ingen hendelser." in client.get("/hendelser").get_data(as_text=True)
