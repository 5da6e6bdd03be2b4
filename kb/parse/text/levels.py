"""Heading levels from heading classes, the last step both text parsers share.

The parsers only say what kind of heading a unit is (a chapter, a numbered heading, a
plan's question...); its level depends on the headings open above it, which is decided here
in one pass, before the outline builder turns levels into heading paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.model import Block
from kb.parse import cleanup
from kb.parse.cleanup import strip_markup
from kb.parse.text.rules import BACK_MATTER
from kb.parse.text.units import HeadingClass, Unit, UnitKind
from kb.text import normalize_space


@dataclass
class _Open:
    """A heading still open above the units that follow it."""

    level: int
    cls: HeadingClass
    key: int | str | None  # a numbered heading's number, a lettered heading's letter
    under_q: bool  # sits under a nesting question heading
    caption: bool  # heads a table
    nests: bool  # a question ("...?"): the plain headings after it are its pillars
    number: str | None = None  # the chapter number it opens with ("3. Jeugd", "3 Speerpunt: Jeugd")


_CHAPTER_NUMBER = re.compile(r"^(\d{1,2})\.?\s+\S")  # "3 Speerpunt: Jeugd", "3. Jeugd"


def _text(u: Unit) -> str:
    return normalize_space(strip_markup(cleanup.strip_superscripts(u.text)))


def assign_levels(units: list[Unit]) -> list[Block]:
    """Heading levels from heading classes and the headings around them.

    Chapters are level 1; a plain heading sits under the nearest chapter, or under a plan's
    question heading ("Hoe gaan we dit bereiken?") as one of its pillars; block headings sit
    under the nearest topic; numbered and lettered headings continue their list or open one.
    """
    stack: list[_Open] = []
    blocks: list[Block] = []
    # for each unit: is the next heading after it a question ("Waar willen we staan?")
    opens_question: list[bool] = [False] * len(units)
    ahead = False
    for k in range(len(units) - 1, -1, -1):
        opens_question[k] = ahead
        u = units[k]
        if u.kind == UnitKind.HEADING:
            ahead = u.hclass == HeadingClass.BLOCK and _text(u).endswith("?")
    for k, u in enumerate(units):
        if u.kind in (UnitKind.DROP, UnitKind.CHAPTER_NO, UnitKind.TABLE_HEADER):
            continue
        if u.kind != UnitKind.HEADING:
            text = _text(u)
            if not text:
                continue
            kind = UnitKind.BULLET if u.kind == UnitKind.CONTINUATION else u.kind
            blocks.append(
                Block(kind=kind.value, text=text, page=u.page, page_end=u.page_end, label=u.label,
                      cells=u.cells, columns=u.columns)
            )
            continue
        cls = u.hclass or HeadingClass.PLAIN
        text = _text(u)
        under_q = False
        if cls == HeadingClass.MARKDOWN:
            level = u.number or 1
        elif cls == HeadingClass.CHAPTER:
            level = 1
        elif cls == HeadingClass.DECIMAL:  # "3.2" one below its chapter, "3.2.1" two
            # its chapter: the open "3. Jeugd" or "3 Speerpunt: Jeugd" it numbers within, else
            # the nearest chapter
            chapter = next((e for e in reversed(stack) if e.number == (u.label or "").split(".")[0]), None) \
                or next((e for e in reversed(stack) if e.cls == HeadingClass.CHAPTER), None)
            level = (chapter.level if chapter else 0) + (u.number or 2) - 1
        elif cls == HeadingClass.BLOCK:
            topic = next(
                (e for e in reversed(stack)
                 if e.cls in (HeadingClass.CHAPTER, HeadingClass.NUMBERED, HeadingClass.DECIMAL, HeadingClass.PLAIN)
                 and not e.under_q),
                None,
            )
            level = topic.level + 1 if topic else 1
        elif cls in (HeadingClass.NUMBERED, HeadingClass.LETTERED):
            key = u.number if cls == HeadingClass.NUMBERED else u.label
            prev_key = (key - 1) if cls == HeadingClass.NUMBERED else (chr(ord(key) - 1) if key else None)
            sibling = next((e for e in reversed(stack) if e.cls == cls and e.key == prev_key), None)
            if sibling is not None:
                level, under_q = sibling.level, sibling.under_q
            else:
                level = stack[-1].level + 1 if stack else 1
                under_q = any(e.under_q or (e.cls == HeadingClass.BLOCK and e.nests) for e in stack)
        elif cls == HeadingClass.TABLE_GROUP:
            caption = next((e for e in reversed(stack) if e.caption), None)
            group = next((e for e in reversed(stack) if e.cls == HeadingClass.TABLE_GROUP), None)
            if caption is not None:
                level = caption.level + 1
            elif group is not None:
                level = group.level
            else:
                level = stack[-1].level + 1 if stack else 1
        else:
            # a plain heading under a question is one of its pillars, unless a question of its
            # own follows it: then it is the next topic ("Inzetbaarheid" over "Waar willen we
            # staan?" after the last theme's actions, in text where all headings look alike)
            question = None if opens_question[k] else next(
                (e for e in reversed(stack) if e.cls == HeadingClass.BLOCK and e.nests), None)
            if question is not None:
                level, under_q = question.level + 1, True
            elif stack and stack[-1].cls == HeadingClass.NUMBERED and blocks and blocks[-1].kind == "heading":
                # straight under "3. Jeugd", nothing between: its first part ("Kerncijfers")
                level = stack[-1].level + 1
            elif stack and stack[-1].cls == HeadingClass.DECIMAL and not _CHAPTER_NUMBER.match(text) \
                    and not BACK_MATTER.match(text):
                # an unnumbered heading under "3.1 Drugscriminaliteit": its part ("Inspanningen");
                # a document that numbers its headings would have numbered a sibling ("Bijlagen"
                # after "8.1 Financiën" is none: the back of the document)
                level = stack[-1].level + 1
            else:
                chapter = next((e for e in reversed(stack) if e.cls == HeadingClass.CHAPTER), None)
                level = chapter.level + 1 if chapter else 1
        while stack and stack[-1].level >= level:
            stack.pop()
        stack.append(_Open(
            level=level, cls=cls, key=u.number if cls == HeadingClass.NUMBERED else u.label,
            under_q=under_q, caption=u.caption,
            nests=cls == HeadingClass.BLOCK and text.endswith("?"),
            number=str(u.number) if cls == HeadingClass.NUMBERED
            else m.group(1) if cls != HeadingClass.DECIMAL and (m := _CHAPTER_NUMBER.match(text)) else None,
        ))
        if cls in (HeadingClass.LETTERED, HeadingClass.DECIMAL):
            label = u.label
        elif cls == HeadingClass.NUMBERED:
            label = str(u.number)
        else:
            label = None
        blocks.append(Block(kind="heading", text=text, page=u.page, page_end=u.page_end, level=level, label=label))
    return blocks
