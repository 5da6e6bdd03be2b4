"""Evidence at sentence level (issue 16): a link rests on the sentences that concern the
ambition, and its status is read from those only; function words never count as shared
terms, names match only as written, only long words lend their compound parts, and each
shared term says what kind of match it is."""

from __future__ import annotations

import re

import pytest
from helpers.paths import aid

from kb.library import Library
from kb.trace.linking import EXACT, TermReader


@pytest.fixture(scope="module")
def snapshot(corpus):
    return Library(corpus.data_dir).snapshot()


def test_a_cancelled_event_does_not_decide_a_training_ambition(snapshot):
    row = snapshot.trace.detail(aid("contraterrorisme-p2-2"))
    events = next(p for p in row.progress if "Koningsdag" in p.section["text"])
    assert events.finding.status != "niet gerealiseerd"
    assert not any("Koningsdag" in s for s in events.sentences)
    assert any("SGBO" in s for s in events.sentences)  # the sentence it does share words with


def test_function_words_never_count_as_shared_terms(snapshot):
    shared = [t for row in snapshot.trace.rows for p in row.progress for t in p.shared_terms]
    assert shared
    assert not [t for t in shared if re.match(r"(?i)(ten|ter|aan|daarnaast|aanzien|alle)\b", t)]


def test_names_match_as_written_and_parts_only_of_long_words(snapshot):
    reader = TermReader(snapshot.lexicon)
    name = reader.terms("Volgens korpschef Westerbeke is dat gelukt.")
    assert EXACT + "westerbeke" in name and name[EXACT + "westerbeke"].name
    assert not [t for t, q in name.items() if q.via == "deel" and q.surface == "Westerbeke"]  # a name lends no parts
    assert not set(name) & set(reader.terms("de westerse landen", expand=True))
    long = reader.terms("de aanpak van kindermishandeling")
    assert {q.via for q in long.values()} >= {"deel"}
    assert reader.lex.word("wijkrol").parts  # the lexicon would split it ("wij" + "krol"!) ...
    assert all(q.via != "deel" for q in reader.terms("een wijkrol").values())  # ... but 7 letters is too short


def test_each_shared_term_says_its_kind_of_match(snapshot):
    shared = [t for row in snapshot.trace.rows for p in row.progress for t in p.shared_terms]
    kinds = {m.group(1) for t in shared if (m := re.search(r"\((vorm|deel|naam|synoniem|afkorting)\)$", t))}
    assert {"vorm", "naam"} <= kinds, kinds
    for term in shared:
        if "~" in term:
            assert term.endswith(("(vorm)", "(deel)")), term
    detail = snapshot.trace.detail(aid("ondermijning-4d"))
    best = detail.cells[2020].progress[0]
    assert best.sentences and all(s in best.section["text"] for s in best.sentences)
