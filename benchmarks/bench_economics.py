"""Benchmark: design-level cost evaluations per second, vectorised against a plain Python loop.

One evaluation = launch logistics + orbit capex/opex + ground-twin capex/opex + levelised $/GPU-hour for
both sides and their ratio, for one Monte Carlo sample. The vectorised kernels evaluate N samples in one
call; the reference is a Python loop calling the same kernels with scalars, timed in the same run.

Run:  python benchmarks/bench_economics.py [N]     (for one core also: taskset -c 0 ...)
"""

# ruff: noqa: E402  (BLAS thread limits must be set before numpy is imported)

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core

import sys
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from skyrack.economics import (
    Finance,
    GroundDesign,
    GroundParameters,
    LaunchPlan,
    OrbitDesign,
    OrbitParameters,
    Workload,
    ground_costs,
    orbit_costs,
)

Samples = dict[str, NDArray[np.float64]]


def make_samples(n: int, seed: int = 0) -> Samples:
    """Uniform samples over ranges spanning the catalog defaults (benchmark inputs only)."""
    rng = np.random.default_rng(seed)

    def u(lo: float, hi: float) -> NDArray[np.float64]:
        return rng.uniform(lo, hi, n)

    return {
        "price": u(100.0, 5_000.0),
        "learning_rate": u(0.0, 0.3),
        "rate": u(0.03, 0.12),
        "horizon": u(5.0, 15.0),
        "n_sat": np.floor(u(50.0, 5_000.0)),
        "mass": u(500.0, 3_000.0),
        "availability": u(0.7, 1.0),
        "failure": u(0.0, 0.08),
        "life": u(4.0, 8.0),
        "bus_usd_per_kg": u(500.0, 3_000.0),
        "server_usd": u(20_000.0, 50_000.0),
        "elec": u(0.03, 0.25),
        "pue": u(1.08, 1.6),
        "building": u(8.0, 20.0),
        "build_time": u(1.0, 3.0),
    }


def evaluate(s: Samples) -> NDArray[np.float64]:
    """Orbit and ground levelised $/GPU-hour and their ratio for every sample (works on scalars too)."""
    fin = Finance(discount_rate=s["rate"], horizon_years=s["horizon"])
    work = Workload(peak_flops_per_accelerator=989.4e12, model_flops_utilization=0.4)
    acc_per_sat = 16.0
    it_w_per_acc = 1_300.0
    design = OrbitDesign(
        n_satellites=s["n_sat"],
        accelerators_per_satellite=acc_per_sat,
        satellite_mass_kg=s["mass"],
        it_mass_kg=0.2 * s["mass"],
        it_power_w=acc_per_sat * it_w_per_acc,
        array_power_w=30_000.0,
        radiator_area_m2=60.0,
        battery_energy_wh=5_000.0,
        availability=s["availability"],
        ground_stations=10.0,
    )
    params = OrbitParameters(
        server_usd_per_accelerator=s["server_usd"],
        bus_usd_per_kg=s["bus_usd_per_kg"],
        bus_usd_per_w=0.0,
        array_usd_per_w=0.0,
        radiator_usd_per_m2=0.0,
        battery_usd_per_wh=0.0,
        integration_fraction=0.0,
        optical_terminal_usd=100_000.0,
        ground_station_usd=700_000.0,
        operations_fraction_per_year=0.01875,
        insurance_fraction=0.08,
        sparing_in_orbit=1.0,
        development_usd=0.0,
        deorbit_usd_per_satellite=0.0,
        design_life_years=s["life"],
        annual_failure_rate=s["failure"],
        launch_co2_kg_per_kg=21.6,
    )
    launch = LaunchPlan(
        payload_kg=15_600.0,
        price_usd_per_kg=s["price"],
        max_launches_per_year=134.0,
        learning_rate=s["learning_rate"],
        reference_cumulative_mass_kg=5.0e6,
        industry_mass_kg_per_year=2.0e6,
    )
    orbit = orbit_costs(design, params, launch, work, fin)
    n_acc = s["n_sat"] * acc_per_sat
    ground = ground_costs(
        GroundDesign(n_accelerators=n_acc, it_power_w=n_acc * it_w_per_acc, availability=0.99),
        GroundParameters(
            building_usd_per_w=s["building"],
            building_life_years=20.0,
            server_usd_per_accelerator=s["server_usd"],
            networking_fraction=0.113,
            server_life_years=6.0,
            electricity_usd_per_kwh=s["elec"],
            pue=s["pue"],
            wue_l_per_kwh=1.8,
            water_usd_per_m3=1.32,
            grid_kg_co2_per_kwh=0.367,
            maintenance_fraction_per_year=0.03,
            time_to_build_years=s["build_time"],
        ),
        work,
        fin,
    )
    return np.stack([orbit.usd_per_gpu_hour, ground.usd_per_gpu_hour, orbit.usd_per_gpu_hour / ground.usd_per_gpu_hour])


def best_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    n_loop = 500
    samples = make_samples(n)
    evaluate(make_samples(100))  # warm-up

    t_vec = best_time(lambda: evaluate(samples), repeats=3)
    vec_rate = n / t_vec

    loop_samples = {k: v[:n_loop] for k, v in samples.items()}

    def loop() -> list[NDArray[np.float64]]:
        return [evaluate({k: v[i] for k, v in loop_samples.items()}) for i in range(n_loop)]

    t_loop = best_time(loop, repeats=1)
    loop_rate = n_loop / t_loop

    # same answers from both paths
    vec_small = evaluate(loop_samples)
    np.testing.assert_allclose(vec_small.T, np.array(loop()), rtol=1e-9)
    res = evaluate(samples)
    print(f"samples (vectorised): {n:,}   time {t_vec:.3f} s")
    print(f"vectorised:  {vec_rate:,.0f} evaluations/s   (target >= 100,000/s on one core)")
    print(f"python loop: {loop_rate:,.0f} evaluations/s   ({n_loop} scalar calls of the same kernels)")
    print(f"speed-up vectorised / loop: {vec_rate / loop_rate:,.0f}x")
    med_orbit = float(np.nanmedian(res[0]))
    med_ground = float(np.nanmedian(res[1]))
    p_orbit = float(np.nanmean(res[2] < 1.0))
    print(f"median $/GPU-hour orbit {med_orbit:.2f}, ground {med_ground:.2f}; P(orbit cheaper) = {p_orbit:.3f}")


if __name__ == "__main__":
    main()
