"""Orbit against ground: the economic comparison of one scenario, and its inputs as flat arrays.

Orchestration: it gathers the cost inputs from the scenario, its static design (or simulation), the
catalog's sourced cost defaults (``costs.csv``), the launch vehicle and the ground site, and calls the
vectorised kernels of :mod:`skyrack.economics`. :class:`EconomicInputs` holds every input as a float or an
array, so :func:`evaluate` runs one scenario or a whole Monte Carlo sample set in one call; the static
sizing of the satellite (:func:`skyrack.physics.sizing.size_satellite`) is part of that evaluation, so uncertain
design inputs (cell efficiency, radiator temperature…) propagate to mass, launch and cost.

Precedence of values: the catalog's ``*-default`` cost rows, then the ground site's catalog entry, then the
scenario (``[ground]``, ``[launch]``, ``[finance]``, and any ``[catalog.costs.*]`` override).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike

from skyrack import economics as econ
from skyrack.catalog import Catalog, CatalogEntry
from skyrack.chain.design import Design, design, sizing_inputs
from skyrack.constants import JULIAN_YEAR_S
from skyrack.errors import SkyrackInputError
from skyrack.physics.sizing import SizingInputs, size_satellite
from skyrack.scenario import Scenario

# Availability of a Tier III data centre, 99.982% (Uptime Institute, Tier Standard: Topology, 2018).
GROUND_FACILITY_AVAILABILITY: Final = 0.99982

# Catalog names of the cost default rows (catalog/data/costs.csv).
FINANCE_DEFAULT, LAUNCH_DEFAULT, ORBIT_DEFAULT, GROUND_DEFAULT = (
    "finance-default",
    "launch-default",
    "orbit-default",
    "ground-default",
)

# Ground-site catalog parameters → GroundParameters fields (unit the field expects).
_SITE_TO_GROUND: Final = {
    "electricity_price": ("electricity_usd_per_kwh", "USD/kWh"),
    "pue": ("pue", ""),
    "wue": ("wue_l_per_kwh", "L/kWh"),
    "carbon_intensity": ("grid_kg_co2_per_kwh", "kg/kWh"),
    "capex_per_mw": ("building_usd_per_w", "USD/W"),
}


@dataclass(frozen=True)
class EconomicInputs:
    """Every input of the orbit/ground comparison; each leaf a float or a numpy array (broadcasting)."""

    sizing: SizingInputs
    n_satellites: ArrayLike
    ground_stations: ArrayLike
    orbit_availability: ArrayLike
    ground_availability: ArrayLike
    orbit: econ.OrbitParameters
    ground: econ.GroundParameters
    launch: econ.LaunchPlan
    workload: econ.Workload
    finance: econ.Finance
    assembled_in_orbit: bool = False


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


def _cost_fields(catalog: Catalog, name: str, cls: type[Any]) -> dict[str, float]:
    entry = catalog.entry("costs", name, f"catalog.costs.{name}")
    return {
        f.name: entry.to(f.name, econ.COST_PARAMETER_UNITS[f.name])
        for f in dataclasses.fields(cls)
        if f.name in econ.COST_PARAMETER_UNITS and entry.has(f.name)
    }


def _ground_parameters(scenario: Scenario, catalog: Catalog) -> econ.GroundParameters:
    values = _cost_fields(catalog, GROUND_DEFAULT, econ.GroundParameters)
    site = catalog.entry("ground_sites", scenario.ground.site, "ground.site")
    for parameter, (field_name, unit) in _SITE_TO_GROUND.items():
        if site.has(parameter):
            values[field_name] = site.to(parameter, unit)
    g = scenario.ground
    if g.electricity_price_usd_per_j is not None:
        values["electricity_usd_per_kwh"] = g.electricity_price_usd_per_j * 3.6e6
    if g.pue is not None:
        values["pue"] = g.pue
    if g.wue_m3_per_j is not None:
        values["wue_l_per_kwh"] = g.wue_m3_per_j * 1e3 * 3.6e6
    if g.carbon_intensity_kg_per_j is not None:
        values["grid_kg_co2_per_kwh"] = g.carbon_intensity_kg_per_j * 3.6e6
    return econ.GroundParameters(**values)


def _launch_plan(scenario: Scenario, catalog: Catalog, result: Design, vehicle: CatalogEntry) -> econ.LaunchPlan:
    defaults = catalog.entry("costs", LAUNCH_DEFAULT, f"catalog.costs.{LAUNCH_DEFAULT}")
    launch = scenario.launch
    cadence = (
        launch.launches_per_year
        or vehicle.get("launches_per_year", "1/yr")
        or defaults.to("max_launches_per_year", "1/yr")
    )
    start_year = scenario.scenario.start.year + (scenario.scenario.start.timetuple().tm_yday - 1) / 365.25
    price = result.fleet.launch_price_usd_per_kg
    annual_change = 0.0
    learning_rate = 0.0
    reference_mass = np.inf
    industry_rate = 0.0
    if launch.price_model == "trend":
        trend = {k: defaults.to(f"trend_{k}", u) for k, u in (
            ("base_price_usd_per_kg", "USD/kg"), ("base_year", ""), ("decline_fraction", ""), ("period_years", "yr"))}  # fmt: skip
        annual_change = float(econ.annual_change_from_trend(trend["decline_fraction"], trend["period_years"]))
        if launch.price_usd_per_kg is None:
            price = float(
                econ.trend_launch_price_usd_per_kg(
                    start_year,
                    trend["base_price_usd_per_kg"],
                    trend["base_year"],
                    trend["decline_fraction"],
                    trend["period_years"],
                )
            )
    elif launch.price_model == "wright":
        learning_rate = launch.learning_rate if launch.learning_rate is not None else defaults.to("learning_rate", "")
        assert launch.cumulative_mass_at_start_kg is not None  # checked by the scenario model
        reference_mass = launch.cumulative_mass_at_start_kg
        industry_rate = (launch.industry_mass_per_year_kg_per_s or 0.0) * JULIAN_YEAR_S
    bill_full = launch.price_usd_per_kg is None and not vehicle.has("price_per_kg") and launch.price_model == "fixed"
    return econ.LaunchPlan(
        payload_kg=result.fleet.payload_per_launch_kg,
        price_usd_per_kg=price,
        max_launches_per_year=cadence,
        price_annual_change_fraction=annual_change,
        learning_rate=learning_rate,
        reference_cumulative_mass_kg=reference_mass,
        industry_mass_kg_per_year=industry_rate,
        bill_full_vehicle=bill_full,
    )


def _workload(scenario: Scenario, accelerator: CatalogEntry) -> econ.Workload:
    training = scenario.workload.training
    inference = scenario.workload.inference
    parameter = (
        training.peak_flops_parameter if training else (inference.peak_flops_parameter if inference else "bf16_dense")
    )
    peak = accelerator.to(parameter, "FLOPS")
    # MFU of the training job; Llama 3 405B: 38–43% BF16 on H100 (Dubey et al. 2024, Table 4) by default.
    mfu = training.mfu if training else 0.38
    return econ.Workload(peak_flops_per_accelerator=peak, model_flops_utilization=mfu)


def economic_inputs(
    scenario: Scenario, result: Design | None = None, orbit_availability: float | None = None
) -> EconomicInputs:
    """Gather the comparison's inputs for ``scenario`` (scalars).

    Parameters
    ----------
    scenario
        The validated scenario.
    result
        Its static design (computed when not given).
    orbit_availability
        Fraction of accelerator-hours delivered in orbit, from a simulation; default from the design:
        the compute kept running in eclipse, ``f_e + (1 - f_e) × sunlit fraction``.
    """
    result = result or design(scenario)
    catalog = scenario.resolved_catalog()
    accelerator = catalog.entry("accelerators", scenario.satellite.accelerator, "satellite.accelerator")
    vehicle = catalog.entry("launch_vehicles", scenario.launch.vehicle, "launch.vehicle")
    worst_eclipse_s = result.orbit.max_eclipse_min * 60.0
    # the design's orbit: the shortest period of the fleet and its longest eclipse (see design.survey_orbit)
    sizing = sizing_inputs(scenario, accelerator, result.orbit.period_min * 60.0, worst_eclipse_s)
    orbit_values = _cost_fields(catalog, ORBIT_DEFAULT, econ.OrbitParameters)
    orbit_values["design_life_years"] = scenario.satellite.design_life_s / JULIAN_YEAR_S
    finance_values = _cost_fields(catalog, FINANCE_DEFAULT, econ.Finance)
    if scenario.finance.discount_rate is not None:
        finance_values["discount_rate"] = scenario.finance.discount_rate
    finance_values["horizon_years"] = (scenario.finance.horizon_s or scenario.satellite.design_life_s) / JULIAN_YEAR_S
    if orbit_availability is None:
        f_e = scenario.satellite.power.eclipse_load_fraction
        orbit_availability = f_e + (1.0 - f_e) * result.orbit.sunlit_fraction
    return EconomicInputs(
        sizing=sizing,
        n_satellites=scenario.fleet.satellites,
        ground_stations=scenario.fleet.ground_stations,
        orbit_availability=orbit_availability,
        ground_availability=GROUND_FACILITY_AVAILABILITY,
        orbit=econ.OrbitParameters(**orbit_values),
        ground=_ground_parameters(scenario, catalog),
        launch=_launch_plan(scenario, catalog, result, vehicle),
        workload=_workload(scenario, accelerator),
        finance=econ.Finance(
            discount_rate=finance_values["discount_rate"], horizon_years=finance_values["horizon_years"]
        ),
        assembled_in_orbit=scenario.satellite.assembled_in_orbit,
    )


def evaluate(inputs: EconomicInputs) -> Evaluation:
    """Size the satellite and cost orbit and ground for every sample of ``inputs`` (vectorised)."""
    size = size_satellite(inputs.sizing)
    n_sat = np.asarray(inputs.n_satellites, dtype=float)
    accelerators = np.asarray(inputs.sizing.accelerators, dtype=float)
    # A satellite assembled in orbit flies as k launch-sized modules, each with 1/k of everything.
    modules = np.ones(())
    if inputs.assembled_in_orbit:
        payload = np.asarray(inputs.launch.payload_kg, dtype=float)
        modules = np.maximum(np.ceil(size.total_mass_kg / payload), 1.0)
    orbit_design = econ.OrbitDesign(
        n_satellites=n_sat * modules,
        accelerators_per_satellite=accelerators / modules,
        satellite_mass_kg=size.total_mass_kg / modules,
        it_mass_kg=size.compute_mass_kg / modules,
        it_power_w=size.it_power_w / modules,
        array_power_w=size.array_power_bol_w / modules,
        radiator_area_m2=size.radiator_area_m2 / modules,
        battery_energy_wh=size.battery_energy_j / 3600.0 / modules,
        availability=inputs.orbit_availability,
        ground_stations=inputs.ground_stations,
    )
    ground_design = econ.GroundDesign(
        n_accelerators=n_sat * accelerators,
        it_power_w=n_sat * size.it_power_w,
        availability=inputs.ground_availability,
    )
    return Evaluation(
        satellite_mass_kg=size.total_mass_kg,
        it_power_w=size.it_power_w,
        orbit=econ.orbit_costs(orbit_design, inputs.orbit, inputs.launch, inputs.workload, inputs.finance),
        ground=econ.ground_costs(ground_design, inputs.ground, inputs.workload, inputs.finance),
    )


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
        fleet_it_w = self.design.fleet.it_power_mw * 1e6
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


def compare(scenario: Scenario, result: Design | None = None, orbit_availability: float | None = None) -> Comparison:
    """Cost the scenario in orbit and on the ground; see :func:`economic_inputs` for the arguments."""
    result = result or design(scenario)
    if not result.feasibility.ok:
        raise SkyrackInputError(
            "scenario", scenario.scenario.name, "the design is not feasible, so it has no cost: "
            + "; ".join(result.feasibility.problems)
        )  # fmt: skip
    inputs = economic_inputs(scenario, result, orbit_availability)
    return Comparison(scenario.scenario.name, inputs, evaluate(inputs), result)
