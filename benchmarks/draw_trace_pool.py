"""Draw the pairs for a judging round of benchmarks/trace_pool.toml (judged precision@3).

Ingests documents/ into a temporary data folder and takes, for every ambition of any gold
set (trace_gold.toml and benchmarks/trace_pool.py BLIND_SETS), the tracer's top 3
paragraphs of 2020 at any score, less the pairs a gold set names or the pool has judged
already. What is left is what the
evaluations print as "niet beoordeeld". The pairs are shuffled with a fixed seed (so a
reader cannot tell the rank) and split over N readers, one JSON file each, with what a
reader needs: the ambition's text, its parent's text and the plan's headings; the
paragraph's headings and text. Never the score, the rank or the shared terms.

The readers' brief: the question and the rules in trace_pool.toml's header. Their answers
go into trace_pool.toml as [[pair]] entries (ambition, section, relevant, reason, reader).

    .venv/bin/python benchmarks/draw_trace_pool.py OUT_DIR [--readers 3]
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.library import Library  # noqa: E402
from kb.trace.plans import key_of  # noqa: E402
from trace_pool import PLAN, YEAR, judgements  # noqa: E402

SEED = 7


def draw() -> list[dict]:
    relevant, irrelevant = judgements()
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "data", documents_dir=ROOT / "documents")
        lib.ingest()
        snapshot = lib.snapshot()
        trace, sections = snapshot.trace, snapshot.trace_inputs.sections
        rows = {key_of(r.ambition): r for r in trace.rows if r.ambition["document_id"] == PLAN}
        by_id = {r.ambition["id"]: r.ambition for r in trace.rows}
        pairs = []
        for key in sorted(set(relevant) | set(irrelevant)):
            row = rows.get(key)
            if row is None:
                continue
            parent = by_id.get(row.ambition.get("parent_id"))
            for lk in [lk for lk in row.ranked if lk.year == YEAR][:3]:
                if lk.section_id in relevant[key] or lk.section_id in irrelevant[key]:
                    continue
                s = sections[lk.section_id]
                pairs.append({"ambition": key, "ambition_text": row.ambition["text"],
                              "ambition_parent": parent["text"] if parent else "",
                              "plan_headings": " > ".join(row.ambition["heading_path"]), "section": lk.section_id,
                              "section_headings": " > ".join(s["heading_path"]), "section_text": s["text"]})
    random.Random(SEED).shuffle(pairs)
    return pairs


def main() -> None:
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    out = Path(args[0])
    readers = int(args[args.index("--readers") + 1]) if "--readers" in args else 3
    pairs = draw()
    out.mkdir(parents=True, exist_ok=True)
    for n in range(readers):
        part = pairs[n::readers]
        (out / f"pairs-{n + 1}.json").write_text(json.dumps(part, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(pairs)} paren nog niet beoordeeld, verdeeld over {readers} lezers in {out}")


if __name__ == "__main__":
    main()
