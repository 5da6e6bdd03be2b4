"""Search speed on synthetic corpora of 10k and 100k sections made from the real
documents' sentences: index time, and query p50/p95 over 200 queries through our search
function (analysis, expansions, facets, snippets, did-you-mean) beside the same queries
through a bare Whoosh index with StandardAnalyzer and QueryParser, in one run. The bare
index is measured twice: as Whoosh writes it by default (one compound segment file) and
with plain segment files, as ours is written (kb.index.store explains why); the goal is
held against the faster of the two.

    python benchmarks/search_speed.py [sizes...]     (default: 10000 100000)

Each query opens a fresh searcher, as a web request does. Goal: our p95 at most 2x bare.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import whoosh.index  # noqa: E402
from whoosh.analysis import StandardAnalyzer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.qparser import QueryParser  # noqa: E402

from kb.library import Library  # noqa: E402
from kb.store.catalog import Catalog  # noqa: E402
from kb.model import Document, Section  # noqa: E402

QUERIES = 200


def sentences_and_sections(tmp: Path) -> tuple[list[str], list[dict], list[dict]]:
    seed = Library(tmp / "seed")
    seed.ingest([ROOT / "documents"])
    with seed.catalog.read() as catalog:
        sections, docs = catalog.sections(), catalog.documents()
    sents = [s for sec in sections for s in re.split(r"(?<=[.!?])\s+", sec["text"]) if len(s) > 30]
    return sents, sections, docs


def synthesize(n: int, sents: list[str], real: list[dict], docs: list[dict], rng: random.Random):
    per_doc = 500
    out_docs, out_secs = [], []
    for d in range(-(-n // per_doc)):
        base = docs[d % len(docs)]
        doc = Document.from_dict({**base, "id": f"syn-{d:04d}", "title": f"{base['title']} (synthetisch {d})"})
        out_docs.append(doc)
        for i in range(min(per_doc, n - d * per_doc)):
            src = rng.choice(real)
            text = " ".join(rng.choice(sents) for _ in range(rng.randint(1, 4)))
            out_secs.append(Section.from_dict({**src, "id": f"{doc.id}/{i}", "document_id": doc.id, "order": i, "text": text}))
    return out_docs, out_secs


def synthetic_library(data: Path, n: int, sents, real, docs, rng) -> Library:
    """A data folder whose catalog holds n synthetic sections (no index yet)."""
    lib = Library(data)
    sdocs, secs = synthesize(n, sents, real, docs, rng)
    Catalog(lib.index.staging_path).write(sdocs, secs, [], [], [])  # goes live with its index (index.sync)
    return lib


def make_queries(sents: list[str], rng: random.Random) -> list[str]:
    gold = [g["q"] for g in tomllib.loads((ROOT / "benchmarks" / "search_gold.toml").read_text())["query"]]
    words = [w for s in sents for w in re.findall(r"[a-zA-Zëéï]{5,}", s)]
    qs = list(gold)
    while len(qs) < QUERIES:
        k = rng.choice((1, 1, 2, 2, 3))
        qs.append(" ".join(rng.choice(words) for _ in range(k)))
    return qs[:QUERIES]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(n: int, tmp: Path, sents, real, docs, rng) -> dict:
    lib = synthetic_library(tmp / f"data{n}", n, sents, real, docs, rng)
    t0 = time.perf_counter()
    lib.index.sync(lib.index.staging_path, rebuild=True)
    ours_index = time.perf_counter() - t0
    with lib.catalog.read() as catalog:
        secs = [Section.from_dict(s) for s in catalog.sections()]

    schema = Schema(id=ID(stored=True, unique=True), content=TEXT(analyzer=StandardAnalyzer(), stored=True))
    bare, bare_index = {}, 0.0
    for compound in (True, False):
        bare_dir = tmp / f"bare{n}-{compound}"
        bare_dir.mkdir()
        t0 = time.perf_counter()
        ix = whoosh.index.create_in(str(bare_dir), schema)
        with ix.writer(limitmb=128, compound=compound) as w:
            for s in secs:
                w.add_document(id=s.id, content=" / ".join(s.heading_path) + "\n" + s.text)
        if compound:
            bare_index = time.perf_counter() - t0
        bare[compound] = ix

    queries = make_queries(sents, rng)
    snapshot = lib.snapshot()
    snapshot.search("politie")  # warm-up: lexicon, term table, facet table, OS cache
    parser = QueryParser("content", schema)
    for ix in bare.values():
        with ix.searcher() as s:
            s.search(parser.parse("politie"))

    ours, totals = [], []
    plain = {True: [], False: []}
    for q in queries:
        t0 = time.perf_counter()
        r = snapshot.search(q)
        ours.append((time.perf_counter() - t0) * 1000)
        totals.append(r.total)
        for compound, ix in bare.items():
            t0 = time.perf_counter()
            with ix.searcher() as s:
                [h["id"] for h in s.search(parser.parse(q), limit=10)]
            plain[compound].append((time.perf_counter() - t0) * 1000)
    return {"n": n, "ours_index": ours_index, "bare_index": bare_index,
            "ours_p50": statistics.median(ours), "ours_p95": pct(ours, 95),
            "bare_p50": statistics.median(plain[True]), "bare_p95": pct(plain[True], 95),
            "plain_p50": statistics.median(plain[False]), "plain_p95": pct(plain[False], 95),
            "hits_median": statistics.median(totals)}


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    rng = random.Random(20261123)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sents, real, docs = sentences_and_sections(tmp)
        print(f"{len(sents)} zinnen uit {len(real)} echte secties; {QUERIES} zoekvragen per corpus\n")
        print(f"{'secties':>8} {'index ons':>10} {'index kaal':>11} {'p50 ons':>8} {'p95 ons':>8} "
              f"{'p50 kaal':>9} {'p95 kaal':>9} {'p50 kaal-los':>13} {'p95 kaal-los':>13} {'p95 ons/kaal':>13}")
        for n in sizes:
            r = run(n, tmp, sents, real, docs, rng)
            best = min(r["bare_p95"], r["plain_p95"])
            print(f"{r['n']:>8} {r['ours_index']:>9.1f}s {r['bare_index']:>10.1f}s {r['ours_p50']:>6.1f}ms "
                  f"{r['ours_p95']:>6.1f}ms {r['bare_p50']:>7.1f}ms {r['bare_p95']:>7.1f}ms "
                  f"{r['plain_p50']:>11.1f}ms {r['plain_p95']:>11.1f}ms {r['ours_p95'] / best:>12.2f}x",
                  flush=True)
        print("\nkaal = Whoosh-standaard (één compound-segmentbestand); kaal-los = losse segmentbestanden, "
              "zoals onze index; de verhouding is tegen de snelste van de twee.")


if __name__ == "__main__":
    main()
