"""Benchmark: what saving a run costs beside the run itself (issue #16: saving at most 10 % of a warm run).

The Suncatcher example (81 satellites, a year at 60 s, no uncertainty section) is run twice (the first warms numba
and the caches); the second run's time is the reference. Then its run folder is saved, and the time series alone
are written again, each timed and given as a share of the warm run.

Run:  python benchmarks/bench_save.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import skyrack
from skyrack.present.store import save_run

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "suncatcher.toml"


def main() -> None:
    scenario = skyrack.load_scenario(EXAMPLE, ["uncertainty.parameters={}"])
    skyrack.run(scenario)  # warm
    t0 = time.perf_counter()
    result = skyrack.run(scenario)
    run_s = time.perf_counter() - t0
    root = Path(tempfile.mkdtemp(prefix="skyrack-bench-save-"))
    t0 = time.perf_counter()
    save_run(result, root)
    save_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    paths = result.simulation.write_parquet(root / "timeseries-again")
    parquet_s = time.perf_counter() - t0
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"warm run (reference): {run_s:.2f} s")
    print(f"run folder saved: {save_s:.2f} s ({save_s / run_s:.0%} of the run; report, CZML, JSON and series)")
    print(f"time series (Parquet, zstd): {parquet_s:.2f} s ({parquet_s / run_s:.0%} of the run), {size_mb:.1f} MB")


if __name__ == "__main__":
    main()
