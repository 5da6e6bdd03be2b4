"""Draw the 30 ambitions of the blind trace gold set (benchmarks/trace_gold_blind.toml).

Ingests documents/ into a temporary data folder (nothing under var/ is touched), takes
every ambition of the Rotterdam plan (all kinds: doel, pijler, item, opdracht, kpi),
sorts them by key and draws 30 with random.Random(20261202). Deterministic: the same
documents give the same 30, in the same order.

    .venv/bin/python benchmarks/draw_blind_trace.py [--json]
"""
from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

from kb.library import Library

SEED = 20261202
COUNT = 30
PLAN = "rotterdam-strategische-themas-2019-2022"
ROOT = Path(__file__).resolve().parent.parent


def draw() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="blind-draw-") as tmp:
        library = Library(Path(tmp))
        library.ingest([ROOT / "documents"])
        ambitions = [dict(a) for a in library.snapshot().catalog.ambitions
                     if a.get("plan", a.get("document_id")) == PLAN]
    ambitions.sort(key=lambda a: a["key"])
    if len({a["key"] for a in ambitions}) != len(ambitions):
        raise SystemExit("duplicate ambition keys in the plan")
    return random.Random(SEED).sample(ambitions, COUNT)


def main(argv: list[str]) -> int:
    drawn = draw()
    if "--json" in argv:
        print(json.dumps([{k: a[k] for k in ("key", "kind", "text", "heading_path", "section_ids")}
                          for a in drawn], ensure_ascii=False, indent=1))
        return 0
    print(f"# {COUNT} ambitions of {PLAN}, drawn with random.Random({SEED}) from the keys sorted")
    for n, a in enumerate(drawn, 1):
        print(f"{n:2d}. {a['key']} [{a['kind']}] {a['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
