"""The JSON API's bodies and answers as types, and its OpenAPI 3.1 description.

A body is checked here for its shape: strictly typed (a number is no text,
``"true"`` no boolean), no unknown fields. The rules of what it says (a
text's limit, a free slot, a thread that exists) are the HTML forms' own,
which the API fills from the body (portal/api/control.py). The answers'
types describe what the API sends, the state document as docs/state.md has
it; they are used for the description only, and the tests hold the real
answers to them.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import models_json_schema

from ..booking.kinds import KINDS
from ..db import MAX_ROW_ID
from ..i18n import LANGUAGES, N_, _, _l, translated_schema
from ..services.catalog import PANEL_MESSAGE_MAX, SERVICE_MESSAGE_MAX, Catalog

PREFIX = "/_sim/api"
# Every call but the description needs it: a cross-site form cannot send a header.
API_HEADER = "X-Portal-Api"
# With PORTAL_PASSWORD set, a client that has not logged in sends the password in it.
PASSWORD_HEADER = "X-Portal-Password"
REF = "#/components/schemas/{model}"

# --- Bodies ------------------------------------------------------------------


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ServiceChange(_Body):
    """What to change of one service; what is left out stays as it is.
    ``true`` or ``false`` alone is ``{"on": true}`` or ``{"on": false}``."""

    on: bool | None = Field(None, description=N_("Tilbyr tjenesten (på) eller ikke (av)."))
    message: str | None = Field(None, description=N_("Tilleggsinformasjon fra legekontoret, høyst %(service_max)s tegn."))
    absent: bool | None = Field(None, description=N_("Fravær: tjenesten er på, men legekontoret tar ikke imot henvendelser."))
    absence_message: str | None = Field(None, description=N_("Fraværsmeldingen til pasienten, høyst %(service_max)s tegn."))

    @model_validator(mode="before")
    @classmethod
    def _switch(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return {"on": value}
        if not isinstance(value, dict):
            raise ValueError(_l("må være true, false eller en samling av felt (on, message, absent, absence_message)"))
        return value


class OfficeBody(_Body):
    """The office's settings to change (as in its tool, /_sim/kontor)."""

    panel_message: str | None = Field(None, description=N_("Tilleggsinformasjon på fastlegepanelet, høyst %(panel_max)s tegn."))
    services: dict[str, ServiceChange] = Field(default_factory=dict, description=N_("Per tjeneste-id det som skal endres."))


class PersonaBody(_Body):
    name: str = Field(description=N_("Innbyggerens navn, som i «Hei, <navn>»."))
    first_name: str | None = Field(None, description=N_("Fornavnet på den nye forsiden (standard: første ord i name)."))


class StartBody(OfficeBody):
    """A fresh sandbox from a scenario, with changes it starts with (and a reset returns to)."""

    scenario: str = Field(description=N_("Scenarioets id, f.eks. alle-tjenester-pa."))
    persona: PersonaBody | None = Field(None, description=N_("Et annet navn på innbyggeren."))
    lang: Literal[tuple(LANGUAGES)] | None = Field(
        None, description=N_("Portalens språk i denne nettleseren fra nå av (nb, nn eller en), som språklenkene nederst på sidene; uten: nettleserens språk.")
    )
    participant: bool = Field(
        False, description=N_("Deltakermodus for en UX-test (som /_sim/start/<id>?participant=1): pasientens sider viser ingenting av simulatoren.")
    )


class ReplyBody(_Body):
    thread: str | None = Field(None, description=N_("Trådens id (s1, m3, …); uten: den nyeste tråden."))
    text: str = Field(description=N_("Svaret fra legekontoret."))
    close: bool = Field(False, description=N_("Avslutt tråden med kode 13 (behandler har avsluttet e-konsultasjonen)."))


class AnswerBody(_Body):
    wish: int | None = Field(None, ge=1, le=MAX_ROW_ID, description=N_("Forslagets id; uten: det nyeste som venter på svar."))
    answer: Literal["propose", "decline"] = Field("propose", description=N_("propose: foreslå (og bestill) en ledig time; decline: avslå."))
    slot: str = Field("", description=N_("Den ledige timen som foreslås, f.eks. 2023-12-14T10:00 (se GET /_sim/api/office/slots)."))
    message: str = Field("", description=N_("Melding til pasienten; påkrevd når forslaget avslås."))


class SlotBody(_Body):
    practitioner: str | None = Field(None, description=N_("Behandlerens id; uten: pasientens fastlege."))
    start: str = Field(description=N_("Dag og klokkeslett, f.eks. 2023-12-14T10:00, innen de neste 12 ukene."))
    duration: int = Field(20, description=N_("Varighet i minutter, 1–240."))
    kind: Literal[tuple(KINDS)] = Field("oppmøte", description=N_("oppmøte, video, telefon eller haste."))


# --- Answers (for the description) ------------------------------------------


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow")  # documents only ever gain keys


class ApiError(_Answer):
    """Every refusal: a Norwegian sentence, and per field what is wrong with it."""

    message: str
    errors: dict[str, str] = Field(description=N_("Feltets sti i innholdet (f.eks. services.bestill-time.message) → hva som er galt."))


class Cookie(_Answer):
    """The browser's cookie that names the new sandbox, as Playwright's addCookies takes it."""

    name: str
    value: str
    path: str
    domain: str | None
    expires: int | None = Field(description=N_("Sekunder siden 1970 (UTC)."))
    httpOnly: bool
    secure: bool
    sameSite: Literal["Lax", "Strict", "None"]


class ScenarioRef(_Answer):
    id: str
    title: str


class Persona(_Answer):
    name: str
    first_name: str
    new_messages: int
    new_events: int


class Practitioner(_Answer):
    name: str


class Office(_Answer):
    name: str
    address: str
    phone: str
    urgent_phone: str


class Panel(_Answer):
    on: bool
    message: str
    message_visible: bool


class Service(_Answer):
    id: str
    name: str
    on: bool
    message: str
    message_visible: bool
    status: Literal["on", "off", "absent"]
    absent: bool
    absence_message: str


class Attachment(_Answer):
    id: int
    name: str
    content_type: str
    size: int


class Prescription(_Answer):
    name: str
    strength: str


class Message(_Answer):
    sender: Literal["patient", "office"] = Field(alias="from")
    text: str
    sent_at: str
    attachments: list[Attachment]
    prescriptions: list[Prescription] = Field(description=N_("Forny resept: reseptene pasienten valgte; ellers tom."))


class Thread(_Answer):
    id: str
    service: str
    subject: str
    read: bool
    closed_code: int | None
    seeded: bool
    messages: list[Message]


class Draft(_Answer):
    service: str
    subject: str
    text: str
    saved_at: str
    attachments: list[Attachment]
    prescriptions: list[Prescription]


class Inbox(_Answer):
    unread: int
    generated: int = Field(description=N_("Henvendelser scenarioet lager (inbox_generated), ikke listet i threads."))
    threads: list[Thread]
    drafts: list[Draft]


class BookingPractitioner(_Answer):
    id: str
    name: str
    title: str
    own_gp: bool


class Appointment(_Answer):
    id: int
    practitioner: str
    start: str
    slot: str
    duration: int
    kind: str
    reason: str
    status: Literal["tildelt", "avbestilt"]


class TimeWish(_Answer):
    id: int
    practitioner: str
    preferred: str
    reason: str
    status: Literal["venter på svar", "time foreslått", "avslått"]
    appointment: int | None
    answer: str


class Slot(_Answer):
    practitioner: str
    start: str = Field(description=N_("Med tidssone, Europe/Oslo."))
    slot: str = Field(description=N_("Timens nøkkel, som i AnswerBody.slot."))
    duration: int
    kind: str


class Booking(_Answer):
    practitioners: list[BookingPractitioner]
    appointments: list[Appointment]
    wishes: list[TimeWish]
    added_slots: list[Slot]


class Demo(_Answer):
    following: bool
    room: str | None
    version: str


class Login(_Answer):
    logged_in: bool


class StateDocument(_Answer):
    """This browser's sandbox: the document of GET /_sim/state (docs/state.md)."""

    sandbox: str
    scenario: ScenarioRef
    today: str
    persona: Persona
    gp: Practitioner
    office: Office
    panel: Panel
    services: list[Service]
    inbox: Inbox
    booking: Booking
    demo: Demo
    login: Login
    lang: Literal[tuple(LANGUAGES)] | None = Field(
        None, description=N_("Portalens språk i denne nettleseren fra nå av (nb, nn eller en), som språklenkene nederst på sidene; uten: nettleserens språk.")
    )
    participant: bool = Field(description=N_("Deltakermodus: pasientens sider viser ingenting av simulatoren."))


class Started(_Answer):
    sandbox: str
    cookie: Cookie
    state: StateDocument


class PractitionerSlots(_Answer):
    id: str
    name: str
    free_slots: list[Slot] = Field(description=N_("De neste ledige timene, de legekontoret kan foreslå."))


class FreeSlots(_Answer):
    practitioners: list[PractitionerSlots]


BODIES = (ServiceChange, OfficeBody, StartBody, ReplyBody, AnswerBody, SlotBody)
ANSWERS = (ApiError, Started, StateDocument, Thread, TimeWish, Slot, FreeSlots)


# --- The description -----------------------------------------------------------


def _ref(model: type[BaseModel]) -> dict:
    return {"$ref": REF.format(model=model.__name__)}


def _json(model: type[BaseModel], description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


def _body(model: type[BaseModel], example: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(model), "example": example}}}


def _operation(operation_id: str, summary: str, description: str, ok: tuple[str, dict], refusals: tuple[str, ...], body: dict | None = None) -> dict:
    operation = {
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        "parameters": [{"$ref": "#/components/parameters/Api"}],
        "responses": {ok[0]: ok[1], **{code: {"$ref": f"#/components/responses/{code}"} for code in ("400", "401", "403", *refusals)}},
    }
    if body is not None:
        operation["requestBody"] = body
        operation["responses"].update({code: {"$ref": f"#/components/responses/{code}"} for code in ("413", "415", "422")})
    return operation


def openapi(catalog: Catalog, server: str = "/") -> dict:
    """The API's OpenAPI 3.1 description for an app with ``catalog``'s services."""
    _mapping, schemas = models_json_schema(
        [(model, "validation") for model in BODIES] + [(model, "serialization") for model in ANSWERS], ref_template=REF
    )
    schemas = translated_schema(schemas["$defs"], service_max=SERVICE_MESSAGE_MAX, panel_max=PANEL_MESSAGE_MAX)
    for name in ("OfficeBody", "StartBody"):  # a service's change may be true or false alone
        schemas[name]["properties"]["services"]["additionalProperties"] = {"anyOf": [{"type": "boolean"}, _ref(ServiceChange)]}
        schemas[name]["properties"]["services"]["propertyNames"] = {"enum": list(catalog.ids)}
    first = catalog.ids[0]
    state = ("200", _json(StateDocument, _("Sandkassen, som GET /_sim/state.")))
    paths = {
        f"{PREFIX}/start": {
            "post": _operation(
                "start",
                _("Start en ny sandkasse fra et scenario"),
                _(
                    "Denne nettleseren får en ny sandkasse fra scenarioet, med endringene i innholdet lagt på "
                    "(som legekontorets endringer, og et annet navn på innbyggeren). En nullstilling går tilbake hit. "
                    "Svaret har informasjonskapselen som navngir sandkassen, for en annen nettleser."
                ),
                ("201", _json(Started, _("Sandkassen er startet."))),
                (),
                _body(StartBody, {"scenario": "alle-tjenester-pa", "services": {first: False}, "panel_message": _("Vi har ferie i uke 52."), "persona": {"name": "Kari Nordmann"}}),
            )
        },
        f"{PREFIX}/reset": {
            "post": _operation("reset", _("Nullstill sandkassen"), _("Tilbake til starten: scenarioet slik sandkassen ble startet."), state, ())
        },
        f"{PREFIX}/state": {"get": _operation("state", _("Les tilstanden"), _("Det samme dokumentet som GET /_sim/state."), state, ())},
        f"{PREFIX}/office": {
            "patch": _operation(
                "office",
                _("Endre legekontorets innstillinger"),
                _("Som i legekontorets verktøy (/_sim/kontor): slå tjenester på og av, meldinger og fravær. Det som ikke er med, blir som det er."),
                state,
                (),
                _body(OfficeBody, {"panel_message": _("Vi har ferie i uke 52."), "services": {first: {"on": True, "absent": True, "absence_message": _("Ring 113 hvis det haster.")}}}),
            )
        },
        f"{PREFIX}/office/reply": {
            "post": _operation(
                "reply",
                _("Svar på en tråd som legekontoret"),
                _("Svaret kommer ulest i pasientens innboks; med close avsluttes tråden med kode 13."),
                ("201", _json(Thread, _("Tråden, med svaret."))),
                ("409",),
                _body(ReplyBody, {"text": _("Hei! Du kan komme på torsdag."), "close": False}),
            )
        },
        f"{PREFIX}/office/answer": {
            "post": _operation(
                "answer",
                _("Svar på et forslag til tidspunkt"),
                _("Foreslå en av behandlerens ledige timer (den blir bestilt for pasienten), eller avslå med en forklaring."),
                ("201", _json(TimeWish, _("Forslaget, med svaret."))),
                ("409",),
                _body(AnswerBody, {"answer": "decline", "message": _("Vi har ingen ledige timer før jul.")}),
            )
        },
        f"{PREFIX}/office/slots": {
            "get": _operation(
                "freeSlots", _("Behandlernes ledige timer"), _("De neste ledige timene hos hver behandler: de legekontoret kan foreslå."), ("200", _json(FreeSlots, _("Ledige timer per behandler."))), ()
            ),
            "post": _operation(
                "addSlot",
                _("Legg til en ledig time"),
                _("En ledig time hos en behandler, i tillegg til scenarioets; en nullstilling tar den bort."),
                ("201", _json(Slot, _("Timen er lagt til."))),
                ("409",),
                _body(SlotBody, {"practitioner": "astrid", "start": "2023-12-14T10:00", "duration": 20, "kind": "oppmøte"}),
            ),
        },
    }
    error = lambda text: _json(ApiError, text)  # noqa: E731
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("Helsenorge-simulatoren: kontroll-API"),
            "version": "1",
            "description": _(
                "Alt kontrollpanelet gjør, som JSON, for testverktøy. Hvert kall trenger hodet X-Portal-Api: 1, og "
                "et kall med innhold Content-Type: application/json. Informasjonskapselen navngir nettleserens sandkasse, "
                "som på sidene. Alle feil har samme form: message og errors (felt → hva som er galt)."
            ),
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "Api": {
                    "name": API_HEADER,
                    "in": "header",
                    "required": True,
                    "description": _("Viser at kallet kommer fra et program, ikke et skjema på en annen nettside."),
                    "schema": {"type": "string", "enum": ["1"]},
                }
            },
            "securitySchemes": {
                "password": {
                    "type": "apiKey",
                    "in": "header",
                    "name": PASSWORD_HEADER,
                    "description": _("Bare når serveren har et passord (PORTAL_PASSWORD)."),
                }
            },
            "responses": {
                "400": error(_("Innholdet er ikke gyldig JSON, eller hodet X-Portal-Api mangler.")),
                "401": error(_("Serveren har et passord, og det mangler eller er feil.")),
                "403": error(_("Nettleseren følger et demorom og kan bare se på.")),
                "409": error(_("Det går ikke nå: ingen tråd eller forslag å svare på, forslaget er besvart, timen er tatt, eller det er ikke plass til flere timer.")),
                "413": error(_("Innholdet er for stort.")),
                "415": error(_("Innholdet er ikke JSON (Content-Type: application/json).")),
                "422": error(_("Et felt er feil: errors sier hvilket og hvorfor.")),
            },
        },
        "security": [{}, {"password": []}],
    }


# --- The description as a page ----------------------------------------------------


def _type_text(prop: dict, schemas: dict) -> str:
    """A property's type in words, for the page (leaving out null: a field
    that may be null may as well be left out)."""
    if "$ref" in prop:
        return "{" + ", ".join(schemas[prop["$ref"].rsplit("/", 1)[1]]["properties"]) + "}"
    if "anyOf" in prop:
        return _(" eller ").join(_type_text(option, schemas) for option in prop["anyOf"] if option.get("type") != "null")
    if "enum" in prop or "const" in prop:
        return _("en av: %(values)s", values=", ".join(str(v) for v in prop.get("enum", [prop.get("const")])))
    kind = prop.get("type")
    if kind == "object":
        values = prop.get("additionalProperties")
        return _("objekt: tjeneste-id → %(value)s", value=_type_text(values, schemas)) if isinstance(values, dict) else _("objekt")
    return {"string": _("tekst"), "boolean": "true/false", "integer": _("heltall"), "null": "null"}.get(kind, str(kind))


def operations(description: dict) -> list[dict]:
    """Each call of ``description`` (from ``openapi``) as the reference page lists it."""
    schemas = description["components"]["schemas"]
    shared = description["components"]["responses"]
    found = []
    for path, methods in description["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            fields = []
            if body:
                model = schemas[body["schema"]["$ref"].rsplit("/", 1)[1]]
                required = model.get("required", ())
                for name, prop in sorted(model["properties"].items(), key=lambda item: item[0] not in required):
                    fields.append(
                        {
                            "name": name,
                            "type": _type_text(prop, schemas),
                            "required": name in required,
                            "default": json.dumps(prop["default"], ensure_ascii=False) if "default" in prop and prop["default"] not in (None, {}) else "",
                            "description": prop.get("description", ""),
                        }
                    )
            responses = []
            for code, response in operation["responses"].items():
                response = shared[response["$ref"].rsplit("/", 1)[1]] if "$ref" in response else response
                responses.append({"code": code, "description": response["description"]})
            found.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation["summary"],
                    "description": operation["description"],
                    "fields": fields,
                    "example": json.dumps(body["example"], ensure_ascii=False, indent=2) if body else "",
                    "responses": responses,
                }
            )
    return found
