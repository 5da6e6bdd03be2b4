"""Pull a plan's ambitions out of its sections, one record per goal, pillar, list item or
goal-table row.

Which headings open a goal block ("Wat willen we bereiken?", "Doelstelling", "Beoogd
resultaat", the bundled plan's "Waar willen we in 2022 staan?") or an actions block ("Wat
gaan we daarvoor doen?", "Hoe gaan we dit bereiken?"), and which list numbering counts, is
read from kb/data/plan-structure.toml (kb.enrich.profiles), with a plan's own profile there
when the defaults miss its headings.

The ids are plan-local keys, readable and stable, from the plan's own numbering and its
theme (the taxonomy's short name, else the heading that names the block's theme: a numbered
"Prioriteit 1: …" gives `prioriteit-1`, "Jeugd en veiligheid" `jeugd-veiligheid`), never
from pages or positions a format changes: `<theme>-doel` for the paragraphs of a goal block
(`<theme>-doel-2` for a numbered goal, `<theme>-resultaat-a` for a lettered one under
"Beoogd resultaat"), `<theme>-p3` for the third pillar of an actions block, `<theme>-4d` for
item 4d (`<theme>-p2-1` inside a pillar), `<theme>-tabel-2` for the second row of a goal
table, `ontwikkelopdracht-3` for the bundled plan's development assignment; `kpi-<name>` for
the monitor set's norms comes from kb.enrich.kpi. Each ambition's `origin` says which rule
found it.
"""

from __future__ import annotations

import re

from kb.enrich.ids import unique_id
from kb.enrich.profiles import BlockRule, PlanStructure, strip_number, structure_for
from kb.enrich.themes import Taxonomy, cue_themes, heading_theme
from kb.model import Ambition, Document, Section
from kb.text import fold, slugify

_MAX_LEAD = 90  # characters: longer is a sentence, not a heading
_ROMAN = re.compile(r"(?:x{0,3})(?:ix|iv|v?i{0,3})")


def _is_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":")


def _style(label: str) -> str:
    """The numbering style of a list label: "1", "a", "i" (ii, iv...) or "•"."""
    if label.isdigit():
        return "1"
    low = label.lower()
    if len(low) > 1 and _ROMAN.fullmatch(low):
        return "i"
    return "a" if label.isalpha() and len(label) == 1 else "•"


def heading_key(heading: str, structure: PlanStructure) -> str:
    """A heading as the theme part of a key: at most three words, without its chapter number
    and small words ("2. Jeugd en veiligheid" -> "jeugd-veiligheid")."""
    words = [w for w in re.findall(r"[a-z0-9]+", fold(strip_number(heading))) if w not in structure.stopwords]
    return slugify(" ".join(words), max_words=3, max_len=40)


class _Themes:
    """The theme slug and the short name for keys of a section inside a block."""

    def __init__(self, taxonomy: Taxonomy, structure: PlanStructure):
        self.taxonomy, self.structure = taxonomy, structure

    def of(self, section: Section, above: list[str], lead: str | None = None) -> tuple[str | None, str]:
        """`above`: the headings over the block (nearest last): a heading that is not in the
        taxonomy names the theme by its number or its words. `lead`: a lead line that names
        the theme ("Speerpunt 1 Huiselijk geweld" as a line of its own), nearer than them."""
        slug = section.themes[0] if section.themes and section.theme_source == "heading" else None
        if lead is not None:
            named = heading_theme(lead, self.taxonomy)
            theme = self.taxonomy.get(named) if named else None
            return (named, theme.short) if theme else (
                slug, self.structure.theme_number(lead) or heading_key(lead, self.structure))
        theme = self.taxonomy.get(slug) if slug else None
        if theme:
            return slug, theme.short
        if above:
            return slug, self.structure.theme_number(above[-1]) or heading_key(above[-1], self.structure)
        return slug, "plan"


def _lead_line(section: Section) -> bool:
    """A short line of its own, no sentence: a heading the parser took for a paragraph (a bold
    lead line, a line of a text file)."""
    text = section.text.strip()
    return section.kind == "paragraph" and len(text) <= _MAX_LEAD and not re.search(r"[.;!]$", text)


def _table_goal(section: Section, structure: PlanStructure) -> str | None:
    """The text of a goal-table row (doel | indicator | streefwaarde): its goal with its
    indicator and target; None for any other row."""
    columns = [fold(c).strip(" :") for c in section.columns or []]
    cells = section.cells or []
    goal_at = next((i for i, c in enumerate(columns) if c in structure.goal_columns), None)
    if goal_at is None or goal_at >= len(cells) or not cells[goal_at].strip():
        return None
    extra = [f"{(section.columns or [])[i]}: {cells[i].strip()}" for i, c in enumerate(columns)
             if i < len(cells) and cells[i].strip() and (c in structure.indicator_columns or c in structure.target_columns)]
    return cells[goal_at].strip() + (f" ({'; '.join(extra)})" if extra else "")


def extract_ambitions(doc: Document, sections: list[Section], taxonomy: Taxonomy,
                      structure: PlanStructure | None = None) -> list[Ambition]:
    """Every ambition of a plan document, in document order. `structure`: the plan's rules
    (default: kb.enrich.profiles.structure_for(doc))."""
    if doc.kind != "plan":
        return []
    structure = structure or structure_for(doc)
    themes = _Themes(taxonomy, structure)
    profile = f"profiel {structure.profile}: " if structure.profile else ""
    ambitions: dict[str, Ambition] = {}
    order: list[str] = []

    def add(aid: str, kind: str, section: Section, theme: str | None, origin: str,
            parent: str | None = None, text: str | None = None) -> Ambition:
        aid = unique_id(aid, ambitions)
        amb = Ambition(
            id=aid, document_id=doc.id, kind=kind, theme=theme,
            heading_path=list(section.heading_path), text=section.text if text is None else text,
            section_ids=[section.id], parent_id=parent, origin=origin,
        )
        ambitions[aid] = amb
        order.append(aid)
        return amb

    def append(amb: Ambition, section: Section) -> None:
        amb.text = f"{amb.text} {section.text}".strip()
        amb.section_ids.append(section.id)

    # state within one block
    pillar: Ambition | None = None
    pillar_no = 0
    item: Ambition | None = None  # the current numbered item
    item_no: str | None = None
    last_letter = ""
    goal: Ambition | None = None
    item_open = False  # a title-like item whose explanation follows as paragraphs
    previous: Section | None = None
    table_rows: dict[tuple[str, ...], int] = {}

    theme_lead: str | None = None  # "Speerpunt 1 Huiselijk geweld" as a line of its own
    block_lead: tuple[tuple[str, ...], str] | None = None  # "Doelstelling" as a line: (where, text)

    for s in sections:
        before, previous = previous, s
        if s.kind == "heading":
            block_lead = None
            if not structure.block_for(s.text):
                theme_lead = None
        elif _lead_line(s) and (structure.theme_number(s.text) or structure.block_for(s.text)):
            if structure.theme_number(s.text):
                theme_lead, block_lead = s.text.strip(), None
            else:
                block_lead = (tuple(s.heading_path), s.text.strip())
            pillar, pillar_no, item, item_no, last_letter, goal = None, 0, None, None, "", None
            continue
        path = s.heading_path
        if block_lead is not None and tuple(path) == block_lead[0]:
            path = [*path, block_lead[1]]
        rules = [structure.block_for(h) for h in path]
        q_index = next((i for i in range(len(path) - 1, -1, -1) if rules[i] is not None), None)

        # ---- goal tables: a row of doel | indicator | streefwaarde, wherever it stands
        if s.kind == "table_row" and (text := _table_goal(s, structure)):
            above = path[:q_index] if q_index is not None else path
            theme, short = themes.of(s, above, theme_lead)
            n = table_rows[tuple(path)] = table_rows.get(tuple(path), 0) + 1
            add(f"{short}-tabel-{n}", "doel", s, theme, f"{profile}doeltabel onder '{path[-1] if path else doc.title}'",
                text=text)
            continue

        if s.kind == "heading" and structure.block_for(s.text):
            pillar, pillar_no, item, item_no, last_letter, goal = None, 0, None, None, "", None
            continue
        if q_index is None:
            continue
        block: BlockRule = rules[q_index]
        question = path[q_index]
        origin = f"{profile if not block.name.startswith('profiel') else ''}{block.name} '{question}'"
        label = s.label or "•"
        counts = s.kind != "bullet" or _style(label) in block.numbering
        theme, short = themes.of(s, path[:q_index], theme_lead)

        # ---- an assignment of the whole plan ("Ontwikkelopdracht"): its numbered items
        if block.kind == "opdracht":
            if s.kind == "bullet" and label.isdigit() and counts:
                cue = cue_themes(s.text, taxonomy)
                add(f"{block.word}-{label}", "opdracht", s, cue[0] if cue else None, origin)
            continue

        # ---- a goal block: its paragraphs one goal, its numbered or lettered items one each
        if block.kind == "doel":
            if s.kind == "bullet" and counts:
                if label.isdigit() or _style(label) in ("a", "i"):
                    mark = label.lower()
                else:
                    last_letter = chr(ord(last_letter or "`") + 1)
                    mark = last_letter
                add(f"{short}-{block.word}-{mark}", "doel", s, theme, origin)
            elif s.kind == "paragraph" and not _is_lead_in(s.text):
                if goal is None or goal.theme != theme:
                    goal = add(f"{short}-{block.word}", "doel", s, theme, origin)
                else:
                    append(goal, s)
            continue

        # ---- an actions block: pillars and items
        if s.kind == "heading" and structure.theme_number(s.text):
            continue  # "Speerpunt 1 …" under "Speerpunten": a theme of its own, not a pillar
        if s.kind == "heading" and len(path) == q_index + 1:
            pillar_no += 1
            pillar = add(f"{short}-p{pillar_no}", "pijler", s, theme, f"{origin}: pijler")
            item, item_no, last_letter = None, None, ""
            continue
        prefix = f"{short}-p{pillar_no}" if pillar is not None else short
        if s.kind == "bullet":
            if not counts:
                continue
            if label.isdigit():
                item_no, last_letter = label, ""
                item = add(f"{prefix}-{label}", "item", s, theme, f"{origin}: item",
                           parent=pillar.id if pillar else None)
                follows_item = before is not None and before.kind == "bullet" and (before.label or "").isdigit()
                item_open = not s.text.rstrip().endswith(".") and not follows_item
                continue
            item_open = False
            if item is not None:
                letter = label if label.isalpha() and len(label) == 1 else chr(ord(last_letter or "`") + 1)
                last_letter = letter
                add(f"{prefix}-{item_no}{letter}", "item", s, theme, f"{origin}: subitem", parent=item.id)
            else:
                last_letter = chr(ord(last_letter or "`") + 1) if not (label.isalpha() and len(label) == 1) else label
                add(f"{prefix}-{last_letter}", "item", s, theme, f"{origin}: item", parent=pillar.id if pillar else None)
        elif s.kind == "paragraph" and not _is_lead_in(s.text):
            if item is not None and item_open:
                append(item, s)  # the explanation under a title-like item ("1. Het op sterkte krijgen ...")
            elif pillar is not None:
                append(pillar, s)
    return [ambitions[a] for a in order]
