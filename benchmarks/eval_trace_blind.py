"""The trace against the blind gold sets (benchmarks/trace_gold_blind.toml,
trace_gold_blind2.toml and trace_gold_blind3.toml): 30 ambitions each, drawn with a seed
(benchmarks/draw_blind_trace.py; each later set from the ambitions in none of the earlier
sets), judged by reading the 2020 report before anyone looked at what the tracer says about
them. Issue 16 asks for independent readings: no set was tuned on until its first figures
were recorded (see the closing notes). Sets 1 and 2 have been tuned on since, so their
figures are an upper bound; set 3 (first figures 2026-12-03: status 0.167, grouped 0.433,
recall@5 0.620, precision@3 0.493) is the held-out one.

Prints:
- status: the matrix's 2020 status against the blind one, exact and grouped (done / under
  way / behind / nothing), with the confusion matrix;
- ranking: recall@5 of the evidence sections, and the distractors: links above the threshold
  in the top 3 that are neither evidence nor related sections (precision@3 is the rest).

Beside them, the sets of other units (benchmarks/other_units/<unit>/gold.toml: `plan` and
`year` at the top, the unit's plan and report in the same folder): both documents and the
gold written for the benchmark by helpers who saw neither the tracer's code nor its output.
Which of them are open and which held out, what of each has been seen, and every figure as
it was measured: benchmarks/other_units/README.md.

`python benchmarks/eval_trace_blind.py [--fouten] [GOLD.toml ...]` (default: all sets).
`--fouten` also prints, per ambition the matrix gets wrong (status, a distractor in the top 3
or evidence outside the top 5), the blind status and evidence beside the top links with their
scores, statuses and shared terms; only for sets named on the command line, so that a
held-out set is not read by accident.
"""

from __future__ import annotations

import sys
import tempfile
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.library import Library  # noqa: E402
from kb.trace.linking import LINK_THRESHOLD  # noqa: E402
from kb.trace.plans import key_of  # noqa: E402
from kb.trace.view import CELL_STATUSES  # noqa: E402
from eval_trace import print_confusion  # noqa: E402
from trace_pool import judged_top3  # noqa: E402

YEAR = 2020
GROUP = {"gerealiseerd": "klaar", "deels gerealiseerd": "onderweg", "lopend": "onderweg",
         "vertraagd": "achter", "niet gerealiseerd": "achter", "onbekend": "niets", "geen informatie": "niets"}


PLAN = "rotterdam-strategische-themas-2019-2022"  # the plan the set was drawn from (benchmarks/draw_blind_trace.py)


@dataclass
class Judged:
    """One gold ambition against the trace: the matrix's status and the ranked links of the year."""

    gold: dict
    row: object
    ours: str
    ranked: list
    wanted: set[str]  # the evidence sections
    ok: set[str]  # evidence and related sections

    @property
    def top3(self) -> list:
        """The top-3 links above the threshold."""
        return [lk for lk in self.ranked[:3] if lk.score >= LINK_THRESHOLD]

    @property
    def distractors(self) -> int:
        return sum(lk.section_id not in self.ok for lk in self.top3)

    @property
    def missed(self) -> set[str]:
        """Evidence outside the top 5."""
        return self.wanted - {lk.section_id for lk in self.ranked[:5]}

    @property
    def rank(self) -> int | None:
        return next((i + 1 for i, lk in enumerate(self.ranked) if lk.section_id in self.wanted), None)


def judged(trace, gold: list[dict], plan: str, year: int) -> list[Judged]:
    rows = {key_of(r.ambition): r for r in trace.rows if r.ambition["document_id"] == plan}
    out = []
    for g in gold:
        row = rows[g["key"]]
        cell = row.cells.get(year)
        wanted = set(g.get("sections") or [])
        out.append(Judged(g, row, cell.status if cell else "geen informatie",
                          [lk for lk in row.ranked if lk.year == year], wanted, wanted | set(g.get("related") or [])))
    return out


def evaluate(trace, gold: list[dict], plan: str = PLAN, year: int = YEAR) -> dict:
    confusion: Counter = Counter()
    exact = grouped = 0
    r5 = mrr = 0.0
    with_evidence = distractors = top3 = 0
    for j in judged(trace, gold, plan, year):
        status = j.gold["status"]
        confusion[(status, j.ours)] += 1
        exact += j.ours == status
        grouped += GROUP[j.ours] == GROUP[status]
        if j.wanted:
            with_evidence += 1
            r5 += (len(j.wanted) - len(j.missed)) / min(5, len(j.wanted))
            mrr += 1 / j.rank if j.rank else 0.0
        top3 += len(j.top3)
        distractors += j.distractors
    n = len(gold)
    return {"n": n, "exact": exact / n, "grouped": grouped / n, "confusion": confusion, "year": year,
            "recall5": r5 / max(1, with_evidence), "mrr": mrr / max(1, with_evidence), "with_evidence": with_evidence,
            "distractors": distractors, "top3": top3,
            "judged": judged_top3(trace, [g["key"] for g in gold]) if plan == PLAN else None}


def show_errors(trace, gold: list[dict], plan: str = PLAN, year: int = YEAR) -> None:
    """Per ambition with a wrong status, a distractor in the top 3 or evidence outside the top
    5: what the blind reader found beside what the tracer ranked."""
    for j in judged(trace, gold, plan, year):
        if j.ours == j.gold["status"] and not j.distractors and not j.missed:
            continue
        cell = j.row.cells.get(year)
        print(f"\n{j.gold['key']}: blind {j.gold['status']}, matrix {j.ours}"
              + (f" ({cell.rule})" if cell and cell.rule else ""))
        print(f"  ambitie: {j.row.ambition['text'][:200]}")
        for e in (j.gold.get("evidence") or [])[:2]:
            print(f"  bewijs: {e[:200]}")
        findings = {p.section["id"]: p for p in j.row.progress if p.year == year}
        for n, lk in enumerate(j.ranked[:5], 1):
            mark = "bewijs" if lk.section_id in j.wanted else "verwant" if lk.section_id in j.ok else "-"
            p = findings.get(lk.section_id)
            print(f"  {n}. {lk.score:.3f} {mark:7} {lk.section_id} [{p.finding.status if p else '?'}] "
                  f"{', '.join(lk.shared_terms[:5])}")
        for s in sorted(j.missed):
            rank = next((i for i, lk in enumerate(j.ranked, 1) if lk.section_id == s), None)
            print(f"  gemist: {s} (rang {rank or '> ' + str(len(j.ranked))})")


def show(result: dict, name: str) -> None:
    n = result["n"]
    print(f"blinde gouden set: {n} ambities ({name}), verslagjaar {result['year']}\n")
    print(f"status gelijk: {result['exact']:.3f} ({round(result['exact'] * n)}/{n}); "
          f"gegroepeerd (klaar / onderweg / achter / niets): {result['grouped']:.3f}")
    print(f"recall@5 van de bewijsalinea's: {result['recall5']:.3f}, MRR {result['mrr']:.3f} "
          f"(over {result['with_evidence']} ambities met bewijs)")
    print(f"afleiders: {result['distractors']} van de {result['top3']} koppelingen boven de drempel in de top 3 "
          "zijn bewijs noch verwante alinea")
    right = result["top3"] - result["distractors"]
    print(f"precisie@3: {right / max(1, result['top3']):.3f} ({right}/{result['top3']}: een koppeling boven de drempel "
          "in de top 3 is bewijs of een verwante alinea)")
    if result["judged"] is not None:  # the pool holds the bundled plan's links only
        print(f"precisie@3, beoordeeld (alle gouden sets en benchmarks/trace_pool.toml): {result['judged']}")
    print_confusion(result["confusion"], CELL_STATUSES, "status: blind (rij) tegen matrix (kolom)")


def other_units() -> list[Path]:
    """The gold sets of other units (benchmarks/other_units/<unit>/gold.toml), each beside the
    plan and report it judges: documents written for the benchmark by helpers who saw
    neither the tracer's code nor its output (see the module docstring for which one was
    looked at since)."""
    return sorted((ROOT / "benchmarks" / "other_units").glob("*/gold.toml"))


def main() -> None:
    if {"-h", "--help"} & set(sys.argv[1:]):
        sys.exit(__doc__)
    named = [Path(a) for a in sys.argv[1:] if a != "--fouten"]
    show_rows = "--fouten" in sys.argv[1:]
    if show_rows and not named:
        sys.exit("--fouten toont alleen de fouten van sets die je noemt (zodat een achtergehouden set niet per "
                 "ongeluk gelezen wordt): python benchmarks/eval_trace_blind.py --fouten benchmarks/<set>.toml")
    paths = named or [ROOT / "benchmarks" / "trace_gold_blind.toml",
                                                ROOT / "benchmarks" / "trace_gold_blind2.toml",
                                                ROOT / "benchmarks" / "trace_gold_blind3.toml", *other_units()]
    with tempfile.TemporaryDirectory() as tmp:
        traces: dict[Path, object] = {}

        def trace_of(documents: Path):
            """One library per documents folder: the bundled one, or a unit's own folder."""
            if documents not in traces:
                lib = Library(Path(tmp) / f"data-{len(traces)}", documents_dir=documents)
                lib.ingest()
                traces[documents] = lib.snapshot().trace
            return traces[documents]

        for n, path in enumerate(paths):
            if n:
                print()
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if "plan" in data:  # another unit's set: its documents beside it
                trace, where = trace_of(path.parent), (data["plan"], data["year"])
            else:
                trace, where = trace_of(ROOT / "documents"), (PLAN, YEAR)
            result = evaluate(trace, data["ambition"], *where)
            show(result, str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))
            if show_rows:
                show_errors(trace, data["ambition"], *where)


if __name__ == "__main__":
    main()
