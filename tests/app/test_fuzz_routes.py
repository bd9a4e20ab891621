"""Every route of the app, with crafted values in every place a browser can
put one: the path's arguments, the query, every form field (one, two of the
same, none), bytes that are not UTF-8, and every button's action. None may
give a 500, and every error page must be Norwegian.

The fields are those the pages offer (read from their HTML) and those the
code reads; so a new page or field is tried without this file changing.
"""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import default_exceptions

from portal import create_app, db

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "e-konsultasjon-avsluttet"  # every service on, threads in the inbox, a practitioner with slots

CRAFTED = [
    "",
    "0",
    "-1",
    str(2**31),
    str(2**63),
    "9" * 40,
    "1e309",
    "9999-12-31T10:00",
    "0000-00-00",
    "a\x00b",
    "a\r\nSet-Cookie: x=1",
    "//evil.example/",
    "/\\evil.example",
    "\u202etxt.exe",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "å" * 5_000,
]
ENGLISH = {cls.description for cls in default_exceptions.values() if cls.description}


def _routes():
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "fuzz"})
    rules = sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.rule)
    return [pytest.param(rule.rule, sorted(rule.methods & {"GET", "POST"}), id=f"{rule.rule}") for rule in rules]


def _names_the_code_reads() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "portal").rglob("*.py"))
    return set(re.findall(r'request\.(?:form|args|values)\.get\("([^"]+)"', source))


def _names_on(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|textarea|select|button)\b[^>]*\bname="([^"]+)"', html)) - {"csrf_token"}


def _actions_on(html: str) -> set[str]:
    return set(re.findall(r'<button\b[^>]*\bname="action"[^>]*\bvalue="([^"]+)"', html))


def _paths(rule: str, value: str, good: dict[str, str]) -> list[str]:
    """The rule with ``value`` in each argument in turn (the others good)."""
    arguments = re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", rule)

    def fill(crafted_one: str | None) -> str:
        def one(match):
            name = match.group(1)
            return quote(value, safe="") if name == crafted_one else good.get(name, "x")

        return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", one, rule)

    return [fill(name) for name in arguments] or [rule]


@pytest.fixture(scope="module")
def fuzzed_app(databases, tmp_path_factory):
    """One app for every route's test (each has a sandbox of its own)."""
    url = databases.new()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test", "TESTING": True, "INSTANCE_PATH": tmp_path_factory.mktemp("fuzz")})
    yield app
    db.engine(app).dispose()
    databases.drop(url)


@pytest.fixture
def visitor(fuzzed_app, csrf_token):
    """A browser in a sandbox with a thread, a draft, an appointment and a time wish of its own."""
    client = fuzzed_app.test_client()
    client.get(f"/_sim/start/{SCENARIO}")
    token = csrf_token(client)
    compose = client.get("/kontakt-legekontoret").get_data(as_text=True)
    form_token = re.search(r'name="form_token" value="([^"]+)"', compose).group(1)
    client.post("/kontakt-legekontoret", data={"csrf_token": token, "form_token": form_token, "subject": "Utkast", "body": "Tekst", "action": "save"})
    client.post("/kontakt-legekontoret", data={"csrf_token": token, "form_token": "s" * 24, "subject": "Sendt", "body": "Tekst"})
    state = client.get("/_sim/state").get_json()
    practitioner = state["booking"]["practitioners"][0]["id"]
    calendar = client.get(f"/timeavtaler/bestill/{practitioner}").get_data(as_text=True)
    day = re.search(r'id="dag-([0-9-]+)" class="calendar__day calendar__day--free', calendar).group(1)
    slots = client.get(f"/timeavtaler/bestill/{practitioner}?dag={day}").get_data(as_text=True)
    slot = re.search(r"bekreft\?tid=([0-9T:-]+)", slots).group(1)
    client.post(f"/timeavtaler/bestill/{practitioner}/bekreft?tid={slot}", data={"csrf_token": token, "arsak": "Kontroll"})
    client.post(f"/timeavtaler/bestill/{practitioner}/foresla-tidspunkt", data={"csrf_token": token, "tidspunkt": "Mandag", "arsak": "Kontroll"})
    state = client.get("/_sim/state").get_json()
    client.good = {
        "appointment_id": str(state["booking"]["appointments"][0]["id"]),
        "attachment_id": "1",
        "key": "s1",
        "token": form_token,
        "practitioner_id": practitioner,
        "service_id": "kontakt-legekontoret",
        "scenario_id": SCENARIO,
        "code": "ABCDEF",
    }
    client.token = token
    return client


def _problem(response) -> str | None:
    if response.status_code >= 500:
        return f"status {response.status_code}"
    if response.status_code >= 400 and response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        if '<html lang="nb">' not in html:
            return "an error page that is not ours"
        if english := [text for text in ENGLISH if text in html]:
            return f"English: {english[0][:60]}"
    return None


@pytest.mark.parametrize("rule, methods", _routes())
def test_no_crafted_value_gives_a_500_or_english(visitor, rule, methods):
    pages = [visitor.get(path).get_data(as_text=True) for path in _paths(rule, "", visitor.good) if "GET" in methods]
    fields = _names_the_code_reads() | {name for html in pages for name in _names_on(html)}
    actions = {action for html in pages for action in _actions_on(html)} or {None}
    problems = []

    def check(method, path, **request):
        try:
            response = visitor.open(path, method=method, **request)
        except Exception as exc:  # TESTING propagates what would be a 500: name the request
            problems.append(f"{method} {path[:80]} {str(request)[:120]}: {exc!r}"[:400])
            return
        if problem := _problem(response):
            problems.append(f"{method} {path[:80]} {str(request)[:120]}: {problem}")

    actions = sorted(actions, key=str)
    for number, value in enumerate(CRAFTED):
        for path in _paths(rule, value, visitor.good):
            if "GET" in methods:
                check("GET", path, query_string={name: value for name in fields})
            if "POST" in methods:
                # Every button's action meets several of the values, each value one action.
                action = actions[number % len(actions)]
                form = {name: value for name in fields} | ({"action": action} if action else {})
                check("POST", path, data=form | {"csrf_token": visitor.token})
    for value in ("", "0", CRAFTED[-1]):  # each field twice, the first crafted
        for path in _paths(rule, value, visitor.good):
            if "POST" in methods:
                duplicated = MultiDict([(name, value) for name in fields] + [(name, "annen") for name in fields])
                duplicated.add("csrf_token", visitor.token)
                check("POST", path, data=duplicated)
    for path in _paths(rule, "", visitor.good):
        if "GET" in methods:
            check("GET", path, query_string="&".join(f"{name}=%ff%fe%00" for name in fields))
        if "POST" in methods:
            check("POST", path, data={"csrf_token": visitor.token})  # every field missing
            body = b"&".join(f"{name}=%ff%fe".encode() for name in fields) + f"&csrf_token={visitor.token}".encode()
            check("POST", path, data=body, content_type="application/x-www-form-urlencoded")
            check("POST", path, data=b"\xff\xfe\x00", content_type="multipart/form-data; boundary=x")
    assert problems == []
