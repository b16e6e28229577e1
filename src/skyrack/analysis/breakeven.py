"""Break-even: the value of one scenario parameter at which orbit and ground cost the same per GPU-hour.

The parameter is any numeric key of the scenario (``launch.price``, ``satellite.power.cell_efficiency``,
``ground.electricity_price``, ``catalog.costs.orbit-default.bus_usd_per_kg`` …). Each trial value is put
into the scenario as an override, in the unit the file uses, and the whole chain (validation, design,
comparison) runs again, so every dependency of the parameter is honoured. The ratio orbit/ground is
scanned over a range (log-spaced for positive ranges), the first sign change of ``ratio − 1`` is
bracketed and refined with Brent's method (scipy ``brentq``).
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from skyrack import units as u
from skyrack.arrays import first_float
from skyrack.catalog import did_you_mean
from skyrack.chain.compare import compare, evaluate
from skyrack.chain.design import design
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.models.economics import EconomicInputs
from skyrack.results.breakeven import Breakeven, CurvePoint, LaunchPriceCurve
from skyrack.results.comparison import Evaluation
from skyrack.scenario import apply_overrides, read_scenario_toml, scenario_from_dict, scenario_json_schema

# Widest factor around the current value scanned when the caller gives no range.
DEFAULT_SPAN_FACTOR = 100.0


def _lookup(data: Mapping[str, Any], path: Sequence[str]) -> Any:
    node: Any = data
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _schema_property(path: Sequence[str]) -> dict[str, Any] | None:
    """The JSON-schema property of a dotted scenario key (``None`` if the key is unknown)."""
    schema = scenario_json_schema()
    defs = schema.get("$defs", {})
    node: dict[str, Any] = schema
    for index, part in enumerate(path):
        props = node.get("properties", {})
        if part not in props:
            return None
        prop = props[part]
        if "$ref" in prop:
            prop = defs[prop["$ref"].split("/")[-1]]
        elif "anyOf" in prop:
            prop = next((p for p in prop["anyOf"] if p.get("type") != "null"), prop)
            if "$ref" in prop:
                prop = defs[prop["$ref"].split("/")[-1]]
        if index == len(path) - 1:
            return dict(prop)
        node = prop
    return None


def _si_unit_of(prop: Mapping[str, Any]) -> str:
    name = prop.get("x-quantity")
    for dim in u.ALL_DIMENSIONS:
        if dim.name == name:
            return dim.si_unit
    return ""


def _current_value(data: dict[str, Any], param: str) -> tuple[float, str]:
    """The parameter's value in the file (number and unit), or its effective value when absent."""
    path = param.split(".")
    raw = _lookup(data, path)
    if isinstance(raw, bool):
        raise SkyrackInputError(param, raw, "a break-even needs a numeric parameter")
    if isinstance(raw, int | float):
        return float(raw), ""
    if isinstance(raw, str):
        split = u.split_quantity(raw)
        if split is None:
            raise SkyrackInputError(param, raw, "a break-even needs a numeric parameter")
        return split
    scenario = scenario_from_dict(data)
    if param == "launch.price":
        return design(scenario).fleet.launch_price_usd_per_kg, "USD/kg"
    if path[0] == "catalog" and len(path) == 4:
        entry = scenario.resolved_catalog().entry(path[1], path[2], param)
        if not entry.has(path[3]) or not entry.values[path[3]].is_number:
            raise SkyrackInputError(param, None, "no numeric catalog value by that name")
        item = entry.values[path[3]]
        return float(item.value), "" if item.unit == "1" else item.unit
    prop = _schema_property(path)
    if prop is None:
        raise SkyrackInputError(param, None, "not a scenario key; see `skyrack schema`")
    raise SkyrackInputError(param, None, "has no value in this scenario; set one in the file, or give --from and --to")


def _ratio_at(data: dict[str, Any], param: str, value: float, unit: str) -> CurvePoint:
    trial = copy.deepcopy(data)
    text = f"{value!r} {unit}".strip() if unit else repr(value)
    apply_overrides(trial, [f"{param}={text}" if not unit else f'{param}="{text}"'])
    try:
        result = compare(scenario_from_dict(trial))
    except (SkyrackInputError, SkyrackInputErrors) as exc:  # infeasible or out of range at this value
        return CurvePoint(value, math.nan, math.nan, str(exc).splitlines()[0].strip())
    return CurvePoint(value, result.orbit_usd_per_gpu_hour, result.ground_usd_per_gpu_hour)


def _bounds(
    param: str, current: float, lower: float | None, upper: float | None, unit: str = ""
) -> tuple[float, float]:
    prop = _schema_property(param.split(".")) or {}
    lo_limit = prop.get("minimum", prop.get("exclusiveMinimum", -math.inf))
    hi_limit = prop.get("maximum", prop.get("exclusiveMaximum", math.inf))
    for flag, given in (("--from", lower), ("--to", upper)):
        if given is None:
            continue
        if not math.isfinite(given):
            raise SkyrackInputError(flag, given, "a finite number")
        if not lo_limit <= given <= hi_limit:
            raise SkyrackInputError(flag, given, f"{param} takes values from {lo_limit:g} to {hi_limit:g}")
    scan = prop.get("x-scan")  # the key's physical range, in SI (e.g. LEO altitudes)
    if isinstance(scan, list) and len(scan) == 2:
        si = _si_unit_of(prop)
        lo_limit, hi_limit = (u.convert(float(x), si, unit) if unit else float(x) for x in scan)
    if lower is None:
        lower = current / DEFAULT_SPAN_FACTOR if current > 0 else current - abs(current or 1.0) * 10
        lower = max(lower, lo_limit if math.isfinite(lo_limit) else lower)
    if upper is None:
        upper = current * DEFAULT_SPAN_FACTOR if current > 0 else current + abs(current or 1.0) * 10
        upper = min(upper, hi_limit if math.isfinite(hi_limit) else upper)
    if not lower < upper:
        raise SkyrackInputError("--from/--to", f"{lower}..{upper}", "the range must have from < to")
    return float(lower), float(upper)


def _first_crossing(grid: np.ndarray, gaps: np.ndarray, gap: Callable[[float], float]) -> float | None:
    """The root of ``gap`` in the first grid interval where the sampled ``gaps`` change sign (both finite),
    refined with Brent's method; ``None`` when they never do."""
    from scipy.optimize import brentq  # imported here: scipy.optimize takes ~0.4 s to import

    for i in range(len(grid) - 1):
        a, b = gaps[i], gaps[i + 1]
        if np.isfinite(a) and np.isfinite(b) and a * b <= 0.0:
            if a == 0.0:
                return float(grid[i])
            return float(brentq(gap, float(grid[i]), float(grid[i + 1]), xtol=1e-9, rtol=1e-10))
    return None


def _first_integer_crossing(grid: np.ndarray, gaps: np.ndarray, gap: Callable[[float], float]) -> float | None:
    """The first whole number at which ``gap`` reaches or crosses zero, in the first grid interval where the
    sampled ``gaps`` change sign, found by bisection on whole numbers; ``None`` when they never do."""
    for i in range(len(grid) - 1):
        a, b = gaps[i], gaps[i + 1]
        if not (np.isfinite(a) and np.isfinite(b) and a * b <= 0.0):
            continue
        if a == 0.0:
            return float(grid[i])
        lo, hi = int(grid[i]), int(grid[i + 1])  # gap(lo) has a's sign, gap(hi) has reached b's
        while hi - lo > 1:
            mid = (lo + hi) // 2
            g = gap(float(mid))
            if np.isfinite(g) and (g == 0.0 or (g > 0.0) != (a > 0.0)):
                hi = mid
            else:
                lo = mid
        return float(hi)
    return None


def _raw(source: str | Path | Mapping[str, Any], overrides: Sequence[str]) -> dict[str, Any]:
    """The scenario's raw data, from a file or (the web API) data already read, with the overrides applied."""
    data = copy.deepcopy(dict(source)) if isinstance(source, Mapping) else read_scenario_toml(source)
    return apply_overrides(data, overrides)


def breakeven(
    path: str | Path | Mapping[str, Any],
    param: str,
    overrides: Sequence[str] = (),
    lower: float | None = None,
    upper: float | None = None,
    points: int = 41,
    drivers: bool = True,
) -> Breakeven:
    """Find the value of ``param`` at which orbit and ground cost the same per GPU-hour.

    Parameters
    ----------
    path
        Scenario file, or its raw data (as :func:`~skyrack.scenario.read_scenario_text` returns it).
    param
        Dotted scenario key, e.g. ``"launch.price"``.
    overrides
        ``--set`` overrides applied first.
    lower, upper
        Range scanned, in the unit the file uses for ``param`` (default: ``current/100 … current×100``,
        clipped to the key's valid range).
    points
        Points of the scan (and of the returned curve).
    drivers
        When there is no break-even and the scenario has an ``[uncertainty]`` section, also find the break-even of
        its top Sobol drivers (``closing_the_gap``).
    """
    data = _raw(path, overrides)
    scenario_from_dict(data)  # the scenario itself must be valid
    if param.split(".")[0] not in data and param.split(".")[0] not in ("catalog", "launch", "ground", "finance"):
        known = list(scenario_json_schema()["properties"])
        raise SkyrackInputError(param, None, f"unknown section{did_you_mean(param.split('.')[0], known)}")
    current, unit = _current_value(data, param)
    lo, hi = _bounds(param, current, lower, upper, unit)
    if not 2 <= points <= MAX_POINTS:
        raise SkyrackInputError("points", points, f"from 2 to {MAX_POINTS} points (each reruns the whole chain)")
    grid = np.geomspace(lo, hi, points) if lo > 0 else np.linspace(lo, hi, points)
    integer = (_schema_property(param.split(".")) or {}).get("type") == "integer"
    if integer:  # a count: scan and solve on whole numbers
        lo, hi = float(math.ceil(lo)), float(math.floor(hi))
        grid = np.unique(np.round(np.clip(grid, lo, hi)))
    curve = [_ratio_at(data, param, float(v), unit) for v in grid]
    diffs = np.array([p.orbit_usd_per_gpu_hour / p.ground_usd_per_gpu_hour - 1.0 for p in curve])
    shown_unit = unit or "1"

    def gap(v: float) -> float:
        point = _ratio_at(data, param, v, unit)
        return point.orbit_usd_per_gpu_hour / point.ground_usd_per_gpu_hour - 1.0

    root = _first_integer_crossing(grid, diffs, gap) if integer else _first_crossing(grid, diffs, gap)
    if root is not None:
        return Breakeven(param, shown_unit, current, root, "", lo, hi, curve)
    gap_closers = _closing_the_gap(path, overrides, param, points) if drivers else []
    finite = diffs[np.isfinite(diffs)]
    if finite.size == 0:
        why = next((p.reason for p in curve if p.reason), "")
        reason = f"the design is not feasible anywhere in {param} = {lo:g} … {hi:g} {unit}".rstrip()
        reason += f" ({why})" if why else ""
    else:
        cheaper = "orbit" if np.all(finite < 0) else "ground"
        ratio_range = (finite.min() + 1.0, finite.max() + 1.0)
        reason = (
            f"{cheaper} stays cheaper for {param} from {lo:g} to {hi:g} {unit} (orbit/ground ratio "
            f"{ratio_range[0]:.3g} … {ratio_range[1]:.3g}); no break-even in this range"
        )
    return Breakeven(param, shown_unit, current, None, reason, lo, hi, curve, gap_closers)


# Points of a scan: each reruns design and compare (~0.1-1 s), so a thousand is minutes already.
MAX_POINTS: Final = 1_000
# Sobol drivers tried for a break-even when the asked key has none.
CLOSING_DRIVERS: Final = 3
# Base samples of the Sobol analysis behind them (N (D + 2) evaluations; ranks, not precise indices, are needed).
CLOSING_SOBOL_SAMPLES: Final = 256


def _closing_the_gap(
    path: str | Path | Mapping[str, Any], overrides: Sequence[str], asked: str, points: int
) -> list[Breakeven]:
    """The break-even of each of the scenario's top Sobol drivers (by total index) other than ``asked``: what
    would have to change, one key at a time, for orbit and ground to cost the same. Empty without an
    ``[uncertainty]`` section or SALib."""
    from skyrack.analysis.uncertainty import uncertainty

    scenario = scenario_from_dict(_raw(path, overrides))
    if not scenario.uncertainty.parameters:
        return []
    sobol = uncertainty(scenario, CLOSING_SOBOL_SAMPLES).sobol
    ranked = sorted(sobol, key=lambda key: -sobol[key]["ST"])
    out = []
    for driver in [k for k in ranked if k != asked][:CLOSING_DRIVERS]:
        # the scenario key that sets the same value (the server price is the accelerator's catalog row)
        key = (
            f"catalog.accelerators.{scenario.satellite.accelerator}.server_price"
            if driver == "accelerator.server_price"
            else driver
        )
        try:
            out.append(breakeven(path, key, overrides, points=points, drivers=False))
        except (SkyrackInputError, SkyrackInputErrors) as exc:
            out.append(Breakeven(key, "", math.nan, None, str(exc).splitlines()[0], math.nan, math.nan))
    return out


# --------------------------------------------------------------------------------------------------
# Launch price, vectorised on one run's inputs


def launch_price_curve(
    inputs: EconomicInputs, lower_usd_per_kg: float = 0.0, upper_usd_per_kg: float = 20_000.0, points: int = 161
) -> LaunchPriceCurve:
    """Orbit $/GPU-hour over launch prices (one vectorised :func:`~skyrack.chain.compare.evaluate` of ``inputs``),
    and the price at which it equals the ground's, refined with Brent's method.

    The default range runs from free launch to $20,000/kg (above Falcon 9's historical ~$2,700/kg to LEO and
    the Space Shuttle's ~$54,500/kg; Jones, NASA TM-2018-220035, 2018), on a grid dense at low prices where
    fully reusable vehicles are expected. Every other input — sizing, availability (e.g. simulated), finance —
    stays as in ``inputs``; with a learning-curve price model the price is the price of the first launch.
    """
    if not 0.0 <= lower_usd_per_kg < upper_usd_per_kg:
        raise SkyrackInputError(
            "launch price range", [lower_usd_per_kg, upper_usd_per_kg], "0 <= lower < upper, in USD/kg"
        )
    span = upper_usd_per_kg - lower_usd_per_kg
    prices = lower_usd_per_kg + span * np.linspace(0.0, 1.0, points) ** 2  # dense where reusable launch lies

    def at_price(price: np.ndarray | float) -> Evaluation:
        launch = dataclasses.replace(inputs.launch, price_usd_per_kg=np.asarray(price, dtype=float))
        return evaluate(dataclasses.replace(inputs, launch=launch))

    def orbit_cost(price: float) -> float:
        return first_float(at_price(price).orbit.usd_per_gpu_hour)

    on_grid = at_price(prices)  # the ground side does not depend on the launch price
    orbit = np.array(np.broadcast_to(np.asarray(on_grid.orbit.usd_per_gpu_hour, dtype=float), prices.shape))
    ground = first_float(on_grid.ground.usd_per_gpu_hour)
    current = first_float(inputs.launch.price_usd_per_kg)
    gap = orbit - ground
    finite = np.isfinite(gap)
    if not finite.any():
        return LaunchPriceCurve(prices, orbit, ground, current, None, "the design has no finite cost")
    root = _first_crossing(prices, gap, lambda p: orbit_cost(p) - ground)
    if root is not None:
        return LaunchPriceCurve(prices, orbit, ground, current, root, "")
    if np.all(gap[finite] > 0.0):
        reason = (
            f"the ground is cheaper at any launch price, even at ${prices[0]:,.0f}/kg "
            f"(orbit ${orbit[0]:,.2f} against ground ${ground:,.2f} per GPU-hour)"
        )
    else:
        reason = f"orbit is cheaper at every launch price up to ${prices[-1]:,.0f}/kg"
    return LaunchPriceCurve(prices, orbit, ground, current, None, reason)
