"""Load test: the app under gunicorn (2 workers) on loopback, N concurrent clients mixing
searches with facets, reader pages, trace pages and API calls for a fixed time, with an
optional full re-ingest (`kb ingest --rebuild`) while the load runs.

    python benchmarks/loadtest.py [--clients 50] [--seconds 60] [--reingest] [--think 0]
                                  [--threads 8] [--only /api/health]

Prints requests/s, p50/p95/p99 latency for pages and for /api/search, and the errors.
Goals: 0 errors, p95 < 250 ms for pages, < 100 ms for /api/search. During the re-ingest
every answer to a fixed search must give the same total as before: a half-built index
would show as another number.

Bounded and local: it starts its own gunicorn on 127.0.0.1 (from the repository, so with
gunicorn.conf.py: a listening socket per worker, API calls ahead of pages) and stops after `--seconds` or 200,000
requests, whichever comes first. At the end it prints how the clients' connections were
spread over the workers.

The clients are threads with keep-alive connections (http.client) in this process, on
the same two cores as the server: their own time is part of the measured latency, and
the share of a core they used is printed. With no think time, 50 clients always have a
request waiting, so the mean latency is 50 / (requests/s) whatever the server does
(Little's law): the latency goals then ask for a throughput, which `--only /api/health`
puts beside what gunicorn and Flask manage with no work at all.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers.servers import BIN, connections_per_worker, gunicorn  # noqa: E402
QUERIES = ["inbraak", "ondermijning", "RIEC", "reactietijd prio 1", "cybercrime", "verwarde personen", "leerdossier",
           "ziekteverzuim", "aanpak drugs", "woninginbraken", "coronamaatregelen", "HackShield", "ondernijning"]
THEMES = ["ondermijning", "cybercrime", "burger-centraal", "inzetbaarheid"]
MAX_REQUESTS = 200_000  # 60 s at 3,000 req/s
PROBE = "/api/search?q=woninginbraken"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    probe_totals: list[int] = field(default_factory=list)
    budget: int = MAX_REQUESTS  # requests left: the run is bounded in count as well as in time
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        with self.lock:
            self.budget -= 1
            return self.budget >= 0

    def add(self, kind: str, ms: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def pick(ambitions: list[str], documents: list[str], pool: Sequence[str] = ()) -> tuple[str, str]:
    """(kind, path): the mix of what a unit's officers and auditors do; half the searches
    from `pool` when there is one (query_pool)."""
    q = random.choice(pool) if pool and random.random() < 0.5 else random.choice(QUERIES)
    r = random.random()
    if r < 0.30:
        extra = f"&thema={random.choice(THEMES)}" if random.random() < 0.5 else ""
        return "page", f"/zoeken?q={quote(q)}{extra}"
    if r < 0.45:
        return "page", f"/documenten/{random.choice(documents)}?q={quote(q)}"
    if r < 0.55:
        return "page", random.choice(["/ambities", "/ambities?gaten=1", "/kpi", "/overzicht"])
    if r < 0.65:
        return "page", f"/ambities/{random.choice(ambitions)}"
    if r < 0.90:
        return "api_search", f"/api/search?q={quote(q)}" + (f"&thema={random.choice(THEMES)}" if random.random() < 0.3 else "")
    return "api", random.choice([f"/api/ambitions/{random.choice(ambitions)}", "/api/kpis", "/api/suggest?q=onder"])


def query_pool(base: str, documents: list[str], seed: int = 6) -> list[str]:
    """About 220 searches nobody wrote down: 150 words of six letters or more, 50 pairs of
    neighbouring words and 20 words with two letters swapped, from the corpus's own
    sections. With only the 13 fixed searches every cache of the server would be warm
    after a second; these keep the spelling check, the term table and the snippets busy."""
    rnd = random.Random(seed)
    texts = [s["text"] for d in documents
             for s in json.load(urllib.request.urlopen(f"{base}/documenten/{quote(d)}.json"))["sections"]]
    words = sorted({w.lower() for t in texts for w in re.findall(r"[^\W\d_]{6,}", t)})
    pool = rnd.sample(words, min(150, len(words)))
    for t in rnd.sample(texts, min(50, len(texts))):
        found = re.findall(r"[^\W\d_]{4,}", t)
        if len(found) >= 2:
            i = rnd.randrange(len(found) - 1)
            pool.append(f"{found[i]} {found[i + 1]}".lower())
    for w in rnd.sample(words, min(20, len(words))):
        i = rnd.randrange(1, len(w) - 2)
        pool.append(w[:i] + w[i + 1] + w[i] + w[i + 2:])
    return pool


def client(host: str, port: int, until: float, stats: Stats, ambitions, documents, expected: int | None,
           think: float = 0.0, only: str | None = None, pool: Sequence[str] = ()) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    rnd = random.Random()
    while time.perf_counter() < until and stats.take():
        if think:
            time.sleep(min(rnd.expovariate(1 / think), max(0.0, until - time.perf_counter())))
            if time.perf_counter() >= until:
                break
        if only:
            kind, path = "api", only
        elif expected is not None and random.random() < 0.1:
            kind, path = "probe", PROBE
        else:
            kind, path = pick(ambitions, documents, pool)
        t0 = time.perf_counter()
        try:
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # the server closed this idle keep-alive connection (gunicorn's keep-alive is
                # 2 s); like a browser, send the GET again on a new connection
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                t0 = time.perf_counter()
                conn.request("GET", path)
                resp = conn.getresponse()
            body = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            stats.error(f"{path}: {type(exc).__name__}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            continue
        ms = (time.perf_counter() - t0) * 1000
        if resp.status != 200:
            stats.error(f"{path}: HTTP {resp.status}")
            continue
        if kind == "probe":
            total = json.loads(body)["total"]
            with stats.lock:
                stats.probe_totals.append(total)
            if total != expected:
                stats.error(f"{path}: total {total}, expected {expected} (half-built index?)")
            kind = "api_search"
        stats.add(kind, ms)
    conn.close()


def loop_ms() -> float:
    """How long a fixed loop of plain Python takes here now, in ms: this VM's speed changes
    two- to threefold within minutes, and every figure of a run scales with it."""
    t0 = time.perf_counter()
    x = 0
    for i in range(3_000_000):
        x += i % 7
    return (time.perf_counter() - t0) * 1000


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def run(clients: int, seconds: float, reingest: bool, workdir: Path, think: float = 0.0, threads: int = 8,
        only: str | None = None, worker: str | None = None) -> dict:
    docs = workdir / "documents"
    if not docs.exists():
        shutil.copytree(ROOT / "documents", docs)
    data = workdir / "data"
    first = subprocess.run([str(BIN / "kb"), "ingest", "-q", str(docs), "--data-dir", str(data)], capture_output=True,
                           text=True)
    if first.returncode != 0:
        raise RuntimeError(f"kb ingest failed:\n{first.stdout}{first.stderr}")
    flags = ["--workers", "2", "--threads", str(threads)] + (["--worker-class", worker] if worker else [])
    proc, port = gunicorn(data, *flags, docs=docs, output=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        ambitions = [a["id"] for g in json.load(urllib.request.urlopen(base + "/api/ambitions"))["groups"]
                     for a in g["ambitions"]]
        documents = [d["id"] for d in json.load(urllib.request.urlopen(base + "/documenten.json"))["documents"]]
        expected = json.load(urllib.request.urlopen(base + PROBE))["total"]
        pool = query_pool(base, documents)
        for path in ("/ambities", "/kpi", "/zoeken?q=inbraak"):  # warm both workers' caches a little
            for _ in range(4):
                urllib.request.urlopen(base + path).read()
        stats = Stats()
        until = time.perf_counter() + seconds
        threads = [threading.Thread(target=client, args=("127.0.0.1", port, until, stats, ambitions, documents,
                                                          expected, think, only, pool), daemon=True)
                   for _ in range(clients)]
        speed_before = loop_ms()
        t0 = time.perf_counter()
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        for t in threads:
            t.start()
        ingest_result = None
        spread_at = min(2.0, seconds / 4)
        time.sleep(spread_at)
        spread = connections_per_worker(proc.pid, port)
        if reingest:
            time.sleep(seconds / 4 - spread_at)
            r = subprocess.run([str(BIN / "kb"), "ingest", "--rebuild", "-q", str(docs), "--data-dir", str(data)],
                               capture_output=True, text=True)
            ingest_result = (r.returncode, time.perf_counter() - t0)
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = (cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime) / elapsed
        speed_after = loop_ms()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    pages = stats.latencies.get("page", [])
    search = stats.latencies.get("api_search", [])
    everything = [x for v in stats.latencies.values() for x in v]
    return {
        "clients": clients, "think": think, "seconds": round(elapsed, 1), "requests": len(everything) + len(stats.errors),
        "rps": len(everything) / elapsed, "errors": stats.errors,
        "pages": (len(pages), pct(pages, 50), pct(pages, 95), pct(pages, 99)),
        "api_search": (len(search), pct(search, 50), pct(search, 95), pct(search, 99)),
        "all": (len(everything), pct(everything, 50), pct(everything, 95), pct(everything, 99)),
        "probe_totals": sorted(set(stats.probe_totals)), "expected_total": expected, "reingest": ingest_result,
        "client_cpu": client_cpu, "loop_ms": (speed_before, speed_after), "spread": (spread_at, spread),
    }


def report(r: dict) -> None:
    print(f"{r['clients']} clients (denktijd {r['think']} s), {r['seconds']} s, {r['requests']} requests, {r['rps']:.1f} req/s, "
          f"{len(r['errors'])} errors; the clients used {r['client_cpu']:.0%} of a core")
    print(f"{'':12} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8}")
    for key, label in (("pages", "pagina's"), ("api_search", "/api/search"), ("all", "alles")):
        n, p50, p95, p99 = r[key]
        if not n:
            continue
        print(f"{label:12} {n:>6} {p50:>6.1f}ms {p95:>6.1f}ms {p99:>6.1f}ms")
    if r["reingest"]:
        code, at = r["reingest"]
        print(f"re-ingest (kb ingest --rebuild) during the load: exit {code}, done at {at:.1f} s; "
              f"totals of the probe search: {r['probe_totals']} (before: {r['expected_total']})")
    print(f"connections per worker after {r['spread'][0]:.0f} s: {r['spread'][1]}")
    print(f"machine speed: a fixed Python loop took {r['loop_ms'][0]:.0f} ms before and {r['loop_ms'][1]:.0f} ms after "
          "the run (lower is faster; compare runs only at like speeds)")
    for e in r["errors"][:10]:
        print("  error:", e)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--reingest", action="store_true")
    ap.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker (2 workers)")
    ap.add_argument("--only", metavar="PATH", help="every request to this one address (e.g. /api/health: the "
                    "floor of gunicorn, Flask and these clients on this machine)")
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean think time per client between requests (s, exponential); 0 = back to back")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object (for tests)")
    ap.add_argument("--worker", help="gunicorn worker class instead of gunicorn.conf.py's (e.g. gthread, to compare)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = run(args.clients, args.seconds, args.reingest, Path(tmp), args.think, args.threads, args.only, args.worker)
    if args.json:
        print(json.dumps(r))
    else:
        report(r)


if __name__ == "__main__":
    main()
