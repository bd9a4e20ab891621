"""Practitioners and slots in scenario files: good ones load, bad ones are explained."""

import datetime as dt

from tests.unit.test_scenarios import VALID, problems, write

from portal.scenarios import parse_scenario

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
    assert astrid.title == "Fastlege" and astrid.own_gp
    assert astrid.slots[0].times == (dt.time(8, 30), dt.time(9, 0))
    assert astrid.slots[0].weekdays == ("mon", "wed")
    assert astrid.extra_slots[0].duration == 20 and astrid.extra_slots[0].kind == "haste"
    assert (astrid.absences[0].start, astrid.absences[0].end) == (dt.date(2023, 12, 22), dt.date(2024, 1, 2))


def test_a_file_without_practitioners_still_loads(tmp_path):
    assert parse_scenario(write(tmp_path, VALID)).practitioners == ()


def test_an_unquoted_time_that_yaml_reads_as_a_number_is_explained(tmp_path):
    path = write(tmp_path, VALID + PRACTITIONERS.replace('["08:30", "09:00"]', '["08:30", 10:00]'))
    assert problems(path) == [f'{path}:{FIRST + 6}: practitioners.0.slots.0.times: klokkeslett må stå i anførselstegn, for eksempel "10:00" (YAML leste 600)']


def test_a_time_that_is_not_a_time_is_explained(tmp_path):
    path = write(tmp_path, VALID + PRACTITIONERS.replace('"09:00"', '"25:00"'))
    assert problems(path) == [f'{path}:{FIRST + 6}: practitioners.0.slots.0.times: «25:00» er ikke et klokkeslett TT:MM, for eksempel "08:30"']


def test_unknown_kind_and_weekday_name_the_valid_ones(tmp_path):
    path = write(tmp_path, VALID + PRACTITIONERS.replace("kind: telefon", "kind: telefonn").replace("[mon, wed]", "[man, wed]"))
    found = problems(path)
    assert f"{path}:{FIRST + 5}: practitioners.0.slots.0.weekdays.0: må være en av: mon, tue, wed, thu, fri, sat, sun" in found
    assert f"{path}:{FIRST + 8}: practitioners.0.slots.0.kind: må være en av: oppmøte, video, telefon, haste" in found


def test_an_absence_that_ends_before_it_starts_is_refused(tmp_path):
    path = write(tmp_path, VALID + PRACTITIONERS.replace("to: 2024-01-02", "to: 2023-12-02"))
    assert problems(path) == [f"{path}:{FIRST + 14}: practitioners.0.absences.0: «to» kan ikke være før «from»"]


def test_unknown_keys_duplicate_ids_and_two_own_gps_are_refused(tmp_path):
    path = write(tmp_path, VALID + PRACTITIONERS.replace("    own_gp: true\n", "    own_gp: true\n    alder: 50\n"))
    assert problems(path) == [f"{path}:{FIRST + 4}: practitioners.0.alder: ukjent felt"]

    second = "  - id: astrid\n    name: Astrid B\n    own_gp: true\n"
    path = write(tmp_path, VALID + PRACTITIONERS + second)
    assert problems(path) == [f"{path}:{FIRST}: practitioners: hver behandler må ha sin egen id"]
    path = write(tmp_path, VALID + PRACTITIONERS + second.replace("id: astrid", "id: ingar"))
    assert problems(path) == [f"{path}:{FIRST}: practitioners: bare én behandler kan være pasientens fastlege (own_gp: true)"]


def test_an_id_must_be_fit_for_an_address(tmp_path):
    path = write(tmp_path, VALID + PRACTITIONERS.replace("id: astrid", "id: Astrid Ås"))
    assert problems(path) == [f"{path}:{FIRST + 1}: practitioners.0.id: kan bare ha små bokstaver a–z, sifre og bindestrek"]
