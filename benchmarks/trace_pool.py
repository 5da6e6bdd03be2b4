"""Precision@3 as issue 16 defines it: of the links above the threshold in an ambition's top
3, how many are a real progress report on that ambition.

The gold sets name the evidence (and in the blind sets the related paragraphs) each reader
found; a top-3 link outside those lists may still be relevant, so counting it as wrong gives
a lower bound. benchmarks/trace_pool.toml closes the gap: the top-3 links of 2020 for every
ambition of any gold set that no set names, each judged by reading (relevant or not) by
readers who saw neither the tracer's scores nor its code. A link is relevant when any gold
set names it for the ambition or the pool judged it so; a link that neither the sets nor the
pool judged is counted apart ("niet beoordeeld"): a changed ranker brings new ones, which a
new judging round adds to the pool.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kb.trace.linking import LINK_THRESHOLD
from kb.trace.plans import key_of

ROOT = Path(__file__).resolve().parent.parent
POOL = ROOT / "benchmarks" / "trace_pool.toml"
BLIND_SETS = ["trace_gold_blind.toml", "trace_gold_blind2.toml", "trace_gold_blind3.toml"]  # beside trace_gold.toml
PLAN = "rotterdam-strategische-themas-2019-2022"
YEAR = 2020


@dataclass
class Judged:
    right: int = 0
    wrong: int = 0
    unjudged: int = 0

    @property
    def precision(self) -> float:
        return self.right / max(1, self.right + self.wrong)

    def __str__(self) -> str:
        if not POOL.exists():
            return f"niet te meten: {POOL.name} ontbreekt"
        total = self.right + self.wrong + self.unjudged
        if not self.unjudged:
            return f"{self.precision:.3f} ({self.right}/{total})"
        return (f"{self.precision:.3f} over de {self.right + self.wrong} beoordeelde ({self.right} goed); "
                f"{self.unjudged} niet beoordeeld, dus tussen {self.right / total:.3f} en "
                f"{(self.right + self.unjudged) / total:.3f}")


def judgements() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per ambition key: the sections known relevant (any gold set, or judged so in the pool)
    and those judged not relevant (the pool)."""
    from eval_trace import load_gold  # here, not at the top: eval_trace imports this module

    relevant: dict[str, set[str]] = defaultdict(set)
    irrelevant: dict[str, set[str]] = defaultdict(set)
    for key, sections in load_gold()[1].items():
        relevant[key].update(sections)
    for name in BLIND_SETS:
        for a in tomllib.loads((ROOT / "benchmarks" / name).read_text(encoding="utf-8"))["ambition"]:
            relevant[a["key"]].update((a.get("sections") or []) + (a.get("related") or []))
    if POOL.exists():
        for pair in tomllib.loads(POOL.read_text(encoding="utf-8"))["pair"]:
            (relevant if pair["relevant"] else irrelevant)[pair["ambition"]].add(pair["section"])
    return relevant, irrelevant


def judged_top3(trace, keys) -> Judged:
    """Precision@3 over the ambitions `keys` (plan-local) of the plan the sets were drawn from."""
    relevant, irrelevant = judgements()
    rows = {key_of(r.ambition): r for r in trace.rows if r.ambition["document_id"] == PLAN}
    out = Judged()
    for key in keys:
        row = rows.get(key)
        if row is None:
            continue
        for lk in [lk for lk in row.ranked if lk.year == YEAR][:3]:
            if lk.score < LINK_THRESHOLD:
                continue
            if lk.section_id in relevant[key]:
                out.right += 1
            elif lk.section_id in irrelevant[key]:
                out.wrong += 1
            else:
                out.unjudged += 1
    return out
