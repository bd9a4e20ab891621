"""``portal studies`` and how study files meet the start of the simulator."""

import csv
import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from portal.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_list_and_validate_the_bundled_studies():
    result = run("studies", "list")
    assert result.exit_code == 0
    assert "timebestilling\tTimebestilling med den nye kalenderen\tferie-timebestilling" in result.output.splitlines()
    result = run("studies", "validate")
    assert (result.exit_code, result.output) == (0, "2 studiefiler er gyldige.\n")


def test_validate_prints_one_line_per_error_and_exits_1(tmp_path):
    bad = tmp_path / "jul.yaml"
    text = (ROOT / "studies" / "timebestilling.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("practitioner: ingar", "practitioner: nils").replace("time_limit: 4", "time_limit: 0", 1), encoding="utf-8")
    result = run("studies", "validate", str(bad))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}:") and lines[0].endswith("tasks.0.time_limit: må være minst 1")
    bad.write_text(text.replace("practitioner: ingar", "practitioner: nils"), encoding="utf-8")
    (line,) = run("studies", "validate", str(bad)).output.strip().splitlines()
    assert re.fullmatch(rf"{bad}:\d+: tasks\.2\.success\.booking\.practitioner: «nils» er ikke en behandler i ferie-timebestilling\. Gyldige: astrid, august, ingar", line)


def test_schema_is_json():
    schema = json.loads(run("studies", "schema").output)
    assert schema["title"] == "Helsenorge-simulator: UX-studie"


def test_serve_refuses_a_folder_of_studies_with_a_bad_file_and_names_it(tmp_path):
    (tmp_path / "ødelagt.yaml").write_text("title: Test\nscenario: finnes-ikke\ntasks: []\n", encoding="utf-8")
    result = run("serve", "--port", "0", env={"PORTAL_STUDIES": str(tmp_path), "PORTAL_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    assert "Studiefilene har feil, starter ikke" in result.output and "ødelagt.yaml:3: tasks: må ha minst ett element" in result.output
    result = run("serve", "--port", "0", env={"PORTAL_STUDIES": str(tmp_path / "mangler"), "PORTAL_INSTANCE": str(tmp_path)})
    assert result.output == f"Feil: Studiemappen {tmp_path / 'mangler'} finnes ikke.\n"


def test_scenarios_of_ones_own_leave_out_the_bundled_studies(make_app, tmp_path):
    shutil.copy(ROOT / "scenarios" / "alle-tjenester-pa.yaml", tmp_path / "alle-tjenester-pa.yaml")
    app = make_app(SCENARIOS_DIR=tmp_path)
    assert app.extensions["portal.study_library"].studies == {}
    shutil.copy(ROOT / "scenarios" / "fravaer.yaml", tmp_path / "fravaer.yaml")
    assert list(make_app(SCENARIOS_DIR=tmp_path).extensions["portal.study_library"].studies) == ["juleferie"]


def test_export_writes_the_table_and_the_charts(app, client, csrf_token, database_url, tmp_path):
    token = csrf_token(client, "/_sim/studier")
    client.post("/_sim/studier/juleferie/start", data={"csrf_token": token})
    client.post("/_sim/oppgave/start", data={"csrf_token": token, "next": "/"})
    client.get("/forny-resept")

    out = tmp_path / "ut"
    result = run("studies", "export", "juleferie", "--out", str(out), env={"DATABASE_URL": database_url, "PORTAL_INSTANCE": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"1 deltaker(e), 4 oppgave(r): {out / 'juleferie.csv'}, {out / 'juleferie.json'} og 12 diagramfiler")
    rows = list(csv.DictReader((out / "juleferie.csv").open(encoding="utf-8")))
    assert [(r["task_id"], r["outcome"], r["ended_by"], r["path"]) for r in rows] == [
        ("resept", "solved", "criterion", "/ > /forny-resept"),
        ("sporsmal", "not_started", "", ""),
        ("time-etter-ferien", "not_started", "", ""),
        ("utslett", "not_started", "", ""),
    ]
    assert json.loads((out / "juleferie.json").read_text(encoding="utf-8"))["rows"][0]["success"] is True
    assert (out / "juleferie-vei-1.svg").read_bytes().startswith(b"<?xml")
    assert (out / "juleferie-suksess.png").read_bytes().startswith(b"\x89PNG")
    result = run("studies", "export", "sommer", env={"DATABASE_URL": database_url, "PORTAL_INSTANCE": str(tmp_path)})
    assert (result.exit_code, result.output) == (1, "Feil: Ukjent studie: sommer. Gyldige: juleferie, timebestilling\n")
