"""YAML files read into typed models, with every error as file:line: field: message.

Scenario files and study files are data, written by hand: they are read with
``yaml.safe_load`` semantics, checked against a pydantic model, and each
problem is reported in Norwegian with the line it is on, so whoever edits a
file sees at once what to fix. Messages are lazy texts, shown in the language
of whoever reads them (the control panel's or the command's). A folder of such files is a ``FolderLibrary``,
read again when a file in it changes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import files
from .i18n import LANGUAGES, ONE_TEXT, PER_LANGUAGE, _l

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One problem: its ``field`` and ``message`` may be lazy texts, shown in
    the language of whoever reads them."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class FileProblems(Exception):
    """One or more problems in one or more files."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


WHOLE_FILE = _l("(fil)")  # the field of a problem with the file as a whole


# Norwegian wording for the pydantic errors a hand-edited file most often hits.
_MESSAGES = {
    "extra_forbidden": _l("ukjent felt"),
    "missing": _l("mangler (feltet er påkrevd)"),
    "bool_type": _l("må være true eller false"),
    "bool_parsing": _l("må være true eller false"),
    "int_type": _l("må være et heltall"),
    "int_parsing": _l("må være et heltall"),
    "int_from_float": _l("må være et heltall"),
    "string_type": _l("må være tekst"),
    "date_type": _l("må være en dato (ÅÅÅÅ-MM-DD)"),
    "date_parsing": _l("må være en dato (ÅÅÅÅ-MM-DD)"),
    "date_from_datetime_parsing": _l("må være en dato (ÅÅÅÅ-MM-DD)"),
    "model_type": _l("må være en samling av felt (key: value)"),
    "model_attributes_type": _l("må være en samling av felt (key: value)"),
    "dict_type": _l("må være en samling av felt (key: value)"),
    "tuple_type": _l("må være en liste"),
    "list_type": _l("må være en liste (linjer som starter med «- »)"),
    "datetime_type": _l("må være dato og klokkeslett (ÅÅÅÅ-MM-DD TT:MM)"),
    "datetime_parsing": _l("må være dato og klokkeslett (ÅÅÅÅ-MM-DD TT:MM)"),
    "datetime_from_date_parsing": _l("må være dato og klokkeslett (ÅÅÅÅ-MM-DD TT:MM)"),
}
# A text field is a text, or a text per language (i18n.local_text): errors in
# the per-language form speak of languages.
_LANGUAGE_MESSAGES = {
    "missing": _l("mangler: teksten på bokmål (nb) må alltid være med"),
    "extra_forbidden": _l("ukjent språk; bruk %(languages)s", languages=", ".join(LANGUAGES)),
}


def explain(error: dict) -> str:
    """A pydantic error in words (the files'; the JSON API's too), as a lazy text."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    if len(loc) > 1 and loc[-2] == PER_LANGUAGE and kind in _LANGUAGE_MESSAGES:
        return _LANGUAGE_MESSAGES[kind]
    if loc and loc[-1] == ONE_TEXT and kind == "string_type":
        return _l("må være tekst, eller tekst per språk (%(languages)s)", languages=", ".join(LANGUAGES))
    if kind == "string_too_long":
        length = len(error["input"]) if isinstance(error.get("input"), str) else "?"
        return _l("Feltet kan kun inneholde %(max)s tegn! (har %(count)s)", max=ctx["max_length"], count=length)
    if kind == "string_too_short":
        return _l("kan ikke være tomt")
    if kind == "too_short":
        return _l("må ha minst ett element")
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return _l("må være en av: %(values)s", values=expected)
    if kind == "greater_than_equal":
        return _l("må være minst %(min)s", min=ctx["ge"])
    if kind == "greater_than":
        return _l("må være større enn %(min)s", min=ctx["gt"])
    if kind == "less_than_equal":
        return _l("kan være høyst %(max)s", max=ctx["le"])
    if kind == "string_pattern_mismatch":
        return _l("kan bare ha små bokstaver a–z, sifre og bindestrek")
    if kind == "value_error" and "error" in ctx:
        # Our validators raise ValueError with a lazy text: keep it lazy.
        return ctx["error"].args[0] if ctx["error"].args else str(ctx["error"])
    return _MESSAGES.get(kind, error["msg"])


def line_of(node: yaml.Node | None, loc: tuple) -> int:
    """The 1-based line in the YAML source where the field at ``loc`` is.

    Walks the composed node tree along the error's path; for a missing field
    it stops at the mapping that should have held it.
    """
    line = (node.start_mark.line + 1) if node is not None else 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    line = key.start_mark.line + 1
                    node = value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _key_problems(path: Path, node: yaml.Node | None, prefix: str = "") -> list[Problem]:
    """Keys YAML would read wrongly without a word: ``safe_load`` keeps the last
    of two equal keys, and reads a bare ``on``/``off``/``yes``/``no`` as a boolean."""
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            field = f"{prefix}{key.value}"
            if key.value in seen:
                problems.append(Problem(path, key.start_mark.line + 1, field, _l("står to ganger")))
            if key.tag == "tag:yaml.org,2002:bool":
                why = _l("YAML leser «%(key)s» som sann/usann; sett nøkkelen i anførselstegn", key=key.value)
                problems.append(Problem(path, key.start_mark.line + 1, field, why))
            seen.add(key.value)
            problems += _key_problems(path, value, field + ".")
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            problems += _key_problems(path, item, f"{prefix}{i}.")
    return problems


def read_text(path: Path) -> str:
    """A file's text; a file that cannot be read is a problem in it like any other."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise FileProblems([Problem(path, line, WHOLE_FILE, _l("er ikke UTF-8-tekst: lagre filen som UTF-8"))]) from None
    except OSError as exc:
        if path.is_symlink() and not path.exists():
            why = _l("er en lenke til en fil som ikke finnes")
        else:
            why = _l("kan ikke leses: %(reason)s", reason=files.reason(exc))
        raise FileProblems([Problem(path, 1, WHOLE_FILE, why)]) from None


# A check beyond the model's own: the (field path, message) pairs of what is wrong.
Check = Callable[[Any], Iterable[tuple[tuple, str]]]


def read_model(path: Path, model: type[M], text: str | None = None, check: Check | None = None) -> M:
    """The file at ``path`` as a ``model``; ``FileProblems`` naming file, line and field.

    ``check`` looks at a model that is valid in itself and names what is still
    wrong, such as a name that must exist in another file; its problems get
    their lines like the model's own.
    """
    path = Path(path)
    if text is None:
        text = read_text(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        # PyYAML's own description of the problem is in English.
        raise FileProblems([Problem(path, line, WHOLE_FILE, _l("ugyldig YAML: %(problem)s", problem=getattr(exc, "problem", exc)))]) from None

    problems = _key_problems(path, node)
    if not isinstance(data, dict):
        problems.append(Problem(path, 1, WHOLE_FILE, _l("filen må være en samling av felt (key: value)")))
        raise FileProblems(problems)

    def problem(loc: tuple, message: str) -> Problem:
        return Problem(path, line_of(node, loc), ".".join(map(str, loc)) or WHOLE_FILE, message)

    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            if error["type"] == "invalid_key":
                continue  # a non-text key: _key_problems has explained it already
            # The path in the file, without the text forms' markers (i18n.local_text).
            loc = tuple(part for part in error["loc"] if part not in (ONE_TEXT, PER_LANGUAGE))
            problems.append(problem(loc, explain(error)))
    else:
        if check is not None:
            problems += [problem(loc, message) for loc, message in check(result)]
    if problems:
        raise FileProblems(sorted(problems, key=lambda p: p.line))
    return result


class FolderLibrary(Generic[T]):
    """The files of one folder, read again when one of them changes.

    Someone edits a file and reloads the page; no restart. The folder is
    looked at no more than once per ``interval`` seconds, and a file with
    errors leaves the last good set in place while ``problems`` says why.

    The server's threads share a library: a new set replaces the old one
    whole, never in place, so a request that holds the set it got keeps a
    complete one; one thread reads the folder while the others go on with the
    set they have.
    """

    def __init__(self, folder: Path, load: Callable[[Path], dict[str, T]], interval: float = 1.0):
        self.folder = Path(folder)
        self.interval = interval
        self._load = load
        self.items = load(self.folder)
        self.problems: list[Problem] = []
        self._stamp = self._fingerprint()
        self._checked = time.monotonic()
        self._reading = threading.Lock()

    def _fingerprint(self) -> tuple:
        return tuple(sorted(_stamp(p) for p in self.folder.glob("*.yaml")))

    def refresh(self) -> dict[str, T]:
        """The current set, read again first if it is time to look and a file changed."""
        if time.monotonic() - self._checked < self.interval or not self._reading.acquire(blocking=False):
            return self.items
        try:
            self._checked = time.monotonic()
            stamp = self._fingerprint()
            if stamp != self._stamp:
                self._stamp = stamp
                try:
                    self.items = self._load(self.folder)
                    self.problems = []
                except FileProblems as exc:
                    self.problems = exc.problems
        finally:
            self._reading.release()
        return self.items


def _stamp(path: Path) -> tuple:
    """What tells that a file changed; a file that cannot be looked at (a
    dangling link) is read, and reported, like any other."""
    try:
        found = path.stat()
    except OSError:
        return (path.name, None, None)
    return (path.name, found.st_mtime_ns, found.st_size)
