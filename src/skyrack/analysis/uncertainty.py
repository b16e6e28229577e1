"""Uncertainty: Monte Carlo over uncertain assumptions, and Sobol global sensitivity indices.

Any assumption listed in :data:`UNCERTAIN_KEYS` may be given a distribution in the scenario's
``[uncertainty.parameters]`` table. Samples are drawn once, put into the flat
:class:`~skyrack.chain.compare.EconomicInputs` as arrays, and the whole design-and-cost chain runs once,
vectorised (:func:`skyrack.chain.compare.evaluate`). The Sobol indices use the Saltelli design of SALib
(Saltelli et al. 2010; Herman & Usher 2017) on uniform variates mapped through each distribution's inverse
CDF, which leaves the indices unchanged (they are invariant under monotone transforms of single inputs).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from scipy import stats

from skyrack import units as u
from skyrack.catalog import did_you_mean
from skyrack.chain.compare import EconomicInputs, Evaluation, economic_inputs, evaluate
from skyrack.chain.design import Design, design
from skyrack.economics import COST_PARAMETER_UNITS, GroundParameters, OrbitParameters
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.scenario import DistributionSpec, Scenario
from skyrack.units import unit_registry

# Largest batch evaluated at once (keeps memory flat for 10^6 samples).
CHUNK: Final = 100_000


@dataclass(frozen=True)
class Target:
    """Where a scenario key lands in :class:`EconomicInputs`, and the unit that field holds."""

    section: str
    field: str
    unit: str  # pint unit of the field ("" for dimensionless); quantities in the file convert to it


_SIZING = {
    "satellite.accelerators": ("accelerators", ""),
    "satellite.host_overhead": ("host_overhead", ""),
    "satellite.bus_power": ("bus_power_w", "W"),
    "satellite.bus_mass_fraction": ("bus_mass_fraction", ""),
    "satellite.compute_mass_per_accelerator": ("compute_mass_per_accelerator_kg", "kg"),
    "satellite.power.cell_efficiency": ("cell_efficiency", ""),
    "satellite.power.packing_factor": ("packing_factor", ""),
    "satellite.power.degradation_per_year": ("degradation_per_year", ""),
    "satellite.power.array_areal_density": ("array_areal_density_kg_per_m2", "kg/m^2"),
    "satellite.power.battery_specific_energy": ("battery_specific_energy_j_per_kg", "J/kg"),
    "satellite.power.depth_of_discharge": ("depth_of_discharge", ""),
    "satellite.power.eclipse_load_fraction": ("eclipse_load_fraction", ""),
    "satellite.thermal.radiator_temperature": ("radiator_temperature_k", "K"),
    "satellite.thermal.emissivity": ("emissivity", ""),
    "satellite.thermal.absorptivity": ("absorptivity", ""),
    "satellite.thermal.earth_view_factor": ("earth_view_factor", ""),
    "satellite.thermal.albedo": ("albedo", ""),
    "satellite.thermal.radiator_areal_density": ("radiator_areal_density_kg_per_m2", "kg/m^2"),
    "environment.solar_constant": ("solar_constant_w_per_m2", "W/m^2"),
}

#: Scenario keys that may carry a distribution, and where each lands.
UNCERTAIN_KEYS: Final[dict[str, Target]] = {
    **{key: Target("sizing", f, unit) for key, (f, unit) in _SIZING.items()},
    "fleet.satellites": Target("", "n_satellites", ""),
    "launch.price": Target("launch", "price_usd_per_kg", "USD/kg"),
    "launch.learning_rate": Target("launch", "learning_rate", ""),
    "launch.launches_per_year": Target("launch", "max_launches_per_year", ""),
    "ground.electricity_price": Target("ground", "electricity_usd_per_kwh", "USD/kWh"),
    "ground.pue": Target("ground", "pue", ""),
    "ground.wue": Target("ground", "wue_l_per_kwh", "L/kWh"),
    "ground.carbon_intensity": Target("ground", "grid_kg_co2_per_kwh", "kg/kWh"),
    "finance.discount_rate": Target("finance", "discount_rate", ""),
    "workload.training.mfu": Target("workload", "model_flops_utilization", ""),
    **{
        f"catalog.costs.orbit-default.{f.name}": Target("orbit", f.name, COST_PARAMETER_UNITS[f.name])
        for f in dataclasses.fields(OrbitParameters)
        if f.name in COST_PARAMETER_UNITS and f.name != "design_life_years"
    },
    **{
        f"catalog.costs.ground-default.{f.name}": Target("ground", f.name, COST_PARAMETER_UNITS[f.name])
        for f in dataclasses.fields(GroundParameters)
        if f.name in COST_PARAMETER_UNITS
    },
}


def _to_unit(value: float | str, unit: str, key: str, spread: bool = False) -> float:
    """A distribution parameter in the field's unit: numbers as they are, quantities converted."""
    if isinstance(value, int | float):
        return float(value)
    ureg = unit_registry()
    match = u._NUMBER_THEN_UNIT.match(value)
    if match is None:
        raise SkyrackInputError(f"uncertainty.parameters.{key}", value, f"expected a number or a quantity in {unit!r}")
    number, given = float(match.group(1)), match.group(2) or "dimensionless"
    if given.startswith("/"):
        given = "1 " + given
    if spread and given in ("degC", "degF", "celsius", "fahrenheit"):
        given = f"delta_{given}"
    try:
        return float(ureg.Quantity(number, given).to(unit or "dimensionless").magnitude)
    except Exception as exc:  # pint raises several error types for unknown or mismatched units
        raise SkyrackInputError(
            f"uncertainty.parameters.{key}", value, f"expected a quantity convertible to {unit or 'a number'}"
        ) from exc


def _frozen(spec: DistributionSpec, key: str, unit: str) -> Any:
    """A scipy frozen distribution, or a float when the spread is zero (a point)."""
    if spec.distribution == "triangular":
        assert spec.low is not None and spec.mode is not None and spec.high is not None
        low, mode, high = (_to_unit(v, unit, key) for v in (spec.low, spec.mode, spec.high))
        if not low <= mode <= high:
            raise SkyrackInputError(f"uncertainty.parameters.{key}", spec.mode, "needs low <= mode <= high")
        if high == low:
            return low
        return stats.triang(c=(mode - low) / (high - low), loc=low, scale=high - low)
    if spec.distribution == "uniform":
        assert spec.low is not None and spec.high is not None
        low, high = _to_unit(spec.low, unit, key), _to_unit(spec.high, unit, key)
        if not low <= high:
            raise SkyrackInputError(f"uncertainty.parameters.{key}", spec.high, "needs low <= high")
        return low if high == low else stats.uniform(loc=low, scale=high - low)
    if spec.distribution == "normal":
        assert spec.mean is not None and spec.std is not None
        mean, std = _to_unit(spec.mean, unit, key), _to_unit(spec.std, unit, key, spread=True)
        if std < 0:
            raise SkyrackInputError(f"uncertainty.parameters.{key}", spec.std, "std must not be negative")
        return mean if std == 0 else stats.norm(loc=mean, scale=std)
    assert spec.median is not None and spec.sigma is not None
    median = _to_unit(spec.median, unit, key)
    if not median > 0:
        raise SkyrackInputError(f"uncertainty.parameters.{key}", spec.median, "a lognormal median must be positive")
    return median if spec.sigma == 0 else stats.lognorm(s=spec.sigma, scale=median)


def check_uncertainty(scenario: Scenario) -> dict[str, Any]:
    """Validate the ``[uncertainty]`` keys and distributions; returns key → frozen distribution."""
    problems: list[SkyrackInputError] = []
    frozen: dict[str, Any] = {}
    for key, spec in scenario.uncertainty.parameters.items():
        target = UNCERTAIN_KEYS.get(key)
        if target is None:
            problems.append(
                SkyrackInputError(
                    f"uncertainty.parameters.{key}", None,
                    f"this key cannot be uncertain{did_you_mean(key, list(UNCERTAIN_KEYS))}; "
                    "see `skyrack uncertainty --list`",
                )
            )  # fmt: skip
            continue
        try:
            frozen[key] = _frozen(spec, key, target.unit)
        except SkyrackInputError as exc:
            problems.append(exc)
    if problems:
        raise SkyrackInputErrors(problems)
    return frozen


def _draw(dist: Any, unit_variates: np.ndarray) -> np.ndarray:
    if isinstance(dist, float):
        return np.full(unit_variates.shape, dist)
    eps = 1e-12
    return np.asarray(dist.ppf(np.clip(unit_variates, eps, 1.0 - eps)), dtype=float)


def with_samples(inputs: EconomicInputs, samples: Mapping[str, np.ndarray]) -> EconomicInputs:
    """Replace the fields named by ``samples`` (scenario keys) with sample arrays."""
    sections: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    for key, values in samples.items():
        target = UNCERTAIN_KEYS[key]
        if target.section:
            sections.setdefault(target.section, {})[target.field] = values
        else:
            top[target.field] = values
    replaced = {name: dataclasses.replace(getattr(inputs, name), **fields) for name, fields in sections.items()}
    return dataclasses.replace(inputs, **replaced, **top)


def _evaluate_chunked(inputs: EconomicInputs, samples: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    out: dict[str, list[np.ndarray]] = {"orbit": [], "ground": []}
    for start in range(0, n, CHUNK):
        part = {k: v[start : start + CHUNK] for k, v in samples.items()}
        size = min(CHUNK, n - start)
        result: Evaluation = evaluate(with_samples(inputs, part))
        out["orbit"].append(np.broadcast_to(result.orbit.usd_per_gpu_hour, (size,)))
        out["ground"].append(np.broadcast_to(result.ground.usd_per_gpu_hour, (size,)))
    orbit, ground = np.concatenate(out["orbit"]), np.concatenate(out["ground"])
    return {"orbit": orbit, "ground": ground, "ratio": orbit / ground}


def _percentiles(values: np.ndarray) -> dict[str, float | None]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return {"p10": None, "p50": None, "p90": None, "mean": None}
    p10, p50, p90 = np.percentile(finite, [10, 50, 90])
    return {"p10": float(p10), "p50": float(p50), "p90": float(p90), "mean": float(finite.mean())}


@dataclass(frozen=True)
class UncertaintyResult:
    """Monte Carlo percentiles and Sobol indices; ``to_dict()`` is the ``--json`` object."""

    samples: int
    parameters: list[str]
    orbit_usd_per_gpu_hour: np.ndarray
    ground_usd_per_gpu_hour: np.ndarray
    sobol: dict[str, dict[str, float]]
    infeasible_fraction: float
    note: str = ""

    @property
    def probability_orbit_cheaper(self) -> float:
        ratio = self.orbit_usd_per_gpu_hour / self.ground_usd_per_gpu_hour
        finite = np.isfinite(ratio)
        return float(np.mean(ratio[finite] < 1.0)) if finite.any() else math.nan

    def to_dict(self) -> dict[str, Any]:
        ratio = self.orbit_usd_per_gpu_hour / self.ground_usd_per_gpu_hour
        return {
            "samples": self.samples,
            "parameters": self.parameters,
            "orbit_usd_per_gpu_hour": _percentiles(self.orbit_usd_per_gpu_hour),
            "ground_usd_per_gpu_hour": _percentiles(self.ground_usd_per_gpu_hour),
            "ratio_orbit_to_ground": _percentiles(ratio),
            "probability_orbit_cheaper": self.probability_orbit_cheaper,
            "infeasible_fraction": self.infeasible_fraction,
            "sobol": self.sobol,
            "note": self.note,
        }


def uncertainty(
    scenario: Scenario,
    samples: int | None = None,
    result: Design | None = None,
    sensitivity: bool = True,
    progress: Callable[[str], None] | None = None,
    orbit_availability: float | None = None,
) -> UncertaintyResult:
    """Monte Carlo of orbit and ground $/GPU-hour, and Sobol indices of their ratio.

    Parameters
    ----------
    scenario
        A scenario with an ``[uncertainty.parameters]`` table.
    samples
        Monte Carlo samples (default: ``uncertainty.samples``); the Sobol analysis uses it as its base N
        (rounded up to a power of two), with N (2D + 2) evaluations.
    sensitivity
        Compute Sobol indices (needs SALib, the ``analysis`` extra).
    orbit_availability
        Availability in orbit, e.g. from a simulation (default: the design's estimate).
    """
    frozen = check_uncertainty(scenario)
    if not frozen:
        raise SkyrackInputError(
            "uncertainty.parameters", None, "no uncertain parameters; add e.g. "
            '"launch.price" = {distribution = "lognormal", median = "200 USD/kg", sigma = 0.5}'
        )  # fmt: skip
    n = samples or scenario.uncertainty.samples
    keys = sorted(frozen)
    base = economic_inputs(scenario, result or design(scenario), orbit_availability)
    rng = np.random.default_rng(scenario.scenario.seed)
    if progress:
        progress(f"Monte Carlo: {n} samples of {len(keys)} parameters")
    draws = {k: _draw(frozen[k], rng.random(n)) for k in keys}
    mc = _evaluate_chunked(base, draws, n)
    sobol: dict[str, dict[str, float]] = {}
    note = ""
    if sensitivity:
        try:
            from SALib.analyze import sobol as sobol_analyze
            from SALib.sample import sobol as sobol_sample
        except ImportError:
            note = "Sobol indices skipped: they need SALib (pip install 'skyrack[analysis]')"
            if progress:
                progress(note)
            return UncertaintyResult(n, keys, mc["orbit"], mc["ground"], {}, _infeasible(mc), note)
        base_n = 1 << max(4, math.ceil(math.log2(max(n // 8, 16))))
        problem = {"num_vars": len(keys), "names": keys, "bounds": [[0.0, 1.0]] * len(keys)}
        unit = sobol_sample.sample(problem, base_n, calc_second_order=False, seed=scenario.scenario.seed)
        if progress:
            progress(f"Sobol: {unit.shape[0]} evaluations")
        sobol_draws = {k: _draw(frozen[k], unit[:, i]) for i, k in enumerate(keys)}
        ratio = _evaluate_chunked(base, sobol_draws, unit.shape[0])["ratio"]
        if not np.isfinite(ratio).all():
            note = "Sobol indices skipped: some samples give an infeasible design; narrow the distributions"
        elif np.ptp(ratio) == 0:
            note = "Sobol indices skipped: the ratio does not vary over the samples"
        else:
            indices = sobol_analyze.analyze(
                problem, ratio, calc_second_order=False, seed=scenario.scenario.seed, print_to_console=False
            )
            for i, k in enumerate(keys):
                sobol[k] = {
                    "S1": float(indices["S1"][i]),
                    "S1_conf": float(indices["S1_conf"][i]),
                    "ST": float(indices["ST"][i]),
                    "ST_conf": float(indices["ST_conf"][i]),
                }
    return UncertaintyResult(n, keys, mc["orbit"], mc["ground"], sobol, _infeasible(mc), note)


def _infeasible(mc: Mapping[str, np.ndarray]) -> float:
    return float(np.mean(~np.isfinite(mc["ratio"])))
