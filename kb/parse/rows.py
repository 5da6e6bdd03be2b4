"""A table row as one findable record, the same from every parser: its label, then each
figure with the name of its column, so "aangepakte criminele samenwerkingsverbanden |
2020: 1.529" is found and read without the table around it."""

from __future__ import annotations

from kb.text import fold


def row_text(cells: list[str], columns: list[str] | None) -> str:
    """"Ziekteverzuim | Norm: maximaal 6,8% | Realisatie 2021: 6,1%" from the cells and the
    column names; without names (or a cell that repeats its column's name), the cells as
    they are."""
    filled = [i for i, c in enumerate(cells) if c]
    if not filled:
        return ""
    if not columns:
        return " | ".join(cells[i] for i in filled)
    label_at = filled[0]
    parts = [cells[label_at]]
    for k in filled[1:]:
        name = columns[k] if k < len(columns) else ""
        parts.append(f"{name}: {cells[k]}" if name and fold(name) != fold(cells[k]) else cells[k])
    return " | ".join(parts)
