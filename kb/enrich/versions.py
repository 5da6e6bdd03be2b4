"""Which plans are versions of one plan, and which version is current.

Two plan documents are versions of one plan when the newer one says so in its metadata
(`supersedes = "<document id>"`) or when both name the same unit and the same period and
look like one plan: nearly the same title, or mostly the same ambition keys (a re-issued
plan, the same plan uploaded once more as a PDF). Two different plans of one unit and period
(a safety plan and a staffing plan) stay side by side, with a notice. The newest version is
current: its ambitions are traced; the older ones stay readable and searchable, with
`superseded_by` naming the current one, and decisions on them carry over by key
(kb.trace.plans). Newest means: after every version it supersedes, then the later date,
then, with nothing to go by, the later document id (said in a notice, so an analyst can
settle it with `supersedes` or a date).
"""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher

from kb.model import Document
from kb.text import fold


def unit_key(name: str | None) -> str:
    """A unit's name as compared: "Politie-eenheid Rotterdam", "Eenheid  Rotterdam" and
    "eenheid Rotterdam" are one unit ("politie" and "de" dropped, hyphens as spaces); a
    municipality ("Gemeente Rotterdam") stays another. "" for none."""
    words = fold((name or "").lower()).replace("-", " ").replace("’", "'").split()
    return " ".join(w for w in words if w not in _UNIT_NOISE)


_UNIT_NOISE = {"politie", "de", "het"}


def _same_plan_key(doc: Document) -> tuple[str, tuple[int, int]] | None:
    if not unit_key(doc.unit) or not doc.period:
        return None
    return unit_key(doc.unit), tuple(doc.period)


SAME_TITLE = 0.8  # difflib ratio of two folded titles
SAME_KEYS = 0.5  # share of ambition keys two plans have in common (of all their keys)


def _alike(a: Document, b: Document, keys: dict[str, set[str]]) -> bool:
    ka, kb = keys.get(a.id, set()), keys.get(b.id, set())
    if ka and kb and len(ka & kb) / len(ka | kb) >= SAME_KEYS:
        return True
    return SequenceMatcher(None, fold(a.title.lower()), fold(b.title.lower())).ratio() >= SAME_TITLE


def link_versions(documents: list[Document], keys: dict[str, set[str]] | None = None) -> list[str]:
    """Set `superseded_by` on every plan that a newer version replaces (None on the others),
    in place; the notices an ingest shows (a `supersedes` that names no plan, versions
    without a date to order them by, plans of one unit and period that are not alike).
    `keys`: document id -> its ambitions' keys."""
    keys = keys or {}
    plans = {d.id: d for d in documents if d.kind == "plan"}
    notices: list[str] = []
    parent = {pid: pid for pid in plans}

    def root(pid: str) -> str:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    older: dict[str, set[str]] = {pid: set() for pid in plans}  # explicit: pid supersedes these
    for d in plans.values():
        d.superseded_by = None
        if not d.supersedes:
            continue
        if d.supersedes == d.id:
            notices.append(f"{d.id}: `supersedes` noemt het document zelf; genegeerd")
        elif d.supersedes not in plans:
            notices.append(f"{d.id}: `supersedes = \"{d.supersedes}\"` noemt geen plan in de documenten; "
                           "genegeerd (de document-id is de bestandsnaam zonder extensie)")
        else:
            older[d.id].add(d.supersedes)
            join(d.id, d.supersedes)
    by_key: dict[tuple, list[str]] = {}
    for d in plans.values():
        if (k := _same_plan_key(d)) is not None:
            by_key.setdefault(k, []).append(d.id)
    for ids in by_key.values():
        for i, one in enumerate(ids):
            for other in ids[i + 1:]:
                if _alike(plans[one], plans[other], keys):
                    join(one, other)
                elif root(one) != root(other):
                    notices.append(f"{one} en {other} hebben dezelfde eenheid en periode maar lijken verschillende "
                                   "plannen (andere titel, andere ambities); beide tellen als huidig plan. Zijn het "
                                   "versies van één plan, zet dan `supersedes` in de metadata van de nieuwste")

    families: dict[str, list[str]] = {}
    for pid in sorted(plans):
        families.setdefault(root(pid), []).append(pid)
    for members in families.values():
        if len(members) < 2:
            continue
        ordered = _oldest_first(members, plans, older)
        current = ordered[-1]
        for pid in ordered[:-1]:
            plans[pid].superseded_by = current
        if _undecided(ordered, plans, older):
            notices.append(
                f"{', '.join(members)} zijn versies van één plan (zelfde eenheid en periode) zonder datum of "
                f"`supersedes` die zegt welke de nieuwste is; '{current}' is als huidige versie genomen. "
                "Zet `supersedes` of `date` in de metadata van de nieuwste om het vast te leggen")
    return notices


def _undecided(ordered: list[str], plans: dict[str, Document], older: dict[str, set[str]]) -> bool:
    """Whether two neighbouring versions were put in order by their ids alone."""
    for a, b in zip(ordered, ordered[1:]):
        if a in older[b]:
            continue
        da, db = plans[a].date, plans[b].date
        if da is None or db is None or da == db:
            return True
    return False


def _oldest_first(members: list[str], plans: dict[str, Document], older: dict[str, set[str]]) -> list[str]:
    """The versions in order, oldest first: a version after every version it supersedes,
    otherwise by date and then by id."""
    def sort_key(pid: str) -> tuple:
        return (plans[pid].date or dt.date.min, pid)

    placed: list[str] = []
    waiting = sorted(members, key=sort_key)
    while waiting:
        ready = next((p for p in waiting if not (older[p] & set(waiting)) - {p}), waiting[0])  # a cycle: by date
        placed.append(ready)
        waiting.remove(ready)
    return placed
