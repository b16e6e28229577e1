"""Trade studies: the points of a sweep over scenario keys, and each point's design and cost.

A sweep is a list of points, each a set of ``--set`` overrides on one scenario file. Points come from a grid
(``key=lo:hi:n`` numeric, ``key=a,b,c`` categorical; the grid is their product) and from space-filling samples over
ranges (``key=lo:hi``): Latin hypercube (McKay, Beckman & Conover 1979) or a scrambled Sobol' sequence (Owen 1998),
both from :mod:`scipy.stats.qmc` with the study's seed. Each point runs design → compare
(:func:`evaluate_point`) and keeps its inputs, outputs, feasibility and the reason when infeasible. The points are
fixed by the study's spec, so a resumed study evaluates exactly the ones not yet stored.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.units import split_quantity

# A sweep larger than this is refused before any work (a 10^6-point study of ~10 ms points is hours on two cores).
MAX_POINTS: Final = 1_000_000
MAX_GRID_VALUES: Final = 10_000


@dataclass(frozen=True)
class Axis:
    """One swept key: its values as override text (numbers with their unit, or categories)."""

    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Range:
    """A sampled key: ``lo`` to ``hi`` in ``unit`` (whole numbers when both ends are)."""

    key: str
    lo: float
    hi: float
    unit: str
    integer: bool

    def value(self, u: float) -> str:
        """The override text at the unit-interval coordinate ``u``."""
        x = self.lo + (self.hi - self.lo) * u
        if self.integer:
            return f"{round(x):d}{(' ' + self.unit) if self.unit else ''}"
        return f"{x:.10g}{(' ' + self.unit) if self.unit else ''}"


def _split(text: str, where: str) -> tuple[float, str]:
    parsed = split_quantity(text)
    if parsed is None:
        raise SkyrackInputError(where, text, "a number with an optional unit, e.g. '200 USD/kg' or 0.9")
    number, unit = parsed
    if not math.isfinite(number):
        raise SkyrackInputError(where, text, "a finite number")
    return number, unit


def _key_and_spec(text: str, option: str) -> tuple[str, str]:
    key, sep, spec = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part for part in key.split(".")) or not spec.strip():
        raise SkyrackInputError(option, text, "expected dotted.key=spec, e.g. launch.price='100 USD/kg:1000 USD/kg:10'")
    return key, spec.strip()


def parse_grid(text: str) -> Axis:
    """``key=lo:hi:n`` (n values from lo to hi, a unit on either end) or ``key=a,b,c`` (categories or numbers)."""
    key, spec = _key_and_spec(text, "--grid")
    if ":" in spec:
        parts = spec.split(":")
        if len(parts) != 3:
            raise SkyrackInputError("--grid", text, "lo:hi:n, e.g. 'launch.price=100 USD/kg:1000 USD/kg:10'")
        lo, lo_unit = _split(parts[0], f"--grid {key} (low)")
        hi, hi_unit = _split(parts[1], f"--grid {key} (high)")
        try:
            n = int(parts[2])
        except ValueError:
            raise SkyrackInputError("--grid", text, "the third part is the number of values, a whole number") from None
        if not 1 <= n <= MAX_GRID_VALUES:
            raise SkyrackInputError(f"--grid {key}", n, f"between 1 and {MAX_GRID_VALUES:,} values")
        if lo_unit and hi_unit and lo_unit != hi_unit:
            raise SkyrackInputError(f"--grid {key}", spec, "give both ends in one unit")
        unit = lo_unit or hi_unit
        r = Range(
            key, lo, hi, unit, float(lo).is_integer() and float(hi).is_integer() and "." not in parts[0] + parts[1]
        )
        coords = np.linspace(0.0, 1.0, n) if n > 1 else np.array([0.0])
        values = tuple(dict.fromkeys(r.value(float(c)) for c in coords))  # whole numbers may repeat
        return Axis(key, values)
    values = tuple(v.strip() for v in spec.split(","))
    if any(not v for v in values):
        raise SkyrackInputError("--grid", text, "a comma-separated list without empty entries, e.g. 'tpu-v6e,h100-sxm'")
    return Axis(key, values)  # a bare name reads as text, as in --set


def parse_range(text: str) -> Range:
    """``key=lo:hi`` for sampled studies (a unit on either end)."""
    key, spec = _key_and_spec(text, "--range")
    parts = spec.split(":")
    if len(parts) != 2:
        raise SkyrackInputError("--range", text, "lo:hi, e.g. 'satellite.thermal.emissivity=0.8:0.95'")
    lo, lo_unit = _split(parts[0], f"--range {key} (low)")
    hi, hi_unit = _split(parts[1], f"--range {key} (high)")
    if lo_unit and hi_unit and lo_unit != hi_unit:
        raise SkyrackInputError(f"--range {key}", spec, "give both ends in one unit")
    if not hi > lo:
        raise SkyrackInputError(f"--range {key}", spec, "the high end above the low one")
    integer = float(lo).is_integer() and float(hi).is_integer() and "." not in parts[0] + parts[1]
    return Range(key, lo, hi, lo_unit or hi_unit, integer)


def sweep_points(
    grid: Sequence[Axis], ranges: Sequence[Range] = (), lhs: int = 0, sobol: int = 0, seed: int = 0
) -> list[dict[str, str]]:
    """Every point of the study: the grid's product, each combined with every sample of the ranges (LHS and/or
    Sobol'), in a fixed order."""
    size = math.prod(len(a.values) for a in grid) if grid else 1
    drawn = (lhs + sobol) if ranges else 1
    if size * drawn > MAX_POINTS:  # before any sample is drawn
        raise SkyrackInputError("sweep", f"{size * drawn:,} points", f"at most {MAX_POINTS:,} points in one study")
    samples: list[dict[str, str]] = [{}]
    if ranges:
        if lhs <= 0 and sobol <= 0:
            raise SkyrackInputError("--range", ranges[0].key, "sampled ranges need --lhs N or --sobol N")
        from scipy.stats import qmc

        samples = []
        d = len(ranges)
        if lhs > 0:
            for row in qmc.LatinHypercube(d=d, seed=seed).random(lhs):
                samples.append({r.key: r.value(float(x)) for r, x in zip(ranges, row, strict=True)})
        if sobol > 0:
            m = max(0, math.ceil(math.log2(sobol)))
            rows = qmc.Sobol(d=d, scramble=True, seed=seed).random_base2(m)[:sobol]
            for row in rows:
                samples.append({r.key: r.value(float(x)) for r, x in zip(ranges, row, strict=True)})
    elif lhs > 0 or sobol > 0:
        raise SkyrackInputError("--lhs/--sobol", lhs or sobol, "give the sampled keys with --range key=lo:hi")
    total = size * len(samples)
    if total > MAX_POINTS:
        raise SkyrackInputError("sweep", f"{total:,} points", f"at most {MAX_POINTS:,} points in one study")
    keys = [a.key for a in grid] + [r.key for r in ranges]
    if len(set(keys)) != len(keys):
        raise SkyrackInputError("sweep", ", ".join(keys), "each key once, in --grid or --range")
    grid_points: list[dict[str, str]] = [{}]
    for axis in grid:
        grid_points = [{**p, axis.key: v} for p in grid_points for v in axis.values]
    return [{**g, **s} for g in grid_points for s in samples]


# The outputs each point keeps (design and compare).
OUTPUTS: Final[tuple[str, ...]] = (
    "orbit_usd_per_gpu_hour",
    "ground_usd_per_gpu_hour",
    "ratio_orbit_to_ground",
    "satellite_mass_kg",
    "fleet_mass_t",
    "launches",
    "radiator_temperature_c",
    "radiator_area_m2",
    "heat_rejected_w",
    "array_area_m2",
    "dose_rate_rad_per_year",
    "compute_bound_fraction",
)


def evaluate_point(scenario_file: str, base_overrides: Sequence[str], point: dict[str, str]) -> dict[str, Any]:
    """Design and cost one point; infeasible points (and points the scenario refuses) keep the reason, and every
    point its warnings."""
    row: dict[str, Any] = dict.fromkeys(OUTPUTS, math.nan)
    row["feasible"], row["reason"], row["warnings"] = False, "", ""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _evaluate(scenario_file, base_overrides, point, row)
    # a point's warnings are kept with it (a study of many points would repeat each one many times)
    row["warnings"] = "\n".join(dict.fromkeys(str(w.message) for w in caught))
    return row


def _evaluate(scenario_file: str, base_overrides: Sequence[str], point: dict[str, str], row: dict[str, Any]) -> None:
    from skyrack.chain.compare import compare
    from skyrack.chain.design import design
    from skyrack.models import build_models
    from skyrack.scenario import load_scenario

    try:
        scenario = load_scenario(Path(scenario_file), [*base_overrides, *(f"{k}={v}" for k, v in point.items())])
        models = build_models(scenario)
        d = design(models)
        sat, fleet = d.satellite, d.fleet
        row.update(
            satellite_mass_kg=sat.total_mass_kg,
            fleet_mass_t=fleet.total_mass_kg / 1e3,
            launches=float(fleet.launches),
            radiator_temperature_c=sat.radiator_temperature_k - 273.15,
            radiator_area_m2=sat.radiator_area_m2,
            heat_rejected_w=sat.heat_rejected_w,
            array_area_m2=sat.array_area_m2,
            dose_rate_rad_per_year=sat.dose_rate_rad_per_year,
            compute_bound_fraction=d.network.compute_bound_fraction if d.network is not None else math.nan,
        )
        if not d.feasibility.ok:
            row["reason"] = "; ".join(d.feasibility.problems)
            return
        c = compare(models, d)
        row.update(
            orbit_usd_per_gpu_hour=c.orbit_usd_per_gpu_hour,
            ground_usd_per_gpu_hour=c.ground_usd_per_gpu_hour,
            ratio_orbit_to_ground=c.orbit_usd_per_gpu_hour / c.ground_usd_per_gpu_hour,
            feasible=True,
        )
    except (SkyrackInputError, SkyrackInputErrors) as exc:
        row["reason"] = str(exc)


Evaluate = Callable[[str, Sequence[str], dict[str, str]], dict[str, Any]]


def iter_points(
    scenario_file: str,
    base_overrides: Sequence[str],
    points: Sequence[dict[str, str]],
    todo: Sequence[int],
    workers: int = 1,
    evaluate: Evaluate = evaluate_point,
    engine: str = "local",
    address: str | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Evaluate the points whose indices are in ``todo``, yielding (index, row) as each finishes: in this process
    with one worker, else on a local process pool, or (``engine = "ray"``) as Ray tasks on the cluster at
    ``address`` (a local Ray with ``workers`` CPUs when none is given). Each point is independent and the row does
    not depend on where it ran. At most two points per worker are in flight, so stopping early wastes little."""
    if engine == "ray":
        yield from _iter_ray(scenario_file, base_overrides, points, todo, workers, evaluate, address)
        return
    if workers <= 1:
        for i in todo:
            yield i, evaluate(scenario_file, base_overrides, points[i])
        return
    pending: dict[Future[dict[str, Any]], int] = {}
    queue = iter(todo)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for i in queue:
            pending[pool.submit(evaluate, scenario_file, base_overrides, points[i])] = i
            if len(pending) >= 2 * workers:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                i = pending.pop(future)
                yield i, future.result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending[pool.submit(evaluate, scenario_file, base_overrides, points[nxt])] = nxt


def _iter_ray(
    scenario_file: str,
    base_overrides: Sequence[str],
    points: Sequence[dict[str, str]],
    todo: Sequence[int],
    workers: int,
    evaluate: Evaluate,
    address: str | None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        import ray
    except ImportError:
        raise SkyrackInputError(
            "--engine", "ray", 'needs Ray: pip install "skyrack[ray]" (or pip install ray)'
        ) from None
    started = False
    if not ray.is_initialized():
        try:
            if address:
                ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
            else:
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise SkyrackInputError("--address", address, f"no Ray cluster there: {str(exc).splitlines()[0]}") from None
        started = True
    try:
        task = ray.remote(num_cpus=1)(evaluate)
        in_flight = max(2, 2 * int(ray.cluster_resources().get("CPU", workers)))  # type: ignore[no-untyped-call]
        queue = iter(todo)
        pending: dict[Any, int] = {}
        for i in queue:
            pending[task.remote(scenario_file, list(base_overrides), points[i])] = i
            if len(pending) >= in_flight:
                break
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                i = pending.pop(ref)
                yield i, ray.get(ref)
                nxt = next(queue, None)
                if nxt is not None:
                    pending[task.remote(scenario_file, list(base_overrides), points[nxt])] = nxt
    finally:
        if started:
            ray.shutdown()


__all__ = [
    "MAX_POINTS",
    "OUTPUTS",
    "Axis",
    "Range",
    "evaluate_point",
    "iter_points",
    "parse_grid",
    "parse_range",
    "sweep_points",
]
