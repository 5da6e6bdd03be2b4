"""The roles of leerdossier sections (kb/enrich/roles.py, kb/data/leerdossier-roles.toml)
against benchmarks/leerdossier_roles_gold.toml: every section of the three bundled example
leerdossiers, its role judged by reading (blind: the judge removed the role field before
reading). Prints accuracy and the confusion of the ones that differ.

    python benchmarks/eval_roles.py            (or: make eval)

The examples' headings each name one role, so this set is an easy one: a leerdossier with
unusual headings is tested in tests/test_leerdossier_roles.py, not measured here.
"""

from __future__ import annotations

import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.library import Library  # noqa: E402

GOLD = ROOT / "benchmarks" / "leerdossier_roles_gold.toml"


def main() -> None:
    gold = {row["id"]: row["rol"] for row in tomllib.loads(GOLD.read_text(encoding="utf-8"))["sectie"]}
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "data", documents_dir=Path(tmp) / "up")
        lib.ingest([ROOT / "documents"])
        ours = {s["id"]: s.get("role") or "" for s in lib.snapshot().catalog.sections}
    missing = [sid for sid in gold if sid not in ours]
    right = sum(ours.get(sid) == role for sid, role in gold.items())
    print(f"rollen van leerdossiersecties: {right}/{len(gold)} gelijk = {right / len(gold):.3f} "
          f"({len(missing)} secties uit de gouden set niet gevonden)")
    wrong = Counter((role, ours.get(sid, "(ontbreekt)")) for sid, role in gold.items() if ours.get(sid) != role)
    for (want, got), n in wrong.most_common():
        print(f"  {n:3}× gouden '{want or '-'}', gegeven '{got or '-'}'")


if __name__ == "__main__":
    main()
