"""How long the whole trace takes for 5 plans × 20 reports (issue 16: under 10 s; an
unchanged re-trace under 0.5 s).

    python benchmarks/trace_speed.py [--plans 5] [--reports 20]

The corpus is made from the bundled documents: the plan copied once per unit ("Eenheid 1"
… "Eenheid 5"), the 2020 report copied for each unit and year 2019–2022 (its years in the
text shifted, so no two reports have the same paragraphs). Each plan is traced against its
own unit's four reports (kb/trace/scope.py). Timed in-process, after the ingest:

    cold         a new Library on the folder: catalog, language data, every paragraph
                 analysed, every ambition ranked and classified, the KPI scorecard
    decision     after an auditor's decision: a new snapshot reuses the analysed paragraphs
    unchanged    the trace asked for again with nothing changed (the snapshot's own)
    new library  a second Library object on the same folder (a second worker process)
"""

from __future__ import annotations

import argparse
import re
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=5)
    ap.add_argument("--reports", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="trace-speed-") as tmp:
        docs, data = Path(tmp) / "documents", Path(tmp) / "data"
        docs.mkdir()
        make_corpus(docs, args.plans, args.reports)
        t_ingest, result = timed(lambda: Library(data).ingest([docs]))
        if result.failures:
            raise SystemExit(f"ingest failed: {result.failures}")

        library = Library(data)
        t_cold, trace = timed(lambda: library.snapshot().trace)
        plans = {r.ambition["document_id"] for r in trace.rows}
        cells = sum(len(r.cells) for r in trace.rows)
        print(f"{len(plans)} plannen × {args.reports} jaarverslagen: {len(trace.rows)} ambities, {cells} cellen "
              f"(ingest {t_ingest:.1f} s)")
        print(f"  koud (nieuwe Library: catalogus, taal, alle alinea's)  {t_cold:6.2f} s")

        row = next(r for r in trace.rows if r.ranked)
        library.record_decision(row.ambition["id"], row.ranked[0].section_id, "bevestigd", author="benchmark")
        t_decision, _ = timed(lambda: library.snapshot().trace)
        print(f"  na een beslissing (nieuwe snapshot, alinea's hergebruikt) {t_decision:6.2f} s")

        t_same, _ = timed(lambda: library.snapshot().trace)
        print(f"  ongewijzigd opnieuw                                  {t_same:6.3f} s")

        t_second, _ = timed(lambda: Library(data).snapshot().trace)
        print(f"  tweede Library op dezelfde map (tweede worker)       {t_second:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
