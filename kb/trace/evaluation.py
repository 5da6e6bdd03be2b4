"""The ranker against auditors' decisions: their confirmed and added links are gold, their
rejected ones are known wrong proposals. `make eval` scores every decisions file it is given
(benchmarks/eval_decisions.py), so auditors' work becomes an evaluation set.

The ranking is the linker's own (`Row.ranked`), before any decision moved it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.store.decisions import ADD, CONFIRM, REJECT, Decision
from kb.trace.linking import LINK_THRESHOLD
from kb.trace.view import Trace


@dataclass
class DecisionScore:
    confirmed: int = 0  # confirmed or added links on ambitions of the trace
    confirmed_top5: int = 0  # of those, in the ranker's top 5 of their year
    confirmed_above: int = 0  # of those, proposed above the threshold
    reciprocal_rank: float = 0.0  # sum of 1/rank of the confirmed links
    rejected: int = 0
    rejected_above: int = 0  # rejected links the ranker still proposes above the threshold
    unknown: list[str] = field(default_factory=list)  # decisions on ambitions or sections not here

    def to_dict(self) -> dict:
        n, r = max(1, self.confirmed), max(1, self.rejected)
        return {"confirmed": self.confirmed, "recall5": self.confirmed_top5 / n, "above": self.confirmed_above / n,
                "mrr": self.reciprocal_rank / n, "rejected": self.rejected,
                "rejected_above": self.rejected_above / r, "unknown": len(self.unknown)}


def score_decisions(trace: Trace, links: dict[tuple[str, str], Decision]) -> DecisionScore:
    """`links`: the current decision per (ambition id, section id) (kb.store.decisions.current_links,
    carried to the current plan versions by kb.trace.plans.Plans.carry)."""
    out = DecisionScore()
    for (aid, sid), d in sorted(links.items()):
        if not trace.has(aid):
            out.unknown.append(f"{aid} {sid}")
            continue
        row = trace.detail(aid)
        link = next((lk for lk in row.ranked if lk.section_id == sid), None)
        year = link.year if link else next((p.year for p in row.progress if p.section["id"] == sid), None)
        same_year = [lk.section_id for lk in row.ranked if lk.year == year]
        rank = same_year.index(sid) + 1 if sid in same_year else None
        above = link is not None and link.score >= LINK_THRESHOLD
        if d.action in (CONFIRM, ADD):
            out.confirmed += 1
            out.confirmed_top5 += rank is not None and rank <= 5
            out.confirmed_above += above
            out.reciprocal_rank += 1 / rank if rank else 0.0
        elif d.action == REJECT:
            out.rejected += 1
            out.rejected_above += above
    return out
