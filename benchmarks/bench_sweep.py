"""Benchmark: trade-study points per second (design → compare at each point), one worker against two.

Engines: one process, a local process pool of two, and a local Ray of two CPUs (``--engine ray``).
One point = load the scenario with its overrides, build the models (orbits, satellite, network, radiation, costs),
design and cost it: the path `skyrack sweep` runs. The reference is the same points evaluated in this process, one
after the other, in the same run; the ratio is the pool's speed-up and, over the worker count, its scaling
efficiency. A design + cost *array* fast path (the cost kernels alone do ~2 × 10^5 evaluations per second,
bench_economics.py) is not built yet: every point here pays the whole model chain.

Run:  python benchmarks/bench_sweep.py [POINTS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from skyrack.analysis.sweep import iter_points, parse_grid, sweep_points

SCENARIO = str(Path(__file__).resolve().parents[1] / "examples" / "suncatcher.toml")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    points = sweep_points([parse_grid(f"launch.price=100 USD/kg:2000 USD/kg:{n}")])
    list(iter_points(SCENARIO, [], points, range(2), workers=1))  # imports and compiled kernels warm
    results = {}
    for label, workers, engine in (("1 worker", 1, "local"), ("2 workers", 2, "local"), ("local Ray, 2", 2, "ray")):
        t0 = time.perf_counter()  # Ray's start-up (a few seconds) is in its time, as a user meets it
        rows = dict(iter_points(SCENARIO, [], points, range(len(points)), workers=workers, engine=engine))
        results[label] = (len(rows) / (time.perf_counter() - t0), workers)
    print(f"points: {len(points)} (launch.price grid on the Suncatcher example)")
    reference = results["1 worker"][0]
    for label, (rate, workers) in results.items():
        ratio = rate / reference
        note = (
            "(reference)"
            if label == "1 worker"
            else f"{ratio:.2f}x the reference, scaling efficiency {ratio / workers:.0%}"
        )
        print(f"{label:13s}: {rate:8.2f} points/s   {note}")


if __name__ == "__main__":
    main()
