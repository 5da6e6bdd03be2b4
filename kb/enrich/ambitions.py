"""Pull a plan's ambitions out of its sections, one record per goal, pillar or list item.

Ids are readable and stable: `<theme>-doel` for the "Waar willen we in 2022 staan?" goal
(`<theme>-doel-2` when the goal is a numbered list), `<theme>-p3` for the third pillar
under "Hoe gaan we dit bereiken?", `<theme>-4d` for item 4d (`<theme>-p2-1` inside a
pillar), `ontwikkelopdracht-3` for the plan's development assignment and `kpi-<name>` for
the monitor set's norms (see kb.enrich.kpi).
"""

from __future__ import annotations

import re

from kb.enrich.ids import unique_id
from kb.model import Ambition, Document, Section
from kb.enrich.themes import Taxonomy, cue_themes

GOAL_HEADING = re.compile(r"^waar willen w(e|ij)\b.*\?$", re.IGNORECASE)
HOW_HEADING = re.compile(r"^hoe gaan w(e|ij)\b.*\?$", re.IGNORECASE)
ASSIGNMENT_HEADING = re.compile(r"^ontwikkelopdracht\b", re.IGNORECASE)


def _theme_short(section: Section, taxonomy: Taxonomy) -> tuple[str | None, str]:
    slug = section.themes[0] if section.themes and section.theme_source == "heading" else None
    theme = taxonomy.get(slug) if slug else None
    return slug, (theme.short if theme else "plan")


def _is_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":")


def extract_ambitions(doc: Document, sections: list[Section], taxonomy: Taxonomy) -> list[Ambition]:
    """Every ambition of a plan document, in document order."""
    if doc.kind != "plan":
        return []
    ambitions: dict[str, Ambition] = {}
    order: list[str] = []

    def add(aid: str, kind: str, section: Section, theme: str | None, parent: str | None = None) -> Ambition:
        aid = unique_id(aid, ambitions)
        amb = Ambition(
            id=aid, document_id=doc.id, kind=kind, theme=theme,
            heading_path=list(section.heading_path), text=section.text,
            section_ids=[section.id], parent_id=parent,
        )
        ambitions[aid] = amb
        order.append(aid)
        return amb

    def append(amb: Ambition, section: Section) -> None:
        amb.text = f"{amb.text} {section.text}".strip()
        amb.section_ids.append(section.id)

    # state within one "Hoe gaan we"-block
    pillar: Ambition | None = None
    pillar_no = 0
    item: Ambition | None = None  # the current numbered item
    item_no: str | None = None
    last_letter = ""
    goal: Ambition | None = None
    item_open = False  # a title-like item whose explanation follows as paragraphs
    previous: Section | None = None

    for s in sections:
        before, previous = previous, s
        path = s.heading_path
        q_index = next((i for i in range(len(path) - 1, -1, -1) if GOAL_HEADING.match(path[i]) or HOW_HEADING.match(path[i])), None)
        theme, short = _theme_short(s, taxonomy)

        # ---- the development assignment of chapter 2
        if any(ASSIGNMENT_HEADING.match(h) for h in path) and s.kind == "bullet" and (s.label or "").isdigit():
            cue = cue_themes(s.text, taxonomy)
            add(f"ontwikkelopdracht-{s.label}", "opdracht", s, cue[0] if cue else None)
            continue

        if s.kind == "heading" and (GOAL_HEADING.match(s.text) or HOW_HEADING.match(s.text)):
            pillar, pillar_no, item, item_no, last_letter, goal = None, 0, None, None, "", None
            continue
        if q_index is None:
            continue
        question = path[q_index]

        # ---- "Waar willen we in 2022 staan?": the goal
        if GOAL_HEADING.match(question):
            if s.kind == "bullet" and (s.label or "").isdigit():
                add(f"{short}-doel-{s.label}", "doel", s, theme)
            elif s.kind == "paragraph" and not _is_lead_in(s.text):
                if goal is None or goal.theme != theme:
                    goal = add(f"{short}-doel", "doel", s, theme)
                else:
                    append(goal, s)
            continue

        # ---- "Hoe gaan we dit bereiken?": pillars and items
        if s.kind == "heading" and len(path) == q_index + 1:
            pillar_no += 1
            pillar = add(f"{short}-p{pillar_no}", "pijler", s, theme)
            item, item_no, last_letter = None, None, ""
            continue
        prefix = f"{short}-p{pillar_no}" if pillar is not None else short
        if s.kind == "bullet":
            label = s.label or "•"
            if label.isdigit():
                item_no, last_letter = label, ""
                item = add(f"{prefix}-{label}", "item", s, theme, parent=pillar.id if pillar else None)
                follows_item = before is not None and before.kind == "bullet" and (before.label or "").isdigit()
                item_open = not s.text.rstrip().endswith(".") and not follows_item
                continue
            item_open = False
            if item is not None:
                letter = label if label.isalpha() and len(label) == 1 else chr(ord(last_letter or "`") + 1)
                last_letter = letter
                add(f"{prefix}-{item_no}{letter}", "item", s, theme, parent=item.id)
            else:
                last_letter = chr(ord(last_letter or "`") + 1) if not (label.isalpha() and len(label) == 1) else label
                add(f"{prefix}-{last_letter}", "item", s, theme, parent=pillar.id if pillar else None)
        elif s.kind == "paragraph" and not _is_lead_in(s.text):
            if item is not None and item_open:
                append(item, s)  # the explanation under a title-like item ("1. Het op sterkte krijgen ...")
            elif pillar is not None:
                append(pillar, s)
    return [ambitions[a] for a in order]
