"""Study files: the bundled ones load, bad ones are explained by file, line and field."""

import json
import textwrap
from pathlib import Path

import pytest

from portal.scenarios import load_scenarios
from portal.studies.study import StudyError, StudyLibrary, json_schema, load_studies, parse_study

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = load_scenarios(ROOT / "scenarios")

VALID = """\
title: Test
scenario: ferie-timebestilling
tasks:
  - id: video
    text: Bestill en videotime.
    time_limit: 4
    success:
      booking: {kind: video, practitioner: astrid}
  - id: se-timene
    text: Finn timene dine.
    finish: participant
    success:
      page_visited: /timeavtaler
"""


def write(folder, text, name="test.yaml"):
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path, scenarios=SCENARIOS):
    with pytest.raises(StudyError) as caught:
        parse_study(path, scenarios)
    return [str(p) for p in caught.value.problems]


def test_the_bundled_studies_load_on_the_bundled_scenarios():
    studies = load_studies(ROOT / "studies", SCENARIOS)
    assert set(studies) == {"juleferie", "timebestilling"}
    assert (studies["juleferie"].scenario, studies["timebestilling"].scenario) == ("fravaer", "ferie-timebestilling")
    assert all(len(study.tasks) >= 4 for study in studies.values())


def test_a_valid_file_gives_a_typed_study(tmp_path):
    study = parse_study(write(tmp_path, VALID, "min-studie.yaml"), SCENARIOS)
    assert study.id == "min-studie"
    assert [t.id for t in study.tasks] == ["video", "se-timene"]
    assert (study.tasks[0].time_limit, study.tasks[0].finish, study.tasks[1].finish) == (4, "auto", "participant")
    assert study.tasks[0].success.value.kind == "video"
    assert study.task(2) is None


def test_each_problem_names_file_line_and_field_in_norwegian(tmp_path):
    text = VALID.replace("time_limit: 4", "time_limit: fire").replace("kind: video", "kind: videotime").replace(
        "      page_visited: /timeavtaler", "      page_visited: /timeavtaler\n      booking:"
    )
    path = write(tmp_path, text)
    assert problems(path) == [
        f"{path}:6: tasks.0.time_limit: må være et heltall",
        f"{path}:8: tasks.0.success.booking.kind: må være en av: oppmøte, video, telefon, haste",
        f"{path}:12: tasks.1.success: skriv nøyaktig ett kriterium, ett av: booking, booking_cancelled, time_wish, "
        "message_sent, renewal_requested, page_visited, all, any",
    ]


def test_names_must_exist_in_the_scenario_and_the_catalogue(tmp_path):
    text = VALID.replace("practitioner: astrid", "practitioner: kari").replace(
        "page_visited: /timeavtaler", "any:\n        - message_sent: {service: bestill-time}\n        - page_visited: /x"
    )
    path = write(tmp_path, text)
    assert problems(path) == [
        f"{path}:8: tasks.0.success.booking.practitioner: «kari» er ikke en behandler i ferie-timebestilling. Gyldige: astrid, august, ingar",
        f"{path}:14: tasks.1.success.any.0.message_sent.service: må være en av: forny-resept, e-konsultasjon, kontakt-legekontoret",
    ]
    assert problems(write(tmp_path, VALID.replace("ferie-timebestilling", "sommer"))) == [
        f"{tmp_path / 'test.yaml'}:2: scenario: «sommer» er ikke et scenario. Gyldige: {', '.join(SCENARIOS)}"
    ]


def test_task_ids_are_unique_and_times_are_minutes_within_limits(tmp_path):
    path = write(tmp_path, VALID.replace("time_limit: 4", "time_limit: 500"))
    assert problems(path) == [f"{path}:6: tasks.0.time_limit: kan være høyst 180"]
    path = write(tmp_path, VALID.replace("id: se-timene", "id: video"))
    assert problems(path) == [f"{path}:3: tasks: hver oppgave må ha sin egen id"]


def test_yaml_that_would_be_read_wrongly_is_refused(tmp_path):
    path = write(tmp_path, VALID.replace("title: Test", "title: Test\ntitle: To ganger"))
    assert problems(path) == [f"{path}:2: title: står to ganger"]
    path = write(tmp_path, "title: [\n")
    assert problems(path)[0].startswith(f"{path}:2: (fil): ugyldig YAML")


def test_a_folder_of_ones_own_must_be_right_but_the_bundled_studies_wait_for_their_scenarios(tmp_path):
    write(tmp_path, VALID.replace("ferie-timebestilling", "sommer"), "sommer.yaml")
    write(tmp_path, VALID, "god.yaml")
    with pytest.raises(StudyError):
        load_studies(tmp_path, SCENARIOS)
    assert list(load_studies(tmp_path, SCENARIOS, strict=False)) == ["god"]


def test_the_library_reads_a_changed_file_again_and_keeps_the_last_good_set(tmp_path):
    path = write(tmp_path, VALID, "demo.yaml")
    library = StudyLibrary(tmp_path, lambda: SCENARIOS, interval=0)
    path.write_text(VALID.replace("title: Test", "title: Endret"), encoding="utf-8")
    assert str(library.refresh()["demo"].title) == "Endret"
    path.write_text(VALID.replace("time_limit: 4", "time_limit: null\n    tid: 4"), encoding="utf-8")
    assert str(library.refresh()["demo"].title) == "Endret"
    assert [str(p) for p in library.problems] == [f"{path}:7: tasks.0.tid: ukjent felt"]


def test_the_schema_describes_the_criteria():
    schema = json.loads(json_schema())
    assert schema["required"] == ["title", "scenario", "tasks"]
    criterion = schema["$defs"]["Criterion"]
    assert set(criterion["properties"]) == {
        "booking", "booking_cancelled", "time_wish", "message_sent", "renewal_requested", "page_visited", "all", "any"
    }  # fmt: skip
    assert (criterion["minProperties"], criterion["maxProperties"]) == (1, 1)


def test_every_text_of_the_bundled_studies_is_in_every_language():
    from portal.i18n import LANGUAGES

    missing = [
        f"{study.id}: {where} ({code})"
        for study in load_studies(ROOT / "studies", SCENARIOS).values()
        for where, text in [("title", study.title), ("description", study.description), *((f"tasks.{t.id}.text", t.text) for t in study.tasks)]
        for code in LANGUAGES
        if text.get("nb") and code not in text.texts
    ]
    assert missing == []


def test_a_task_text_per_language_is_checked_like_a_scenario_text(tmp_path):
    path = tmp_path / "flere-sprak.yaml"
    path.write_text(VALID.replace("text: Bestill en videotime.", "text: {nn: Bestill ein videotime., de: Termin}"), encoding="utf-8")
    with pytest.raises(StudyError) as found:
        parse_study(path, SCENARIOS)
    messages = {(p.field, str(p.message)) for p in found.value.problems}
    assert ("tasks.0.text.nb", "mangler: teksten på bokmål (nb) må alltid være med") in messages
    assert ("tasks.0.text.de", "ukjent språk; bruk nb, nn, en") in messages
