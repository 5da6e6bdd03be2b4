"""How far two human readings of the same report agree: the ceiling for the tracer's status.

    python benchmarks/eval_readers.py [FIRST.toml SECOND.toml]

Default: both pairs of blind readings of the same 30 ambitions, made independently with the
same status definitions: trace_gold_blind.toml against trace_gold_blind_second.toml (blind set
1, the set issue 16's targets are measured on) and trace_gold_blind3.toml against
trace_gold_blind3_second.toml.
Prints exact and grouped agreement (done / under way / behind / nothing, as
benchmarks/eval_trace_blind.py groups them), the confusion matrix, and how often both cite
evidence and share at least one section of it.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval_trace import print_confusion  # noqa: E402
from eval_trace_blind import GROUP  # noqa: E402
from kb.trace.view import CELL_STATUSES  # noqa: E402


def readings(path: Path) -> dict[str, dict]:
    return {a["key"]: a for a in tomllib.loads(path.read_text(encoding="utf-8"))["ambition"]}


PAIRS = [("trace_gold_blind.toml", "trace_gold_blind_second.toml"),
         ("trace_gold_blind3.toml", "trace_gold_blind3_second.toml")]


def main() -> None:
    if len(sys.argv) not in (1, 3):
        sys.exit(__doc__)
    pairs = [tuple(Path(a) for a in sys.argv[1:3])] if len(sys.argv) > 2 else \
        [(ROOT / "benchmarks" / a, ROOT / "benchmarks" / b) for a, b in PAIRS]
    for n, (first, second) in enumerate(pairs):
        if n:
            print()
        compare(first, second)


def compare(first: Path, second: Path) -> None:
    a, b = readings(first), readings(second)
    keys = [k for k in a if k in b]
    n = len(keys)
    exact = sum(a[k]["status"] == b[k]["status"] for k in keys)
    grouped = sum(GROUP[a[k]["status"]] == GROUP[b[k]["status"]] for k in keys)
    print(f"{first.name} tegen {second.name}: {n} ambities in beide")
    print(f"status gelijk: {exact / n:.3f} ({exact}/{n}); gegroepeerd: {grouped / n:.3f} ({grouped}/{n})")
    confusion = Counter((a[k]["status"], b[k]["status"]) for k in keys)
    print_confusion(confusion, CELL_STATUSES, "eerste lezing (rij) tegen tweede (kolom)")
    cited = [k for k in keys if a[k].get("sections") and b[k].get("sections")]
    shared = [k for k in cited if set(a[k]["sections"]) & set(b[k]["sections"])]
    print(f"\nbeide noemen bewijs bij {len(cited)} ambities; bij {len(shared)} daarvan delen ze minstens één alinea")


if __name__ == "__main__":
    main()
