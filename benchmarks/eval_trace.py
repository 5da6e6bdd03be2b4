"""Tracing quality and speed against benchmarks/trace_gold.toml.

    python benchmarks/eval_trace.py [--fouten]

Ranking, per ambition in the gold set (its gold paragraphs G, our ranking for the report
year):
    recall@1  = is our first paragraph in G
    recall@5  = |G ∩ top 5| / min(|G|, 5)
    MRR       = 1 / rank of the first paragraph of G in our ranking (0 if absent)
averaged over the ambitions, and the fraction of gold links scoring above the link
threshold. Status: the classifier's status of each gold paragraph, for its ambition,
against the status assigned by hand (confusion table, accuracy). Speed: the whole trace
(every ambition against every report, statuses and the KPI scorecard) timed in-process,
after the language data is loaded.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.library import Library  # noqa: E402
from kb.trace.linking import LINK_THRESHOLD  # noqa: E402
from kb.trace.plans import key_of  # noqa: E402
from kb.trace.status import STATUSES  # noqa: E402
from trace_pool import judged_top3  # noqa: E402


def load_gold() -> tuple[str, dict[str, dict[str, str]]]:
    data = tomllib.loads((ROOT / "benchmarks" / "trace_gold.toml").read_text(encoding="utf-8"))
    doc = data["document"]
    gold: dict[str, dict[str, str]] = defaultdict(dict)
    for link in data["link"]:
        key, _, rest = link["section"].partition(":")
        gold[link["ambition"]][f"{doc}/{data['prefix'][key]}{rest}"] = link["status"]
    return doc, gold


def by_key(trace) -> dict:
    """The trace's rows by plan-local key (the gold set names keys: "ondermijning-4d"; the
    trace holds one plan, the bundled one or a rendering of it)."""
    return {key_of(r.ambition): r for r in trace.rows}


def ranking(trace, doc: str, gold: dict[str, dict[str, str]]) -> tuple[float, float, float]:
    """recall@1, recall@5 and MRR of a trace's rankings against the gold set (ambitions the
    trace does not have count as misses: benchmarks/eval_renderings.py traces renderings
    of the plan that may lose some)."""
    r1 = r5 = mrr = 0.0
    rows = by_key(trace)
    for aid, sections in gold.items():
        detail = rows.get(aid)
        if detail is None:
            continue
        ranked = [lk.section_id for lk in detail.ranked if lk.document_id == doc]
        r1 += ranked[:1] != [] and ranked[0] in sections
        r5 += len(set(ranked[:5]) & set(sections)) / min(len(sections), 5)
        rank = next((i + 1 for i, s in enumerate(ranked) if s in sections), None)
        mrr += 1 / rank if rank else 0.0
    n = len(gold)
    return r1 / n, r5 / n, mrr / n


def print_confusion(confusion: Counter, statuses, title: str) -> None:
    """A confusion table of statuses (rows: the first reading, columns: the second), with
    short column names."""
    short = {s: s.replace("niet gerealiseerd", "niet").replace("deels gerealiseerd", "deels")
             .replace("geen informatie", "geen info").replace("gerealiseerd", "gereal.") for s in statuses}
    print(f"\n{title}\n{'':>20}" + "".join(f"{short[s]:>10}" for s in statuses))
    for a in statuses:
        print(f"{a:>20}" + "".join(f"{confusion[(a, b)]:>10}" for b in statuses))


def top3(trace, doc: str, gold: dict[str, dict[str, str]]) -> tuple[int, int]:
    """Of the links above the threshold in each ambition's top 3: how many are in the gold
    set, and how many there are (precision@3 is the one over the other: a lower bound, as the
    set does not name every relevant paragraph)."""
    right = above = 0
    rows = by_key(trace)
    for aid, sections in gold.items():
        detail = rows.get(aid)
        if detail is None:
            continue
        for lk in [lk for lk in detail.ranked if lk.document_id == doc][:3]:
            if lk.score >= LINK_THRESHOLD:
                above += 1
                right += lk.section_id in sections
    return right, above


def main() -> None:
    doc, gold = load_gold()
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "data")
        lib.ingest([ROOT / "documents"])
        t0 = time.perf_counter()
        snapshot = lib.snapshot()
        inputs = snapshot.trace_inputs
        _ = snapshot.lexicon, lib.classifier
        t_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        trace = snapshot.trace
        t_trace = time.perf_counter() - t0
        classifier = lib.classifier

    r1, r5, mrr = ranking(trace, doc, gold)
    above = total_links = 0
    pos: list[float] = []  # scores of gold links (0 when not in our top 5)
    neg: list[float] = []  # scores of the other paragraphs in our top 5
    misses = []
    wrong: list[str] = []
    confusion: Counter = Counter()
    rows = by_key(trace)
    top3_gold, top3_above = top3(trace, doc, gold)
    for aid, sections in gold.items():
        detail = rows[aid]
        ranked = [lk.section_id for lk in detail.ranked if lk.document_id == doc]
        scores = {lk.section_id: lk.score for lk in detail.ranked}
        pos += [scores[s] if s in ranked[:5] else 0.0 for s in sections]
        neg += [scores[s] for s in ranked[:5] if s not in sections]
        for sid, status in sections.items():
            total_links += 1
            above += scores.get(sid, 0.0) >= LINK_THRESHOLD
            if sid not in ranked[:5]:
                misses.append((aid, sid.split("/", 1)[1], ranked.index(sid) + 1 if sid in ranked else None))
            if sid in {p.section["id"] for p in detail.progress}:
                ours = trace.paragraph_status(detail.ambition["id"], sid).status
            else:  # the ranking missed it: judge the classifier on the paragraph anyway
                ours = classifier.classify(inputs.sections[sid]["text"], year=2020).status
            confusion[(status, ours)] += 1
            if ours != status:
                wrong.append(f"   {aid} {sid.split('/', 1)[1]}: hand {status}, classifier {ours}\n"
                             f"      {inputs.sections[sid]['text'][:300]}")
    n = len(gold)
    print(f"gouden set: {total_links} koppelingen over {n} ambities (benchmarks/trace_gold.toml)\n")
    print(f"recall@1 {r1:.3f}   recall@5 {r5:.3f}   MRR {mrr:.3f}")
    print(f"precisie@3 {top3_gold / max(1, top3_above):.3f} ({top3_gold}/{top3_above} koppelingen boven de drempel in de top 3 staan "
          "in de gouden set; een ondergrens: de set noemt niet elke relevante alinea)")
    print(f"precisie@3, beoordeeld (gouden sets en benchmarks/trace_pool.toml): {judged_top3(trace, gold)}")
    print(f"gouden koppelingen boven de drempel ({LINK_THRESHOLD}): {above}/{total_links}")
    if misses:
        print("\nniet in de top 5 (ambitie, sectie, rang):")
        for m in misses:
            print("  ", *m)

    print("\ndrempel (vanaf hier zet een alinea de status van haar cel; eronder is ze een kandidaat op de")
    print("ambitiepagina. Precisie is een ondergrens, want de gouden set noemt niet elke relevante alinea):")
    print(f"{'drempel':>8} {'recall':>7} {'precisie':>9}")
    for t in (0.05, 0.08, 0.10, 0.12, 0.15, 0.20, 0.30):
        tp, fp = sum(p >= t for p in pos), sum(n >= t for n in neg)
        mark = "  <- LINK_THRESHOLD" if abs(t - LINK_THRESHOLD) < 1e-9 else ""
        print(f"{t:>8.2f} {tp / len(pos):>7.3f} {tp / max(1, tp + fp):>9.3f}{mark}")

    print_confusion(confusion, STATUSES, "status: hand (rij) tegen classifier (kolom)")
    right = sum(v for (a, b), v in confusion.items() if a == b)
    print(f"juist: {right}/{sum(confusion.values())} = {right / max(1, sum(confusion.values())):.3f}")
    if "--fouten" in sys.argv:
        print("\nverschillen (ambitie, sectie: hand tegen classifier):")
        print("\n".join(wrong))

    cells = sum(len(row.cells) for row in trace.rows)
    empty = sum(1 for row in trace.rows for c in row.cells.values() if c.status == "geen informatie")
    print(f"\nmatrix: {len(trace.rows)} ambities × {len(trace.years)} jaar; {empty}/{cells} cellen 'geen informatie'")
    print(f"tijd: laden catalogus + taal {t_load:.2f} s; hele trace (koppelen, status, KPI's) {t_trace:.2f} s")


if __name__ == "__main__":
    main()
