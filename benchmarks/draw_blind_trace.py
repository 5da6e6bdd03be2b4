"""Draw the 30 ambitions of a blind trace gold set.

Ingests documents/ into a temporary data folder (nothing under var/ is touched), takes
every ambition of the Rotterdam plan (all kinds: doel, pijler, item, opdracht, kpi),
sorts them by key and draws 30 with random.Random(seed). Deterministic: the same
documents (and, for sets 2 and 3, the same gold files) give the same 30, in the same order.

  --set 1 (default)  benchmarks/trace_gold_blind.toml: seed 20261202, drawn from all ambitions.
  --set 2            benchmarks/trace_gold_blind2.toml: seed 20261203, drawn from the ambitions
                     that are in neither benchmarks/trace_gold.toml (its [[link]] ambitions) nor
                     benchmarks/trace_gold_blind.toml (its [[ambition]] keys); keys there may be
                     bare ("ondermijning-4e") or "<plan>:<key>". If fewer than 30 are left, all
                     that are left are taken (and the script says so on stderr).
  --set 3            benchmarks/trace_gold_blind3.toml: seed 20261204, drawn from the ambitions
                     that are in none of benchmarks/trace_gold.toml, benchmarks/trace_gold_blind.toml
                     and benchmarks/trace_gold_blind2.toml (same key handling and same rule
                     when fewer than 30 are left).

    .venv/bin/python benchmarks/draw_blind_trace.py [--set 1|2|3] [--json]
"""
from __future__ import annotations

import json
import random
import sys
import tempfile
import tomllib
from pathlib import Path

from kb.library import Library

SEED = 20261202
SEEDS = {1: SEED, 2: 20261203, 3: 20261204}
COUNT = 30
PLAN = "rotterdam-strategische-themas-2019-2022"
ROOT = Path(__file__).resolve().parent.parent
EXCLUDE = {
    2: (ROOT / "benchmarks" / "trace_gold.toml", ROOT / "benchmarks" / "trace_gold_blind.toml"),
    3: (ROOT / "benchmarks" / "trace_gold.toml", ROOT / "benchmarks" / "trace_gold_blind.toml",
        ROOT / "benchmarks" / "trace_gold_blind2.toml"),
}


def _bare(key: str) -> str | None:
    """'ondermijning-4e' or '<plan>:ondermijning-4e' -> 'ondermijning-4e'; another plan's -> None."""
    plan, sep, bare = key.rpartition(":")
    if sep and plan != PLAN:
        return None
    return bare


def gold_keys(path: Path) -> set[str]:
    """The ambition keys a gold file holds: [[ambition]] key = ... or [[link]] ambition = ..."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    keys = [row["key"] for row in data.get("ambition", [])]
    keys += [row["ambition"] for row in data.get("link", [])]
    return {b for b in map(_bare, keys) if b is not None}


def draw(set_no: int = 1) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="blind-draw-") as tmp:
        library = Library(Path(tmp))
        library.ingest([ROOT / "documents"])
        ambitions = [dict(a) for a in library.snapshot().catalog.ambitions
                     if a.get("plan", a.get("document_id")) == PLAN]
    ambitions.sort(key=lambda a: a["key"])
    if len({a["key"] for a in ambitions}) != len(ambitions):
        raise SystemExit("duplicate ambition keys in the plan")
    if set_no == 1:
        return random.Random(SEEDS[1]).sample(ambitions, COUNT)
    excluded: set[str] = set()
    for path in EXCLUDE[set_no]:
        excluded |= gold_keys(path)
    unknown = excluded - {a["key"] for a in ambitions}
    if unknown:
        print(f"note: {len(unknown)} excluded key(s) are not ambitions of the plan: "
              f"{', '.join(sorted(unknown))}", file=sys.stderr)
    pool = [a for a in ambitions if a["key"] not in excluded]
    if len(pool) < COUNT:
        print(f"note: only {len(pool)} ambitions are left after excluding the other sets; "
              f"all of them are taken", file=sys.stderr)
    return random.Random(SEEDS[set_no]).sample(pool, min(COUNT, len(pool)))


def main(argv: list[str]) -> int:
    set_no = 1
    if "--set" in argv:
        i = argv.index("--set")
        if i + 1 >= len(argv) or argv[i + 1] not in ("1", "2", "3"):
            raise SystemExit("--set takes 1, 2 or 3")
        set_no = int(argv[i + 1])
    drawn = draw(set_no)
    if "--json" in argv:
        print(json.dumps([{k: a[k] for k in ("key", "kind", "text", "heading_path", "section_ids")}
                          for a in drawn], ensure_ascii=False, indent=1))
        return 0
    if set_no == 1:
        print(f"# {COUNT} ambitions of {PLAN}, drawn with random.Random({SEED}) from the keys sorted")
    else:
        names = ['benchmarks/' + p.name for p in EXCLUDE[set_no]]
        which = (f"neither {' nor '.join(names)}" if len(names) == 2
                 else f"none of {', '.join(names)}")
        print(f"# {len(drawn)} ambitions of {PLAN} (set {set_no}), drawn with "
              f"random.Random({SEEDS[set_no]}) from the keys sorted that are in {which}")
    for n, a in enumerate(drawn, 1):
        print(f"{n:2d}. {a['key']} [{a['kind']}] {a['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
