"""Snippet and highlight time on hostile sections: one paragraph of "politie" repeated,
30 thousand times (240 kB), 300 thousand (2.4 MB) and to 45 MB (one line, as a probe sent),
with the analysis a search uses (kb.lang.lexicon) and a marker for the query "politie".

    python benchmarks/snippet_speed.py [repeats...]      (default: 30000 300000 5625000)

Per size: the snippet of a search hit (Marker.snippet, tokens worked out afresh, then again
from the tokenizer's memo), the reader's marking of the whole section (Marker.mark) and a
plain snippet (what a hit gets once a search's time budget is spent). For comparison the
window search as it was before issue 18 (nested loops over the spans, quadratic) is timed
on the same spans where that takes under a minute; beyond, its time is estimated from the
smallest size. An ingest no longer makes such sections (kb.enrich.sections splits at
MAX_SECTION_CHARS); this measures the search side against a catalog from before that.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.index.query import build_query, parse_query  # noqa: E402
from kb.index.snippets import Marker, Tokenizer, plain_snippet  # noqa: E402
from kb.lang.lexicon import Lexicon  # noqa: E402

OLD_LIMIT_S = 60


def old_window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """kb.index.snippets._window before issue 18: for every span, count the spans after it."""
    if len(text) <= width:
        return 0, len(text)
    best_start, best_count = 0, -1
    for i, (s, _) in enumerate(spans):
        count = sum(1 for s2, e2 in spans[i:] if e2 <= s + width)
        if count > best_count:
            best_start, best_count = s, count
    return best_start, best_start + width


def timed(fn, *args) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t, out


def main(sizes: list[int]) -> None:
    lexicon = Lexicon.build()
    highlight = build_query(parse_query("politie"), lexicon).highlight
    print(f"{'herhalingen':>12} {'tekens':>11} {'snippet':>9} {'(memo)':>8} {'mark':>8} {'plain':>8}  oude vensterzoektocht")
    per_span2 = None
    for n in sizes:
        text = " ".join(["politie"] * n)
        marker = Marker(Tokenizer(lexicon.analysis), highlight)
        cold, snippet = timed(marker.snippet, text)
        warm, _ = timed(marker.snippet, text)
        mark, html = timed(marker.mark, text)
        plain, _ = timed(plain_snippet, text)
        assert "<mark>" in snippet and html is not None
        spans = marker.spans(text)  # the spans as the old code saw them: every one in the text
        all_spans = [(i * 8, i * 8 + 7) for i in range(n)]
        if per_span2 is None or per_span2 * len(all_spans) ** 2 < OLD_LIMIT_S:
            old, _ = timed(old_window, text, all_spans, 260)
            per_span2 = per_span2 or old / len(all_spans) ** 2
            old_text = f"{old:.2f} s"
        else:
            old_text = f"~{per_span2 * len(all_spans) ** 2:,.0f} s (geschat)"
        print(f"{n:>12,} {len(text):>11,} {cold * 1000:>7.1f}ms {warm * 1000:>6.1f}ms {mark * 1000:>6.0f}ms "
              f"{plain * 1000:>6.2f}ms  {old_text}   ({len(spans):,} van {n:,} treffers gemarkeerd)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [30_000, 300_000, 5_625_000])
