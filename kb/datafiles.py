"""Reading the analyst-editable data files: TOML in, a pydantic model checked, one Dutch
message naming the file and the field out.

A model states what a field must be; `says` gives a field the one Dutch requirement an
analyst reads when it is wrong ("moet een jaartal zijn, zoals 2020"), whatever pydantic
found. `explain` turns the first error into a line such as
"thema 2, 'label' moet een niet-lege tekst zijn (kreeg 12)". The caller's `fail` makes
the error of its kind (a ParseError of one document, a KbError 500 of a server file).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, WrapValidator
from pydantic_core import PydanticCustomError

KB = "kb"  # the error type of our own Dutch requirements
M = TypeVar("M", bound=BaseModel)
Fail = Callable[[str], Exception]

_GENERIC = {
    "string_type": "moet een tekst zijn",
    "list_type": "moet een lijst zijn",
    "tuple_type": "moet een lijst zijn",
    "int_type": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "dict_type": "moet een {table} zijn",
    "model_type": "moet een {table} zijn",
    "model_attributes_type": "moet een {table} zijn",
}


class DataModel(BaseModel):
    """A table of a data file: a misspelt key is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


def edition(path: Path) -> int:
    """A data file's modification time, as the cache key of its parsed form (an analyst's
    edit is read at the next use); -1 when it cannot be looked at, so the reader that
    follows says what is wrong with it."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def rule(requirement: str) -> PydanticCustomError:
    """An error for a validator to raise, read after the field's name."""
    return PydanticCustomError(KB, requirement)


def says(requirement: str) -> WrapValidator:
    """Whatever the wrapped type finds wrong, the analyst reads this one requirement
    (or the more precise one a validator of the value itself raised with `rule`)."""

    def wrap(value: Any, handler: Callable[[Any], Any]) -> Any:
        try:
            return handler(value)
        except ValidationError as exc:
            own = next((e["msg"] for e in exc.errors() if e["type"] == KB and not e["loc"]), requirement)
            raise rule(own) from None

    return WrapValidator(wrap)


Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1),
                 says("moet een niet-lege tekst zijn")]


def valid_regex(value: str) -> str:
    """A regular expression an analyst wrote, or `rule` saying why it is none."""
    try:
        re.compile(value)
    except re.error as exc:
        raise rule(f"is geen geldige reguliere expressie ({exc})") from None
    return value


Regex = Annotated[str, Field(strict=True, min_length=1), AfterValidator(valid_regex),
                  says("moet een reguliere expressie zijn (een tekst)")]


def read(path: Path, fail: Fail) -> dict:
    """A TOML file as a dict; unreadable, not UTF-8 or not TOML is `fail`ed."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise fail("geen geldige UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise fail(f"geen geldige TOML ({exc})") from None
    except OSError as exc:
        raise fail(f"niet te lezen ({exc.strerror or exc})") from None
    except RecursionError:
        raise fail("lijsten of tabellen staan te diep in elkaar genest (honderden niveaus); "
                   "dit is geen gewoon gegevensbestand") from None
    except (ValueError, OverflowError) as exc:  # Python's own limits: an integer of thousands of digits
        what = "een getal met duizenden cijfers" if "digits" in str(exc) else f"een onleesbare waarde ({exc})"
        raise fail(f"bevat {what}; getallen horen hier jaartallen en kleine aantallen te zijn") from None


def check(model: type[M], data: object, fail: Fail, nouns: Mapping[str, str] | None = None) -> M:
    """`data` as `model`, or `fail` with one Dutch line about the first thing wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise fail(explain(exc, model, nouns)) from None
    except RecursionError:
        raise fail("lijsten of tabellen staan te diep in elkaar genest; dit is geen gewoon gegevensbestand") from None


def load(path: Path, model: type[M], fail: Fail, nouns: Mapping[str, str] | None = None) -> M:
    return check(model, read(path, fail), fail, nouns)


def explain(exc: ValidationError, model: type[BaseModel] | None = None, nouns: Mapping[str, str] | None = None,
            table: str = "tabel") -> str:
    """One Dutch line for the first error (unknown fields first: a typo explains the rest).
    `nouns` names the entries of a list: {"theme": "thema"} makes ("theme", 1) "thema 2"."""
    nouns = nouns or {}
    errors = exc.errors()
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = first["loc"]
    if first["type"] in ("extra_forbidden", "missing"):
        names = [str(e["loc"][-1]) for e in errors if e["type"] == first["type"] and e["loc"][:-1] == loc[:-1]]
        place = _place(loc[:-1], nouns)
        if first["type"] == "missing":
            return f"{place} mist {', '.join(names)}".strip()
        allowed = _model_at(model, loc[:-1])
        tail = f" (toegestaan: {', '.join(sorted(allowed.model_fields))})" if allowed else ""
        return f"{place + ': ' if place else ''}onbekend veld {', '.join(sorted(names))}{tail}"
    if first["type"] == KB:
        text = first["msg"]
    else:
        text = _GENERIC.get(first["type"], f"klopt niet: {first['msg']}").format(table=table)
    return f"{_place(loc, nouns)} {text}{_got(first['input'], loc, table)}".strip()


def _place(loc: tuple, nouns: Mapping[str, str]) -> str:
    """("theme", 1, "slug") -> "thema 2, 'slug'"; ("afkortingen", "RIEC") -> "'afkortingen.RIEC'"."""
    parts: list[str] = []
    key: list[str] = []
    for step in loc:
        if not isinstance(step, int):
            key.append(str(step))
            continue
        noun = nouns.get(key[-1]) if key else None
        if noun:
            key.pop()
        if key:
            parts.append("'" + ".".join(key) + "'")
            key = []
        if noun:
            parts.append(f"{noun} {step + 1}")
        else:
            parts[-1:] = [" ".join(parts[-1:] + [f"nummer {step + 1}"])]
    if key:
        parts.append("'" + ".".join(key) + "'")
    return ", ".join(parts)


def _model_at(model: type[BaseModel] | None, loc: tuple) -> type[BaseModel] | None:
    """The model of the table at `loc`, to list the fields it allows."""
    for step in loc:
        if model is None:
            return None
        if isinstance(step, str):
            field = model.model_fields.get(step)
            model = _inner_model(field.annotation) if field else None
    return model


def _inner_model(tp: Any) -> type[BaseModel] | None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return next((m for m in map(_inner_model, get_args(tp)) if m), None)


def _got(value: Any, loc: tuple, table: str) -> str:
    """What the file had; nothing for an entry whose fields are the trouble."""
    if isinstance(value, dict):
        return "" if not loc or isinstance(loc[-1], int) else f" (kreeg een {table})"
    text = value.isoformat() if isinstance(value, dt.date) else repr(value)
    return f" (kreeg {text if len(text) <= 80 else text[:77] + '...'})"
