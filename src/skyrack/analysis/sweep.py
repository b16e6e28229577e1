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
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from skyrack.arrays import first_float
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


# The outputs each point keeps (design and compare), and with --simulate the simulation's.
OUTPUTS: Final[tuple[str, ...]] = (
    "orbit_usd_per_gpu_hour",
    "ground_usd_per_gpu_hour",
    "ratio_orbit_to_ground",
    "orbit_kg_co2_per_gpu_hour",
    "ground_kg_co2_per_gpu_hour",
    "satellite_mass_kg",
    "fleet_mass_t",
    "launches",
    "radiator_temperature_c",
    "radiator_area_m2",
    "heat_rejected_w",
    "array_area_m2",
    "dose_rate_rad_per_year",
    "compute_bound_fraction",
    "race_orbit_year",  # with race.target: the year each side reaches it (NaN: not by race.by, or no target)
    "race_ground_year",
)
SIM_OUTPUTS: Final[tuple[str, ...]] = (
    "sim_availability",
    "sim_availability_modelled",
    "sim_utilisation",
    "sim_min_state_of_charge",
    "sim_chip_max_c",
    "sim_throttled_fraction",
    "sim_compute_shed_kwh",
    "sim_training_fraction_done",
)

#: Scenario keys that only the costs read (not the design, the network or the simulation): points that differ in
#: these alone share one design (and one simulation) and are costed together as arrays
#: (:func:`evaluate_group`), each key landing where :data:`~skyrack.scenario.uncertainty.UNCERTAIN_KEYS` puts it.
COST_ONLY_KEYS: Final = frozenset(
    {
        "launch.price",
        "launch.learning_rate",
        "launch.launches_per_year",
        "ground.electricity_price",
        "ground.pue",
        "ground.wue",
        "ground.carbon_intensity",
        "finance.discount_rate",
    }
)
# A group this small is cheaper point by point (the group pays two scenario loads and two checking points).
GROUP_MIN_POINTS: Final = 16
# A group is split among the workers only into parts this large (each part designs the scenario again).
GROUP_SPLIT_POINTS: Final = 2_000
# Points costed in one array (the uncertainty analysis's chunk: memory stays flat).
GROUP_MAX_POINTS: Final = 100_000
# How closely a group's array costs must match the one-point path at its checking points: both run the same
# numpy expressions, on arrays and on 0-d values; SIMD loops for exp/log/power may differ in the last ulp, and a
# few dozen operations compound that to ~1e-14, so 1e-9 separates rounding from a real difference.
GROUP_CHECK_RTOL: Final = 1e-9


def _blank(simulate: bool) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys((*OUTPUTS, *(SIM_OUTPUTS if simulate else ())), math.nan)
    row["feasible"], row["reason"], row["warnings"] = False, "", ""
    return row


def evaluate_point(
    scenario_file: str,
    base_overrides: Sequence[str],
    point: dict[str, str],
    simulate: bool = False,
    max_memory_bytes: float | None = None,
) -> dict[str, Any]:
    """Design and cost one point (and simulate it with ``simulate``); infeasible points (and points the scenario
    refuses) keep the reason, and every point its warnings."""
    row = _blank(simulate)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _evaluate(scenario_file, base_overrides, point, row, simulate, max_memory_bytes)
    # a point's warnings are kept with it (a study of many points would repeat each one many times)
    row["warnings"] = _warning_text(caught)
    return row


def _warning_text(caught: Sequence[warnings.WarningMessage]) -> str:
    return "\n".join(dict.fromkeys(str(w.message) for w in caught))


def _designed(
    scenario_file: str,
    overrides: Sequence[str],
    row: dict[str, Any],
    simulate: bool,
    max_memory_bytes: float | None,
) -> tuple[Any, Any] | None:
    """Load, build and design one scenario into ``row`` (and simulate it); (models, design) when feasible."""
    from skyrack.chain.design import design
    from skyrack.models import build_models
    from skyrack.scenario import load_scenario

    scenario = load_scenario(Path(scenario_file), list(overrides))
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
        return None
    if simulate:
        _simulated(models, d, row, max_memory_bytes)
    if scenario.race.target_w is not None:
        from skyrack.chain.race import race

        raced = race(models, d)
        row.update(race_orbit_year=raced.orbit.year_reached, race_ground_year=raced.ground.year_reached)
    return models, d


def _simulated(models: Any, d: Any, row: dict[str, Any], max_memory_bytes: float | None) -> None:
    from skyrack.chain.compare import modelled_availability
    from skyrack.chain.simulate.engine import simulate

    sim = simulate(models, d, max_memory_bytes=max_memory_bytes)
    summary = sim.to_dict()
    training = summary["training"]
    row.update(
        sim_availability=sim.metrics.availability,
        sim_availability_modelled=modelled_availability(models, d, sim.metrics.duration_s).value,
        sim_utilisation=sim.metrics.utilisation,
        sim_min_state_of_charge=summary["battery"]["min_state_of_charge"],
        sim_chip_max_c=summary["thermal"]["chip_max_c"],
        sim_throttled_fraction=summary["thermal"]["throttled_fraction"],
        sim_compute_shed_kwh=summary["energy"]["compute_shed_kwh"],
        sim_training_fraction_done=training["fraction_done"] if training.get("enabled") else math.nan,
    )


def _evaluate(
    scenario_file: str,
    base_overrides: Sequence[str],
    point: dict[str, str],
    row: dict[str, Any],
    simulate: bool,
    max_memory_bytes: float | None,
) -> None:
    from skyrack.chain.compare import compare

    try:
        overrides = [*base_overrides, *(f"{k}={v}" for k, v in point.items())]
        designed = _designed(scenario_file, overrides, row, simulate, max_memory_bytes)
        if designed is None:
            return
        c = compare(*designed)
        row.update(
            orbit_usd_per_gpu_hour=c.orbit_usd_per_gpu_hour,
            ground_usd_per_gpu_hour=c.ground_usd_per_gpu_hour,
            ratio_orbit_to_ground=c.orbit_usd_per_gpu_hour / c.ground_usd_per_gpu_hour,
            orbit_kg_co2_per_gpu_hour=first_float(c.evaluation.orbit.carbon_kg_per_gpu_hour),
            ground_kg_co2_per_gpu_hour=first_float(c.evaluation.ground.carbon_kg_per_gpu_hour),
            feasible=True,
        )
    except (SkyrackInputError, SkyrackInputErrors) as exc:
        row["reason"] = str(exc)


def _number(text: str, key: str) -> float:
    """An override's value in the unit of the field the key lands in (ValueError when it does not read so)."""
    from skyrack.scenario.uncertainty import UNCERTAIN_KEYS
    from skyrack.units import convert

    parsed = split_quantity(text)
    if parsed is None:
        raise ValueError(text)
    return convert(parsed[0], parsed[1], UNCERTAIN_KEYS[key].unit)


def _same(a: dict[str, Any], b: dict[str, Any], with_warnings: bool = True) -> bool:
    for k in OUTPUTS:
        x, y = float(a[k]), float(b[k])
        if not (math.isclose(x, y, rel_tol=GROUP_CHECK_RTOL, abs_tol=0.0) or (math.isnan(x) and math.isnan(y))):
            return False
    return all(a[k] == b[k] for k in ("feasible", "reason", *(("warnings",) if with_warnings else ())))


def evaluate_group(
    scenario_file: str,
    base_overrides: Sequence[str],
    points: Sequence[dict[str, str]],
    simulate: bool = False,
    max_memory_bytes: float | None = None,
) -> list[dict[str, Any]]:
    """The rows of points that differ only in :data:`COST_ONLY_KEYS`: one design (and one simulation), then the
    costs of every point at once as arrays (:func:`skyrack.chain.compare.evaluate`).

    The rows are those of :func:`evaluate_point` at each point. The scenario is validated at both corners of the
    group's values (every schema bound is an interval), and the first and last points are also evaluated one by
    one: if either differs, or anything cannot be read as an array, the whole group is evaluated point by point.
    """
    n = len(points)
    keys = sorted(k for k in points[0] if k in COST_ONLY_KEYS) if points else []
    if n < GROUP_MIN_POINTS or not keys or any(p.keys() != points[0].keys() for p in points):
        return [evaluate_point(scenario_file, base_overrides, p, simulate, max_memory_bytes) for p in points]
    fixed = [f"{k}={v}" for k, v in points[0].items() if k not in COST_ONLY_KEYS]
    if any(f"{k}={v}" not in fixed for p in points for k, v in p.items() if k not in COST_ONLY_KEYS):
        raise ValueError("evaluate_group: the points differ in a key that is not cost-only")
    rows = _group_rows(scenario_file, [*base_overrides, *fixed], points, keys, simulate, max_memory_bytes)
    if rows is not None:
        checks = {i: evaluate_point(scenario_file, base_overrides, points[i]) for i in (0, n - 1)}
        # (a simulation's own warnings are not in the checking points' rows)
        if all(_same(rows[i], ref, with_warnings=not simulate) for i, ref in checks.items()):
            return rows
    return [evaluate_point(scenario_file, base_overrides, p, simulate, max_memory_bytes) for p in points]


def _group_rows(
    scenario_file: str,
    overrides: Sequence[str],
    points: Sequence[dict[str, str]],
    keys: Sequence[str],
    simulate: bool,
    max_memory_bytes: float | None,
) -> list[dict[str, Any]] | None:
    from skyrack.analysis.uncertainty import with_samples
    from skyrack.chain.compare import economic_inputs, evaluate, modelled_availability
    from skyrack.scenario import load_scenario

    try:
        values = {k: np.array([_number(p[k], k) for p in points], dtype=np.float64) for k in keys}
    except ValueError:
        return None
    low = [f"{k}={points[int(np.argmin(values[k]))][k]}" for k in keys]
    high = [f"{k}={points[int(np.argmax(values[k]))][k]}" for k in keys]
    template = _blank(simulate)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            load_scenario(Path(scenario_file), [*overrides, *high])
            designed = _designed(scenario_file, [*overrides, *low], template, simulate, max_memory_bytes)
        except (SkyrackInputError, SkyrackInputErrors):
            return None
    template["warnings"] = _warning_text(caught)
    rows = [dict(template) for _ in points]
    if designed is None:
        return rows
    models, d = designed
    base = economic_inputs(models, d, modelled_availability(models, d).value)
    n = len(points)
    for start in range(0, n, GROUP_MAX_POINTS):
        part = {k: v[start : start + GROUP_MAX_POINTS] for k, v in values.items()}
        size = min(GROUP_MAX_POINTS, n - start)
        result = evaluate(with_samples(base, part))

        def column(x: Any, size: int = size) -> list[float]:
            return [float(v) for v in np.broadcast_to(np.asarray(x, dtype=np.float64), (size,))]

        orbit, ground = column(result.orbit.usd_per_gpu_hour), column(result.ground.usd_per_gpu_hour)
        orbit_co2 = column(result.orbit.carbon_kg_per_gpu_hour)
        ground_co2 = column(result.ground.carbon_kg_per_gpu_hour)
        for k in range(size):
            rows[start + k].update(
                orbit_usd_per_gpu_hour=orbit[k],
                ground_usd_per_gpu_hour=ground[k],
                ratio_orbit_to_ground=orbit[k] / ground[k],
                orbit_kg_co2_per_gpu_hour=orbit_co2[k],
                ground_kg_co2_per_gpu_hour=ground_co2[k],
                feasible=True,
            )
    return rows


def point_tasks(
    points: Sequence[dict[str, str]], todo: Sequence[int], fast: bool = True, workers: int = 1
) -> list[list[int]]:
    """The work of a study as tasks, each a list of point indices: with ``fast``, the points that differ only in
    :data:`COST_ONLY_KEYS` form one task (split among the ``workers`` when each part keeps
    :data:`GROUP_SPLIT_POINTS`, and in chunks of :data:`GROUP_MAX_POINTS`) when there are at least
    :data:`GROUP_MIN_POINTS` of them; every other point is a task of its own."""
    if not fast:
        return [[i] for i in todo]
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    for i in todo:
        groups.setdefault(tuple((k, v) for k, v in points[i].items() if k not in COST_ONLY_KEYS), []).append(i)
    tasks: list[list[int]] = []
    for members in groups.values():
        if len(members) < GROUP_MIN_POINTS or not any(k in COST_ONLY_KEYS for k in points[members[0]]):
            tasks.extend([i] for i in members)
        else:
            parts = max(1, min(workers, len(members) // GROUP_SPLIT_POINTS))
            size = min(GROUP_MAX_POINTS, math.ceil(len(members) / parts))
            tasks.extend(members[s : s + size] for s in range(0, len(members), size))
    tasks.sort(key=lambda t: t[0])
    return tasks


def iter_points(
    scenario_file: str,
    base_overrides: Sequence[str],
    points: Sequence[dict[str, str]],
    todo: Sequence[int],
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
    simulate: bool = False,
    fast: bool = True,
    max_memory_bytes: float | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Evaluate the points whose indices are in ``todo``, yielding (index, row) as each task finishes: in this
    process with one worker, else on a local process pool, or (``engine = "ray"``) as Ray tasks on the cluster at
    ``address`` (a local Ray with ``workers`` CPUs when none is given). Tasks come from :func:`point_tasks`; a row
    does not depend on where it ran nor on the grouping. At most two tasks per worker are in flight, so stopping
    early wastes little. ``max_memory_bytes`` bounds each simulation (default: half the machine over the
    workers)."""
    if simulate and max_memory_bytes is None:
        from skyrack.chain.budget import default_memory_budget_bytes

        max_memory_bytes = default_memory_budget_bytes() / max(1, workers)
    tasks = point_tasks(points, todo, fast, workers)
    args = (scenario_file, list(base_overrides))
    extra = (simulate, max_memory_bytes)
    if engine == "ray":
        yield from _iter_ray(args, extra, points, tasks, workers, address)
        return
    if workers <= 1:
        for task in tasks:
            yield from zip(task, evaluate_group(*args, [points[i] for i in task], *extra), strict=True)
        return
    pending: dict[Future[list[dict[str, Any]]], list[int]] = {}
    queue = iter(tasks)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for task in queue:
            pending[pool.submit(evaluate_group, *args, [points[i] for i in task], *extra)] = task
            if len(pending) >= 2 * workers:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                task = pending.pop(future)
                yield from zip(task, future.result(), strict=True)
                nxt = next(queue, None)
                if nxt is not None:
                    pending[pool.submit(evaluate_group, *args, [points[i] for i in nxt], *extra)] = nxt


def _iter_ray(
    args: tuple[str, list[str]],
    extra: tuple[bool, float | None],
    points: Sequence[dict[str, str]],
    tasks: Sequence[list[int]],
    workers: int,
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
        remote = ray.remote(num_cpus=1)(evaluate_group)
        in_flight = max(2, 2 * int(ray.cluster_resources().get("CPU", workers)))  # type: ignore[no-untyped-call]
        queue = iter(tasks)
        pending: dict[Any, list[int]] = {}
        for task in queue:
            pending[remote.remote(*args, [points[i] for i in task], *extra)] = task
            if len(pending) >= in_flight:
                break
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                task = pending.pop(ref)
                yield from zip(task, ray.get(ref), strict=True)
                nxt = next(queue, None)
                if nxt is not None:
                    pending[remote.remote(*args, [points[i] for i in nxt], *extra)] = nxt
    finally:
        if started:
            ray.shutdown()


__all__ = [
    "COST_ONLY_KEYS",
    "MAX_POINTS",
    "OUTPUTS",
    "SIM_OUTPUTS",
    "Axis",
    "Range",
    "evaluate_group",
    "evaluate_point",
    "iter_points",
    "parse_grid",
    "parse_range",
    "point_tasks",
    "sweep_points",
]
