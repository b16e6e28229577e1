"""What the compare step returns: both sides' cost summaries, and the side-by-side result with ``to_dict()``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from skyrack import economics as econ
from skyrack.results.design import Design

if TYPE_CHECKING:
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


def _scalar(x: ArrayLike) -> float:
    return float(np.asarray(x, dtype=float).reshape(-1)[0])


def _side(summary: econ.CostSummary, it_power_w: float, ground: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "capex_usd": _scalar(summary.capex_usd),
        "opex_usd": _scalar(summary.opex_usd),
        "pv_cost_usd": _scalar(summary.pv_cost_usd),
        "residual_value_usd": _scalar(summary.residual_value_usd),
        "gpu_hours": _scalar(summary.gpu_hours),
        "it_energy_mwh": _scalar(summary.it_energy_mwh),
        "useful_eflop": _scalar(summary.useful_eflop),
        "usd_per_gpu_hour": _scalar(summary.usd_per_gpu_hour),
        "usd_per_mwh_it": _scalar(summary.usd_per_mwh_it),
        "usd_per_eflop": _scalar(summary.usd_per_eflop),
        "carbon_kg": _scalar(summary.carbon_kg),
        "carbon_kg_per_gpu_hour": _scalar(summary.carbon_kg_per_gpu_hour),
        "water_m3": _scalar(summary.water_m3),
        "launches": _scalar(summary.launches),
        "capex_breakdown_usd": {k: _scalar(v) for k, v in summary.capex_breakdown_usd.items()},
        "opex_breakdown_usd": {k: _scalar(v) for k, v in summary.opex_breakdown_usd.items()},
        "capex_by_year_usd": np.asarray(summary.capex_by_year_usd, dtype=float).reshape(-1).tolist(),
        "opex_by_year_usd": np.asarray(summary.opex_by_year_usd, dtype=float).reshape(-1).tolist(),
    }
    if ground:
        out["energy_cost_usd_per_kw_year"] = _scalar(summary.energy_cost_usd_per_kw_year)
    out["it_power_mw"] = it_power_w / 1e6
    return out


@dataclass(frozen=True)
class Comparison:
    """The side-by-side result of ``skyrack compare``; ``to_dict()`` is its ``--json`` object."""

    scenario_name: str
    inputs: EconomicInputs
    evaluation: Evaluation
    design: Design

    @property
    def orbit_usd_per_gpu_hour(self) -> float:
        return _scalar(self.evaluation.orbit.usd_per_gpu_hour)

    @property
    def ground_usd_per_gpu_hour(self) -> float:
        return _scalar(self.evaluation.ground.usd_per_gpu_hour)

    def to_dict(self) -> dict[str, Any]:
        fleet_it_w = self.design.fleet.it_power_w
        inputs = self.inputs
        return {
            "scenario": self.scenario_name,
            "orbit": _side(self.evaluation.orbit, fleet_it_w, ground=False)
            | {
                "availability": _scalar(inputs.orbit_availability),
                "launch_price_usd_per_kg": _scalar(inputs.launch.price_usd_per_kg),
            },
            "ground": _side(self.evaluation.ground, fleet_it_w, ground=True)
            | {
                "availability": _scalar(inputs.ground_availability),
                "electricity_usd_per_kwh": _scalar(inputs.ground.electricity_usd_per_kwh),
                "pue": _scalar(inputs.ground.pue),
            },
            "ratio_orbit_to_ground": _scalar(self.evaluation.ratio_orbit_to_ground),
            "finance": {
                "discount_rate": _scalar(inputs.finance.discount_rate),
                "horizon_years": _scalar(inputs.finance.horizon_years),
            },
        }


__all__ = ["Comparison", "Evaluation"]
