"""What the compare step returns: both sides' cost summaries, and the side-by-side result with ``to_dict()``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from skyrack.arrays import first_float
from skyrack.results.design import Design

if TYPE_CHECKING:
    from skyrack import economics as econ
    from skyrack.models.economics import EconomicInputs


@dataclass(frozen=True)
class Evaluation:
    """What :func:`evaluate` returns: the satellite sizing and both cost summaries (arrays)."""

    satellite_mass_kg: np.ndarray
    it_power_w: np.ndarray
    orbit: econ.CostSummary
    ground: econ.CostSummary

    @property
    def ratio_orbit_to_ground(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(self.orbit.usd_per_gpu_hour / self.ground.usd_per_gpu_hour)


def _side(summary: econ.CostSummary, it_power_w: float, ground: bool, demanded_gpu_hours: float) -> dict[str, Any]:
    from skyrack.economics import usd_per_used_unit

    available = first_float(summary.gpu_hours)
    used = min(available, demanded_gpu_hours)
    out: dict[str, Any] = {
        "capex_usd": first_float(summary.capex_usd),
        "opex_usd": first_float(summary.opex_usd),
        "pv_cost_usd": first_float(summary.pv_cost_usd),
        "residual_value_usd": first_float(summary.residual_value_usd),
        "gpu_hours": first_float(summary.gpu_hours),
        "it_energy_mwh": first_float(summary.it_energy_mwh),
        "useful_eflop": first_float(summary.useful_eflop),
        "usd_per_gpu_hour": first_float(summary.usd_per_gpu_hour),
        "usd_per_mwh_it": first_float(summary.usd_per_mwh_it),
        "usd_per_eflop": first_float(summary.usd_per_eflop),
        # the same work on both sides: the GPU-hours it uses, and what each costs (available ones are "gpu_hours")
        "used_gpu_hours": used,
        "utilisation": used / available if available > 0 else math.nan,
        "usd_per_used_gpu_hour": first_float(usd_per_used_unit(summary.usd_per_gpu_hour, available, used)),
        "usd_per_useful_eflop": first_float(usd_per_used_unit(summary.usd_per_eflop, available, used)),
        "carbon_kg": first_float(summary.carbon_kg),
        "carbon_kg_per_gpu_hour": first_float(summary.carbon_kg_per_gpu_hour),
        "water_m3": first_float(summary.water_m3),
        "launches": first_float(summary.launches),
        "capex_breakdown_usd": {k: first_float(v) for k, v in summary.capex_breakdown_usd.items()},
        "opex_breakdown_usd": {k: first_float(v) for k, v in summary.opex_breakdown_usd.items()},
        "capex_by_year_usd": np.asarray(summary.capex_by_year_usd, dtype=float).reshape(-1).tolist(),
        "opex_by_year_usd": np.asarray(summary.opex_by_year_usd, dtype=float).reshape(-1).tolist(),
    }
    if ground:
        out["energy_cost_usd_per_kw_year"] = first_float(summary.energy_cost_usd_per_kw_year)
    out["it_power_mw"] = it_power_w / 1e6
    return out


def item_usd_per_gpu_hour(side: dict[str, Any]) -> dict[str, float]:
    """Each capex and opex item of one side in $ per available GPU-hour.

    An item's share of the side's undiscounted spend, times the side's levelised $/GPU-hour, so the items add up
    to it exactly (an approximation where items fall in different years: the residual credit and the discounting
    are spread over the items in proportion to their spend).
    """
    items: dict[str, float] = {}
    for kind in ("capex", "opex"):
        for name, value in side[f"{kind}_breakdown_usd"].items():
            items[name] = items.get(name, 0.0) + float(value)
    total = sum(items.values())
    rate = float(side["usd_per_gpu_hour"])
    if not (total > 0 and math.isfinite(rate)):
        return {name: math.nan for name in items}
    return {name: value / total * rate for name, value in items.items()}


def waterfall(orbit: dict[str, Any], ground: dict[str, Any]) -> list[dict[str, Any]]:
    """From the ground's $/GPU-hour to the orbit's, item by item: each step is the orbit's item less the ground's
    (both from :func:`item_usd_per_gpu_hour`), largest change first; items zero on both sides are left out."""
    o, g = item_usd_per_gpu_hour(orbit), item_usd_per_gpu_hour(ground)
    steps = [
        {"item": name, "usd_per_gpu_hour": o.get(name, 0.0) - g.get(name, 0.0)}
        for name in sorted(set(o) | set(g))
        if o.get(name, 0.0) or g.get(name, 0.0)
    ]
    return sorted(steps, key=lambda step: -abs(step["usd_per_gpu_hour"]))


@dataclass(frozen=True)
class Comparison:
    """The side-by-side result of ``skyrack compare``; ``to_dict()`` is its ``--json`` object."""

    scenario_name: str
    inputs: EconomicInputs
    evaluation: Evaluation
    design: Design
    availability_basis: str = ""
    demanded_gpu_hours: float = math.inf  # what the work needs, the same on both sides (inf: unlimited)

    @property
    def orbit_usd_per_gpu_hour(self) -> float:
        return first_float(self.evaluation.orbit.usd_per_gpu_hour)

    @property
    def ground_usd_per_gpu_hour(self) -> float:
        return first_float(self.evaluation.ground.usd_per_gpu_hour)

    def to_dict(self) -> dict[str, Any]:
        fleet_it_w = self.design.fleet.it_power_w
        inputs = self.inputs
        orbit = _side(self.evaluation.orbit, fleet_it_w, False, self.demanded_gpu_hours)
        ground = _side(self.evaluation.ground, fleet_it_w, True, self.demanded_gpu_hours)
        return {
            "scenario": self.scenario_name,
            "orbit": orbit
            | {
                "availability": first_float(inputs.orbit_availability),
                "launch_price_usd_per_kg": first_float(inputs.launch.price_usd_per_kg),
                # production lead time plus the initial launch campaign at the vehicle's cadence
                "lead_time_years": first_float(self.evaluation.orbit.lead_time_years),
                # the accelerators' economic life in orbit: the satellite's design life (replaced with it)
                "accelerator_life_years": first_float(inputs.orbit.design_life_years),
            },
            "ground": ground
            | {
                "availability": first_float(inputs.ground_availability),
                "electricity_usd_per_kwh": first_float(inputs.ground.electricity_usd_per_kwh),
                "pue": first_float(inputs.ground.pue),
                "lead_time_years": first_float(self.evaluation.ground.lead_time_years),
                # the same accelerators' economic life on the ground: the server depreciation life
                "accelerator_life_years": first_float(inputs.ground.server_life_years),
            },
            "ratio_orbit_to_ground": first_float(self.evaluation.ratio_orbit_to_ground),
            "availability_basis": self.availability_basis,
            "waterfall": waterfall(orbit, ground),
            "finance": {
                "discount_rate": first_float(inputs.finance.discount_rate),
                "horizon_years": first_float(inputs.finance.horizon_years),
                "framing": "same-in-service-date" if inputs.finance.same_in_service_date else "same-start",
            },
        }


__all__ = ["Comparison", "Evaluation", "item_usd_per_gpu_hour", "waterfall"]
