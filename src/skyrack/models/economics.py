"""The cost side as parameters in SI-like cost units: the ground twin's site, the cost defaults of both sides,
finance, and the work a GPU-hour is worth.

Precedence of values, lowest first (one rule for every cost key, tested for each in tests/test_compare.py):

1. the shipped ``*-default`` rows of ``costs.csv``;
2. the shipped ground site (``ground_sites.csv``: electricity price, PUE, WUE, carbon intensity, building cost) and
   the shipped accelerator (``accelerators.csv``: ``server_price``, the server price per accelerator, which both
   sides pay for the same accelerators);
3. the scenario's ``[catalog.costs.*]`` overrides, then its ``[catalog.ground_sites.*]`` and
   ``[catalog.accelerators.*]`` overrides (an explicit value always beats a shipped one; the site or the
   accelerator, being more specific, beats the cost default when both are given);
4. the scenario's own keys (``[ground]``, ``[finance]``, ``[launch]``, ``satellite.design_life``).

Built once (:func:`cost_model`) and read by :mod:`skyrack.chain.compare`.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass
from typing import Any, Final

from numpy.typing import ArrayLike

from skyrack import economics as econ
from skyrack.catalog import RANGE_SUFFIXES, Catalog, CatalogEntry, did_you_mean
from skyrack.constants import JULIAN_YEAR_S
from skyrack.errors import SkyrackInputError, SkyrackInputErrors, SkyrackWarning
from skyrack.models.launch import LAUNCH_DEFAULT
from skyrack.models.satellite import Accelerator
from skyrack.physics.sizing import SizingInputs
from skyrack.scenario import Scenario

# Availability of a Tier III data centre, 99.982% (Uptime Institute, Tier Standard: Topology, 2018).
GROUND_FACILITY_AVAILABILITY: Final = 0.99982

# Model FLOPs utilisation when the scenario runs no training job: Llama 3 405B reached 38–43% BF16 MFU on
# H100 (Dubey et al. 2024, Table 4).
DEFAULT_MFU: Final = 0.38

# Catalog names of the cost default rows (catalog/data/costs.csv).
FINANCE_DEFAULT, ORBIT_DEFAULT, GROUND_DEFAULT = "finance-default", "orbit-default", "ground-default"

# Catalog name of the on-site generation figures (catalog/data/race.csv).
ONSITE_GAS: Final = "ground-ramp"

# Ground-site catalog parameters → GroundParameters fields (unit the field expects).
_SITE_TO_GROUND: Final = {
    "electricity_price": ("electricity_usd_per_kwh", "USD/kWh"),
    "pue": ("pue", ""),
    "wue": ("wue_l_per_kwh", "L/kWh"),
    "carbon_intensity": ("grid_kg_co2_per_kwh", "kg/kWh"),
    "capex_per_mw": ("building_usd_per_w", "USD/W"),
}

# 1 kWh = 3.6e6 J; 1 m³ = 1e3 L.
_J_PER_KWH: Final = 3.6e6
_L_PER_M3: Final = 1e3


@dataclass(frozen=True)
class CostModel:
    """Every cost parameter of both sides, resolved."""

    orbit: econ.OrbitParameters
    ground: econ.GroundParameters
    finance: econ.Finance
    workload: econ.Workload
    ground_availability: float


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


# Cost keys the scenario decides: an override of one in [catalog.costs.*] would be silently ignored (the shipped
# design_life_years row documents the 5-year default; the satellite's design_life is what is used).
_MOVED_COST_KEYS: Final = {
    "spares_fraction": "fleet.sparing ('in-orbit' sizes the spares from the failure rate over the design life)",
    "design_life_years": "satellite.design_life",
    "horizon_years": "finance.horizon (the default horizon is the satellite's design life)",
    "price_usd_per_kg": "launch.price (the default is the vehicle's catalog price)",
    "sso_payload_fraction": "catalog.launch_vehicles.sso-penalty.payload_fraction_sso_vs_leo",
}


def _check_cost_keys(catalog: Catalog) -> None:
    """Every parameter of the cost default rows fills a field; refuse one that would be silently ignored."""
    problems: list[SkyrackInputError] = []
    for name in (FINANCE_DEFAULT, LAUNCH_DEFAULT, ORBIT_DEFAULT, GROUND_DEFAULT):
        entry = catalog.entry("costs", name, f"catalog.costs.{name}")
        for parameter, value in entry.values.items():
            where = f"catalog.costs.{name}.{parameter}"
            if parameter in _MOVED_COST_KEYS and value.status == "scenario":
                problems.append(
                    SkyrackInputError(where, None, f"not a cost default; set {_MOVED_COST_KEYS[parameter]}")
                )
            elif parameter.endswith(RANGE_SUFFIXES) and parameter.rsplit("_", 1)[0] in econ.COST_PARAMETER_UNITS:
                continue  # the range of an estimate (CatalogEntry.estimate_range)
            elif parameter not in econ.COST_PARAMETER_UNITS:
                hint = did_you_mean(parameter, list(econ.COST_PARAMETER_UNITS))
                problems.append(SkyrackInputError(where, None, f"unknown cost parameter{hint}; it would be ignored"))
    if problems:
        raise SkyrackInputErrors(problems)


def _cost_fields(catalog: Catalog, name: str, cls: type[Any]) -> dict[str, float]:
    entry = catalog.entry("costs", name, f"catalog.costs.{name}")
    return {
        f.name: entry.to(f.name, econ.COST_PARAMETER_UNITS[f.name])
        for f in dataclasses.fields(cls)
        if f.name in econ.COST_PARAMETER_UNITS and entry.has(f.name)
    }


def _with_server_price(values: dict[str, float], catalog: Catalog, name: str, accelerator: CatalogEntry) -> None:
    """Put the accelerator's own ``server_price`` in ``values`` unless the cost row ``name`` was set explicitly and
    the accelerator's was not (the precedence above)."""
    field_name = "server_usd_per_accelerator"
    if not accelerator.has("server_price"):
        return
    cost_given = catalog.entry("costs", name, f"catalog.costs.{name}").given(field_name)
    if accelerator.given("server_price") or not cost_given:
        values[field_name] = accelerator.to("server_price", "USD")


def ground_parameters(scenario: Scenario, catalog: Catalog) -> econ.GroundParameters:
    """The ground twin's parameters: cost defaults, then the site's and the accelerator's catalog entries, then
    ``[ground]``."""
    values = _cost_fields(catalog, GROUND_DEFAULT, econ.GroundParameters)
    accelerator = catalog.entry("accelerators", scenario.satellite.accelerator, "satellite.accelerator")
    _with_server_price(values, catalog, GROUND_DEFAULT, accelerator)
    defaults = catalog.entry("costs", GROUND_DEFAULT, f"catalog.costs.{GROUND_DEFAULT}")
    site = catalog.entry("ground_sites", scenario.ground.site, "ground.site")
    for parameter, (field_name, unit) in _SITE_TO_GROUND.items():
        if not site.has(parameter):
            continue
        site_given = site.values[parameter].status == "scenario"
        default_given = defaults.has(field_name) and defaults.values[field_name].status == "scenario"
        if site_given or not default_given:  # a shipped site value does not beat an explicit cost override
            values[field_name] = site.to(parameter, unit)
    g = scenario.ground
    if g.electricity_price_usd_per_j is not None:
        values["electricity_usd_per_kwh"] = g.electricity_price_usd_per_j * _J_PER_KWH
    if g.pue is not None:
        values["pue"] = g.pue
    if g.wue_m3_per_j is not None:
        values["wue_l_per_kwh"] = g.wue_m3_per_j * _L_PER_M3 * _J_PER_KWH
    if g.carbon_intensity_kg_per_j is not None:
        values["grid_kg_co2_per_kwh"] = g.carbon_intensity_kg_per_j * _J_PER_KWH
    if g.power == "onsite-gas":
        # combined-cycle turbines at the fence: the fuel is the energy price, the turbines (sized for the site's
        # whole draw, IT x PUE; no spare unit counted) join the building's capital and its life
        if g.electricity_price_usd_per_j is not None or g.carbon_intensity_kg_per_j is not None:
            warnings.warn(
                SkyrackWarning(
                    "ground.power = 'onsite-gas': the fuel sets the energy price and the carbon intensity; the "
                    "scenario's ground.electricity_price and ground.carbon_intensity are not used"
                ),
                stacklevel=2,
            )
        gas = catalog.entry("race", ONSITE_GAS, "ground.power")
        heat_rate = gas.to("heat_rate", "")  # J of fuel per J of electricity
        values["electricity_usd_per_kwh"] = heat_rate * gas.to("gas_price", "USD/kWh")
        values["grid_kg_co2_per_kwh"] = heat_rate * gas.to("gas_co2", "kg/kWh")
        values["building_usd_per_w"] += gas.to("turbine_capex", "USD/W") * values["pue"]
    return econ.GroundParameters(**values)


def work_value(scenario: Scenario, accelerator: Accelerator) -> econ.Workload:
    """Peak FLOP/s and MFU of the work the GPU-hours do (the training job's, else the inference job's precision)."""
    training, inference = scenario.workload.training, scenario.workload.inference
    parameter = (
        training.peak_flops_parameter if training else (inference.peak_flops_parameter if inference else "bf16_dense")
    )
    mfu = training.mfu if training else DEFAULT_MFU
    return econ.Workload(peak_flops_per_accelerator=accelerator.peak_flops(parameter), model_flops_utilization=mfu)


def cost_model(
    scenario: Scenario,
    catalog: Catalog,
    accelerator: Accelerator,
    accelerator_failures_per_s: float,
    terminals: tuple[int, float] | None = None,
    downlink_terminal_usd: float = 0.0,
    transit_usd_per_gpu_hour: float = 0.0,
) -> CostModel:
    """Resolve every cost parameter of ``scenario`` against ``catalog``. ``accelerator_failures_per_s`` is the
    permanent failure rate of one accelerator (the radiation model's), which both sides bear: the orbit loses
    the accelerators (availability), the ground replaces them (hardware cost). ``terminals``: the optical
    terminals per satellite the network sizes and their unit price (NaN: the cost row's), which replace the cost
    row's unless the scenario set those keys; ``downlink_terminal_usd`` the space-to-ground terminals of one
    satellite; ``transit_usd_per_gpu_hour`` the terrestrial transit of the answers, which both sides pay."""
    _check_cost_keys(catalog)
    orbit_values = _cost_fields(catalog, ORBIT_DEFAULT, econ.OrbitParameters)
    if terminals is not None:
        row = catalog.entry("costs", ORBIT_DEFAULT, f"catalog.costs.{ORBIT_DEFAULT}")
        count, price = terminals
        if not row.given("optical_terminals_per_satellite"):
            orbit_values["optical_terminals_per_satellite"] = float(count)
        if price == price and not row.given("optical_terminal_usd"):
            orbit_values["optical_terminal_usd"] = price
    orbit_values["downlink_terminal_usd"] = downlink_terminal_usd
    orbit_values["design_life_years"] = scenario.satellite.design_life_s / JULIAN_YEAR_S
    orbit_values["sparing_in_orbit"] = 1.0 if scenario.fleet.sparing == "in-orbit" else 0.0
    _with_server_price(orbit_values, catalog, ORBIT_DEFAULT, accelerator.entry)
    finance_values = _cost_fields(catalog, FINANCE_DEFAULT, econ.Finance)
    if scenario.finance.discount_rate is not None:
        finance_values["discount_rate"] = scenario.finance.discount_rate
    horizon_s = scenario.finance.horizon_s or scenario.satellite.design_life_s
    return CostModel(
        orbit=econ.OrbitParameters(**orbit_values),
        ground=dataclasses.replace(
            ground_parameters(scenario, catalog), hardware_failure_rate=accelerator_failures_per_s * JULIAN_YEAR_S
        ),
        finance=econ.Finance(
            discount_rate=finance_values["discount_rate"],
            horizon_years=horizon_s / JULIAN_YEAR_S,
            same_in_service_date=scenario.finance.framing == "same-in-service-date",
        ),
        workload=dataclasses.replace(
            work_value(scenario, accelerator), transit_usd_per_gpu_hour=transit_usd_per_gpu_hour
        ),
        ground_availability=GROUND_FACILITY_AVAILABILITY,
    )


__all__ = [
    "DEFAULT_MFU",
    "FINANCE_DEFAULT",
    "GROUND_DEFAULT",
    "GROUND_FACILITY_AVAILABILITY",
    "ORBIT_DEFAULT",
    "CostModel",
    "EconomicInputs",
    "cost_model",
    "ground_parameters",
    "work_value",
]
