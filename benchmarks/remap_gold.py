"""Carry a gold set's section ids over a parser change, without reading the set.

A gold set cites section ids, and an id follows the heading path: when the parser reads a
heading it read as a paragraph before, the ids under it change, and the set would count
right links as misses. This maps each cited id to the section(s) that now hold its text,
mechanically, so that a held-out set can be carried over unread:

    kb --data-dir OLD export sections > old.jsonl     (before the change)
    kb --data-dir NEW export sections > new.jsonl     (after it)
    python benchmarks/remap_gold.py GOLD.toml old.jsonl new.jsonl [old-amb.json new-amb.json]

With the plan's ambitions before and after (`kb ambitions --json`), the ambitions' keys are
carried over too: a key follows the headings above its ambition, and maps to the key of the
new ambition with the same text.

An old section maps to the new one with the same text in the same document; else (a
paragraph the new parser splits, a table read as rows) to the new sections whose words all
stand in it; else (a paragraph joined to its other half, a running header left out of it) to
the new section that holds most of its words (JOINED). Of those, the evidence ids keep the ones that share most words with the
evidence sentences; the rest become related. The file is rewritten in place (ids only);
what the script prints is counts, never rows.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

_WORD = re.compile(r"\w+")
# an old section whose text is in no new one, nor made of new ones, maps to the new section that
# holds this share of its words: two halves of a paragraph joined, a running header left out
JOINED = 0.7


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _load(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as f:
        return {s["id"]: s for s in map(json.loads, f) if s.get("kind") != "heading"}


def mapping(old: dict[str, dict], new: dict[str, dict]) -> dict[str, list[str]]:
    """Old id -> new ids holding its text."""
    by_text = {(s["document_id"], s["text"]): sid for sid, s in new.items()}
    out: dict[str, list[str]] = {}
    for sid, s in old.items():
        if sid in new and new[sid]["text"] == s["text"]:
            out[sid] = [sid]
        elif (s["document_id"], s["text"]) in by_text:
            out[sid] = [by_text[(s["document_id"], s["text"])]]
        else:
            words = _words(s["text"])
            out[sid] = [nid for nid, n in new.items() if n["document_id"] == s["document_id"]
                        and len(_words(n["text"])) >= 3 and _words(n["text"]) <= words]
            if not out[sid] and words:  # joined: most of its words now in one section
                share, nid = max(((len(words & _words(n["text"])) / len(words), nid) for nid, n in new.items()
                                  if n["document_id"] == s["document_id"]), default=(0.0, None))
                out[sid] = [nid] if share >= JOINED else []
    return out


def remap(gold_text: str, ids: dict[str, list[str]], new: dict[str, dict]) -> tuple[str, dict[str, int]]:
    """The set's text with its ids carried over, each [[ambition]] by its own evidence."""
    gold = tomllib.loads(gold_text)
    counts = {"same": 0, "moved": 0, "split": 0, "lost": 0}
    chunks = gold_text.split("\n[[ambition]]\n")
    if len(chunks) != len(gold.get("ambition", [])) + 1:
        sys.exit("elke ambitie moet met een eigen regel [[ambition]] beginnen")
    for n, amb in enumerate(gold.get("ambition", []), 1):
        evidence = _words(" ".join(amb.get("evidence") or []))
        lines = chunks[n].split("\n")
        for i, line in enumerate(lines):
            field = line.split("=", 1)[0].strip()
            if field not in ("sections", "related"):
                continue
            for sid in amb.get(field) or []:
                target = ids.get(sid, [sid] if sid in new else [])
                if target == [sid]:
                    counts["same"] += 1
                    continue
                if not target:
                    counts["lost"] += 1
                    continue
                counts["moved" if len(target) == 1 else "split"] += 1
                if field == "sections" and len(target) > 1 and evidence:
                    best = max(len(_words(new[t]["text"]) & evidence) for t in target)
                    target = [t for t in target if len(_words(new[t]["text"]) & evidence) == best]
                lines[i] = lines[i].replace(f'"{sid}"', ", ".join(f'"{t}"' for t in target))
        chunks[n] = "\n".join(lines)
    return "\n[[ambition]]\n".join(chunks), counts


def _ambitions(path: Path) -> dict[str, str]:
    """key -> text of `kb ambitions --json`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {a["key"]: a["text"] for a in (data["ambitions"] if isinstance(data, dict) else data)}


def rekey(gold_text: str, old: dict[str, str], new: dict[str, str]) -> tuple[str, dict[str, int]]:
    """The set's text with each `key = "..."` carried to the new key of the same text."""
    by_text = {text: key for key, text in new.items()}
    counts = {"keys same": 0, "keys moved": 0, "keys lost": 0}

    def carry(m: re.Match) -> str:
        key = m.group(1)
        target = key if new.get(key) == old.get(key) and key in new else by_text.get(old.get(key, ""))
        counts["keys same" if target == key else "keys moved" if target else "keys lost"] += 1
        return f'key = "{target or key}"'

    return re.sub(r'^key = "([^"]+)"', carry, gold_text, flags=re.MULTILINE), counts


def main() -> None:
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__)
    gold_path, old_path, new_path = map(Path, sys.argv[1:4])
    new = _load(new_path)
    text, counts = remap(gold_path.read_text(encoding="utf-8"), mapping(_load(old_path), new), new)
    if len(sys.argv) == 6:
        text, more = rekey(text, _ambitions(Path(sys.argv[4])), _ambitions(Path(sys.argv[5])))
        counts |= more
    tomllib.loads(text)  # still a valid set
    gold_path.write_text(text, encoding="utf-8")
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
