"""What both text parsers produce before heading levels are known: a `Unit` per heading,
paragraph, item, table row or footnote, and the repairs they share.

The clean and the wrapped parser find units in different ways but repair them the same
way: paragraphs broken by a page or a footnote are glued back, runs of table rows are found
the same way, and a plain heading with no text of its own is demoted to a line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from kb.parse.cleanup import (
    ends_sentence,
    ends_with_hyphen,
    join_lines,
    starts_lowercase,
)


class UnitKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    TABLE_ROW = "table_row"
    TABLE_HEADER = "table_header"  # a row naming the columns: not a block of its own
    FOOTNOTE = "footnote"
    CHAPTER_NO = "chapter_no"  # a chapter number on its own line
    CONTINUATION = "continuation"  # a dashed line in lower case: the rest of an item
    DROP = "drop"  # consumed by a neighbour (a chapter number, a page number)


class HeadingClass(StrEnum):
    """What kind of heading a unit is; `kb.parse.text.levels` turns it into a level."""

    CHAPTER = "C"
    BLOCK = "Q"  # a question a plan answers per theme, or a report's activity list
    NUMBERED = "N"  # "4. Cybercrime"
    DECIMAL = "D"  # "3.2 Ondermijning": the level is the depth of the number
    LETTERED = "L"  # "B. Opsporing"
    PLAIN = "P"
    TABLE_GROUP = "T"  # a group label inside a table ("Ondermijning")
    MARKDOWN = "M"  # "## Heading": the level is the number of "#"


@dataclass
class Unit:
    kind: UnitKind
    text: str
    page: int | None = None
    page_end: int | None = None
    label: str | None = None
    hclass: HeadingClass | None = None
    number: int | None = None  # an item's or numbered heading's number; a markdown level
    nlines: int = 1
    cells: list[str] | None = None
    columns: list[str] | None = None
    caption: bool = False  # the heading over a table
    starts_group: bool = True  # the first unit after a blank line
    lines: list[str] = field(default_factory=list)  # a heading's lines as printed
    named: bool = False  # a row of a markdown or plain-text table: its text names its columns


def table_runs(units: list[Unit], *, allow_labels: bool = False) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of table rows; with `allow_labels`, a heading directly
    followed by a row (a group label like "Ondermijning") does not end the run."""
    k = 0
    while k < len(units):
        if units[k].kind != UnitKind.TABLE_ROW:
            k += 1
            continue
        end = k
        while end < len(units) and (
            units[end].kind == UnitKind.TABLE_ROW
            or (
                allow_labels
                and units[end].kind == UnitKind.HEADING
                and end + 1 < len(units)
                and units[end + 1].kind == UnitKind.TABLE_ROW
            )
        ):
            end += 1
        yield k, end
        k = end


def demote_empty_plain_headings(units: list[Unit]) -> None:
    """A plain heading followed by another heading (no text of its own) is just a line."""
    following: Unit | None = None
    for u in reversed(units):
        if u.kind in (UnitKind.DROP, UnitKind.FOOTNOTE, UnitKind.CHAPTER_NO, UnitKind.TABLE_HEADER):
            continue
        if u.kind == UnitKind.HEADING and u.hclass == HeadingClass.PLAIN and (
            following is None
            or (following.kind == UnitKind.HEADING and following.hclass in (HeadingClass.PLAIN, HeadingClass.CHAPTER))
        ):
            u.kind, u.hclass = UnitKind.PARAGRAPH, None
        following = u


def _join_blocks(left: str, right: str) -> str:
    """Two pieces of one paragraph; a word a page break cut in two is made whole again."""
    if not ends_with_hyphen(left) and starts_lowercase(right):
        from kb.parse.text.site import join_cut

        if (joined := join_cut(left, right)) is not None:
            return joined
    return join_lines(left, right)


def join_continuations(units: list[Unit]) -> list[Unit]:
    """Glue back paragraphs and items that a page, column or footnote broke in two."""
    out: list[Unit] = []
    for u in units:
        if u.kind in (UnitKind.PARAGRAPH, UnitKind.CONTINUATION):
            target = next((prev for prev in reversed(out) if prev.kind != UnitKind.FOOTNOTE), None)
            if (
                target is not None
                and target.kind in (UnitKind.PARAGRAPH, UnitKind.BULLET)
                and not ends_sentence(target.text)
                and (
                    u.kind == UnitKind.CONTINUATION
                    or starts_lowercase(u.text)
                    or ends_with_hyphen(target.text)
                    or target.text.rstrip().endswith(",")
                )
            ):
                target.text = _join_blocks(target.text, u.text)
                target.nlines += u.nlines
                if u.page_end is not None:
                    target.page_end = max(target.page_end or u.page_end, u.page_end)
                continue
            if u.kind == UnitKind.CONTINUATION:
                u.kind = UnitKind.BULLET
                u.label = "•"
        out.append(u)
    return out
