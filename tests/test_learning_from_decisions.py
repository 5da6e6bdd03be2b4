"""Learning from decisions (issue 16): a rejected link is never proposed again for that
ambition, not even as the same text under another id; and the ranker is scored against a
decisions file (confirmed = gold, rejected = wrong), by kb.trace.evaluation and by
benchmarks/eval_decisions.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.paths import DOCUMENTS, REPORT_ID, ROOT, aid

from kb.library import Library
from kb.store.decisions import DecisionStore, current_links
from kb.trace.evaluation import score_decisions
from kb.trace.linking import LINK_THRESHOLD

AGORA = aid("ondermijning-4d")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("learning")
    docs = root / "documents"
    shutil.copytree(DOCUMENTS, docs)
    lib = Library(root / "data", documents_dir=docs)
    assert not lib.ingest().failures
    return lib


def _counted(lib: Library, ambition: str) -> list[str]:
    row = lib.snapshot().trace.detail(ambition)
    return [p.section["id"] for c in row.cells.values() for p in c.progress]


def test_a_rejected_text_is_not_proposed_again_under_another_id(library):
    before = library.snapshot().trace.detail(AGORA)
    top = before.cells[2020].progress[0]
    library.record_decision(AGORA, top.section["id"], "afgewezen", author="auditor")
    assert top.section["id"] not in _counted(library, AGORA)
    # the same report once more under another name (read again, another format): the same
    # paragraph there is known to be wrong for this ambition as well
    docs = library.documents_dir
    shutil.copy(docs / f"{REPORT_ID}.txt", docs / "jaarverslag-2020-opnieuw.txt")
    shutil.copy(docs / f"{REPORT_ID}.meta.toml", docs / "jaarverslag-2020-opnieuw.meta.toml")
    assert not library.ingest().failures
    twin = top.section["id"].replace(REPORT_ID, "jaarverslag-2020-opnieuw", 1)
    row = library.snapshot().trace.detail(AGORA)
    found = next(p for p in row.progress if p.section["id"] == twin)
    assert found.rejected_text and not found.counts and found.above_threshold
    assert twin not in _counted(library, AGORA)
    # rejected links sink below every other link of the ambition
    ranks = [i for i, p in enumerate(row.progress) if p.rejected_text or (p.decision and p.decision.action == "afgewezen")]
    others = [i for i, p in enumerate(row.progress) if p.in_scope and i not in ranks]
    assert ranks and max(others) < min(ranks)
    # another ambition may still take that paragraph
    other = library.snapshot().trace.detail(aid("ondermijning-4e"))
    assert all(not p.rejected_text for p in other.progress)


def test_the_ranker_is_scored_against_a_decisions_file(tmp_path):
    lib = Library(tmp_path / "data", documents_dir=DOCUMENTS)
    assert not lib.ingest().failures
    trace = lib.snapshot().trace
    first = trace.detail(aid("cybercrime-2")).ranked[0]
    ranked = trace.detail(aid("burger-centraal-p3")).ranked
    unranked = next(s["id"] for s in lib.snapshot().catalog.sections
                    if s["document_id"] == REPORT_ID and s["id"] not in {lk.section_id for lk in ranked}
                    and s["kind"] == "paragraph")
    wrong = trace.detail(aid("ondermijning-4e")).ranked[0]
    path = tmp_path / "besluiten.sqlite"
    store = DecisionStore(path)
    store.record(aid("cybercrime-2"), first.section_id, "bevestigd", author="a")
    store.record(aid("burger-centraal-p3"), unranked, "toegevoegd", author="a")
    store.record(aid("ondermijning-4e"), wrong.section_id, "afgewezen", author="a")
    store.record("bestaat-niet:1", first.section_id, "bevestigd", author="a")
    score = score_decisions(trace, current_links(store.history())).to_dict()
    assert score["confirmed"] == 2 and score["recall5"] == 0.5 and score["mrr"] == 0.5
    assert score["rejected"] == 1 and score["rejected_above"] == (1.0 if wrong.score >= LINK_THRESHOLD else 0.0)
    assert score["unknown"] == 1
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "eval_decisions.py"), str(path)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if "besluiten.sqlite" in x)
    above = (first.score >= LINK_THRESHOLD) / 2
    assert score["above"] == above
    assert line.split()[1:5] == ["2", "0.500", f"{above:.3f}", "0.500"]
