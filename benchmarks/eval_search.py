"""Search quality on the bundled documents: hit@5, recall@10 and nDCG@10 over the judged
queries in benchmarks/search_gold.toml, for Whoosh's stock analyzers and for ours.

    python benchmarks/eval_search.py            (or: make eval)

Rows: Whoosh's StemmingAnalyzer and LanguageAnalyzer("nl") over heading + text, queried
with Whoosh's QueryParser (OR-group with a bonus for more matching words, the stronger of
Whoosh's two stock groupings for these queries); then our search function on our index,
and the same with one part of our analysis changed or switched off, to show what each part
is worth (stemmer choice, compounds, synonyms and abbreviations).
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import whoosh.index  # noqa: E402
from whoosh.analysis import LanguageAnalyzer, StemmingAnalyzer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.qparser import OrGroup, QueryParser  # noqa: E402

from kb.enrich.themes import load_taxonomy  # noqa: E402
from kb.index.generation import Generation  # noqa: E402
from kb.index.schema import make_schema, section_fields  # noqa: E402
from kb.index.search import search  # noqa: E402
from kb.lang.abbreviations import learn  # noqa: E402
from kb.lang.compounds import corpus_words  # noqa: E402
from kb.lang.lexicon import Lexicon  # noqa: E402
from kb.library import Library  # noqa: E402

GOLD = ROOT / "benchmarks" / "search_gold.toml"
K = 10


def load_gold() -> list[dict]:
    """The judged queries, each with the filters it runs with: its own `filters`, else the
    documents the set was judged over (`documenten` at the top): a section of a document
    added later (the example leerdossiers) was never judged for the older queries, so it
    may not count against them."""
    data = tomllib.loads(GOLD.read_text(encoding="utf-8"))
    judged = data.get("documenten")
    for g in data["query"]:
        g.setdefault("filters", {"document": list(judged)} if judged else {})
    return data["query"]


def allowed(filters: dict, docs: dict) -> set[str] | None:
    """The document ids a query's filters let through (only document and soort are used here)."""
    ids = set(docs)
    if "document" in filters:
        ids &= set(filters["document"])
    if "soort" in filters:
        ids &= {d for d, doc in docs.items() if doc["kind"] in filters["soort"]}
    return ids if filters else None


def metrics(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    top = ranked[:K]
    hit5 = float(any(r in relevant for r in ranked[:5]))
    recall = sum(1 for r in top if r in relevant) / len(relevant)
    dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(top) if r in relevant)
    idcg = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), K)))
    return hit5, recall, dcg / idcg


def stock_runner(folder: Path, analyzer, docs: dict, sections: list[dict]):
    schema = Schema(id=ID(stored=True, unique=True), document=ID(stored=True), content=TEXT(analyzer=analyzer))
    ix = whoosh.index.create_in(str(folder), schema)
    with ix.writer() as w:
        for s in sections:
            w.add_document(id=s["id"], document=s["document_id"],
                           content=" / ".join(s["heading_path"]) + "\n" + s["text"])
    parser = QueryParser("content", schema, group=OrGroup.factory(0.9))

    def run(q: str, filters: dict) -> list[str]:
        keep = allowed(filters, docs)
        with ix.searcher() as searcher:
            hits = searcher.search(parser.parse(q), limit=None if keep is not None else K)
            return [h["id"] for h in hits if keep is None or h["document"] in keep][:K]

    return run


def ours_runner(folder: Path, lexicon: Lexicon, docs: dict, sections: list[dict]):
    ix = whoosh.index.create_in(str(folder), make_schema(lexicon.analysis))
    with ix.writer() as w:
        for s in sections:
            w.add_document(**section_fields(s, docs[s["document_id"]]))
    ix.close()
    gen, taxonomy = Generation(folder, lexicon), load_taxonomy()

    def run(q: str, filters: dict) -> list[str]:
        return [h.section_id for h in search(gen, q, taxonomy, filters=filters, per_page=K).hits]

    return run


def main() -> None:
    gold = load_gold()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lib = Library(tmp / "data")
        lib.ingest([ROOT / "documents"])
        with lib.catalog.read() as catalog:
            docs = {d["id"]: d for d in catalog.documents()}
            sections = catalog.sections()
        corpus = corpus_words(s["text"] for s in sections)
        abbr = learn(s["text"] for s in sections)
        variants = [
            ("Whoosh StemmingAnalyzer", lambda f: stock_runner(f, StemmingAnalyzer(), docs, sections)),
            ('Whoosh LanguageAnalyzer("nl")', lambda f: stock_runner(f, LanguageAnalyzer("nl"), docs, sections)),
            ("beleidsbank", lambda f: ours_runner(f, Lexicon.build(corpus, abbr), docs, sections)),
            ("  met Whoosh' Nederlandse stemmer", lambda f: ours_runner(f, Lexicon.build(corpus, abbr, stemmer="whoosh", lemmas=False), docs, sections)),
            ('  met Snowball "dutch" (nieuw)', lambda f: ours_runner(f, Lexicon.build(corpus, abbr, stemmer="dutch", lemmas=False), docs, sections)),
            ("  zonder lemma-opzoeking", lambda f: ours_runner(f, Lexicon.build(corpus, abbr, lemmas=False), docs, sections)),
            ("  zonder samenstellingen", lambda f: ours_runner(f, Lexicon.build(corpus, abbr, compounds=False), docs, sections)),
            ("  zonder synoniemen", lambda f: ours_runner(f, Lexicon.build(corpus, abbr, synonyms=False), docs, sections)),
            ("  zonder afkortingen", lambda f: ours_runner(f, Lexicon.build(corpus, abbr, abbreviations=False), docs, sections)),
        ]
        rows = []
        per_kind: dict[str, dict[str, list]] = {}
        for n, (name, make) in enumerate(variants):
            folder = tmp / f"ix{n}"
            folder.mkdir()
            run = make(folder)
            scores = []
            kinds = defaultdict(list)
            t0 = time.perf_counter()
            for g in gold:
                m = metrics(run(g["q"], g["filters"]), set(g["relevant"]))
                scores.append(m)
                kinds[g["soort"]].append(m)
            elapsed = (time.perf_counter() - t0) / len(gold) * 1000
            mean = [sum(s[i] for s in scores) / len(scores) for i in range(3)]
            rows.append((name, *mean, elapsed))
            per_kind[name] = kinds

    print(f"{len(gold)} zoekvragen, {sum(len(g['relevant']) for g in gold)} relevante secties, {len(sections)} secties\n")
    print(f"{'':36} {'hit@5':>7} {'recall@10':>10} {'nDCG@10':>8} {'ms/vraag':>9}")
    for name, h, r, n, ms in rows:
        print(f"{name:36} {h:7.3f} {r:10.3f} {n:8.3f} {ms:9.1f}")
    best_stock = max(rows[:2], key=lambda r: r[3])
    ours = rows[2]
    print(f"\nbeleidsbank t.o.v. de beste standaardanalyzer ({best_stock[0]}): "
          f"hit@5 {ours[1] - best_stock[1]:+.3f}, recall@10 {ours[2] - best_stock[2]:+.3f}, nDCG@10 {ours[3] - best_stock[3]:+.3f}")
    print(f"\nnDCG@10 per soort vraag ({best_stock[0]} → beleidsbank):")
    for kind in sorted(per_kind["beleidsbank"]):
        a = per_kind[best_stock[0]][kind]
        b = per_kind["beleidsbank"][kind]
        print(f"  {kind:14} ({len(b):2}) {sum(x[2] for x in a) / len(a):.3f} → {sum(x[2] for x in b) / len(b):.3f}")


if __name__ == "__main__":
    main()
