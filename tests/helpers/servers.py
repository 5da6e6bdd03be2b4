"""Real servers for the tests and the load test: gunicorn started from the repository (so
with gunicorn.conf.py) on 127.0.0.1, and what /proc says about who holds which socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers.paths import ROOT

BIN = Path(sys.executable).parent


LISTEN, ESTABLISHED = "0A", "01"  # socket states in /proc/net/tcp


def sockets_on(port: int, state: str) -> set[str]:
    """Inodes of the IPv4 sockets whose local port is `port`, in `state` (/proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        cols = line.split()
        if int(cols[1].split(":")[1], 16) == port and cols[3] == state:
            found.add(cols[9])
    return found


def held_by(pid: int, inodes: set[str]) -> set[str]:
    """Which of these socket inodes process `pid` holds open (/proc/PID/fd)."""
    held = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            held.add(target[8:-1])
    return held


def workers_of(arbiter: int) -> list[int]:
    """The pids of gunicorn's workers: the arbiter's children."""
    return sorted(int(c) for c in Path(f"/proc/{arbiter}/task/{arbiter}/children").read_text().split())


def connections_per_worker(arbiter: int, port: int) -> list[int]:
    established = sockets_on(port, ESTABLISHED)
    return [len(held_by(pid, established)) for pid in workers_of(arbiter)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn_gunicorn(data: Path, *flags: str, docs: Path | None = None, port: int | None = None, secret: str = "load",
                   output: int = subprocess.PIPE) -> tuple[subprocess.Popen, int]:
    """gunicorn started in the repository (so with gunicorn.conf.py) on 127.0.0.1, serving the
    data folder `data`, without waiting for it. Its output goes to a pipe (for a test to read)
    or, in a long run that nobody reads, to DEVNULL, where it cannot fill up."""
    port = port or free_port()
    env = {**os.environ, "KB_DATA_DIR": str(data), "KB_SECRET_KEY": secret}
    if docs is not None:
        env["KB_DOCUMENTS_DIR"] = str(docs)
    proc = subprocess.Popen([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", *flags, "web:create_app()"],
                            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
    return proc, port


def gunicorn(data: Path, *flags: str, **options) -> tuple[subprocess.Popen, int]:
    """spawn_gunicorn, returned once /api/health answers."""
    proc, port = spawn_gunicorn(data, *flags, **options)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1)
            return proc, port
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn did not start:\n" + (proc.stdout.read() if proc.stdout else "")) from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not answer")
