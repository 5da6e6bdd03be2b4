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
table, `ontwikkelopdracht-3` for the bundled plan's development assignment. Nested lists keep
their parent in the key: `<theme>-doel-1a` for sub-goal a of goal 1, `<theme>-b-a` for sub-item
a of the second unnumbered item (unnumbered items are keyed by their place, a, b, c). A numbered
theme ("Prioriteit 1: …") without a goal block of its own takes as its goal `<theme>-doel` the
paragraphs directly under it that state one (the `goal_cues` of the data file), not its
analysis; a paragraph labelled as a goal ("Doel: In 2025 ...") is a goal of its heading, whatever
that heading looks like ("3.2 Veilige wijken en buurten"), when a block of goals or actions
stands under it. In an actions block, a short line of its own over a numbered list ("Ten
aanzien van kindermishandeling") is a pillar as a heading would be, and a numbered heading ("1. Het op
sterkte krijgen ...", a bold line) is item 1 with the paragraphs below it as its explanation; `kpi-<name>` for
the monitor set's norms comes from kb.enrich.kpi. Each ambition's `origin` says which rule
found it.
"""

from __future__ import annotations

import re

from kb.enrich.ids import unique_id
from kb.enrich.profiles import BlockRule, PlanStructure, strip_number, structure_for
from kb.enrich.themes import Taxonomy, cue_themes, heading_theme
from kb.lang.words import lemma_table
from kb.model import Ambition, Document, Section
from kb.parse.outline import heading_key as title_key
from kb.parse.text.rules import heading_shape
from kb.text import fold, is_decimal, slugify

_MAX_LEAD = 90  # characters: longer is a sentence, not a heading
_NUMBERED_TITLE = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")  # "1. Het op sterkte krijgen" as a heading
_LABEL = re.compile(r"^[^\W\d]+(?: [^\W\d]+)?\s*:")  # "Doel:", "Beoogd resultaat:" opening a paragraph
_ROMAN = re.compile(r"(?:x{0,3})(?:ix|iv|v?i{0,3})")


def _is_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":")


def _numbered(label: str) -> bool:
    """A number as a list label: "4", or the decimal number of a result under its chapter ("1.3")."""
    return label.isdigit() or is_decimal(label)


def _style(label: str) -> str:
    """The numbering style of a list label: "1" (also "1.3"), "a", "i" (ii, iv...) or "•"."""
    if _numbered(label):
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


def _labelled_goal(text: str, structure: PlanStructure) -> bool:
    """A paragraph that opens with a goal label of its own ("Doel: In 2024 daalt ..."): the
    theme's goal, also when the theme has a goal block too ("Resultaten 2024" with its
    figures under "Prioriteit 1 – Woninginbraken")."""
    m = _LABEL.match(text.strip())
    return m is not None and structure.states_goal(m.group(0))


def _pillar_line(section: Section, sections: list[Section], at: int) -> bool:
    """A short line of its own that opens a numbered list ("Ten aanzien van kindermishandeling"
    over items 1, 2, ...): a sub-heading printed as a paragraph (italic, or a plain line of a
    Markdown or web page), a pillar as a heading would be. A lead-in ("... door:") is none."""
    if not _lead_line(section) or _is_lead_in(section.text) or not heading_shape(section.text.strip()):
        return False
    nxt = next((n for n in sections[at + 1:] if n.kind != "footnote"), None)
    return nxt is not None and nxt.kind == "bullet" and nxt.label == "1" and nxt.heading_path == section.heading_path


def _table_goal(section: Section, structure: PlanStructure) -> str | None:
    """The text of a goal-table row (doel | indicator | streefwaarde): its goal with its
    indicator and target; None for any other row."""
    columns = [fold(c).strip(" :") for c in section.columns or []]
    cells = section.cells or []
    goal_at = structure.goal_column(section.columns)
    if goal_at is None or goal_at >= len(cells) or not cells[goal_at].strip():
        return None
    extra = [f"{(section.columns or [])[i]}: {cells[i].strip()}" for i, c in enumerate(columns)
             if i < len(cells) and cells[i].strip() and (c in structure.indicator_columns or c in structure.target_columns)]
    return cells[goal_at].strip() + (f" ({'; '.join(extra)})" if extra else "")


_NUMBER_COLUMN = re.compile(r"^(nr|nummer|no|#)\.?$")
_DUE_COLUMN = re.compile(r"^(gereed|klaar|deadline|termijn|planning|wanneer|looptijd|jaar)\b")


def _table_action(section: Section, structure: PlanStructure) -> tuple[str, str | None] | None:
    """An actions-table row ("A1 | Actie: We starten ... | Trekker: Teamchef | Gereed in:
    2025"): its action with when it is due, and its own number ("a1") if the table has a
    number column; None for any other row. Who carries it is no part of what is to be done."""
    columns = [fold(c).strip(" :") for c in section.columns or []]
    cells = section.cells or []
    at = structure.action_column(section.columns)
    if at is None or structure.goal_column(section.columns) is not None or len(cells) != len(columns) \
            or not cells[at].strip() or cells[at].strip() == (section.columns or [])[at].strip():
        return None
    due = [f"{(section.columns or [])[i].strip()}: {cells[i].strip()}" for i, c in enumerate(columns)
           if _DUE_COLUMN.match(c) and cells[i].strip()]
    number = next((cells[i].strip() for i, c in enumerate(columns) if _NUMBER_COLUMN.match(c) and cells[i].strip()), None)
    text = cells[at].strip() + (f" ({'; '.join(due)})" if due else "")
    return text, slugify(number) if number else None


def _anchor(path: list[str], theme_lead: str | None, structure: PlanStructure) -> tuple[str, ...] | None:
    """The numbered theme a section belongs to: its nearest "Prioriteit 1: …" heading, else
    the "Speerpunt 1 …" lead line above it; None outside such a theme."""
    at = next((i for i in range(len(path) - 1, -1, -1) if structure.theme_number(path[i])), None)
    if at is not None:
        return ("kop", *path[: at + 1])
    return ("regel", theme_lead, *path) if theme_lead else None


def _themes_with_goal_blocks(sections: list[Section], structure: PlanStructure) -> set[tuple[str, ...]]:
    """The numbered themes (`_anchor`) that state their goals in a goal block of their own."""
    found: set[tuple[str, ...]] = set()
    theme_lead: str | None = None
    for s in sections:
        path = list(s.heading_path)
        rule = structure.block_for(s.text) if s.kind == "heading" or _lead_line(s) else None
        if s.kind == "heading":
            if rule is None:
                theme_lead = None
        elif _lead_line(s) and structure.theme_number(s.text):
            theme_lead = s.text.strip()
            continue
        if (rule is not None and rule.kind == "doel") or any(
                (r := structure.block_for(h)) is not None and r.kind == "doel" for h in path):
            if (anchor := _anchor(path, theme_lead, structure)) is not None:
                found.add(anchor)
    return found


_COMMITMENT = re.compile(r"^(?:we|wij)\s+(\w+)", re.IGNORECASE)  # "We openen in 2024 ...", "Wij breiden ..."
# what we see or are, not what we will do: "We zien een stijging", "We merken dat", "Wij constateren"
_OBSERVING = frozenset({"zien", "merken", "constateren", "signaleren", "zijn", "hebben", "vinden", "weten", "denken",
                        "horen", "kennen", "lezen", "concluderen", "verwachten"})
LIST_OF_ACTIONS = "lijst van acties"  # the origin of an item of a list no block heading opens


def _commitment(text: str) -> bool:
    """An item that says what we will do ("We openen ..."), not what we see ("We zien ...")."""
    m = _COMMITMENT.match(text.strip())
    return m is not None and _doing(m.group(1))


def _doing(word: str) -> bool:
    """The verb beside "we" says what we do, not what we see or are."""
    verb = fold(word.lower())
    return lemma_table().get(verb, verb) not in _OBSERVING and verb not in ("zijn", "hebben", "is", "heeft")


_WE = re.compile(r"(\w+)\s+(?:we|wij)\b|\b(?:we|wij)\s+(\w+)", re.IGNORECASE)


def _we_do(text: str) -> bool:
    """A paragraph that says what we will do, in any word order ("Daarnaast starten we in
    2023 met ...", "Woonoverlast pakken we eerder aan"), not only what we see."""
    return any(_doing(m.group(1) or m.group(2)) for m in _WE.finditer(text))


def _promises(text: str) -> bool:
    """A lead-in that says what we will do: "Daarom zetten we in op:", "Dat doen we door:"
    (not "We zien de volgende ontwikkelingen:")."""
    if not _is_lead_in(text):
        return False
    words = [fold(w) for w in re.findall(r"\w+", text.lower())]
    return not {"we", "wij"}.isdisjoint(words) and not any(lemma_table().get(w, w) in _OBSERVING for w in words)


def _lists_of_actions(sections: list[Section], structure: PlanStructure) -> dict[tuple[str, ...], bool]:
    """The heading paths whose list is the plan's actions though no block heading ("Wat gaan
    we doen?") opens it: a list after a goal under the same heading ("Doel: in 2027 ...", "In
    2026 is ..." over "1. We openen ..."), after a lead-in that promises ("Daarom zetten we in
    op:"), or one whose items are mostly commitments ("We stellen jaarlijks ...", "Wij breiden
    ..."). Path -> whether a labelled goal stands over it."""
    by_path: dict[tuple[str, ...], list[Section]] = {}
    for s in sections:
        if s.kind != "heading":
            by_path.setdefault(tuple(s.heading_path), []).append(s)
    headings = {_bare_title(s.text) for s in sections if s.kind == "heading"} - {""}
    found: dict[tuple[str, ...], bool] = {}
    for path, group in by_path.items():
        items = [s for s in group if s.kind == "bullet"]
        if len(items) < 2 or not path or any(structure.block_for(h) for h in path) \
                or any(_lead_line(s) and structure.block_for(s.text) for s in group):
            continue  # no list, or a block the rules above read
        if 5 * sum(_bare_title(s.text) in headings for s in items) >= 3 * len(items):
            continue  # the plan's themes in a row ("Wij richten ons op vijf thema's:"), each a chapter of its own
        first = group.index(items[0])
        labelled = any(s.kind == "paragraph" and _labelled_goal(s.text, structure) for s in group[:first])
        goal = labelled or any(s.kind == "paragraph" and structure.states_goal(s.text) for s in group[:first])
        lead = first > 0 and group[first - 1].kind == "paragraph" and _promises(group[first - 1].text)
        if goal or lead or 2 * sum(_commitment(s.text) for s in items) > len(items):
            found[path] = labelled
    return found


# a chapter's label before its title: "Thema 1.", "2.", "Prioriteit 3:", "3.1"
_CHAPTER_LABEL = re.compile(r"^(?:(?:thema|prioriteit|speerpunt|pijler|opgave|hoofdstuk)\s+)?\d+(?:\.\d+)*[.:)]?\s+",
                            re.IGNORECASE)


def _bare_title(text: str) -> str:
    """A heading or a list item as a title to compare (kb.parse.outline.heading_key), without
    a chapter label and what stands between brackets: "Thema 1. Veilig aan zee" and "Veilig
    aan zee;" alike, "Veilige woonomgeving (woninginbraak, fietsdiefstal);" as "2. Veilige
    woonomgeving"."""
    return title_key(re.sub(r"\([^()]*\)", " ", _CHAPTER_LABEL.sub("", text.strip())))


def _headings_with_blocks(sections: list[Section], structure: PlanStructure) -> set[tuple[str, ...]]:
    """The heading paths directly above a block ("3.1 Ondermijning" over "Wat gaan we doen?",
    as a heading or as a line of its own): the plan's themes, whatever their headings look like."""
    found: set[tuple[str, ...]] = set()
    for s in sections:
        if (s.kind == "heading" or _lead_line(s)) and structure.block_for(s.text):
            found.add(tuple(s.heading_path))
    return found


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
    numbered_goal: Ambition | None = None  # goal "1." of a goal block, over its lettered sub-goals
    bullet_item: Ambition | None = None  # an unnumbered item, over its lettered sub-items
    item_open = False  # a title-like item whose explanation follows as paragraphs
    previous: Section | None = None
    table_rows: dict[tuple[str, ...], int] = {}

    goal_themes = _themes_with_goal_blocks(sections, structure)
    actions_lists = _lists_of_actions(sections, structure)
    with_blocks = _headings_with_blocks(sections, structure) | {p for p, labelled in actions_lists.items() if labelled}
    listed_at: tuple[str, ...] | None = None  # the heading path of the list of actions read now
    listed = BlockRule(re.compile("$^"), "actions", "", LIST_OF_ACTIONS,  # numbered as the plan's actions blocks
                       next((b.numbering for b in structure.blocks if b.kind == "actions"), ("1", "a", "i", "•")))
    theme_goal: tuple[tuple[str, ...], Ambition] | None = None  # the goal stated under a theme heading
    theme_lead: str | None = None  # "Speerpunt 1 Huiselijk geweld" as a line of its own
    block_lead: tuple[tuple[str, ...], str] | None = None  # "Doelstelling" as a line: (where, text)

    for idx, s in enumerate(sections):
        before, previous = previous, s
        if s.kind == "heading":
            block_lead = None
            numbered_goal = bullet_item = None
            if not structure.block_for(s.text):
                theme_lead = None
        elif _lead_line(s) and (structure.theme_number(s.text) or structure.block_for(s.text)):
            if structure.theme_number(s.text):
                theme_lead, block_lead = s.text.strip(), None
            else:
                block_lead = (tuple(s.heading_path), s.text.strip())
            pillar, pillar_no, item, item_no, last_letter, goal = None, 0, None, None, "", None
            numbered_goal = bullet_item = None
            continue
        path = s.heading_path
        if block_lead is not None and tuple(path) == block_lead[0]:
            path = [*path, block_lead[1]]
        rules = [structure.block_for(h) for h in path]
        if s.kind == "bullet" and tuple(path) in actions_lists:  # its heading opens its list of actions
            if listed_at != tuple(path):  # a new list: nothing of the block before goes on in it
                listed_at = tuple(path)
                pillar, pillar_no, item, item_no, last_letter, goal = None, 0, None, None, "", None
                numbered_goal = bullet_item = None
            path, rules = [*path, path[-1]], [*rules, listed]
        q_index = next((i for i in range(len(path) - 1, -1, -1) if rules[i] is not None), None)

        # ---- goal tables: a row of doel | indicator | streefwaarde, wherever it stands
        if s.kind == "table_row" and (text := _table_goal(s, structure)):
            above = path[:q_index] if q_index is not None else path
            theme, short = themes.of(s, above, theme_lead)
            n = table_rows[tuple(path)] = table_rows.get(tuple(path), 0) + 1
            add(f"{short}-tabel-{n}", "doel", s, theme, f"{profile}doeltabel onder '{path[-1] if path else doc.title}'",
                text=text)
            continue
        # ---- actions tables: a row of nr | actie | trekker | gereed, wherever it stands
        if s.kind == "table_row" and (action := _table_action(s, structure)):
            above = [h for h in (path[:q_index] if q_index is not None else path) if structure.block_for(h) is None]
            theme, short = themes.of(s, above, theme_lead)
            text, number = action
            if number is None:  # the table numbers none: its place among the actions under this heading
                n = table_rows[("actie", *path)] = table_rows.get(("actie", *path), 0) + 1
                number = f"actie-{n}"
            add(f"{short}-{number}", "item", s, theme, f"{profile}actietabel onder '{path[-1] if path else doc.title}'",
                text=text)
            continue

        if s.kind == "heading" and structure.block_for(s.text):
            pillar, pillar_no, item, item_no, last_letter, goal = None, 0, None, None, "", None
            numbered_goal = bullet_item = None
            continue
        if q_index is None:
            # a goal stated in a paragraph directly under "Prioriteit 1: …" (or a "Speerpunt 1 …"
            # lead line), when that theme has no goal block of its own: <theme>-doel
            direct = bool(path) and structure.theme_number(path[-1]) is not None
            # "Doel: In 2025 ..." is the goal of a theme heading of any shape ("3.1 Ondermijning"),
            # one that opens a block of goals or actions ("Wat gaan we doen?") below it; not of
            # an introduction or an appendix
            labelled = (tuple(path) in with_blocks and s.kind == "paragraph"
                        and _labelled_goal(s.text, structure))
            if (s.kind == "paragraph" and (direct or labelled or (theme_lead is not None and block_lead is None))
                    and not _is_lead_in(s.text) and structure.states_goal(s.text)
                    and (anchor := _anchor(list(path), theme_lead, structure)
                         or (("label", *path) if labelled else None)) is not None
                    and (anchor not in goal_themes or _labelled_goal(s.text, structure))):
                theme, short = themes.of(s, list(path), theme_lead)
                if theme_goal is not None and theme_goal[0] == anchor and not labelled:
                    append(theme_goal[1], s)
                else:
                    where = theme_lead if not (direct or labelled) else path[-1]
                    theme_goal = (anchor, add(f"{short}-doel", "doel", s, theme, f"{profile}doel onder '{where}'"))
            continue
        block: BlockRule = rules[q_index]
        question = path[q_index]
        origin = f"{profile if not block.name.startswith('profiel') else ''}{block.name}" \
            f"{' onder' if block is listed else ''} '{question}'"
        label = s.label or "•"
        counts = s.kind != "bullet" or _style(label) in block.numbering
        # the theme: the nearest heading above the block that opens no block itself (a lead line
        # "Aanpak" may sit under the heading "Beoogd resultaat" of the block before it)
        theme, short = themes.of(s, [h for h in path[:q_index] if structure.block_for(h) is None], theme_lead)

        # ---- an assignment of the whole plan ("Ontwikkelopdracht"): its numbered items
        if block.kind == "opdracht":
            if s.kind == "bullet" and _numbered(label) and counts:
                cue = cue_themes(s.text, taxonomy)
                add(f"{block.word}-{label}", "opdracht", s, cue[0] if cue else None, origin)
            continue

        # ---- a goal block: its paragraphs one goal, its numbered or lettered items one each
        if block.kind == "doel":
            if s.kind == "bullet" and counts:
                if _numbered(label):
                    mark = label
                    numbered_goal = add(f"{short}-{block.word}-{mark}", "doel", s, theme, origin)
                    continue
                if _style(label) in ("a", "i"):
                    mark = label.lower()
                else:
                    last_letter = chr(ord(last_letter or "`") + 1)
                    mark = last_letter
                if numbered_goal is not None and _style(label) == "a":  # "a." under goal "1.": goal 1a
                    add(f"{numbered_goal.id}{mark}", "doel", s, theme, f"{origin}: subdoel", parent=numbered_goal.id)
                else:
                    add(f"{short}-{block.word}-{mark}", "doel", s, theme, origin)
            elif s.kind == "paragraph" and not _is_lead_in(s.text):
                numbered_goal = None
                if goal is None or goal.theme != theme:
                    goal = add(f"{short}-{block.word}", "doel", s, theme, origin)
                else:
                    append(goal, s)
            continue

        # ---- an actions block: pillars and items
        if s.kind == "heading" and structure.theme_number(s.text):
            continue  # "Speerpunt 1 …" under "Speerpunten": a theme of its own, not a pillar
        if s.kind == "heading" and len(path) == q_index + 1 and (m := _NUMBERED_TITLE.match(s.text.strip())):
            # "**1. Het op sterkte krijgen ...**" printed as a heading: item 1 of the block, its
            # explanation in the paragraphs below it (the plan's own numbering gives the key)
            item_no, last_letter, bullet_item = m.group(1), "", None
            item = add(f"{short if pillar is None else f'{short}-p{pillar_no}'}-{item_no}", "item", s, theme,
                       f"{origin}: item", parent=pillar.id if pillar else None, text=m.group(2))
            item_open = True
            continue
        if (s.kind == "heading" and len(path) == q_index + 1) or _pillar_line(s, sections, idx):
            pillar_no += 1
            pillar = add(f"{short}-p{pillar_no}", "pijler", s, theme, f"{origin}: pijler")
            item, item_no, last_letter, bullet_item = None, None, "", None
            continue
        prefix = f"{short}-p{pillar_no}" if pillar is not None else short
        if s.kind == "bullet":
            if not counts:
                continue
            if _numbered(label):
                item_no, last_letter = label, ""
                item = add(f"{prefix}-{label}", "item", s, theme, f"{origin}: item",
                           parent=pillar.id if pillar else None)
                follows_item = before is not None and before.kind == "bullet" and _numbered(before.label or "")
                item_open = not s.text.rstrip().endswith(".") and not follows_item
                continue
            item_open = False
            if item is not None:
                letter = label if label.isalpha() and len(label) == 1 else chr(ord(last_letter or "`") + 1)
                last_letter = letter
                add(f"{prefix}-{item_no}{letter}", "item", s, theme, f"{origin}: subitem", parent=item.id)
            elif bullet_item is not None and _style(label) == "a":
                # "a." under an unnumbered item (keyed by its place, "-b"): its sub-item "-b-a"
                add(f"{bullet_item.id}-{label.lower()}", "item", s, theme, f"{origin}: subitem", parent=bullet_item.id)
            else:
                last_letter = chr(ord(last_letter or "`") + 1) if not (label.isalpha() and len(label) == 1) else label
                amb = add(f"{prefix}-{last_letter}", "item", s, theme, f"{origin}: item",
                          parent=pillar.id if pillar else None)
                bullet_item = amb if label == "•" else None
        elif s.kind == "paragraph" and not _is_lead_in(s.text):
            bullet_item = None
            if item is not None and item_open:
                append(item, s)  # the explanation under a title-like item ("1. Het op sterkte krijgen ...")
            elif pillar is not None:
                append(pillar, s)
            elif item is None and last_letter and _we_do(s.text):
                # a paragraph after the block's list that says what we will do ("Daarnaast starten
                # we in 2023 met ..."): an action as the items above it, next in their order
                last_letter = chr(ord(last_letter) + 1)
                add(f"{prefix}-{last_letter}", "item", s, theme, f"{origin}: alinea na de lijst")
    return [ambitions[a] for a in order]
