"""How long the whole trace takes for 5 plans × 20 reports (issue 16: under 10 s; an
unchanged re-trace under 0.5 s).

    python benchmarks/trace_speed.py [--plans 5] [--reports 20] [--runs 3]
    python benchmarks/trace_speed.py --folders documents benchmarks/other_units/*/

The second form traces real, distinct documents instead (the bundled ones and the 20 other
units': every plan against its own unit's report, no paragraph the same as another), where the
synthetic corpus's copies let the caches answer for most paragraphs.

The corpus is made from the bundled documents: the plan copied once per unit ("Eenheid 1"
… "Eenheid 5"), the 2020 report copied for each unit and year 2019–2022 (its years in the
text shifted, so no two reports have the same paragraphs). Each plan is traced against its
own unit's four reports (kb/trace/scope.py). Timed after the ingest, each run in a fresh
process on its own copy of the data folder; the median of the runs is reported:

    cold         a new Library on the folder: catalog, language data, every paragraph
                 analysed, every ambition ranked, its cells classified, the KPI scorecard
    read         then every candidate paragraph read as well (what each ambition's page or an
                 export asks: the build reads only the paragraphs its cells need)
    decision     after an auditor's decision: a new snapshot reuses the analysed paragraphs
    unchanged    the trace asked for again with nothing changed (the snapshot's own)
    new library  a second Library object on the same folder (a second worker process)
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.library import Library  # noqa: E402

PLAN = ROOT / "documents" / "rotterdam-strategische-themas-2019-2022.txt"
REPORT = ROOT / "documents" / "rotterdam-jaarverslag-2020.txt"
YEARS = (2019, 2020, 2021, 2022)


def shift_years(text: str, by: int) -> str:
    return re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m.group(1)) + by), text)


def make_corpus(folder: Path, plans: int, reports: int) -> None:
    plan_text, report_text = PLAN.read_text(encoding="utf-8"), REPORT.read_text(encoding="utf-8")
    for n in range(1, plans + 1):
        (folder / f"plan-eenheid-{n}.txt").write_text(plan_text, encoding="utf-8")
        (folder / f"plan-eenheid-{n}.meta.toml").write_text(
            f'title = "Strategische thema\'s veiligheid 2019-2022 eenheid {n}"\nkind = "plan"\n'
            f'unit = "Eenheid {n}"\nperiod = [2019, 2022]\n', encoding="utf-8")
    for i in range(reports):
        unit, year = i % plans + 1, YEARS[(i // plans) % len(YEARS)]
        name = f"jaarverslag-{year}-eenheid-{unit}"
        (folder / f"{name}.txt").write_text(shift_years(report_text, year - 2020), encoding="utf-8")
        (folder / f"{name}.meta.toml").write_text(
            f'title = "Jaarverslag {year} eenheid {unit}"\nkind = "jaarverslag"\nunit = "Eenheid {unit}"\n'
            f'year = {year}\n', encoding="utf-8")


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def measure(data: Path) -> dict[str, float]:
    """The timings on an ingested data folder, in this process (a fresh one: a cold
    trace loads the language data and spaCy once per process)."""
    library = Library(data)
    t_cold, trace = timed(lambda: library.snapshot().trace)
    # what the build leaves to the pages: every candidate paragraph of every ambition read (all
    # ambition pages opened, or an export); cold + this is the whole work of the old eager build
    t_read, _ = timed(lambda: [p.finding for r in trace.rows for p in r.progress])
    row = next(r for r in trace.rows if r.ranked)
    library.record_decision(row.ambition["id"], row.ranked[0].section_id, "bevestigd", author="benchmark")
    t_decision, _ = timed(lambda: library.snapshot().trace)
    t_same, _ = timed(lambda: library.snapshot().trace)
    t_second, _ = timed(lambda: Library(data).snapshot().trace)
    plans = {r.ambition["document_id"] for r in trace.rows}
    return {"cold": t_cold, "read": t_read, "decision": t_decision, "unchanged": t_same, "second": t_second,
            "plans": len(plans), "ambitions": len(trace.rows), "cells": sum(len(r.cells) for r in trace.rows)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=5)
    ap.add_argument("--reports", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3, help="fresh processes, each on its own copy of the data; "
                    "the median is reported (a shared machine's noise is a second either way)")
    ap.add_argument("--folders", type=Path, nargs="+", metavar="FOLDER",
                    help="trace these document folders instead of the synthetic corpus (e.g. documents "
                         "benchmarks/other_units/*): distinct plans and reports, no paragraph shared")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one run, in a child process
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    with tempfile.TemporaryDirectory(prefix="trace-speed-") as tmp:
        docs, data = Path(tmp) / "documents", Path(tmp) / "data"
        docs.mkdir()
        if args.folders:
            for folder in args.folders:  # each in its own subfolder: two units may use the same file name
                shutil.copytree(folder, docs / folder.name, ignore=shutil.ignore_patterns("gold*.toml", "not-extracted*.toml"))
        else:
            make_corpus(docs, args.plans, args.reports)
        t_ingest, result = timed(lambda: Library(data).ingest([docs]))
        if result.failures:
            raise SystemExit(f"ingest failed: {result.failures}")
        runs = []
        for n in range(max(1, args.runs)):
            copy = Path(tmp) / f"run-{n}"
            shutil.copytree(data, copy, symlinks=True)  # each run starts without the decisions of the one before
            done = subprocess.run([sys.executable, __file__, "--measure", str(copy)], capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"run {n + 1} failed:\n{done.stderr}")
            runs.append(json.loads(done.stdout.splitlines()[-1]))
        first = runs[0]
        corpus = f"{len(args.folders)} mappen" if args.folders else f"{args.reports} jaarverslagen"
        print(f"{first['plans']} plannen, {corpus}: {first['ambitions']} ambities, "
              f"{first['cells']} cellen (ingest {t_ingest:.1f} s); mediaan van {len(runs)} processen (laagste–hoogste)")

        def line(label: str, key: str, digits: int = 2) -> None:
            values = sorted(r[key] for r in runs)
            print(f"  {label:<54} {statistics.median(values):6.{digits}f} s  ({values[0]:.{digits}f}–{values[-1]:.{digits}f})")

        line("koud (nieuwe Library: catalogus, taal, alle alinea's)", "cold")
        line("daarna alle kandidaten gelezen (elke ambitiepagina)", "read")
        line("na een beslissing (nieuwe snapshot, alinea's hergebruikt)", "decision")
        line("ongewijzigd opnieuw", "unchanged", 3)
        line("tweede Library op dezelfde map (tweede worker)", "second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
