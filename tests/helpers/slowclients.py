"""Slow clients (issue 18) and the latency of /api/health next to them, for tests/test_proxy.py
and benchmarks/slow_clients.py.

A slow client opens a connection, sends a request line and one header, and then one more
header line every `interval` seconds, never ending its request (a slow link, or slowloris on
purpose). All of them are driven by one thread over non-blocking sockets. Only loopback
addresses are used."""

from __future__ import annotations

import http.client
import socket
import statistics
import threading
import time


class SlowClients:
    """`count` slow connections to host:port for as long as the `with` block lasts."""

    def __init__(self, port: int, count: int = 40, interval: float = 5.0, host: str = "127.0.0.1"):
        self.port, self.count, self.interval, self.host = port, count, interval, host
        self.socks: list[socket.socket] = []
        self.lines = 0  # header lines sent after the first ones
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, name="slow-clients", daemon=True)

    def __enter__(self) -> SlowClients:
        for i in range(self.count):
            sock = socket.create_connection((self.host, self.port), timeout=5)
            sock.sendall(f"GET /api/health HTTP/1.1\r\nHost: {self.host}\r\nX-Langzaam: {i}\r\n".encode())
            sock.setblocking(False)
            self.socks.append(sock)
        self.started = time.monotonic()
        self._thread.start()
        return self

    def _drip(self) -> None:
        n = 0
        while not self._stop.wait(self.interval):
            n += 1
            for sock in self.socks:
                try:
                    sock.send(f"X-Regel-{n}: {'x' * 20}\r\n".encode())
                    self.lines += 1
                except OSError:
                    pass  # closed by the server: open() tells

    def open(self) -> int:
        """How many connections the server still holds open: a closed one reads as EOF, a
        reset or an answer (nginx's 408, gunicorn's 400) counts as closed too."""
        alive = 0
        for sock in self.socks:
            try:
                if sock.recv(1, socket.MSG_PEEK):
                    continue  # the server answered: the request is over
            except BlockingIOError:
                alive += 1  # nothing to read: still waiting for the rest of the request
            except OSError:
                pass
        return alive

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self.socks:
            sock.close()


def health_latency(port: int, timeout: float = 10.0, host: str = "127.0.0.1") -> float:
    """Seconds for one GET /api/health on a new connection (as a monitor or a browser's first
    request makes it); raises TimeoutError (socket.timeout) when it takes longer than `timeout`."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", "/api/health")
        resp = conn.getresponse()
        body = resp.read()
        assert resp.status == 200 and b'"status":"ok"' in body.replace(b" ", b""), (resp.status, body[:200])
    finally:
        conn.close()
    return time.perf_counter() - start


def sample_health(port: int, seconds: float, pause: float = 0.25, timeout: float = 10.0) -> dict:
    """/api/health every `pause` seconds for `seconds` seconds: the latencies (s) of the
    answers and how many timed out."""
    latencies, timeouts = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            latencies.append(health_latency(port, timeout=timeout))
        except (TimeoutError, socket.timeout):
            timeouts += 1
        time.sleep(pause)
    return {"latencies": latencies, "timeouts": timeouts}


def summary(sample: dict) -> str:
    lat = sorted(sample["latencies"])
    if not lat:
        return f"0 answers, {sample['timeouts']} timed out"
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
    return (f"{len(lat)} answers, p50 {statistics.median(lat) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"max {lat[-1] * 1000:.1f} ms, {sample['timeouts']} timed out")
