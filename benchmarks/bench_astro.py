"""Speed of skyrack's design-orbit environment path against python-sgp4's SatrecArray, in the same run.

For N satellites × T times (N = 1,000 and 10,000; T = 1,440, one day at 60 s) this times

* python-sgp4 ``SatrecArray.sgp4`` propagating the same Walker shell (position + velocity in TEME only),
  in chunks of 1,000 satellites;
* skyrack's :func:`skyrack.astro.circular_fleet_environment`: position (GCRS) + Sun + conical shadow
  (visible fraction of the solar disc) + beta angle for every satellite and time, chunked internally;

and prints both rates in satellite-states per second, their ratio (issue #16's target ≥ 30 on one core), and
the peak memory the skyrack call allocates beyond its output arrays (tracemalloc, which sees numpy's
allocations), for the compiled path on one and two threads and the numpy path. SGP4 and numpy are
single-threaded; BLAS is not used.

Run: ``python benchmarks/bench_astro.py`` (``--quick`` for N = 1,000 only).
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from sgp4.api import WGS72, Satrec, SatrecArray  # noqa: E402

from skyrack.astro import circular_fleet_environment, walker_delta_elements  # noqa: E402
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, MU_EARTH_M3_PER_S2  # noqa: E402

ALT_M = 550e3
INC_RAD = np.deg2rad(53.0)
JD0 = 2460676.5  # 2025-01-01T00:00Z
# sgp4init epoch: days since 1949-12-31 00:00 UT for JD0
EPOCH_DAYS = JD0 - 2433281.5
CHUNK_SATS = 1000


def _elements(n: int):  # type: ignore[no-untyped-def]
    planes = 50 if n % 50 == 0 else 1
    return walker_delta_elements(n, planes, 1, INC_RAD, EARTH_EQUATORIAL_RADIUS_M + ALT_M)


def _satrec_arrays(n: int) -> list[SatrecArray]:
    el = _elements(n)
    a = EARTH_EQUATORIAL_RADIUS_M + ALT_M
    n_rad_min = np.sqrt(MU_EARTH_M3_PER_S2 / a**3) * 60.0
    sats = []
    for k in range(n):
        s = Satrec()
        s.sgp4init(
            WGS72, "i", k % 99999, EPOCH_DAYS, 1e-4, 0.0, 0.0, 1e-4, 0.0, INC_RAD,
            float(el.mean_anomaly_rad[k]), n_rad_min, float(el.raan_rad[k]),
        )  # fmt: skip
        sats.append(s)
    return [SatrecArray(sats[i : i + CHUNK_SATS]) for i in range(0, n, CHUNK_SATS)]


def time_sgp4(arrays: list[SatrecArray], t_s: np.ndarray, repeat: int) -> float:
    jd = np.full(t_s.size, JD0)
    fr = t_s / 86400.0
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        for arr in arrays:
            e, r, v = arr.sgp4(jd, fr)
        best = min(best, time.perf_counter() - t0)
    del e, r, v
    return best


def time_skyrack(n: int, t_s: np.ndarray, repeat: int, backend: str, threads: int) -> tuple[float, int, int]:
    el = _elements(n)
    args = (el.semi_major_axis_m, el.inclination_rad, el.raan_rad, el.mean_anomaly_rad, JD0, t_s)
    kw = {"backend": backend, "threads": threads}
    circular_fleet_environment(*args[:4], JD0, t_s[:64], **kw)  # compiled (or loaded from numba's cache) first
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        env = circular_fleet_environment(*args, **kw)
        best = min(best, time.perf_counter() - t0)
        del env
    # memory: a separate traced run (tracing slows numpy down, so it is not timed)
    tracemalloc.start()
    env = circular_fleet_environment(*args, **kw)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out_bytes = sum(x.nbytes for x in env)
    return best, peak, out_bytes


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="N = 1,000 only")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    T = 1440
    t_s = np.arange(T) * 60.0
    sizes = [1000] if args.quick else [1000, 10000]
    print(f"{'N':>6} {'T':>5}  {'path':>14}  {'SatrecArray [states/s]':>23}  {'skyrack env [states/s]':>23}"
          f"  {'ratio':>6}  {'scratch beyond output':>22}")  # fmt: skip
    for n in sizes:
        arrays = _satrec_arrays(n)
        t_sgp4 = time_sgp4(arrays, t_s, args.repeat)
        states = n * T
        r_sgp4 = states / t_sgp4
        for backend, threads in (("numba", 1), ("numba", 2), ("numpy", 1)):
            t_odc, peak, out_bytes = time_skyrack(n, t_s, args.repeat, backend, threads)
            r_odc = states / t_odc
            label = f"{backend}, {threads} thr"
            print(
                f"{n:6d} {T:5d}  {label:>14}  {r_sgp4:23.3e}  {r_odc:23.3e}  {r_odc / r_sgp4:6.1f}"
                f"  {(peak - out_bytes) / 2**20:17.1f} MiB (output {out_bytes / 2**20:.0f} MiB)"
            )
    print("skyrack env = position (GCRS) + Sun + conical shadow fraction + beta; SatrecArray = SGP4 r, v only,")
    print("one core. numba: one fused pass per satellite (the default); numpy: chunked array expressions.")


if __name__ == "__main__":
    main()
