"""The ranker against auditors' decisions (issue 16): every confirmed or added link is gold,
every rejected one a known wrong proposal. Scores each decisions file given (default: the
live var/decisions.sqlite when there is one, and tests/data/decisions-before-plan-ids.sqlite,
a small example of two decisions that shows the scoring works, not how good the ranker is)
against the ranking of documents/. The figures mean something on an auditor's real file.

Prints per file: confirmed links in the top 5 of their year, above the threshold, MRR; the
share of rejected links the ranker still proposes above the threshold (lower is better).

`python benchmarks/eval_decisions.py [DECISIONS.sqlite ...]`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.library import Library  # noqa: E402
from kb.store.decisions import DecisionStore, current_links  # noqa: E402
from kb.trace.evaluation import score_decisions  # noqa: E402

DEFAULTS = (ROOT / "var" / "decisions.sqlite", ROOT / "tests" / "data" / "decisions-before-plan-ids.sqlite")


def evaluate(snapshot, path: Path) -> dict:
    history = DecisionStore(path).history()
    return score_decisions(snapshot.trace, current_links(snapshot.plans.carry(history))).to_dict()


def main(paths: list[Path]) -> None:
    paths = paths or [p for p in DEFAULTS if p.exists()]
    if not paths:
        print("geen beslissingenbestand gevonden (var/decisions.sqlite); geef er een op")
        return
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "data", documents_dir=ROOT / "documents")
        lib.ingest()
        snapshot = lib.snapshot()
        print("de rangschikking tegen de beslissingen van auditors (bevestigd/toegevoegd = goed, afgewezen = fout)\n")
        print(f"{'bestand':<50} {'bevestigd':>9} {'top 5':>6} {'drempel':>8} {'MRR':>6} {'afgewezen':>9} "
              f"{'nog voorgesteld':>15} {'onbekend':>8}")
        for path in paths:
            r = evaluate(snapshot, path)
            name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
            print(f"{name:<50} {r['confirmed']:>9} {r['recall5']:>6.3f} {r['above']:>8.3f} {r['mrr']:>6.3f} "
                  f"{r['rejected']:>9} {r['rejected_above']:>15.3f} {r['unknown']:>8}")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]])
