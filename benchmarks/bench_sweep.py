"""Benchmark: trade-study points per second, one worker against two and against a local Ray.

Three kinds of study on the Suncatcher example, each the path `skyrack sweep` runs:

- **design points**: a grid over design keys (accelerators per satellite × radiator temperature), so every point
  loads the scenario with its overrides, builds the models, designs and costs on its own;
- **cost points**: a 10,000-point grid over cost-only keys (launch price × electricity price): the points share
  one design and are costed as arrays (``analysis.sweep.evaluate_group``); the same study point by point is the
  reference it is measured against;
- **simulated points**: design + a one-day simulation at 120 s steps (``--simulate``), points per minute.

The reference for each is one worker in this process, in the same run; ratios are speed-ups over it and, divided by
the worker count, the scaling efficiency. Ray's start-up (a few seconds) is in its time, as a user meets it.

Run:  python benchmarks/bench_sweep.py [--design-points N] [--quick]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from skyrack.analysis.sweep import iter_points, parse_grid, sweep_points

SCENARIO = str(Path(__file__).resolve().parents[1] / "examples" / "suncatcher.toml")


def _rate(points: Sequence[dict[str, str]], base: list[str], workers: int, engine: str = "local",
          fast: bool = True, simulate: bool = False) -> float:  # fmt: skip
    t0 = time.perf_counter()
    rows = dict(iter_points(SCENARIO, base, points, range(len(points)), workers=workers, engine=engine, fast=fast,
                            simulate=simulate))  # fmt: skip
    elapsed = time.perf_counter() - t0
    assert len(rows) == len(points)
    return len(points) / elapsed


def _report(title: str, results: dict[str, tuple[float, int]], reference: str, per: str = "s") -> None:
    """Each rate, its ratio to the reference and (with more than one worker) its scaling efficiency: the speed-up
    over the same path with one worker (the first entry of that path), divided by the workers."""
    print(title)
    ref = results[reference][0]

    def path(label: str) -> str:  # "2 workers, arrays" -> "arrays"
        return label.partition(", ")[2]

    one_worker = {path(label): rate for label, (rate, workers) in reversed(results.items()) if workers == 1}
    for label, (rate, workers) in results.items():
        shown = rate * (60.0 if per == "min" else 1.0)
        note = "(reference)" if label == reference else f"{rate / ref:8.2f}x the reference"
        single = one_worker.get(path(label))
        if workers > 1 and single:
            note += f", scaling efficiency {rate / single / workers:.0%}"
        print(f"  {label:28s} {shown:12,.1f} points/{per}   {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--design-points", type=int, default=400, help="points of the design grid (default 400)")
    parser.add_argument("--quick", action="store_true", help="smaller studies, no Ray")
    args = parser.parse_args()
    quick = args.quick
    n_design = 40 if quick else args.design_points
    side = max(2, round(n_design**0.5))
    design = sweep_points([parse_grid(f"satellite.accelerators=8:64:{side}"),
                           parse_grid(f"satellite.thermal.radiator_temperature=10 degC:60 degC:{side}")])  # fmt: skip
    cost_side = 30 if quick else 100
    cost = sweep_points([parse_grid(f"launch.price=50 USD/kg:3000 USD/kg:{cost_side}"),
                         parse_grid(f"ground.electricity_price=0.02 USD/kWh:0.3 USD/kWh:{cost_side}")])  # fmt: skip
    # the quick run simulates a day at 120 s; the full one the example's own period and step
    sim_short = ['scenario.duration="1 d"', 'scenario.step="120 s"'] if quick else []
    simulated = sweep_points([parse_grid(f"satellite.accelerators=16:64:{2 if quick else 4}")])
    # imports, caches of the shared geometry and the compiled kernels warm
    list(iter_points(SCENARIO, sim_short, simulated[:1], range(1), simulate=True))
    list(iter_points(SCENARIO, [], design, range(2)))
    engines = [("1 worker", 1, "local"), ("2 workers", 2, "local")] + (
        [] if quick else [("local Ray (2 CPUs)", 2, "ray")]
    )

    results = {label: (_rate(design, [], w, e), w) for label, w, e in engines}
    _report(f"design points: {len(design):,} (accelerators x radiator temperature), each designed and costed",
            results, "1 worker")  # fmt: skip

    by_point = cost[: len(design)]  # the reference: the same kind of point, one by one
    results = {"1 worker, one by one": (_rate(by_point, [], 1, fast=False), 1)}
    results |= {f"{label}, arrays": (_rate(cost, [], w, e), w) for label, w, e in engines}
    _report(f"cost points: {len(cost):,} (launch price x electricity price), one design, costed as arrays; "
            f"the reference: {len(by_point)} of them one by one", results, "1 worker, one by one")  # fmt: skip

    results = {label: (_rate(simulated, sim_short, w, e, simulate=True), w) for label, w, e in engines[:2]}
    period = "1 day at 120 s" if quick else "the example's period and step"
    _report(f"simulated points: {len(simulated)} (81 satellites, {period} each)", results, "1 worker", "min")


if __name__ == "__main__":
    main()
