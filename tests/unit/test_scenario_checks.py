"""Scenarios that hold together: the front page's counts come from the inbox
and the events, a message's closed period from the calendar, each file has
its own place on /_sim/, and the clock starts at a time of the scenario's day."""

import datetime as dt

import pytest
from click.testing import CliRunner

from portal.cli import main
from portal.scenario_checks import periods
from portal.scenarios import ScenarioError, load_scenarios, parse_scenario

from .test_scenarios import REPO_SCENARIOS, VALID, problems, write


def with_lines(*lines: str) -> str:
    return VALID + "\n".join(lines) + "\n"


UNREAD_THREAD = """\
inbox:
  - subject: Svar på blodprøvene
    service: e-konsultasjon
    read: false
    messages:
      - from: office
        at: 2023-12-05 10:00
        text: Blodprøvene var fine.
"""


def test_every_shipped_scenario_holds_together():
    for scenario in load_scenarios(REPO_SCENARIOS).values():
        if scenario.persona.new_messages is not None:
            assert scenario.persona.new_messages == scenario.unread_threads, scenario.id
        if scenario.persona.new_events is not None:
            assert scenario.persona.new_events == scenario.new_events, scenario.id
    assert load_scenarios(REPO_SCENARIOS)["alle-tjenester-av"].unread_threads == 3102


def test_new_messages_must_agree_with_the_inbox(tmp_path):
    path = write(tmp_path, VALID.replace("  name: Line\n", "  name: Line\n  new_messages: 3\n"))
    assert problems(path) == [
        f"{path}:5: persona.new_messages: sier 3, men innboksen har 0 uleste tråder: legg dem inn i inbox (read: false) eller inbox_generated, eller fjern feltet"
    ]
    agreeing = VALID.replace("  name: Line\n", "  name: Line\n  new_messages: 1\n") + UNREAD_THREAD
    assert parse_scenario(write(tmp_path, agreeing)).unread_threads == 1


def test_made_up_threads_count_towards_new_messages(tmp_path):
    text = VALID.replace("  name: Line\n", "  name: Line\n  new_messages: 3102\n") + UNREAD_THREAD + "inbox_generated:\n  threads: 3101\n  unread: 3101\n"
    assert parse_scenario(write(tmp_path, text)).unread_threads == 3102
    path = write(tmp_path, VALID + "inbox_generated:\n  threads: 3\n  unread: 4\n")
    assert problems(path) == [f"{path}:21: inbox_generated: unread (4) kan ikke være flere enn threads (3)"]


def test_new_events_must_agree_with_the_events(tmp_path):
    path = write(tmp_path, VALID.replace("  name: Line\n", "  name: Line\n  new_events: 1\n"))
    assert problems(path) == [f"{path}:5: persona.new_events: sier 1, men events har 0 nye hendelser (read: false): legg dem inn i events, eller fjern feltet"]
    events = "events:\n  - at: 2023-12-06 16:45\n    title: Resept utlevert\n    read: false\n  - at: 2023-12-01\n    title: Ny resept\n"
    scenario = parse_scenario(write(tmp_path, VALID.replace("  name: Line\n", "  name: Line\n  new_events: 1\n") + events))
    assert scenario.new_events == 1 and scenario.events[1].at == dt.datetime(2023, 12, 1)


CLOSED = "På grunn av ferieavvikling er det ikke tilgjengelig timer i perioden 22. desember til 2. januar."


def test_a_message_that_says_no_times_must_have_a_calendar_without_them(tmp_path):
    text = VALID.replace("  bestill-time:\n    offered: true\n", f"  bestill-time:\n    offered: true\n    message: {CLOSED}\n")
    path = write(tmp_path, text)  # the GP's default week has times then
    assert problems(path) == [
        f"{path}:14: services.bestill-time.message: sier at det ikke er ledige timer 22. desember 2023–2. januar 2024, men Mathias har ledige timer da "
        "(22. desember 2023 kl. 08:30): gi behandlerne fravær (practitioners: absences) i perioden, eller endre meldingen"
    ]
    calendar = (
        "practitioners:\n  - id: mathias\n    name: Mathias\n    slots:\n      - weekdays: [mon, fri]\n        times: [\"08:30\"]\n"
        "    absences:\n      - from: 2023-12-22\n        to: 2024-01-02\n"
    )
    assert parse_scenario(write(tmp_path, text + calendar)).id == "test"


def test_fravaer_is_fixed_its_calendar_has_no_times_in_the_christmas_holiday():
    """The issue's example: fravær's message said no times 22 December – 2 January while Astrid offered 27–29 December."""
    scenario = parse_scenario(REPO_SCENARIOS / "fravaer.yaml")
    assert scenario.practitioners[0].absences[0].start == dt.date(2023, 12, 22)


@pytest.mark.parametrize(
    "text, today, expected",
    [
        ("i perioden 22. desember til 2. januar", dt.date(2023, 12, 7), [(dt.date(2023, 12, 22), dt.date(2024, 1, 2))]),
        ("fra 27. desember–29. desember", dt.date(2023, 12, 27), [(dt.date(2023, 12, 27), dt.date(2023, 12, 29))]),
        ("2. januar til 5. januar", dt.date(2023, 12, 7), [(dt.date(2024, 1, 2), dt.date(2024, 1, 5))]),
        ("1. mars 2024 - 3. mars 2024", dt.date(2023, 12, 7), [(dt.date(2024, 3, 1), dt.date(2024, 3, 3))]),
        ("frem til 2. januar", dt.date(2023, 12, 7), []),
        ("31. februar til 2. mars", dt.date(2023, 12, 7), []),
    ],
)
def test_periods_are_read_as_dates_around_the_scenarios_day(text, today, expected):
    assert periods(text, today) == expected


def test_two_files_cannot_share_a_place_on_the_dashboard(tmp_path):
    write(tmp_path, VALID.replace("title: Test\n", "title: Test\norder: 5\n"), "a.yaml")
    write(tmp_path, VALID.replace("title: Test\n", "title: Test\norder: 5\n"), "b.yaml")
    write(tmp_path, VALID, "c.yaml")  # no order of its own: no clash with d
    write(tmp_path, VALID, "d.yaml")
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(tmp_path)
    assert [str(p) for p in caught.value.problems] == [f"{tmp_path / 'b.yaml'}:2: order: 5 er også plassen til a.yaml: hvert scenario trenger sin egen"]

    result = CliRunner().invoke(main, ["scenarios", "validate", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")])
    assert result.exit_code == 1 and "b.yaml:2: order: 5 er også plassen til a.yaml" in result.output


def test_the_clock_starts_at_a_time_of_the_scenarios_day(tmp_path):
    assert parse_scenario(write(tmp_path, VALID)).start_time == dt.time(10, 0)
    assert parse_scenario(write(tmp_path, VALID + 'start_time: "08:15"\n')).start_time == dt.time(8, 15)
    path = write(tmp_path, VALID + "start_time: 10:15\n")
    assert problems(path) == [f"{path}:21: start_time: klokkeslett må stå i anførselstegn, for eksempel \"10:00\" (YAML leste 615)"]
