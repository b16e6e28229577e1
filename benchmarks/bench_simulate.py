"""Speed and memory of ``skyrack.simulate`` against python-sgp4's SatrecArray, measured in the same run.

Prints satellite-steps per second of the full simulation (orbit, shadow, power, battery, thermal, radiation,
scheduler, workload) for

(a) 1 satellite × 1 year at 60 s, and
(b) 1,000 satellites × 1 day at 60 s,

beside SatrecArray's propagation-only rate (satellite-states per second, one core) for the same numbers of
satellites and times, the ratios (target ≥ 2), and the peak memory of a long run (tracemalloc: numpy's
allocations are traced; also the process's maximum resident set size).

Run: ``python benchmarks/bench_simulate.py`` (add ``--quick`` for a shorter check).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from sgp4.api import WGS72, Satrec, SatrecArray, jday

import skyrack
from skyrack.chain.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "suncatcher.toml"
# Catalog entries the benchmark needs, given in the scenario so that it runs whatever the shipped catalog holds.
CATALOG = [
    "catalog.accelerators.tpu-v6e.power='300 W'",
    "catalog.accelerators.tpu-v6e.bf16_dense='918 TFLOPS'",
    "catalog.launch_vehicles.starship.payload_leo='100000 kg'",
    "catalog.launch_vehicles.starship.payload_sso='100000 kg'",
    "catalog.ground_sites.us-average.electricity_price='0.08 USD/kWh'",
]


def _satrec_rate(n_sat: int, n_times: int, repeat: int = 3) -> float:
    """SatrecArray.sgp4 states per second for n_sat satellites × n_times times (best of ``repeat``)."""
    sats = []
    for k in range(n_sat):
        s = Satrec()
        # 650 km, 98°: mean motion 14.9 rev/day [rad/min], spread in mean anomaly
        # epoch, bstar, ndot, nddot, e, argp, i, M, n [rad/min], RAAN
        s.sgp4init(WGS72, "i", k, 25000.0, 2.8e-5, 0.0, 0.0, 1e-4, 0.0, np.radians(98.0), np.radians(k * 0.36),
                   14.9 * 2 * np.pi / 1440.0, 0.0)  # fmt: skip
        sats.append(s)
    arr = SatrecArray(sats)
    jd0, fr0 = jday(2030, 3, 20, 0, 0, 0)
    fr = fr0 + np.arange(n_times) * 60.0 / 86400.0
    jd = np.full(n_times, jd0)
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        arr.sgp4(jd, fr)
        best = min(best, time.perf_counter() - t)
    return n_sat * n_times / best


def _sim_rate(overrides: list[str], repeat: int = 3) -> tuple[float, int]:
    scenario = skyrack.load_scenario(EXAMPLE, [*CATALOG, *overrides])
    design = skyrack.design(scenario)
    simulate(scenario, design)  # compile (or load the cached machine code) before timing
    best = np.inf
    n = 0
    for _ in range(repeat):
        t = time.perf_counter()
        result = simulate(scenario, design)
        best = min(best, time.perf_counter() - t)
        n = result.to_dict()["run"]["steps"] * result.to_dict()["run"]["satellites"]
    return n / best, n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 days instead of a year for case (a)")
    args = parser.parse_args()
    days_a = 30 if args.quick else 365
    cases = [
        (f"(a) 1 satellite × {days_a} d at 60 s", [f"scenario.duration='{days_a} d'", "fleet.satellites=1"], 1,
         days_a * 1440),
        ("(b) 1,000 satellites × 1 d at 60 s", ["scenario.duration='1 d'", "fleet.satellites=1000"], 1000, 1440),
    ]  # fmt: skip
    print(f"{'case':<36} {'simulate [sat-steps/s]':>24} {'SatrecArray [states/s]':>24} {'ratio':>7}")
    ok = True
    for label, overrides, n_sat, n_t in cases:
        sim, _ = _sim_rate(overrides)
        ref = _satrec_rate(n_sat, n_t)
        ratio = sim / ref
        ok &= ratio >= 2.0
        print(f"{label:<36} {sim:>24,.0f} {ref:>24,.0f} {ratio:>7.2f}")
    # memory of a long run: 81 satellites × 1 year (5 × 81 × 525,960 states)
    scenario = skyrack.load_scenario(EXAMPLE, [*CATALOG, "scenario.duration='365 d'"])
    design = skyrack.design(scenario)
    tracemalloc.start()
    t = time.perf_counter()
    result = simulate(scenario, design)
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    steps = result.to_dict()["run"]["steps"]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"long run: 81 satellites × 365 d ({81 * steps:,} sat-steps) in {elapsed:.1f} s; peak traced memory "
        f"{peak / 1e6:.0f} MB (fleet series of every step + 1 recorded satellite); max RSS {rss_mb:.0f} MB"
    )
    print("target ratio ≥ 2 in both cases:", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
