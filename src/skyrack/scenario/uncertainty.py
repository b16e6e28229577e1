"""``[uncertainty]``: distributions of assumptions, checked at the edge (keys, units, parameter order).

:data:`UNCERTAIN_KEYS` says which scenario keys may carry a distribution and where each lands in the cost
model's flat inputs (:class:`~skyrack.models.economics.EconomicInputs`); :func:`check_uncertainty` turns each
:class:`DistributionSpec` into a :class:`CheckedDistribution` with its parameters in that field's unit.
Sampling (scipy, SALib) is :mod:`skyrack.analysis.uncertainty`'s.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Final, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from skyrack import units as u
from skyrack.catalog import did_you_mean
from skyrack.economics import COST_PARAMETER_UNITS, GroundParameters, OrbitParameters
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.scenario.quantity import Section


class _Section(Section):
    pass


class DistributionSpec(_Section):
    """One uncertain value: a distribution whose parameters are numbers or quantities with units."""

    distribution: Literal["triangular", "normal", "lognormal", "uniform"]
    low: float | str | None = Field(default=None, description="triangular, uniform: lower bound.")
    mode: float | str | None = Field(default=None, description="triangular: most likely value.")
    high: float | str | None = Field(default=None, description="triangular, uniform: upper bound.")
    mean: float | str | None = Field(default=None, description="normal: mean.")
    std: float | str | None = Field(default=None, description="normal: standard deviation.")
    median: float | str | None = Field(default=None, description="lognormal: median (= exp(mu)).")
    sigma: Annotated[float, Field(ge=0.0)] | None = Field(
        default=None, description="lognormal: standard deviation of the logarithm."
    )

    @model_validator(mode="after")
    def _needs(self) -> DistributionSpec:
        needed = {
            "triangular": ("low", "mode", "high"),
            "normal": ("mean", "std"),
            "lognormal": ("median", "sigma"),
            "uniform": ("low", "high"),
        }[self.distribution]
        missing = [k for k in needed if getattr(self, k) is None]
        if missing:
            raise PydanticCustomError(
                "distribution", "a {d} distribution needs {keys}", {"d": self.distribution, "keys": ", ".join(needed)}
            )
        return self


class Uncertainty(_Section):
    """``[uncertainty]``: distributions of assumptions for the Monte Carlo and the Sobol analysis."""

    samples: int = Field(default=4096, ge=16, le=1_000_000, description="Monte Carlo samples (Sobol base N).")
    catalog_ranges: bool = Field(
        default=True,
        description="Also draw every catalog estimate that ships with a range (rows <parameter>_low and "
        "<parameter>_high) and that neither the scenario nor these parameters set: uniform on each side of the "
        "catalog value, half the samples below it and half above (the value is the median, the range the bounds).",
    )
    parameters: dict[str, DistributionSpec] = Field(
        default_factory=dict,
        description='Dotted scenario keys to distributions, e.g. "launch.price" = {distribution = "lognormal", '
        'median = "200 USD/kg", sigma = 0.5}.',
    )


@dataclass(frozen=True)
class Target:
    """Where a scenario key lands in :class:`EconomicInputs`, and the unit that field holds."""

    section: str
    field: str
    unit: str  # pint unit of the field ("" for dimensionless); quantities in the file convert to it
    also: tuple[tuple[str, str], ...] = ()  # further (section, field) pairs that take the same sample

    @property
    def fields(self) -> tuple[tuple[str, str], ...]:
        """Every (section, field) the key's sample goes to (section "" for the top level)."""
        return ((self.section, self.field), *self.also)


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
    # the same accelerators cost the same on both sides: one sample for both
    "accelerator.server_price": Target(
        "orbit", "server_usd_per_accelerator", "USD", also=(("ground", "server_usd_per_accelerator"),)
    ),
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
    split = u.split_quantity(value)
    if split is None:
        raise SkyrackInputError(f"uncertainty.parameters.{key}", value, f"expected a number or a quantity in {unit!r}")
    try:
        return u.convert(*split, unit, difference=spread)
    except ValueError as exc:
        raise SkyrackInputError(
            f"uncertainty.parameters.{key}", value, f"expected a quantity convertible to {unit or 'a number'}"
        ) from exc


@dataclass(frozen=True)
class CheckedDistribution:
    """A distribution with its parameters in the unit of the field it feeds (a point when the spread is 0)."""

    kind: Literal["triangular", "uniform", "normal", "lognormal", "point", "split-uniform"]
    parameters: tuple[float, ...]  # triangular: low, mode, high; uniform: low, high; normal: mean, std;
    # lognormal: median, sigma; point: value; split-uniform: low, median, high (uniform on each side of the median,
    # half the probability on each: a catalog estimate's value and range)


def _checked(spec: DistributionSpec, key: str, unit: str) -> CheckedDistribution:
    where = f"uncertainty.parameters.{key}"
    if spec.distribution == "triangular":
        assert spec.low is not None and spec.mode is not None and spec.high is not None
        low, mode, high = (_to_unit(v, unit, key) for v in (spec.low, spec.mode, spec.high))
        if not low <= mode <= high:
            raise SkyrackInputError(where, spec.mode, "needs low <= mode <= high")
        return (
            CheckedDistribution("point", (low,))
            if high == low
            else CheckedDistribution("triangular", (low, mode, high))
        )
    if spec.distribution == "uniform":
        assert spec.low is not None and spec.high is not None
        low, high = _to_unit(spec.low, unit, key), _to_unit(spec.high, unit, key)
        if not low <= high:
            raise SkyrackInputError(where, spec.high, "needs low <= high")
        return CheckedDistribution("point", (low,)) if high == low else CheckedDistribution("uniform", (low, high))
    if spec.distribution == "normal":
        assert spec.mean is not None and spec.std is not None
        mean, std = _to_unit(spec.mean, unit, key), _to_unit(spec.std, unit, key, spread=True)
        if std < 0:
            raise SkyrackInputError(where, spec.std, "std must not be negative")
        return CheckedDistribution("point", (mean,)) if std == 0 else CheckedDistribution("normal", (mean, std))
    assert spec.median is not None and spec.sigma is not None
    median = _to_unit(spec.median, unit, key)
    if not median > 0:
        raise SkyrackInputError(where, spec.median, "a lognormal median must be positive")
    if spec.sigma == 0:
        return CheckedDistribution("point", (median,))
    return CheckedDistribution("lognormal", (median, spec.sigma))


def check_uncertainty(parameters: Mapping[str, DistributionSpec]) -> dict[str, CheckedDistribution]:
    """Validate the ``[uncertainty.parameters]`` keys and distributions; returns key → checked distribution."""
    problems: list[SkyrackInputError] = []
    checked: dict[str, CheckedDistribution] = {}
    for key, spec in parameters.items():
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
            checked[key] = _checked(spec, key, target.unit)
        except SkyrackInputError as exc:
            problems.append(exc)
    if problems:
        raise SkyrackInputErrors(problems)
    return checked


__all__ = ["UNCERTAIN_KEYS", "CheckedDistribution", "DistributionSpec", "Target", "Uncertainty", "check_uncertainty"]
