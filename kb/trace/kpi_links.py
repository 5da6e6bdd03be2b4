"""A KPI norm's links as kpi-names.toml names its figure (kb.trace.scorecard takes the figure
under such a name first; the norm's links say the same).

A paragraph or table row under a name the file gives the norm ("% DNA-V" for "Executie") is
the report on it, whatever words it shares: on top, KPI_NAME_SCORE. A row under the name of
another norm of the same plan, and none of the norm's own ("Reactietijd prio 2" for
"Aanrijdtijden prio 1"), is that other norm's figure: a candidate under the threshold. A norm
the file says nothing of keeps its links as the linker ranked them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from kb.trace.linking import CANDIDATE_SCORE, LINK_THRESHOLD, MAX_LINKS, REFERENCE_SCORE, Link, Linker
from kb.trace.scorecard import Scorecard
from kb.text import shown_score

KPI_NAME_SCORE = REFERENCE_SCORE  # as good a match as a paragraph that cites the ambition's number
HELD_OTHER_NORM = "de rij staat onder de KPI-naam van een andere norm van het plan (kpi-names.toml); oorspronkelijke score {score}"


def by_kpi_name(ranked_of: dict, ambitions: list[dict], norms: dict[str, dict], card: Scorecard, linker: Linker,
                docs: dict[str, dict], values_of: dict[str, list[dict]]) -> dict:
    """`ranked_of` (ambition id -> (links per year, links elsewhere), as Linker.rank_scoped) with
    the links of each KPI norm that kpi-names.toml names as above. A norm is the KPI ambition
    of the same id (kb.model.KpiNorm). `values_of`: per plan, the figures of its reports
    (kb.enrich.kpi). The linker's Links are shared: changed ones are copies."""
    out = dict(ranked_of)
    for plan, values in values_of.items():
        plan_norms = [norms[a["id"]] for a in ambitions if a["document_id"] == plan and a["id"] in norms]
        if not values or not plan_norms:
            continue
        named: dict[str, dict[str, tuple[str, str]]] = {}  # norm -> section -> (document, the figure's name)
        for n in plan_norms:
            named[n["id"]] = {}
            for v in values:
                if linker.indexes(v["section_id"]) and card.named(n, v):
                    named[n["id"]].setdefault(v["section_id"], (v["document_id"], v.get("name") or n["name"]))
        for n in plan_norms:
            own = named[n["id"]]
            others = set() if not card.has_names(n) else \
                {sid for m in plan_norms if m["id"] != n["id"] for sid in named[m["id"]]} - own.keys()
            if own or others:
                out[n["id"]] = _relinked(n["id"], out[n["id"]], own, others, docs)
    return out


def _relinked(ambition_id: str, ranked: tuple, own: dict[str, tuple[str, str]], others: set[str],
              docs: dict[str, dict]) -> tuple:
    by_year, elsewhere = ranked
    new: dict = defaultdict(list)
    before: dict[str, float] = {}  # the linker's score: the order among the norm's named links
    for year, links in by_year.items():
        for lk in links:
            before[lk.section_id] = lk.words_score
            if lk.section_id in own:
                lk = replace(lk, score=max(lk.words_score, KPI_NAME_SCORE), held="", raw_score=None,
                             shared_terms=[f"{own[lk.section_id][1]} (KPI-naam)", *lk.shared_terms][:6])
            elif lk.section_id in others and lk.score >= LINK_THRESHOLD:
                lk = replace(lk, score=CANDIDATE_SCORE, held=HELD_OTHER_NORM.format(score=shown_score(lk.score)),
                             raw_score=lk.score)
            new[year].append(lk)
    for sid, (doc, name) in own.items():
        if sid not in before:
            year = docs.get(doc, {}).get("year")
            new[year].append(Link(ambition_id, sid, doc, year, KPI_NAME_SCORE, [f"{name} (KPI-naam)"]))
    for year, links in new.items():
        links.sort(key=lambda lk: (-lk.score, -before.get(lk.section_id, 0.0), lk.section_id))
        del links[MAX_LINKS:]
    return dict(new), elsewhere
