"""Benchmark: `skyrack serve` under concurrent compare requests on loopback.

A uvicorn server in this process answers ``POST /api/compare`` (the Suncatcher example with a different launch
price each time, as a slider sends them) from several client threads at once; the p50 and p95 latencies are printed
beside the reference measured in the same run: the same compare called in-process, one at a time. The ratio is
what the HTTP layer, JSON and the concurrency limit add.

Run:  python benchmarks/bench_serve.py [--clients 8] [--requests 20]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

import skyrack
from skyrack.present.web import Settings, create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TEXT = (EXAMPLES / "suncatcher.toml").read_text(encoding="utf-8")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _direct(n: int) -> list[float]:
    times = []
    for k in range(n):
        t0 = time.perf_counter()
        skyrack.compare(skyrack.load_scenario(EXAMPLES / "suncatcher.toml", [f"launch.price={100 + k} USD/kg"]))
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=20, help="requests per client")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="skyrack-bench-serve-"))
    app = create_app(Settings(runs=root / "runs", studies=root / "studies", examples=EXAMPLES))
    port = _port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/api/compare"
    _direct(3)  # warm: imports, numba, caches
    direct = _direct(20)

    def client(c: int) -> list[float]:
        out = []
        with httpx.Client(timeout=120.0) as http:
            for k in range(args.requests):
                body = {"scenario": TEXT, "overrides": [f"launch.price={100 + c * args.requests + k} USD/kg"]}
                t0 = time.perf_counter()
                response = http.post(url, json=body)
                out.append(time.perf_counter() - t0)
                assert response.status_code == 200, response.text[:200]
        return out

    client(0)  # warm the server's path
    t0 = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        latencies = [x for part in pool.map(client, range(args.clients)) for x in part]
    wall = time.perf_counter() - t0
    server.should_exit = True
    thread.join(timeout=10)
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    ref = statistics.median(direct)
    print(f"in-process compare (reference): p50 {ref * 1e3:.1f} ms")
    print(
        f"{args.clients} clients × {args.requests} requests over HTTP: p50 {p50 * 1e3:.1f} ms ({p50 / ref:.2f}× the "
        f"reference), p95 {p95 * 1e3:.1f} ms ({p95 / ref:.2f}×), {len(latencies) / wall:.1f} requests/s"
    )


if __name__ == "__main__":
    main()
