"""gunicorn as gunicorn.conf.py sets it up: two workers, each on a listening socket of its
own so that the kernel spreads the connections, and a refusal to start on a port that is
already taken (SO_REUSEPORT would otherwise let a second server share it silently).

Who holds which socket is read from /proc: /proc/net/tcp gives the sockets on our port with
their inodes, /proc/PID/fd which process holds them."""

from __future__ import annotations

import http.client
import time
import urllib.request

import pytest
from helpers.servers import (
    LISTEN,
    connections_per_worker,
    gunicorn,
    held_by,
    sockets_on,
    spawn_gunicorn,
    workers_of,
)

pytestmark = pytest.mark.slow


@pytest.fixture()
def server(tmp_path):
    proc, port = gunicorn(tmp_path / "data", secret="serving-test")
    for _ in range(50):  # both workers booted
        if len(workers_of(proc.pid)) == 2 and len(sockets_on(port, LISTEN)) == 2:
            break
        time.sleep(0.1)
    yield proc, port, tmp_path
    proc.terminate()
    proc.communicate(timeout=10)


def test_each_worker_listens_on_a_socket_of_its_own(server):
    proc, port, _ = server
    workers = workers_of(proc.pid)
    assert len(workers) == 2  # the configuration's worker count, not a command-line flag
    listening = sockets_on(port, LISTEN)
    assert len(listening) == 2
    held = [held_by(pid, listening) for pid in workers]
    assert all(len(h) == 1 for h in held) and held[0] != held[1]
    assert not held_by(proc.pid, listening)  # the arbiter accepts nothing itself


def test_kept_alive_connections_are_spread_over_both_workers(server):
    proc, port, _ = server
    conns = []
    try:
        for _ in range(40):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/api/health")
            assert conn.getresponse().read()
            conns.append(conn)  # kept open, as a browser or a proxy keeps it
        per_worker = connections_per_worker(proc.pid, port)
        assert sum(per_worker) == 40
        # the kernel hashes each connection to a socket: 8 or fewer of 40 on one side
        # happens about once in 100,000 runs; one shared socket gave 35 and 15
        assert min(per_worker) > 8, per_worker
    finally:
        for conn in conns:
            conn.close()


def test_a_second_server_on_the_same_port_is_refused(server):
    proc, port, tmp_path = server
    second, _ = spawn_gunicorn(tmp_path / "other", port=port, secret="serving-test")
    out, _ = second.communicate(timeout=30)
    assert second.returncode == 1
    assert f"127.0.0.1:{port} is al in gebruik" in out
    assert len(sockets_on(port, LISTEN)) == 2  # it bound nothing
    assert urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5).status == 200
    assert proc.poll() is None
