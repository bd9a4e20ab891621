"""Scenario files: good ones load, bad ones are explained by file, line and field."""

import datetime as dt
import json
import textwrap
import threading
from pathlib import Path

import pytest

from portal.scenarios import ScenarioError, ScenarioLibrary, json_schema, load_scenarios, parse_scenario, scenario_model
from portal.services.catalog import GP_SERVICES, Catalog

REPO_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

VALID = """\
title: Test
today: 2023-12-07
persona:
  name: Line
gp:
  name: Mathias
office:
  name: DDFL Test
panel:
  message: Hei
services:
  bestill-time:
    offered: true
  forny-resept:
    offered: false
  e-konsultasjon:
    offered: false
  kontakt-legekontoret:
    offered: true
    message: Ferie
"""


def write(tmp_path, text, name="test.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(path)
    return [str(p) for p in caught.value.problems]


def test_the_shipped_scenarios_load():
    scenarios = load_scenarios(REPO_SCENARIOS)
    assert {"alle-tjenester-pa", "alle-tjenester-av", "anbefalt-losning-1", "anbefalt-losning-2"} <= set(scenarios)
    assert list(scenarios)[:4] == ["alle-tjenester-pa", "alle-tjenester-av", "anbefalt-losning-1", "anbefalt-losning-2"]


def test_a_valid_file_gives_a_typed_scenario(tmp_path):
    scenario = parse_scenario(write(tmp_path, VALID, "min-test.yaml"))
    assert scenario.id == "min-test"
    assert scenario.today.isoformat() == "2023-12-07"
    assert str(scenario.services.by_id()["kontakt-legekontoret"].message) == "Ferie"
    assert scenario.persona.new_messages is None and scenario.unread_threads == 0 and scenario.start_time.isoformat() == "10:00:00"


def test_wrong_type_names_file_line_and_field(tmp_path):
    path = write(tmp_path, VALID.replace("offered: false\n  e-konsultasjon", "offered: kanskje\n  e-konsultasjon"))
    assert problems(path) == [f"{path}:15: services.forny-resept.offered: må være true eller false"]


def test_unknown_service_is_an_error(tmp_path):
    path = write(tmp_path, VALID.replace("  kontakt-legekontoret:", "  kontakt-legekontor:"))
    found = problems(path)
    assert f"{path}:18: services.kontakt-legekontor: ukjent felt" in found
    assert f"{path}:11: services.kontakt-legekontoret: mangler (feltet er påkrevd)" in found


def test_unknown_key_is_an_error(tmp_path):
    path = write(tmp_path, VALID.replace("persona:\n  name: Line", "persona:\n  name: Line\n  alder: 42"))
    assert problems(path) == [f"{path}:5: persona.alder: ukjent felt"]


def test_panel_message_of_201_characters_is_refused(tmp_path):
    path = write(tmp_path, VALID.replace("message: Hei", "message: " + "x" * 201))
    assert problems(path) == [f"{path}:10: panel.message: Feltet kan kun inneholde 200 tegn! (har 201)"]


def test_panel_message_of_200_characters_is_accepted(tmp_path):
    assert len(parse_scenario(write(tmp_path, VALID.replace("message: Hei", "message: " + "x" * 200))).panel.message.get("nb")) == 200


def test_service_message_of_301_characters_is_refused(tmp_path):
    path = write(tmp_path, VALID.replace("message: Ferie", "message: " + "y" * 301))
    assert problems(path) == [f"{path}:20: services.kontakt-legekontoret.message: Feltet kan kun inneholde 300 tegn! (har 301)"]


def test_a_bare_on_key_is_explained(tmp_path):
    path = write(tmp_path, VALID.replace("bestill-time:\n    offered: true", "bestill-time:\n    on: true"))
    assert f"{path}:13: services.bestill-time.on: YAML leser «on» som sann/usann; sett nøkkelen i anførselstegn" in problems(path)


def test_a_duplicate_key_is_an_error(tmp_path):
    path = write(tmp_path, VALID.replace("title: Test\n", "title: Test\ntitle: Igjen\n"))
    assert problems(path) == [f"{path}:2: title: står to ganger"]


def test_broken_yaml_names_its_line(tmp_path):
    path = write(tmp_path, VALID.replace("  name: Mathias", "  name: [Mathias"))
    [problem] = problems(path)
    assert problem.startswith(f"{path}:") and "ugyldig YAML" in problem


def test_a_date_with_time_is_refused(tmp_path):
    path = write(tmp_path, VALID.replace("today: 2023-12-07", "today: 2023-12-07 10:00:00"))
    assert problems(path) == [f"{path}:2: today: må være en dato (ÅÅÅÅ-MM-DD) uten klokkeslett"]


def test_all_problems_of_a_folder_are_reported_together(tmp_path):
    write(tmp_path, VALID.replace("title: Test", "title: ''"), "a.yaml")
    write(tmp_path, VALID.replace("  name: Line", "  name: 7"), "b.yaml")
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(tmp_path)
    assert [(p.path.name, p.field) for p in caught.value.problems] == [("a.yaml", "title"), ("b.yaml", "persona.name")]


def test_the_schema_describes_the_format_with_the_catalogues_services(with_flu):
    schema = json.loads(json_schema())
    assert schema["additionalProperties"] is False
    assert set(schema["$defs"]["Services"]["properties"]) == {"bestill-time", "forny-resept", "e-konsultasjon", "kontakt-legekontoret"}
    assert "influensavaksine" in json.loads(json_schema(with_flu))["$defs"]["Services"]["properties"]
    assert scenario_model(with_flu) is scenario_model(Catalog(with_flu))  # one model per set of services


def test_a_scenario_lists_exactly_the_catalogues_services(tmp_path, with_flu):
    flu = "  influensavaksine:\n    offered: true\n"
    scenario = parse_scenario(write(tmp_path, VALID + flu), catalog=with_flu)
    assert list(scenario.services.by_id()) == [*GP_SERVICES.ids, "influensavaksine"]
    assert scenario.services.by_id()["influensavaksine"].on is True
    with pytest.raises(ScenarioError) as missing:
        parse_scenario(write(tmp_path, VALID), catalog=with_flu)
    assert [str(p) for p in missing.value.problems] == [f"{tmp_path / 'test.yaml'}:11: services.influensavaksine: mangler (feltet er påkrevd)"]
    path = write(tmp_path, VALID + flu)
    assert problems(path) == [f"{path}:{VALID.count(chr(10)) + 1}: services.influensavaksine: ukjent felt"]


def test_the_library_reads_a_changed_file_again(tmp_path):
    path = write(tmp_path, VALID, "demo.yaml")
    library = ScenarioLibrary(tmp_path, interval=0)
    path.write_text(VALID.replace("title: Test", "title: Endret tittel"), encoding="utf-8")
    assert str(library.refresh()["demo"].title) == "Endret tittel"


def test_a_new_set_replaces_the_old_whole_so_a_thread_holding_it_keeps_a_complete_one(tmp_path):
    write(tmp_path, VALID, "demo.yaml")
    library = ScenarioLibrary(tmp_path, interval=0)
    held = library.refresh()  # what a request in another thread is working with
    write(tmp_path, VALID, "andre.yaml")  # a scenario's id is its file name
    (tmp_path / "demo.yaml").unlink()
    assert list(library.refresh()) == ["andre"]
    assert list(held) == ["demo"] and str(held["demo"].title) == "Test"


def test_only_one_thread_reads_the_folder_while_the_others_go_on(tmp_path, monkeypatch):
    from portal import scenarios as module

    path = write(tmp_path, VALID, "demo.yaml")
    library = ScenarioLibrary(tmp_path, interval=0)
    reading, go_on = threading.Event(), threading.Event()
    real_load = module.load_scenarios

    def slow_load(folder, catalog):
        reading.set()
        go_on.wait(5)
        return real_load(folder, catalog)

    monkeypatch.setattr(module, "load_scenarios", slow_load)
    path.write_text(VALID.replace("title: Test", "title: Endret tittel"), encoding="utf-8")
    reader = threading.Thread(target=library.refresh)
    reader.start()
    assert reading.wait(5)
    assert str(library.refresh()["demo"].title) == "Test"  # at once, with the set it has
    go_on.set()
    reader.join(5)
    assert str(library.refresh()["demo"].title) == "Endret tittel"


def test_a_broken_edit_keeps_the_last_good_set_and_says_why(tmp_path):
    path = write(tmp_path, VALID, "demo.yaml")
    library = ScenarioLibrary(tmp_path, interval=0)
    path.write_text(VALID.replace("offered: true", "offered: ja takk", 1), encoding="utf-8")
    assert str(library.refresh()["demo"].title) == "Test"
    assert [str(p) for p in library.problems] == [f"{path}:13: services.bestill-time.offered: må være true eller false"]
    path.write_text(VALID, encoding="utf-8")
    library.refresh()
    assert library.problems == []
INBOX = """\
inbox:
  - subject: Utslett
    service: e-konsultasjon
    read: false
    closed_code: 13
    messages:
      - from: patient
        at: 2023-11-28 09:15
        text: Hei
      - from: office
        at: 2023-11-30
        text: Svar
"""


def test_inbox_threads_load_with_their_messages(tmp_path):
    scenario = parse_scenario(write(tmp_path, VALID + INBOX))
    thread = scenario.inbox[0]
    assert (thread.service, thread.read, thread.closed_code) == ("e-konsultasjon", False, 13)
    assert [m.sender for m in thread.messages] == ["patient", "office"]
    assert thread.messages[0].at.isoformat() == "2023-11-28T09:15:00"
    assert thread.messages[1].at.isoformat() == "2023-11-30T00:00:00"
    assert parse_scenario(write(tmp_path, VALID)).inbox == []


def test_bad_inbox_threads_name_line_and_field(tmp_path):
    bad = INBOX.replace("service: e-konsultasjon", "service: bestill-time").replace("closed_code: 13", "closed_code: 12")
    bad = bad.replace("from: patient", "from: lege").replace("at: 2023-11-30", "at: i går").replace("text: Svar", "tekst: Svar")
    found = problems(write(tmp_path, VALID + bad))
    start = VALID.count("\n")
    assert found == [
        f"{tmp_path / 'test.yaml'}:{start + 3}: inbox.0.service: må være en av: forny-resept, e-konsultasjon, kontakt-legekontoret",
        f"{tmp_path / 'test.yaml'}:{start + 5}: inbox.0.closed_code: må være en av: 13",
        f"{tmp_path / 'test.yaml'}:{start + 7}: inbox.0.messages.0.from: må være en av: patient, office",
        f"{tmp_path / 'test.yaml'}:{start + 10}: inbox.0.messages.1.text: mangler (feltet er påkrevd)",
        f"{tmp_path / 'test.yaml'}:{start + 11}: inbox.0.messages.1.at: må være dato og klokkeslett (ÅÅÅÅ-MM-DD TT:MM)",
        f"{tmp_path / 'test.yaml'}:{start + 12}: inbox.0.messages.1.tekst: ukjent felt",
    ]


def test_scenario_absence_and_new_front_page_load(tmp_path):
    text = VALID.replace("  name: Line", "  name: Tora Hansen").replace("offered: true\n", "offered: true\n    absent: true\n    absence_message: Borte\n", 1)
    scenario = parse_scenario(write(tmp_path, text + "front_page: ny\n"))
    assert scenario.front_page == "ny"
    assert scenario.persona.greeting_name == "Tora"
    assert scenario.services.by_id()["bestill-time"].absent is True


def test_absence_on_a_service_that_is_off_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, VALID.replace("offered: false\n", "offered: false\n    absent: true\n", 1))
    assert problems(path) == [f"{path}:14: services.forny-resept: fravær (absent: true) gjelder bare en tjeneste som er på (offered: true)"]


def test_an_unknown_front_page_is_an_error(tmp_path):
    path = write(tmp_path, VALID + "front_page: gammel\n")
    assert problems(path) == [f"{path}:{VALID.count(chr(10)) + 1}: front_page: må være en av: panel, ny"]


# --- Practitioners and their slots ---

PRACTITIONERS = """\
practitioners:
  - id: astrid
    name: Astrid
    own_gp: true
    slots:
      - weekdays: [mon, wed]
        times: ["08:30", "09:00"]
        duration: 20
        kind: telefon
    extra_slots:
      - date: 2023-12-21
        times: ["16:00"]
        kind: haste
    absences:
      - from: 2023-12-22
        to: 2024-01-02
"""
FIRST = VALID.count("\n") + 1  # the line of "practitioners:"


def test_practitioners_load_with_times_dates_and_defaults(tmp_path):
    scenario = parse_scenario(write(tmp_path, VALID + PRACTITIONERS))
    (astrid,) = scenario.practitioners
    assert str(astrid.title) == "Fastlege" and astrid.own_gp
    assert astrid.slots[0].times == (dt.time(8, 30), dt.time(9, 0))
    assert astrid.slots[0].weekdays == ("mon", "wed")
    assert astrid.extra_slots[0].duration == 20 and astrid.extra_slots[0].kind == "haste"
    assert (astrid.absences[0].start, astrid.absences[0].end) == (dt.date(2023, 12, 22), dt.date(2024, 1, 2))


def test_a_file_without_practitioners_still_loads(tmp_path):
    assert parse_scenario(write(tmp_path, VALID)).practitioners == ()


@pytest.mark.parametrize(
    "old, new, line, problem",
    [
        ('["08:30", "09:00"]', '["08:30", 10:00]', 6, 'slots.0.times: klokkeslett må stå i anførselstegn, for eksempel "10:00" (YAML leste 600)'),
        ('"09:00"', '"25:00"', 6, 'slots.0.times: «25:00» er ikke et klokkeslett TT:MM, for eksempel "08:30"'),
        ("to: 2024-01-02", "to: 2023-12-02", 14, "absences.0: «to» kan ikke være før «from»"),
        ("    own_gp: true\n", "    own_gp: true\n    alder: 50\n", 4, "alder: ukjent felt"),
        ("id: astrid", "id: Astrid Ås", 1, "id: kan bare ha små bokstaver a–z, sifre og bindestrek"),
    ],
)
def test_a_bad_practitioner_field_is_explained_with_its_line(tmp_path, old, new, line, problem):
    path = write(tmp_path, VALID + PRACTITIONERS.replace(old, new))
    assert problems(path) == [f"{path}:{FIRST + line}: practitioners.0.{problem}"]


def test_unknown_kind_and_weekday_name_the_valid_ones(tmp_path):
    path = write(tmp_path, VALID + PRACTITIONERS.replace("kind: telefon", "kind: telefonn").replace("[mon, wed]", "[man, wed]"))
    found = problems(path)
    assert f"{path}:{FIRST + 5}: practitioners.0.slots.0.weekdays.0: må være en av: mon, tue, wed, thu, fri, sat, sun" in found
    assert f"{path}:{FIRST + 8}: practitioners.0.slots.0.kind: må være en av: oppmøte, video, telefon, haste" in found


def test_duplicate_ids_and_two_own_gps_are_refused(tmp_path):
    second = "  - id: astrid\n    name: Astrid B\n    own_gp: true\n"
    path = write(tmp_path, VALID + PRACTITIONERS + second)
    assert problems(path) == [f"{path}:{FIRST}: practitioners: hver behandler må ha sin egen id"]
    path = write(tmp_path, VALID + PRACTITIONERS + second.replace("id: astrid", "id: ingar"))
    assert problems(path) == [f"{path}:{FIRST}: practitioners: bare én behandler kan være pasientens fastlege (own_gp: true)"]


# --- Texts per language ------------------------------------------------------------

PER_LANGUAGE = VALID.replace(
    "panel:\n  message: Hei\n",
    "panel:\n  message:\n    nb: Vi har ferie.\n    nn: Vi har ferie no.\n    en: We are on holiday.\n",
)


def test_a_text_may_be_one_for_every_language_or_one_per_language(tmp_path):
    scenario = parse_scenario(write(tmp_path, PER_LANGUAGE))
    message = scenario.panel.message
    assert (message.get("nb"), message.get("nn"), message.get("en")) == ("Vi har ferie.", "Vi har ferie no.", "We are on holiday.")
    title = scenario.title  # a plain string: the same in every language
    assert {title.get(code) for code in ("nb", "nn", "en")} == {"Test"}


def test_a_language_left_out_shows_bokmaal(tmp_path):
    path = write(tmp_path, VALID.replace("title: Test", "title:\n  nb: Ferie\n  en: Holiday"))
    title = parse_scenario(path).title
    assert (title.get("nn"), title.get("en")) == ("Ferie", "Holiday")


def test_per_language_errors_name_the_language(tmp_path):
    no_bokmaal = write(tmp_path, VALID.replace("title: Test", "title:\n  nn: Ferie"), "a.yaml")
    assert problems(no_bokmaal) == [f"{no_bokmaal}:1: title.nb: mangler: teksten på bokmål (nb) må alltid være med"]
    german = write(tmp_path, VALID.replace("title: Test", "title:\n  nb: Ferie\n  de: Urlaub"), "b.yaml")
    assert problems(german) == [f"{german}:3: title.de: ukjent språk; bruk nb, nn, en"]
    long_nynorsk = write(tmp_path, PER_LANGUAGE.replace("nn: Vi har ferie no.", "nn: " + "x" * 201), "c.yaml")
    assert problems(long_nynorsk) == [f"{long_nynorsk}:12: panel.message.nn: Feltet kan kun inneholde 200 tegn! (har 201)"]
    a_list = write(tmp_path, VALID.replace("title: Test", "title: [Test]"), "d.yaml")
    assert problems(a_list) == [f"{a_list}:1: title: må være tekst, eller tekst per språk (nb, nn, en)"]
    empty_subject = write(tmp_path, VALID + "inbox:\n  - subject: {nb: ''}\n    service: e-konsultasjon\n    messages:\n      - {from: patient, at: 2023-12-01, text: Hei}\n", "e.yaml")
    assert problems(empty_subject) == [f"{empty_subject}:22: inbox.0.subject.nb: kan ikke være tomt"]


def test_the_schema_knows_both_forms_and_each_languages_limit():
    schema = json.loads(json_schema())
    forms = schema["$defs"]["Panel"]["properties"]["message"]["oneOf"]
    assert forms[0] == {"type": "string", "maxLength": 200, "minLength": 0}
    per_language = schema["$defs"][forms[1]["$ref"].rsplit("/", 1)[1]]
    assert per_language["required"] == ["nb"] and per_language["additionalProperties"] is False
    assert {code: spec["maxLength"] for code, spec in per_language["properties"].items()} == {"nb": 200, "nn": 200, "en": 200}


def test_problems_and_the_schema_are_in_the_language_they_are_shown_in(tmp_path, monkeypatch):
    path = write(tmp_path, VALID.replace("offered: false\n  e-konsultasjon", "offered: kanskje\n  e-konsultasjon"))
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(path)
    monkeypatch.setenv("PORTAL_LANG", "en")
    assert [str(p) for p in caught.value.problems] == [f"{path}:15: services.forny-resept.offered: must be true or false"]
    assert json.loads(json_schema())["$defs"]["GeneralPractitioner"]["properties"]["name"]["description"] == "The GP's name, shown in “Your GP is <name>”."


def test_every_text_of_the_bundled_scenarios_is_in_every_language():
    from pydantic import BaseModel

    from portal.i18n import LANGUAGES, SOURCE, LocalText

    def texts(value, where):
        if isinstance(value, LocalText):
            yield where, value
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                yield from texts(getattr(value, name), f"{where}.{name}")
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                yield from texts(item, f"{where}.{i}")

    missing = [
        f"{where} ({code})"
        for scenario in load_scenarios(REPO_SCENARIOS).values()
        for where, text in texts(scenario.model, scenario.id)
        for code in LANGUAGES
        # A default (a practitioner's title «Fastlege») comes from the catalogues.
        if code != SOURCE and text.get(SOURCE) and code not in text.texts and isinstance(text.texts[SOURCE], str)
    ]
    assert missing == []
