"""Slow clients (issue 18): /api/health latency next to N connections that each send one
header line every few seconds and never finish their request, straight to gunicorn and
through nginx with deploy/nginx/beleidsbank.conf.

    python benchmarks/slow_clients.py [--clients 40] [--interval 5] [--seconds 15]

Prints p50/p95/max of /api/health (a new connection per request, one every 0.25 s, each
allowed `--timeout` seconds) and how many timed out, first without slow clients, then with
them, direct and through nginx. Straight to gunicorn, 40 slow clients take all 16 threads
(2 workers x 8) and health checks time out; nginx holds them itself and closes a request
whose header has taken 10 s (client_header_timeout), so a run through nginx longer than
that also shows them gone.

Bounded and local: it starts its own gunicorn (from the repository, with gunicorn.conf.py,
on an empty data folder) and nginx on 127.0.0.1, and stops them at the end.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from helpers.servers import gunicorn, nginx, nginx_binary, stop  # noqa: E402
from helpers.slowclients import SlowClients, sample_health, summary  # noqa: E402


def run(label: str, target: int, args, slow_port: int | None) -> None:
    if slow_port is None:
        print(f"{label:<34} {summary(sample_health(target, 2, timeout=args.timeout))}", flush=True)
        return
    with SlowClients(slow_port, args.clients, args.interval) as slow:
        time.sleep(0.5)
        sample = sample_health(target, args.seconds, timeout=args.timeout)
        still = slow.open()
    print(f"{label:<34} {summary(sample)}; slow clients still open at the end: {still}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=40, help="slow connections (40)")
    ap.add_argument("--interval", type=float, default=5.0, help="seconds between their header lines (5)")
    ap.add_argument("--seconds", type=float, default=15.0, help="how long health is measured per run (15)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds one health check may take (10)")
    args = ap.parse_args()
    binary = nginx_binary(install=True)
    if binary is None:
        sys.exit("nginx ontbreekt: apt-get install nginx (of `make nginx`)")
    with tempfile.TemporaryDirectory() as tmp:
        app, app_port = gunicorn(Path(tmp) / "data", secret="slow-clients", output=subprocess.DEVNULL)
        try:
            proxy, proxy_port = nginx(Path(tmp) / "nginx", app_port, binary=binary, workers=2)
            try:
                print(f"{args.clients} slow clients, a header line every {args.interval:g} s; "
                      f"/api/health every 0.25 s for {args.seconds:g} s, timeout {args.timeout:g} s")
                run("direct, no slow clients", app_port, args, None)
                run("nginx, no slow clients", proxy_port, args, None)
                run("nginx, slow clients on nginx", proxy_port, args, proxy_port)
                run("direct, slow clients on gunicorn", app_port, args, app_port)
            finally:
                stop(proxy)
        finally:
            stop(app)


if __name__ == "__main__":
    main()
