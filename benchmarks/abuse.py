"""Abusive inputs against the app as `make run` serves it (gunicorn with gunicorn.conf.py on
loopback, a copy of the bundled corpus), one after the other. For each: how long it took,
what the app answered, the peak memory of the worker that handled it (with the ingest
process it started, summed), and how `/api/health` answered meanwhile (polled every
0.2 s with a 10 s timeout; a timeout counts as 10 s).

    python benchmarks/abuse.py            # every input, at the sizes of the issue
    python benchmarks/abuse.py --quick    # smaller sizes, a minute or so

The inputs are the reproductions of issue 18: a search in a 30,000 × "politie" paragraph
(16 at once), a PDF drawing 2,000,000 glyphs, a PDF inflating to 300 MB of spaces, HTML
nested 100,000 deep, a 45 MB one-line text, a plan period of two million years, 200 wrong
passwords, and 40 clients that send one header line every 5 s (direct to gunicorn and,
when Debian's nginx is there, through deploy/nginx/).
"""

from __future__ import annotations

import argparse
import http.client
import html
import http.cookiejar
import json
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers.pdfgen import glyph_bomb_pdf, inflating_pdf  # noqa: E402
from helpers.servers import gunicorn, nginx, nginx_binary, stop, workers_of  # noqa: E402
from helpers.slowclients import SlowClients  # noqa: E402

from kb.library import Library  # noqa: E402

PASSWORD = "correct-paard-batterij"
HEALTH_TIMEOUT = 10.0


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (an ingest job's child)."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(tree_rss_kb(int(c)) for c in children)


class Watch:
    """Peak worker memory and /api/health latencies while one input runs."""

    def __init__(self, arbiter: int, port: int):
        self.arbiter, self.port = arbiter, port
        self.peak_kb = 0
        self.health: list[float] = []
        self._stop = threading.Event()

    def __enter__(self) -> Watch:
        self.started = time.perf_counter()
        self._threads = [threading.Thread(target=self._memory, daemon=True),
                         threading.Thread(target=self._health, daemon=True)]
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.started
        self._stop.set()
        for t in self._threads:
            t.join()

    def _memory(self) -> None:
        while not self._stop.is_set():
            try:
                workers = workers_of(self.arbiter)
            except OSError:
                workers = []
            for w in workers:
                self.peak_kb = max(self.peak_kb, tree_rss_kb(w))
            self._stop.wait(0.05)

    def _health(self) -> None:
        while not self._stop.is_set():
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HEALTH_TIMEOUT)
                conn.request("GET", "/api/health")
                conn.getresponse().read()
                conn.close()
                self.health.append(time.perf_counter() - t0)
            except OSError:
                self.health.append(HEALTH_TIMEOUT)
            self._stop.wait(0.2)

    def row(self, name: str, outcome: str) -> str:
        h = sorted(self.health) or [float("nan")]
        p50 = statistics.median(h)
        slow = sum(1 for x in h if x >= HEALTH_TIMEOUT)
        return (f"| {name} | {self.seconds:.1f} s | {self.peak_kb / 1024:.0f} MB | {p50 * 1000:.0f} ms | "
                f"{h[-1] * 1000:.0f} ms{f' ({slow} × time-out)' if slow else ''} | {outcome} |")


class Browser:
    """A logged-in session (cookies and the CSRF token of the last page read)."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    def get(self, path: str, timeout: float = 600) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=timeout) as r:
                body = r.read().decode("utf-8", "replace")
                status = r.status
        except urllib.error.HTTPError as exc:
            body, status = exc.read().decode("utf-8", "replace"), exc.code
        found = re.search(r'name="csrf_token" value="([^"]+)"', body)
        if found:
            self.token = found.group(1)
        return status, body

    def post(self, path: str, fields: dict, files: dict | None = None, timeout: float = 600) -> tuple[int, str, str]:
        boundary = uuid.uuid4().hex
        parts = []
        for k, v in {"csrf_token": self.token, **fields}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        for k, (name, data) in (files or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        req = urllib.request.Request(self.base + path, data=body,
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.geturl(), r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl(), exc.read().decode("utf-8", "replace")

    def login(self, name: str, password: str) -> int:
        self.get("/inloggen")
        return self.post("/inloggen", {"naam": name, "wachtwoord": password, "next": "/"})[0]


def upload_and_wait(browser: Browser, filename: str, data: bytes, fields: dict | None = None) -> str:
    """Upload through beheer and follow the ingest job it starts to its end."""
    browser.get("/beheer")
    status, url, body = browser.post("/beheer/upload", {"titel": Path(filename).stem, **(fields or {})},
                                     {"bestand": (filename, data)})
    job = re.search(r"/beheer/taak/(\d+)", url)
    if not job:
        flash = re.search(r'class="flash error"[^>]*>\s*([^<]+)', body)
        return f"{status}: {html.unescape(flash.group(1).strip()) if flash else 'geen taak gestart'}"[:160]
    while True:
        status, text = browser.get(f"/beheer/taak/{job.group(1)}.json")
        state = json.loads(text)["job"]
        if not state.get("running"):
            mine = [o for o in state.get("outcomes", []) if o["file"].startswith(Path(filename).stem)]
            why = (mine[0]["error"] or f"{mine[0]['sections']} secties") if mine else state.get("message", "")
            return f"taak {state['state']}: {why}"[:160]
        time.sleep(0.3)


def search_burst(port: int, doc_id: str, n: int = 16) -> str:
    times, statuses = [], []

    def one():
        t0 = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        conn.request("GET", f"/api/search?q=politie&document={doc_id}")
        statuses.append(conn.getresponse().status)
        times.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return f"{n} zoekvragen tegelijk: status {sorted(set(statuses))}, de traagste {max(times):.2f} s"


def wrong_passwords(port: int, n: int) -> str:
    browser = Browser(port)
    codes = [browser.login("beheer", f"fout-{i}-wachtwoord") for i in range(n)]
    right = Browser(port).login("beheer", PASSWORD)
    return (f"{codes.count(429)} van {n} geweigerd met 429 (de eerste na {codes.index(429) if 429 in codes else '-'}); "
            f"het goede wachtwoord daarna (de naam is dan geblokkeerd): {right}")


def slow_clients(port: int, clients: int, seconds: float) -> str:
    with SlowClients(port, clients, interval=5.0):
        time.sleep(seconds)
    return f"{clients} trage clients, {seconds:.0f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs (a minute or so)")
    args = parser.parse_args()
    q = args.quick
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docs = tmp / "documents"
        shutil.copytree(ROOT / "documents", docs)
        repeats = 3_000 if q else 30_000
        (docs / "politie-herhaald.txt").write_text("# Herhaald\n\n" + "politie " * repeats + "\n", encoding="utf-8")
        data = tmp / "data"
        lib = Library(data, documents_dir=docs)
        lib.ingest([docs])
        lib.users.add("beheer", PASSWORD, "beheerder")
        proc, port = gunicorn(data, docs=docs, output=None)
        rows = []

        def step(name: str, action) -> None:
            with Watch(proc.pid, port) as watch:
                try:
                    outcome = action()
                except Exception as exc:  # the benchmark reports, it does not stop
                    outcome = f"{type(exc).__name__}: {exc}"[:160]
            rows.append(watch.row(name, outcome))
            print(rows[-1], flush=True)

        try:
            browser = Browser(port)
            assert browser.login("beheer", PASSWORD) in (200, 302)
            print("| invoer | duur | piek-RSS worker (+ kind) | /api/health p50 | /api/health max | uitkomst |")
            print("|---|---|---|---|---|---|")
            step("idle (niets)", lambda: time.sleep(2) or "-")
            step(f"zoeken in {repeats:,} × 'politie' (16 tegelijk)".replace(",", "."),
                 lambda: search_burst(port, "politie-herhaald"))
            glyphs = 200_000 if q else 2_000_000
            step(f"PDF met {glyphs:,} glyphs".replace(",", "."),
                 lambda: upload_and_wait(browser, "glyphs.pdf", glyph_bomb_pdf(glyphs)))
            mb = 30 if q else 300
            step(f"PDF die opblaast tot {mb} MB spaties", lambda: upload_and_wait(browser, "opblazen.pdf", inflating_pdf(mb)))
            depth = 100_000
            step(f"HTML {depth:,} diep genest".replace(",", "."),
                 lambda: upload_and_wait(browser, "diep.html", ("<div>" * depth + "x" + "</div>" * depth).encode()))
            size = 4 if q else 45
            step(f"{size} MB tekst op één regel",
                 lambda: upload_and_wait(browser, "een-regel.txt", ("politie " * (size * 131_072)).encode()))
            step("planperiode 1-2000000", lambda: upload_and_wait(
                browser, "periode.txt", "# Plan\n\n## Doel\n\nMeer blauw op straat.\n".encode(),
                {"soort": "plan", "periode": "1-2000000"}))
            tries = 50 if q else 200
            step(f"{tries} foute wachtwoorden", lambda: wrong_passwords(port, tries))
            clients, seconds = 40, (8 if q else 15)
            step(f"{clients} trage clients direct op gunicorn", lambda: slow_clients(port, clients, seconds))
            binary = nginx_binary()
            if binary:
                front, front_port = nginx(tmp / "nginx", port, binary=binary)
                try:
                    watch_port = port
                    port = front_port  # health through nginx too
                    step(f"{clients} trage clients via nginx", lambda: slow_clients(front_port, clients, seconds))
                    port = watch_port
                finally:
                    stop(front)
        finally:
            stop(proc)


if __name__ == "__main__":
    main()
