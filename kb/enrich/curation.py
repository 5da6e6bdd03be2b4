"""An analyst's corrections to what extraction found in one plan, from a sidecar file
`<name>.ambitions.toml` beside the plan (`plan.pdf` -> `plan.ambitions.toml`).

Extraction follows the plan's layout and numbering; where it misses a goal, splits one in
two or names it badly, the analyst says so once in the sidecar and every ingest applies it.
Keys are the plan-local keys `kb ambitions PLAN` shows. Applied in this order: drop, merge,
rename, add. What the sidecar names but the plan does not have is a warning, not an error;
a sidecar that is not valid TOML, or an entry without what it needs, is a ParseError
("metadata") naming the file and the entry. Curated ambitions get origin "zijbestand".

    # plan.ambitions.toml
    drop = ["plan-p3"]                       # not an ambition: an intro paragraph

    [[merge]]                                # one goal the layout split in two
    keys = ["jeugd-doel-1", "jeugd-doel-2"]  # into the first: texts and sections joined

    [[rename]]
    key = "plan-doel"
    new_key = "visie-doel"                   # and/or
    text = "Een veilige gemeente voor iedereen."

    [[add]]
    key = "cameratoezicht-1"
    text = "Cameratoezicht in het uitgaansgebied wordt in 2024 geëvalueerd."
    kind = "item"                            # doel (default), pijler, item, opdracht
    theme = "openbare-orde"                  # optional
    find = "cameratoezicht"                  # optional: the section whose text holds this
    # section = "<section id>"               # or the section itself
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from kb.datafiles import DataModel, Text, load, rule, says
from kb.errors import ParseError
from kb.model import Ambition, Document, Section
from kb.text import fold

SIDECAR_SUFFIX = ".ambitions.toml"
ORIGIN = "zijbestand"
Kind = Annotated[Literal["doel", "pijler", "item", "opdracht"], says("moet doel, pijler, item of opdracht zijn")]


# a key is part of the ambition's id and address ("<plan>:<key>", /ambities/<id>): a slug
def _slug_key(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9~-]*", value):
        raise rule("moet een sleutel zijn van kleine letters, cijfers en streepjes, zoals 'ondermijning-4d'")
    return value


Key = Annotated[str, StringConstraints(strict=True, strip_whitespace=True), AfterValidator(_slug_key),
                says("moet een sleutel zijn van kleine letters, cijfers en streepjes, zoals 'ondermijning-4d'")]


class _Add(DataModel):
    key: Key
    text: Text
    kind: Kind = "doel"
    theme: Text | None = None
    section: Text | None = None
    find: Text | None = None


class _Merge(DataModel):
    keys: Annotated[list[Text], Field(min_length=2), says("moet een lijst van minstens twee sleutels zijn")]


class _Rename(DataModel):
    key: Text
    new_key: Key | None = None
    text: Text | None = None


class Sidecar(DataModel):
    drop: list[Text] = []
    merge: list[_Merge] = []
    rename: list[_Rename] = []
    add: list[_Add] = []


def sidecar_path(path: Path) -> Path:
    """The sidecar of a plan file: `plan.pdf` -> `plan.ambitions.toml`."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_sidecar(sidecar: Path) -> Sidecar:
    def fail(message: str) -> ParseError:
        return ParseError("metadata", f"ambitiebestand {sidecar.name}: {message}")

    return load(sidecar, Sidecar, fail, {"merge": "samenvoeging", "rename": "hernoeming", "add": "toevoeging"})


def _key(amb: Ambition) -> str:
    """The plan-local key, whether or not the ambition is already scoped to its plan."""
    return amb.key or amb.id


def _rekey(amb: Ambition, new: str) -> None:
    old = _key(amb)
    if amb.key:
        amb.id = amb.id[: len(amb.id) - len(old)] + new
        amb.key = new
    else:
        amb.id = new


def curate(ambitions: list[Ambition], sidecar: Path, doc: Document,
           sections: list[Section]) -> tuple[list[Ambition], list[str]]:
    """`ambitions` with the sidecar's corrections, and Dutch warnings about what it names but
    the plan lacks. Without a sidecar file, `ambitions` as they are."""
    if not sidecar.exists():
        return ambitions, []
    wanted = read_sidecar(sidecar)
    warnings: list[str] = []
    name = sidecar.name
    out = list(ambitions)

    def find(key: str, what: str) -> Ambition | None:
        amb = next((a for a in out if _key(a) == key), None)
        if amb is None:
            warnings.append(f"{name}: {what} '{key}' bestaat niet in dit plan; overgeslagen")
        return amb

    def reparent(old_id: str, new_id: str | None) -> None:
        for a in out:
            if a.parent_id == old_id:
                a.parent_id = new_id

    for key in wanted.drop:
        if (amb := find(key, "te schrappen ambitie")) is not None:
            out.remove(amb)
            reparent(amb.id, amb.parent_id)

    for merge in wanted.merge:
        found = [a for k in merge.keys if (a := find(k, "samen te voegen ambitie")) is not None]
        if len(found) < 2:
            continue
        first, rest = found[0], found[1:]
        for amb in rest:
            first.text = f"{first.text} {amb.text}".strip()
            first.section_ids += [sid for sid in amb.section_ids if sid not in first.section_ids]
            out.remove(amb)
            reparent(amb.id, first.id)
        first.origin = ORIGIN

    for rename in wanted.rename:
        if (amb := find(rename.key, "te hernoemen ambitie")) is None:
            continue
        if rename.new_key and rename.new_key != rename.key:
            if any(_key(a) == rename.new_key for a in out):
                warnings.append(f"{name}: sleutel '{rename.new_key}' is al in gebruik; '{rename.key}' niet hernoemd")
                continue
            old_id = amb.id
            _rekey(amb, rename.new_key)
            reparent(old_id, amb.id)
        if rename.text:
            amb.text = rename.text
        amb.origin = ORIGIN

    scoped = next((a for a in out if a.key), None)
    for entry in wanted.add:
        if any(_key(a) == entry.key for a in out):
            warnings.append(f"{name}: toe te voegen sleutel '{entry.key}' bestaat al; niet toegevoegd")
            continue
        section = _section_for(entry, sections, name, warnings)
        amb = Ambition(
            id=entry.key, document_id=doc.id, kind=entry.kind,
            theme=entry.theme or (section.themes[0] if section and section.themes else None),
            heading_path=list(section.heading_path) if section else [], text=entry.text,
            section_ids=[section.id] if section else [], origin=ORIGIN,
        )
        if scoped is not None:  # the others carry their plan already: this one too
            amb.key = entry.key
            amb.id = scoped.id[: len(scoped.id) - len(scoped.key)] + entry.key
        out.append(amb)
    return out, warnings


def _section_for(entry: _Add, sections: list[Section], name: str, warnings: list[str]) -> Section | None:
    """The section an added ambition stands in: by id, else the first whose text holds `find`."""
    if entry.section:
        found = next((s for s in sections if s.id == entry.section), None)
        if found is None:
            warnings.append(f"{name}: sectie '{entry.section}' van '{entry.key}' bestaat niet in dit plan")
        return found
    if entry.find:
        needle = " ".join(fold(entry.find).split())
        found = next((s for s in sections if needle in " ".join(fold(s.text).split())), None)
        if found is None:
            warnings.append(f"{name}: tekst '{entry.find}' van '{entry.key}' staat in geen sectie van dit plan")
        return found
    return None
