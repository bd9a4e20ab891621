"""``sim`` and ``sim.office(page)``: the simulator's JSON API (/_sim/api/, docs/api.md)
for a Playwright ``Page`` or ``BrowserContext``.

A context is one browser with its own sandbox; a page acts for its context.
Every call goes through the context's ``request``, which shares the
browser's cookies: a sandbox the API starts is the browser's.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from ..i18n import LANGUAGES
from ..testing import Panel, Service, SimApiError, SimState, Slot, Thread, Wish

API_HEADERS = {"X-Portal-Api": "1", "Accept": "application/json"}
PASSWORD_HEADER = "X-Portal-Password"


def password_header(password: str) -> dict[str, str]:
    """The password as the simulator reads it: percent-encoded, so one beyond ASCII survives the trip."""
    return {PASSWORD_HEADER: quote(password)}


class Sim:
    """Scenario control: ``start``, ``reset``, ``state``, and ``office`` to act as the GP office."""

    def __init__(self, base_url: str, password: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.password = password  # the server's PORTAL_PASSWORD, when it has one

    def url(self, path: str) -> str:
        return self.base_url + path

    def _headers(self, body: Mapping[str, Any] | None) -> dict[str, str]:
        headers = {**API_HEADERS, **(password_header(self.password) if self.password else {})}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return headers

    def call(self, target: Any, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        """One call of the API (``path`` under /_sim/api); its JSON, or ``SimApiError``."""
        options: dict[str, Any] = {"method": method, "headers": self._headers(body)}
        if body is not None:
            options["data"] = json.dumps(body)
        response = target.request.fetch(self.url(f"/_sim/api{path}"), **options)
        return self._answer(method, path, response.status, response.text(), response.status_text)

    def _answer(self, method: str, path: str, status: int, text: str, reason: str) -> Any:
        try:
            answer = json.loads(text)
        except ValueError:  # not JSON: not the simulator, or something in front of it
            raise SimApiError(status, f"{method} {path}: {reason} (no JSON from {self.base_url}: is it the simulator?)") from None
        if not 200 <= status < 300:
            raise SimApiError(status, answer.get("message", ""), answer.get("errors"))
        return answer

    def _start(self, target: Any, body: Mapping[str, Any]) -> Any:
        """``POST /start`` for ``target``'s browser.

        For a page on a simulator over plain http it is sent from this
        process with the browser's cookies, and the new sandbox's cookie (the
        answer has it for this) is given to the browser: Playwright's own
        request, from a fresh browser context, costs a test some 10 ms more
        (docs/performance.md). Its answer's texts are then in ``lang``'s
        language, else the one the browser chose (its cookie says), else the
        simulator's default: not the browser's locale's.
        """
        address = urlsplit(self.base_url)
        if address.scheme != "http" or not hasattr(target, "goto"):
            return self.call(target, "POST", "/start", body)
        context = target.context
        headers = self._headers(body)
        if cookies := context.cookies(self.base_url):
            headers["Cookie"] = "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in cookies)
        status, reason, text = _post(address, f"{address.path.rstrip('/')}/_sim/api/start", json.dumps(body), headers)
        if status == 401 and not self.password:
            # A password this Sim was not given: the browser's context may send it (extra_http_headers).
            return self.call(target, "POST", "/start", body)
        answer = self._answer("POST", "/start", status, text, reason)
        cookie = {name: value for name, value in answer["cookie"].items() if value is not None}
        context.add_cookies([{"domain": address.hostname, **cookie}])
        return answer

    def start(
        self,
        target: Any,
        scenario_id: str,
        next: str = "/",
        *,
        services: Mapping[str, bool | Mapping[str, Any]] | None = None,
        panel_message: str | None = None,
        persona: str | Mapping[str, str] | None = None,
        participant: bool = False,
        lang: str | None = None,
    ) -> SimState:
        """A fresh sandbox from ``scenario_id``, changed as asked (and a reset
        returns to that); a page then shows ``next``.

        ``services={"bestill-time": False, "forny-resept": {"absent": True,
        "absence_message": "…"}}`` (``on``, ``message``, ``absent``,
        ``absence_message``), ``panel_message="…"``, ``persona="Kari Nordmann"``;
        ``participant=True`` for a UX test's participant (no simulator on the patient's pages);
        ``lang`` ("nb", "nn" or "en") chooses the portal's language for this
        browser from now on, as the language links in the footer do; without
        it the browser's locale decides (Accept-Language; the plugin's is nb-NO).
        """
        if lang is not None and lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
        if not next.startswith("/") or next.startswith("//"):
            raise ValueError(f"next must be a path on the simulator, such as /innboks, not {next!r}")
        body: dict[str, Any] = {"scenario": scenario_id}
        if services:
            body["services"] = dict(services)
        if panel_message is not None:
            body["panel_message"] = panel_message
        if persona is not None:
            body["persona"] = {"name": persona} if isinstance(persona, str) else dict(persona)
        if participant:
            body["participant"] = True
        if lang is not None:
            body["lang"] = lang
        started = self._start(target, body)
        if hasattr(target, "goto"):
            target.goto(self.url(next))
        return SimState.from_json(started["state"])

    def reset(self, target: Any) -> SimState:
        """Back to the start, as the simulator bar's «Nullstill» does.

        A page on the simulator is loaded again to show the fresh state.
        """
        state = SimState.from_json(self.call(target, "POST", "/reset"))
        if hasattr(target, "goto") and target.url.startswith(self.base_url + "/"):
            target.goto(target.url)
        return state

    def state(self, target: Any) -> SimState:
        """``/_sim/state`` of this browser's sandbox, as typed data."""
        return SimState.from_json(self.call(target, "GET", "/state"))

    def office(self, target: Any) -> Office:
        """The GP office of this browser's sandbox: ``sim.office(page).reply("Hei …")``."""
        return Office(self, target)


# One kept connection per simulator, for the starts sent from this process.
_connections: dict[tuple[str, int], http.client.HTTPConnection] = {}


def _post(address, path: str, body: str, headers: dict[str, str]) -> tuple[int, str, str]:
    """Status, reason and text of a POST on a kept connection; on a new one
    if the server had closed the kept one."""
    key = (address.hostname, address.port or 80)

    def send(connection: http.client.HTTPConnection) -> tuple[int, str, str]:
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        return response.status, response.reason, response.read().decode()

    if (kept := _connections.get(key)) is not None:
        try:
            return send(kept)
        except (http.client.RemoteDisconnected, ConnectionError):
            kept.close()
    _connections[key] = http.client.HTTPConnection(*key, timeout=30)
    return send(_connections[key])


class Office:
    """What the office does, in this browser's sandbox. The patient sees it on
    the next page they load (``page.reload()``)."""

    def __init__(self, sim: Sim, target: Any):
        self.sim, self.target = sim, target

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        return self.sim.call(self.target, method, path, body)

    def set_service(
        self, service_id: str, *, on: bool | None = None, message: str | None = None, absent: bool | None = None, absence_message: str | None = None
    ) -> Service:
        """Switch a service on or off, set its message or its absence; what is left out stays."""
        change = {"on": on, "message": message, "absent": absent, "absence_message": absence_message}
        document = self._call("PATCH", "/office", {"services": {service_id: {k: v for k, v in change.items() if v is not None}}})
        return SimState.from_json(document).service(service_id)

    def set_panel_message(self, text: str) -> Panel:
        """The GP panel's message."""
        return SimState.from_json(self._call("PATCH", "/office", {"panel_message": text})).panel

    def reply(self, text: str, *, thread: str | None = None, close: bool = False) -> Thread:
        """Answer the newest thread (or ``thread``, e.g. "s1", "m3"); ``close``: end it with code 13."""
        body: dict[str, Any] = {"text": text, "close": close}
        if thread is not None:
            body["thread"] = thread
        return Thread.from_json(self._call("POST", "/office/reply", body))

    def free_slots(self, practitioner: str | None = None) -> list[Slot]:
        """The next free slots of ``practitioner`` (default: the patient's GP), those the office can propose."""
        listed = self._call("GET", "/office/slots")["practitioners"]
        chosen = next((p for p in listed if p["id"] == practitioner), None) if practitioner else listed[0]
        if chosen is None:
            raise KeyError(f"no practitioner {practitioner!r}; there are {[p['id'] for p in listed]}")
        return [Slot.from_json(slot) for slot in chosen["free_slots"]]

    def answer_wish(self, slot: str | None = None, *, decline: str | None = None, message: str = "", wish: int | None = None) -> Wish:
        """Answer the newest waiting time wish (or ``wish``): propose ``slot``
        (default: the practitioner's first free one), which books it for the
        patient, with ``message``; or ``decline="why"``."""
        body: dict[str, Any] = {} if wish is None else {"wish": wish}
        if decline is not None:
            body |= {"answer": "decline", "message": decline}
        else:
            if slot is None and (waiting := self._waiting(wish)) is not None:
                free = self.free_slots(waiting.practitioner)
                slot = free[0].slot if free else ""
            body |= {"answer": "propose", "slot": slot or "", "message": message}
        return Wish.from_json(self._call("POST", "/office/answer", body))

    def _waiting(self, wish: int | None) -> Wish | None:
        wishes = SimState.from_json(self._call("GET", "/state")).wishes
        if wish is not None:
            return next((w for w in wishes if w.id == wish), None)
        return next((w for w in reversed(wishes) if w.status == "venter på svar"), None)

    def add_slot(self, start: str | dt.datetime, *, practitioner: str | None = None, duration: int = 20, kind: str = "oppmøte") -> Slot:
        """A free slot at ``start`` ("2023-12-14T10:00") for ``practitioner`` (default: the patient's GP)."""
        if isinstance(start, dt.datetime):
            start = start.strftime("%Y-%m-%dT%H:%M")
        body: dict[str, Any] = {"start": start, "duration": duration, "kind": kind}
        if practitioner is not None:
            body["practitioner"] = practitioner
        return Slot.from_json(self._call("POST", "/office/slots", body))
