"""No search request may pin a worker (issue 18): snippets and highlights cost time linear in
a section and bounded, a search has a time budget after which its hits are plain text with
a note, and an ingest splits a paragraph that is too long into several sections.

Each test here failed before the fix: a snippet of 30,000 x "politie" took 9 s (its window
was found with nested loops), one long "word" took seconds in the compound splitter, a
search over such a document as long, no budget note existed, and a one-line 100 kB text was
one section. Timings of the same cases at larger sizes: benchmarks/snippet_speed.py."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.enrich.sections import MAX_SECTION_CHARS, split_long
from kb.index.query import build_query, parse_query
from kb.index.search import BUDGET_NOTE
from kb.index.snippets import TOKEN_CHARS, Marker
from kb.library import Library
from web import create_app

LONG_DOC = "lang-politie"  # one paragraph of 30,000 x "politie" (240 kB), as the probe sent
SENTENCES_DOC = "lange-regel"  # a 100 kB text on one line, in sentences


def sentences(chars: int) -> str:
    out, i = [], 0
    while sum(map(len, out)) + len(out) < chars:
        out.append(f"De politie controleerde in wijk {i} de verlichting van fietsers en scooters.")
        i += 1
    return " ".join(out)


def write_doc(docs: Path, doc_id: str, title: str, body: str) -> None:
    docs.mkdir(parents=True, exist_ok=True)
    (docs / f"{doc_id}.md").write_text(f"# {title}\n\n## Deel\n\n{body}\n", encoding="utf-8")
    (docs / f"{doc_id}.meta.toml").write_text(
        f'title = "{title}"\nkind = "overig"\nunit = "Testeenheid"\nyear = 2020\n', encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A real ingest of two hostile documents; the IngestResult, with `data_dir`."""
    root = tmp_path_factory.mktemp("hostile")
    write_doc(root / "docs", LONG_DOC, "Lang document", " ".join(["politie"] * 30_000))
    write_doc(root / "docs", SENTENCES_DOC, "Lange regel", sentences(100_000))
    result = Library(root / "data").ingest([root / "docs"])
    assert not result.failures, result.failures
    result.data_dir = root / "data"
    return result


def marker_for(data: Path, q: str) -> Marker:
    gen = Library(data).snapshot().generation
    return Marker(gen.tokenizer, build_query(parse_query(q), gen.lexicon).highlight)


def timed(fn, *args, runs: int = 3):
    """The fastest of `runs` calls and the answer: a guard against quadratic work (seconds
    before the fix, hundredths now), not a figure, so a busy machine's pause must not fail it."""
    took = []
    for _ in range(runs):
        t = time.perf_counter()
        out = fn(*args)
        took.append(time.perf_counter() - t)
    return min(took), out


# ---------------------------------------------------------------- snippets and highlights


def test_snippet_of_a_long_section_is_fast(small):
    marker = marker_for(small, "politie")
    text = " ".join(["politie"] * 30_000)
    took, snippet = timed(marker.snippet, text)
    assert took < 1.0, f"snippet of 240 kB took {took:.2f} s"  # before: about 9 s
    assert snippet.startswith("<mark>politie</mark>") and snippet.endswith("…") and len(snippet) < 1000


def test_a_long_word_is_not_analysed(small):
    marker = marker_for(small, "politie")
    text = "politie" * 15_000  # 105 kB without a space: the compound splitter is quadratic in a word's length
    took, snippet = timed(marker.snippet, text)
    assert took < 1.0, f"snippet of one 105 kB word took {took:.2f} s"  # before: seconds
    assert "<mark>" not in snippet and snippet.endswith("…")


def test_marking_a_whole_long_section_is_bounded(small):
    """The reader marks whole sections: the words of a text's first TOKEN_CHARS characters,
    the rest shown escaped and unmarked."""
    marker = marker_for(small, "politie")
    text = " ".join(["politie"] * 600_000) + " <b>"  # 4.8 MB
    took, html = timed(marker.mark, text)
    assert took < 2.0, f"marking 4.8 MB took {took:.2f} s"
    assert html.endswith("politie &lt;b&gt;") and len(html) > len(text)
    assert html.count("<mark>") <= TOKEN_CHARS // len("politie ") + 1
    assert "<mark>" not in html[-TOKEN_CHARS:]


# ---------------------------------------------------------------- a search over a long document


def test_searching_a_long_document_answers_at_once(hostile):
    client = create_app({"DATA_DIR": str(hostile.data_dir), "TESTING": True}).test_client()
    assert client.get("/api/search?q=verlichting").status_code == 200  # opens the index
    t = time.perf_counter()
    r = client.get(f"/api/search?q=politie&document={LONG_DOC}")
    took = time.perf_counter() - t
    assert r.status_code == 200 and took < 3.0, f"search took {took:.2f} s"  # before: about 9 s
    body = r.get_json()
    assert body["total"] > 1 and body["partial"] is False and BUDGET_NOTE not in body["notes"]
    assert all("<mark>politie</mark>" in h["snippet"] and len(h["text"]) <= MAX_SECTION_CHARS for h in body["hits"])


# ---------------------------------------------------------------- the time budget


def test_a_spent_budget_gives_plain_snippets_and_says_so(hostile):
    client = create_app({"DATA_DIR": str(hostile.data_dir), "TESTING": True, "SEARCH_BUDGET_MS": 0}).test_client()
    body = client.get("/api/search?q=politie&per_page=20").get_json()
    assert body["total"] > 10 and len(body["hits"]) == min(20, body["total"])
    assert body["partial"] is True and BUDGET_NOTE in body["notes"]
    for hit in body["hits"]:
        assert "<mark>" not in hit["snippet"] and len(hit["snippet"]) <= 261
        assert hit["snippet"] == hit["text"] or hit["text"].startswith(hit["snippet"].removesuffix("…"))
    page = client.get("/zoeken?q=politie").get_data(as_text=True)
    assert "Let op: niet alle fragmenten zijn gemarkeerd, want de zoekopdracht duurde te lang" in page


def test_the_default_budget_marks_every_snippet(hostile):
    client = create_app({"DATA_DIR": str(hostile.data_dir), "TESTING": True}).test_client()
    body = client.get("/api/search?q=politie&per_page=20").get_json()
    assert body["partial"] is False and BUDGET_NOTE not in body["notes"]
    assert all("<mark>" in h["snippet"] for h in body["hits"])


def test_kb_search_json_carries_the_budget_note(hostile):
    res = CliRunner().invoke(main, ["search", "politie", "--json", "--data-dir", str(hostile.data_dir)],
                             env={"KB_SEARCH_BUDGET_MS": "0"})
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["partial"] is True and BUDGET_NOTE in body["notes"]
    assert not any("<mark>" in h["snippet"] for h in body["hits"])


def test_a_bad_budget_setting_is_a_clear_error(tmp_path):
    from kb.errors import KbError

    with pytest.raises(KbError, match="KB_SEARCH_BUDGET_MS"):
        create_app({"DATA_DIR": str(tmp_path), "SEARCH_BUDGET_MS": "twee"})


# ---------------------------------------------------------------- ingest bounds a section


def test_ingest_splits_a_long_line_at_sentences(hostile):
    mine = [s for s in hostile.sections if s.document_id == SENTENCES_DOC and s.kind != "heading"]
    assert len(mine) >= 5 and all(len(s.text) <= MAX_SECTION_CHARS for s in mine)
    assert all(s.text.endswith(".") for s in mine)  # cut at sentence ends
    assert " ".join(s.text for s in mine) == sentences(100_000)  # nothing lost
    all_ids = [s.id for s in hostile.sections]
    assert len(all_ids) == len(set(all_ids))
    orders = [s.order for s in hostile.sections if s.document_id == SENTENCES_DOC]
    assert orders == sorted(set(orders))
    outcome = next(o for o in hostile.outcomes if o.document_id == SENTENCES_DOC)
    assert any("1 te lange alinea" in w for w in outcome.warnings), outcome.warnings
    assert outcome.sections == len(mine) + 2  # and the two headings


def test_the_ingest_summary_shows_the_split(tmp_path):
    write_doc(tmp_path / "docs", SENTENCES_DOC, "Lange regel", sentences(50_000))
    res = CliRunner().invoke(main, ["ingest", str(tmp_path / "docs"), "--quiet", "--data-dir", str(tmp_path / "data")])
    assert res.exit_code == 0, res.output
    assert "te lange alinea (meer dan 20000 tekens) gesplitst" in res.stderr


def test_split_long_prefers_sentences_then_words_then_a_hard_cut():
    text = "Een zin. " * 30 + "woord " * 40
    pieces = split_long(text, 100)
    assert all(len(p) <= 100 for p in pieces) and " ".join(pieces) == text.strip()
    assert all(p.endswith(".") for p in pieces[:2])
    words = split_long("woord " * 100, 100)
    assert all(len(p) <= 100 and p.endswith("woord") for p in words) and " ".join(words) == ("woord " * 100).strip()
    assert split_long("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]
    assert split_long("kort", 100) == ["kort"]
