"""The plans of one catalog as the trace and the pages read them: which version of each plan
is current, an ambition by its global id or by a bare key, and decisions carried over.

An ambition's global id is "<plan>:<key>" (kb.enrich.ids). Decisions are stored with the id
of the ambition they were made on; when a newer version of that plan is current, they count
for the ambition with the same key in it, marked "verdacht" when its text changed between
the versions (kb.enrich.versions says which versions belong together). A bare key, as ids
were before they were per plan ("ondermijning-4d"), means the plan whose versions are the
only ones with that key.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from kb.enrich.ids import ambition_id, fingerprint, split_ambition_id
from kb.errors import KbError
from kb.store.decisions import Decision
from kb.store.status_decisions import StatusDecision

Carried = TypeVar("Carried", Decision, StatusDecision)


class Plans:
    def __init__(self, documents: list[dict], ambitions: list[dict]):
        self.plans = {d["id"]: d for d in documents if d.get("kind") == "plan"}
        self.ambition = {a["id"]: a for a in ambitions}
        self._by_key: dict[str, list[str]] = {}  # key -> ids of the ambitions with it, in any plan
        for a in ambitions:
            self._by_key.setdefault(key_of(a), []).append(a["id"])

    def current_of(self, plan_id: str) -> str:
        """The current version of a plan (the plan itself when no newer version replaces it)."""
        doc = self.plans.get(plan_id)
        return (doc or {}).get("superseded_by") or plan_id

    def chosen(self, plan_id: str | None) -> str | None:
        """The plan a filter asks for (`?plan=`, `--plan`): None for none; an older version
        means its current one (whose matrix holds its ambitions); KbError 404 for a plan the
        library does not have, naming the ones it has."""
        plan_id = (plan_id or "").strip()
        if not plan_id:
            return None
        if plan_id not in self.plans:
            known = ", ".join(d["id"] for d in self.current) or "geen"
            raise KbError(f"onbekend plan '{plan_id}' (plannen: {known})", status=404)
        return self.current_of(plan_id)

    @property
    def current(self) -> list[dict]:
        """The current plans, newest period first."""
        found = [d for d in self.plans.values() if not d.get("superseded_by")]
        return sorted(found, key=lambda d: (-((d.get("period") or [0, 0])[1]), d["id"]))

    def versions(self, plan_id: str) -> list[dict]:
        """Every version of a plan: its current version first, then the ones it replaced, newest first."""
        current = self.current_of(plan_id)
        found = [d for d in self.plans.values() if d["id"] == current or d.get("superseded_by") == current]
        return sorted(found, key=lambda d: (d["id"] == current, d.get("date") or "", d["id"]), reverse=True)

    def is_current(self, ambition: dict) -> bool:
        return not self.plans.get(ambition["document_id"], {}).get("superseded_by")

    def ids_with_key(self, key: str) -> list[str]:
        """The ids of the ambitions with this plan-local key, in any plan or version."""
        return list(self._by_key.get(key, []))

    def from_key(self, key: str) -> str | None:
        """The ambition a bare key means: the one with that key in the only plan (counting
        its versions as one) that has it; the oldest version's, as decisions with bare keys
        date from before versions. None when no plan or several have it."""
        ids = self._by_key.get(key, [])
        families = {self.current_of(self.ambition[i]["document_id"]) for i in ids}
        if len(families) != 1:
            return None
        return min(ids, key=lambda i: (self.plans.get(self.ambition[i]["document_id"], {}).get("date") or "", i))

    def resolve(self, aid: str) -> str | None:
        """The id of the ambition `aid` stands for in the current version of its plan: itself
        when current, the same key in the newer version, or the old one when the new version
        dropped it; for a bare key see `from_key`. None: no such ambition."""
        plan, key = split_ambition_id(aid)
        if plan is None:
            found = self.from_key(key)
            return self.resolve(found) if found else None
        newer = ambition_id(self.current_of(plan), key)
        if newer in self.ambition:
            return newer
        return aid if aid in self.ambition else None

    def carry(self, history: list[Carried]) -> list[Carried]:
        """The decisions as they count now, on links (Decision) or on a cell's status
        (StatusDecision): each on the ambition it stands for in the current version of its
        plan (`resolve`). One made on an older version keeps where it came from
        (`carried_from`) and is `ambition_changed` when the ambition's text differs between
        the two versions; one on no known ambition is kept as it is."""
        out = []
        for d in history:
            made_on = d.ambition_id if split_ambition_id(d.ambition_id)[0] else (self.from_key(d.ambition_id) or d.ambition_id)
            now = self.resolve(made_on)
            if now is None or now == d.ambition_id:
                out.append(d)
                continue
            moved = dataclasses.replace(d, ambition_id=now)
            if now != made_on:
                moved.carried_from = made_on
                moved.ambition_changed = (fingerprint(self.ambition[made_on]["text"])
                                          != fingerprint(self.ambition[now]["text"]))
            out.append(moved)
        return out


def key_of(ambition: dict) -> str:
    """An ambition's plan-local key (rows of before the key was stored: from its id)."""
    return ambition.get("key") or split_ambition_id(ambition["id"])[1]
