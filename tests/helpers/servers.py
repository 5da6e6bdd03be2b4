"""Real servers for the tests and the load test: gunicorn started from the repository (so
with gunicorn.conf.py) on 127.0.0.1, and what /proc says about who holds which socket."""

from __future__ import annotations

import os
import re
import shutil
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


# nginx in front of gunicorn, with the site file of deploy/nginx/ (tests/test_proxy.py and
# benchmarks/slow_clients.py). Debian's package puts the binary in /usr/sbin, which is not
# on every user's PATH.

NGINX_SITE = ROOT / "deploy" / "nginx" / "beleidsbank.conf"


def nginx_binary(install: bool = False) -> str | None:
    """nginx's path; with `install`, as root, Debian's package is installed first when it
    is missing (`make test` does that already: the Makefile's nginx target)."""
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                            if os.access(p, os.X_OK)), None)
    if found or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "install", "-y", "-q", "nginx"], ["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "nginx"]):
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        if cmd[1] == "install" and os.access("/usr/sbin/nginx", os.X_OK):
            return "/usr/sbin/nginx"
    return None


def render_nginx_site(port: int, upstream_port: int) -> str:
    """deploy/nginx/beleidsbank.conf as it is, but listening on 127.0.0.1:`port`, proxying to
    gunicorn on `upstream_port` and serving /static/ from this checkout."""
    site = NGINX_SITE.read_text(encoding="utf-8")
    listens = re.findall(r"^\s*listen [^\n]*;\n", site, re.M)
    assert listens, "no listen line in the site file"
    site = site.replace(listens[0], f"    listen 127.0.0.1:{port};\n", 1)
    for extra in listens[1:]:
        site = site.replace(extra, "", 1)
    for old, new in (("server 127.0.0.1:5000;", f"server 127.0.0.1:{upstream_port};"),
                     ("/srv/beleidsbank/", f"{ROOT}/")):
        assert site.count(old) == 1, f"{old!r} should occur once in {NGINX_SITE}"
        site = site.replace(old, new)
    return site


def nginx(folder: Path, upstream_port: int, port: int | None = None, binary: str | None = None,
          workers: int = 1) -> tuple[subprocess.Popen, int]:
    """nginx in the foreground with the deploy site file (render_nginx_site) inside a minimal
    main configuration like Debian's, everything it writes (pid, logs, temporary files) in
    `folder`; returned once it accepts connections. As root its workers run as root too (the
    test's folders are private to it); otherwise as the current user."""
    binary = binary or nginx_binary()
    if binary is None:
        raise RuntimeError("nginx not found")
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    site = render_nginx_site(port, upstream_port).replace("/var/log/nginx/access.log", str(folder / "access.log"))
    (folder / "beleidsbank.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = folder / "nginx.conf"
    conf.write_text(f"""{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes {workers};
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{
    worker_connections 1024;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
{temp}
    include {folder / "beleidsbank.conf"};
}}
""", encoding="utf-8")
    proc = subprocess.Popen([binary, "-p", f"{folder}/", "-e", str(folder / "error.log"), "-c", str(conf)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for _ in range(100):
        if proc.poll() is not None:
            log = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
            raise RuntimeError(f"nginx did not start:\n{proc.stdout.read()}{log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("nginx did not listen")


def stop(proc: subprocess.Popen) -> None:
    """Terminate a server started here and wait for it (killed after 10 s)."""
    proc.terminate()
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
