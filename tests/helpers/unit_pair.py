"""A made-up unit's plan and one report of it, both Markdown, ingested for real: the smallest
library a trace test needs (tests/test_own_norm.py, tests/test_told_done.py)."""

from __future__ import annotations

from pathlib import Path

from kb.library import Library


def unit_library(root: Path, name: str, unit: str, plan: str, period: tuple[int, int], report: str,
                 year: int) -> Library:
    """`<name>-plan` (its period) and `<name>-<year>` (a jaarverslag) of `unit`, ingested into
    `root`/data."""
    docs = root / "documents"
    docs.mkdir(parents=True)
    (docs / f"{name}-plan.md").write_text(plan, encoding="utf-8")
    (docs / f"{name}-plan.meta.toml").write_text(
        f'title = "Plan {unit} (TESTDATA)"\nkind = "plan"\nunit = "{unit}"\nperiod = [{period[0]}, {period[1]}]\n',
        encoding="utf-8")
    (docs / f"{name}-{year}.md").write_text(report, encoding="utf-8")
    (docs / f"{name}-{year}.meta.toml").write_text(
        f'title = "Jaarverslag {year} {unit} (TESTDATA)"\nkind = "jaarverslag"\nunit = "{unit}"\nyear = {year}\n',
        encoding="utf-8")
    lib = Library(root / "data", documents_dir=docs)
    assert not lib.ingest().failures
    return lib
