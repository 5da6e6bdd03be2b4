"""Figures as Dutch writes them: one format for the pages, the command line and the exports."""

from __future__ import annotations

import pytest

from kb.tables import decimal_comma
from kb.text import dutch_number, shown_score


@pytest.mark.parametrize("value, places, text", [
    (94.0, None, "94"), (62.18, None, "62,18"), (-5.5, None, "-5,5"), (0.33, None, "0,33"),
    (1234567.0, None, "1234567"), (1234567.5, None, "1234567,5"),  # no exponent
    (123456.7, None, "123456,7"),  # a fraction stays, however large the figure
    (83.31234, None, "83,3123"),  # four decimals at most
    (0.15, 2, "0,15"), (0.3, 2, "0,30"), (-0.001, 2, "0,00"), (-0.00001, 2, "0,00"),  # no "-0"
    (4e-05, None, "0,00004"), (-1.5e-07, None, "-0,00000015"),  # a tiny figure is no "0"
    (float("nan"), None, ""), (float("inf"), None, ""), (float("-inf"), 2, ""),  # no figure, no error
])
def test_dutch_number(value, places, text):
    assert dutch_number(value, places) == text


def test_a_cell_of_an_export_reads_as_the_page_does():
    for value in (94.0, 62.18, 1234567.5, -5.5, float("nan")):
        assert decimal_comma(value) == dutch_number(value)


def test_a_score_under_the_threshold_never_reads_as_the_threshold():
    """A candidate is capped just under the threshold (0.1485): shown rounded it would read
    "0,15", the threshold itself, beside the word "zwak"."""
    from kb.trace.linking import CANDIDATE_SCORE, LINK_THRESHOLD

    assert shown_score(CANDIDATE_SCORE) == "0,14" and shown_score(LINK_THRESHOLD) == "0,15"
    assert [shown_score(x) for x in (0.29, 0.2, 1.0, 0.0)] == ["0,29", "0,20", "1,00", "0,00"]
