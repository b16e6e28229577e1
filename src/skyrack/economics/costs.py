"""Cost roll-up of an orbital AI data centre and of its ground twin, levelised per GPU-hour, MWh, exaFLOP.

Pure, vectorised kernels. Inputs are small frozen dataclasses whose fields are floats or numpy arrays
that broadcast against each other, so one call evaluates one scenario or 10^5-10^6 Monte Carlo samples.
Per-year flows put the year on a new last axis.

Conventions
-----------
* Money in US dollars, real (inflation-free); discount rates are real annual fractions.
* Yearly periods ``[k, k+1)`` after the project start, cut at the horizon; every flow of a period is
  placed at its middle (mid-year convention) for discounting.
* Levelised cost = present value of all costs, less the discounted straight-line book value of assets
  still in service at the horizon (when ``Finance.credit_residual_value``), divided by the present value
  of the output: :math:`LC = (\\sum_k C_k d_k - B_H d_H) / \\sum_k Q_k d_k`.
* Carbon and water are physical totals over the horizon, not discounted.

References
----------
.. [1] Short, W., Packey, D. J., Holt, T. (1995). NREL/TP-462-5173, §4 (levelised cost).
.. [2] Suncatcher: Beals, T. et al. (2025). Towards a future space-based, highly scalable AI
   infrastructure system design. arXiv 2511.19468, §2.4 (launched power price, $/kW/yr).
.. [3] The Green Grid (2010/2011). PUE and WUE metrics, white papers #22 and #35.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from skyrack.arrays import FloatArray, as_float
from skyrack.economics._types import (
    FLOP_PER_EXAFLOP,
    HOURS_PER_YEAR,
    L_PER_M3,
    SECONDS_PER_HOUR,
    WH_PER_MWH,
    safe_divide,
    year_edges,
    year_sum,
)
from skyrack.economics.finance import discount_factor
from skyrack.economics.launch import launch_price_by_year_usd_per_kg, launch_schedule

__all__ = [
    "CostSummary",
    "Finance",
    "GroundDesign",
    "GroundParameters",
    "LaunchPlan",
    "OrbitDesign",
    "OrbitParameters",
    "Workload",
    "energy_cost_usd_per_kw_year",
    "ground_costs",
    "launch_cost_usd_per_kw_year",
    "orbit_costs",
    "satellite_unit_cost_usd",
    "usd_per_used_unit",
]

_W_PER_KW = 1000.0  # exact
_COUNT_EPS = 1e-9  # slack for ceil of float counts


# --------------------------------------------------------------------------------------------------
# Published one-line checks
# --------------------------------------------------------------------------------------------------


def usd_per_used_unit(
    usd_per_available_unit: ArrayLike, available_units: ArrayLike, demanded_units: ArrayLike
) -> FloatArray:
    r"""Levelised cost per unit of work actually used, when the work needs fewer units than are available [USD].

    .. math:: c_{used} = c_{avail} \, \frac{U_{avail}}{\min(U_{avail}, U_{demand})}

    with the used units spread over the horizon like the available ones (so the discounting of both is the
    same). The same demand applies to both sides, so the ratio of orbit to ground per used unit is the ratio
    of their present costs. ``demanded_units = inf`` (unlimited work) gives the cost per available unit.
    """
    avail = as_float(available_units)
    used = np.minimum(avail, as_float(demanded_units))
    return as_float(as_float(usd_per_available_unit) * safe_divide(avail, used))


def energy_cost_usd_per_kw_year(
    electricity_price_usd_per_kwh: ArrayLike, pue: ArrayLike, hours_per_year: ArrayLike = HOURS_PER_YEAR
) -> FloatArray:
    r"""Yearly electricity spend per kW of IT load run continuously on the ground.

    .. math:: E = p_{el} \cdot \mathrm{PUE} \cdot 8760\ \mathrm{h}

    Parameters
    ----------
    electricity_price_usd_per_kwh : array_like
        Electricity price [USD/kWh].
    pue : array_like
        Power usage effectiveness [-] (facility energy / IT energy).
    hours_per_year : array_like, optional
        Hours of operation per year [h]; default 8760.

    Returns
    -------
    numpy.ndarray
        Energy spend [USD per kW of IT per year]; $0.06/kWh at PUE 1.09 gives $573,
        $0.25/kWh at PUE 1.4 gives $3,066 (Suncatcher arXiv 2511.19468, §2.4).

    References
    ----------
    The Green Grid (2010), PUE white paper #22; Suncatcher, arXiv 2511.19468, §2.4.
    """
    return as_float(as_float(electricity_price_usd_per_kwh) * as_float(pue) * as_float(hours_per_year))


def launch_cost_usd_per_kw_year(
    launch_price_usd_per_kg: ArrayLike, specific_power_w_per_kg: ArrayLike, life_years: ArrayLike
) -> FloatArray:
    r"""Launch cost of orbital power, amortised without discounting over the satellite life.

    .. math:: c = \frac{p_{launch}}{(P/m)\, T_{life}} \cdot 1000\ \mathrm{W/kW}

    Parameters
    ----------
    launch_price_usd_per_kg : array_like
        Launch price [USD/kg].
    specific_power_w_per_kg : array_like
        Satellite power per launched mass [W/kg].
    life_years : array_like
        Amortisation life [year].

    Returns
    -------
    numpy.ndarray
        Launch cost [USD per kW per year]; a 575 kg, 28.3 kW satellite over 5 years gives ~$810 at
        $200/kg and ~$14,700 at $3,600/kg (Suncatcher arXiv 2511.19468, §2.4).

    References
    ----------
    Suncatcher, arXiv 2511.19468, §2.4 ("launched power price").
    """
    per_w_year = safe_divide(launch_price_usd_per_kg, as_float(specific_power_w_per_kg) * as_float(life_years))
    return as_float(per_w_year * _W_PER_KW)


# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finance:
    """Financial assumptions shared by both sides.

    Attributes
    ----------
    discount_rate : array_like
        Real discount rate per year [-] (0.07 = 7 %).
    horizon_years : array_like
        Analysis horizon from the project start [year].
    credit_residual_value : bool
        Credit the straight-line book value of assets still in service at the horizon.
    same_in_service_date : bool
        Time framing. True (the default): both sides enter service at t = 0 and are costed over the same
        horizon of service; what a side spends before (the ground's construction) is carried forward to t = 0 at
        the discount rate ("construction financing", interest during construction). False: both sides start
        spending at t = 0, and the ground serves only after its construction time.
    """

    discount_rate: ArrayLike
    horizon_years: ArrayLike
    credit_residual_value: bool = True
    same_in_service_date: bool = True


@dataclass(frozen=True)
class Workload:
    """The work both sides run.

    Attributes
    ----------
    peak_flops_per_accelerator : array_like
        Peak dense throughput of one accelerator at the workload's precision [FLOP/s].
    model_flops_utilization : array_like
        Useful fraction of peak while delivering a GPU-hour [-] (MFU).
    it_load_factor : array_like
        Mean IT power drawn while in service as a fraction of nameplate IT power [-]; default 1
        (servers at full power whenever in service).
    transit_usd_per_gpu_hour : array_like
        Terrestrial transit for the answers one available GPU-hour delivers to the users [USD], paid alike by both
        sides (the data centre's uplink; the ground stations' backhaul); default 0.
    """

    peak_flops_per_accelerator: ArrayLike
    model_flops_utilization: ArrayLike
    it_load_factor: ArrayLike = 1.0
    transit_usd_per_gpu_hour: ArrayLike = 0.0


@dataclass(frozen=True)
class OrbitDesign:
    """What the static design (or the simulator) says about the fleet; per-satellite unless noted.

    Attributes
    ----------
    n_satellites : array_like
        Operational satellites (in-orbit spares are added by ``OrbitParameters.sparing_in_orbit``) [-].
    accelerators_per_satellite : array_like
        Accelerators (GPUs/TPUs) per satellite [-].
    satellite_mass_kg : array_like
        Launch (wet) mass of one satellite [kg].
    it_mass_kg : array_like
        Mass of the server hardware in it, priced per accelerator rather than per kg of bus [kg].
    it_power_w : array_like
        Nameplate IT power of one satellite (accelerators and server overhead) [W].
    array_power_w : array_like
        Beginning-of-life solar-array power [W].
    radiator_area_m2 : array_like
        Radiator area [m^2].
    battery_energy_wh : array_like
        Battery capacity [Wh].
    availability : array_like
        Fraction of accelerator-hours in orbit delivered as useful service [-] (eclipse throttling,
        radiation upsets and repair; from the design, or delivered/ideal from the simulator).
    satellite_volume_m3 : array_like
        Stowed volume [m^3]; 0 (default) ignores the fairing volume limit.
    ground_stations : array_like
        Ground stations built for the constellation [-]; default 0.
    comms_mass_kg : array_like
        Mass of the network terminals in it, priced per terminal rather than per kg of bus [kg]; default 0.
    """

    n_satellites: ArrayLike
    accelerators_per_satellite: ArrayLike
    satellite_mass_kg: ArrayLike
    it_mass_kg: ArrayLike
    it_power_w: ArrayLike
    array_power_w: ArrayLike
    radiator_area_m2: ArrayLike
    battery_energy_wh: ArrayLike
    availability: ArrayLike
    satellite_volume_m3: ArrayLike = 0.0
    ground_stations: ArrayLike = 0.0
    comms_mass_kg: ArrayLike = 0.0


@dataclass(frozen=True)
class OrbitParameters:
    """Cost and reliability assumptions of the orbital side (catalog ``costs.csv``, ``orbit-default``).

    Attributes
    ----------
    server_usd_per_accelerator : array_like
        Server hardware per accelerator, accelerator included [USD].
    bus_usd_per_kg : array_like
        Satellite bus per kg of non-IT launch mass [USD/kg].
    bus_usd_per_w : array_like
        Satellite bus per W of array power, for a $/W basis [USD/W] (0 when priced per kg).
    array_usd_per_w : array_like
        Solar array per W (BOL) beyond the bus price [USD/W].
    radiator_usd_per_m2 : array_like
        Radiator per m^2 beyond the bus price [USD/m^2].
    battery_usd_per_wh : array_like
        Battery per Wh beyond the bus price [USD/Wh].
    integration_fraction : array_like
        Assembly, integration and test as a fraction of satellite hardware [-].
    optical_terminal_usd : array_like
        One optical (laser) inter-satellite terminal [USD].
    ground_station_usd : array_like
        One ground station [USD].
    operations_fraction_per_year : array_like
        Operations per year as a fraction of the initial system capex [1/year].
    insurance_fraction : array_like
        Launch-plus-one-year insurance premium as a fraction of launch + satellite value [-].
    sparing_in_orbit : array_like
        Sparing policy [0 or 1]: 1 carries dark spares in orbit from the start, as many as the failures expected
        over the design life (or the horizon, if shorter), :math:`N (1 - e^{-\\lambda \\min(L, H)})`, and
        launches no replacements for failures; 0 carries no spares and replaces each failed satellite by launch.
        Never both (issue #11: 20 % spares and replacement launches at once made every orbit item 21 % dearer).
    development_usd : array_like
        Non-recurring engineering, fixed part [USD].
    deorbit_usd_per_satellite : array_like
        End-of-life disposal per satellite beyond the bus price [USD].
    design_life_years : array_like
        Satellite design life; satellites are replaced when they reach it [year].
    annual_failure_rate : array_like
        Constant failure hazard per satellite [1/year].
    launch_co2_kg_per_kg : array_like
        CO2 per kg of vehicle payload capacity flown [kg/kg].
    optical_terminals_per_satellite : array_like
        Optical terminals on each satellite [-]; default 1.
    development_usd_per_w : array_like
        Non-recurring engineering per W of the fleet's IT power (operational satellites) [USD/W]; default 0.
    downlink_terminal_usd : array_like
        The space-to-ground terminals on one satellite [USD] (the network's); default 0.
    production_lead_time_years : array_like
        Time from the start of a satellite's production to its launch [year]; its cost is spent evenly over that
        time, so it is carried to the launch at the discount rate (capex item ``production_financing``), and under
        ``same-start`` framing the first launch waits for the first satellites. The servers are bought at
        integration (as on the ground at installation) and carry none of it. Default 0.
    """

    server_usd_per_accelerator: ArrayLike
    bus_usd_per_kg: ArrayLike
    bus_usd_per_w: ArrayLike
    array_usd_per_w: ArrayLike
    radiator_usd_per_m2: ArrayLike
    battery_usd_per_wh: ArrayLike
    integration_fraction: ArrayLike
    optical_terminal_usd: ArrayLike
    ground_station_usd: ArrayLike
    operations_fraction_per_year: ArrayLike
    insurance_fraction: ArrayLike
    sparing_in_orbit: ArrayLike
    development_usd: ArrayLike
    deorbit_usd_per_satellite: ArrayLike
    design_life_years: ArrayLike
    annual_failure_rate: ArrayLike
    launch_co2_kg_per_kg: ArrayLike
    production_lead_time_years: ArrayLike = 0.0
    optical_terminals_per_satellite: ArrayLike = 1.0
    development_usd_per_w: ArrayLike = 0.0
    downlink_terminal_usd: ArrayLike = 0.0


@dataclass(frozen=True)
class LaunchPlan:
    """The vehicle and the launch price model.

    Attributes
    ----------
    payload_kg : array_like
        Vehicle payload to the target orbit [kg] (``launch.payload_to_orbit_kg``).
    price_usd_per_kg : array_like
        Launch price at the project start [USD/kg].
    max_launches_per_year : array_like
        Cadence limit available to the project [1/year].
    fairing_volume_m3 : array_like
        Usable fairing volume [m^3]; ``inf`` (default) when not limiting.
    price_annual_change_fraction : array_like
        Annual fractional price change (published trend) [1/year]; default 0.
    learning_rate : array_like
        Wright learning rate on cumulative launched mass [-]; default 0 (no learning).
    reference_cumulative_mass_kg : array_like
        Industry cumulative launched mass at the project start [kg]; needed when learning.
    industry_mass_kg_per_year : array_like
        Mass launched per year by everyone else, adding to the cumulative mass [kg/year]; default 0.
    bill_full_vehicle : array_like of bool
        Pay for the whole payload capacity of every launch (dedicated) rather than for the mass
        flown (rideshare / $/kg); default False.
    first_launch_years : array_like
        Time of the first launch after the project start [year]; default 0.
    """

    payload_kg: ArrayLike
    price_usd_per_kg: ArrayLike
    max_launches_per_year: ArrayLike
    fairing_volume_m3: ArrayLike = np.inf
    price_annual_change_fraction: ArrayLike = 0.0
    learning_rate: ArrayLike = 0.0
    reference_cumulative_mass_kg: ArrayLike = np.inf
    industry_mass_kg_per_year: ArrayLike = 0.0
    bill_full_vehicle: ArrayLike = False
    first_launch_years: ArrayLike = 0.0


@dataclass(frozen=True)
class GroundDesign:
    """The ground twin: the same accelerators and IT load on a ground site.

    Attributes
    ----------
    n_accelerators : array_like
        Accelerators [-].
    it_power_w : array_like
        Nameplate IT power of the whole site (accelerators and server overhead) [W].
    availability : array_like
        Fraction of accelerator-hours delivered as useful service [-].
    """

    n_accelerators: ArrayLike
    it_power_w: ArrayLike
    availability: ArrayLike


@dataclass(frozen=True)
class GroundParameters:
    """Cost assumptions of the ground site (catalog ``costs.csv``, ``ground-default``).

    Attributes
    ----------
    building_usd_per_w : array_like
        Building (shell, power and cooling) per W of IT capacity [USD/W] (= M$/MW).
    building_life_years : array_like
        Depreciation life of the building [year].
    server_usd_per_accelerator : array_like
        Server hardware per accelerator, accelerator included [USD].
    networking_fraction : array_like
        Cluster networking as a fraction of server cost [-].
    server_life_years : array_like
        Server depreciation life; servers are bought again when it ends [year].
    electricity_usd_per_kwh : array_like
        Electricity price [USD/kWh].
    pue : array_like
        Power usage effectiveness [-].
    wue_l_per_kwh : array_like
        Water usage effectiveness, site water per IT energy [L/kWh].
    water_usd_per_m3 : array_like
        Water price [USD/m^3].
    grid_kg_co2_per_kwh : array_like
        Grid carbon intensity [kg CO2/kWh].
    maintenance_fraction_per_year : array_like
        Facility maintenance per year as a fraction of building capex [1/year].
    time_to_build_years : array_like
        Construction time before the servers run [year].
    hardware_failure_rate : array_like
        Accelerators failing per year in service, each replaced at the server price per accelerator (on the ground
        a failed board is swapped within days, so the failures cost hardware, not availability) [1/year]; the
        model layer sets the same rate the orbit loses accelerators at.
    insurance_fraction_per_year : array_like
        Property insurance per year in service as a fraction of the replacement value of the building, the servers
        and their network [1/year]; default 0.
    operations_usd_per_w_year : array_like
        Operations staff per W of IT capacity per year in service [USD/W/year]; default 0.
    """

    building_usd_per_w: ArrayLike
    building_life_years: ArrayLike
    server_usd_per_accelerator: ArrayLike
    networking_fraction: ArrayLike
    server_life_years: ArrayLike
    electricity_usd_per_kwh: ArrayLike
    pue: ArrayLike
    wue_l_per_kwh: ArrayLike
    water_usd_per_m3: ArrayLike
    grid_kg_co2_per_kwh: ArrayLike
    maintenance_fraction_per_year: ArrayLike
    time_to_build_years: ArrayLike
    hardware_failure_rate: ArrayLike = 0.0
    insurance_fraction_per_year: ArrayLike = 0.0
    operations_usd_per_w_year: ArrayLike = 0.0


# --------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostSummary:
    """Costs and output of one side over the horizon; every array has the samples' broadcast shape.

    Attributes
    ----------
    capex_usd, opex_usd : numpy.ndarray
        Undiscounted capital and operating spending over the horizon [USD].
    pv_cost_usd : numpy.ndarray
        Present value of all costs net of the discounted residual value [USD].
    residual_value_usd : numpy.ndarray
        Straight-line book value of the assets at the horizon (undiscounted; 0 if not credited) [USD].
    gpu_hours, it_energy_mwh, useful_eflop : numpy.ndarray
        Delivered accelerator-hours [h], IT energy [MWh] and useful work [EFLOP] over the horizon.
    usd_per_gpu_hour, usd_per_mwh_it, usd_per_eflop : numpy.ndarray
        Levelised costs [USD/h], [USD/MWh], [USD/EFLOP].
    carbon_kg, carbon_kg_per_gpu_hour : numpy.ndarray
        CO2 over the horizon [kg] and per delivered GPU-hour [kg/h].
    water_m3 : numpy.ndarray
        Site water consumed [m^3].
    launches : numpy.ndarray
        Launches flown within the horizon [-] (0 on the ground).
    energy_cost_usd_per_kw_year : numpy.ndarray
        Purchased-energy spend per kW of IT per year [USD/kW/yr] (0 in orbit).
    lead_time_years : numpy.ndarray
        From the first spending to full capacity [year]: the ground's construction time; the orbit's production
        lead time plus the initial launch campaign.
    capex_by_year_usd, opex_by_year_usd, gpu_hours_by_year : numpy.ndarray
        Per-year flows, year on the last axis.
    capex_breakdown_usd, opex_breakdown_usd : Mapping[str, numpy.ndarray]
        Undiscounted totals per cost item [USD].
    """

    capex_usd: FloatArray
    opex_usd: FloatArray
    pv_cost_usd: FloatArray
    residual_value_usd: FloatArray
    gpu_hours: FloatArray
    it_energy_mwh: FloatArray
    useful_eflop: FloatArray
    usd_per_gpu_hour: FloatArray
    usd_per_mwh_it: FloatArray
    usd_per_eflop: FloatArray
    carbon_kg: FloatArray
    carbon_kg_per_gpu_hour: FloatArray
    water_m3: FloatArray
    launches: FloatArray
    energy_cost_usd_per_kw_year: FloatArray
    lead_time_years: FloatArray
    capex_by_year_usd: FloatArray
    opex_by_year_usd: FloatArray
    gpu_hours_by_year: FloatArray
    capex_breakdown_usd: Mapping[str, FloatArray] = field(default_factory=dict)
    opex_breakdown_usd: Mapping[str, FloatArray] = field(default_factory=dict)


@dataclass(frozen=True)
class _Flows:
    """Per-year flows of one side (year on the last axis) and per-sample totals, before discounting.

    Output is carried as one per-year *service* array (operational satellite-years, or years in service
    on the ground) and per-sample multipliers, so GPU-hours, MWh and EFLOP cost one array, not three.
    """

    t_mid: FloatArray
    capex_k: FloatArray
    opex_k: FloatArray
    capex_items: Mapping[str, FloatArray]
    opex_items: Mapping[str, FloatArray]
    residual: FloatArray
    service_k: FloatArray
    gpu_hours_per_service: FloatArray
    mwh_per_service: FloatArray
    carbon_kg: FloatArray
    water_m3: FloatArray
    launches: FloatArray
    energy_cost_per_kw_year: FloatArray
    lead_time_years: FloatArray


def _summarise(fl: _Flows, workload: Workload, finance: Finance) -> CostSummary:
    """Discount, levelise and total the flows of one side (shared by orbit and ground). The transit for the
    answers the GPU-hours deliver is added here, so that both sides pay it by one rule."""
    transit_k = as_float(
        as_float(workload.transit_usd_per_gpu_hour)[..., np.newaxis]
        * fl.service_k
        * as_float(fl.gpu_hours_per_service)[..., np.newaxis]
    )
    fl = dataclasses.replace(
        fl, opex_k=as_float(fl.opex_k + transit_k), opex_items={**fl.opex_items, "transit": year_sum(transit_k)}
    )
    rate = as_float(finance.discount_rate)
    d_k = discount_factor(rate[..., np.newaxis], fl.t_mid)
    residual = fl.residual if finance.credit_residual_value else np.zeros(())
    pv_cost = year_sum((fl.capex_k + fl.opex_k) * d_k) - residual * discount_factor(rate, finance.horizon_years)
    service = year_sum(fl.service_k)
    pv_service = year_sum(fl.service_k * d_k)
    gpu_h = fl.gpu_hours_per_service
    eflop_per_gpu_hour = (
        SECONDS_PER_HOUR
        * as_float(workload.peak_flops_per_accelerator)
        * as_float(workload.model_flops_utilization)
        / FLOP_PER_EXAFLOP
    )
    gpu_hours = service * gpu_h
    values: dict[str, FloatArray] = {
        "capex_usd": year_sum(fl.capex_k),
        "opex_usd": year_sum(fl.opex_k),
        "pv_cost_usd": as_float(pv_cost),
        "residual_value_usd": as_float(residual),
        "gpu_hours": gpu_hours,
        "it_energy_mwh": service * fl.mwh_per_service,
        "useful_eflop": gpu_hours * eflop_per_gpu_hour,
        "usd_per_gpu_hour": safe_divide(pv_cost, pv_service * gpu_h),
        "usd_per_mwh_it": safe_divide(pv_cost, pv_service * fl.mwh_per_service),
        "usd_per_eflop": safe_divide(pv_cost, pv_service * gpu_h * eflop_per_gpu_hour),
        "carbon_kg": fl.carbon_kg,
        "carbon_kg_per_gpu_hour": safe_divide(fl.carbon_kg, gpu_hours),
        "water_m3": fl.water_m3,
        "launches": fl.launches,
        "energy_cost_usd_per_kw_year": fl.energy_cost_per_kw_year,
        "lead_time_years": fl.lead_time_years,
    }
    shape = np.broadcast_shapes(*(v.shape for v in values.values()))
    out = {k: as_float(np.broadcast_to(v, shape)) for k, v in values.items()}
    yshape = shape + fl.t_mid.shape[-1:]

    def per_sample(items: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
        return {k: as_float(np.broadcast_to(v, shape)) for k, v in items.items()}

    return CostSummary(
        **out,
        capex_by_year_usd=as_float(np.broadcast_to(fl.capex_k, yshape)),
        opex_by_year_usd=as_float(np.broadcast_to(fl.opex_k, yshape)),
        gpu_hours_by_year=as_float(np.broadcast_to(fl.service_k * gpu_h[..., np.newaxis], yshape)),
        capex_breakdown_usd=per_sample(fl.capex_items),
        opex_breakdown_usd=per_sample(fl.opex_items),
    )


def _book_fraction(horizon: FloatArray, t_mid: FloatArray, life_years: ArrayLike) -> FloatArray:
    r"""Straight-line book value left at the horizon per unit spent at ``t_mid`` <= horizon.

    .. math:: b = \min\left(\max\left(1 - (H - t)/L,\ 0\right),\ 1\right)

    (:func:`skyrack.economics.finance.book_value` with unit cost, written for speed on large arrays.)
    """
    with np.errstate(divide="ignore"):
        inv_life = 1.0 / as_float(life_years)[..., np.newaxis]
    frac = (t_mid - horizon[..., np.newaxis]) * inv_life
    frac += 1.0
    np.maximum(frac, 0.0, out=frac)
    np.minimum(frac, 1.0, out=frac)
    return as_float(frac)


# --------------------------------------------------------------------------------------------------
# Orbit
# --------------------------------------------------------------------------------------------------


def _satellite_parts_usd(design: OrbitDesign, params: OrbitParameters) -> dict[str, FloatArray]:
    """Cost of one satellite by item, before integration and disposal [USD]."""
    non_it_mass = np.maximum(
        as_float(design.satellite_mass_kg) - as_float(design.it_mass_kg) - as_float(design.comms_mass_kg), 0.0
    )
    array_w = as_float(design.array_power_w)
    return {
        "servers": as_float(design.accelerators_per_satellite) * as_float(params.server_usd_per_accelerator),
        "bus": as_float(non_it_mass * as_float(params.bus_usd_per_kg) + array_w * as_float(params.bus_usd_per_w)),
        "arrays": as_float(array_w * as_float(params.array_usd_per_w)),
        "radiators": as_float(as_float(design.radiator_area_m2) * as_float(params.radiator_usd_per_m2)),
        "batteries": as_float(as_float(design.battery_energy_wh) * as_float(params.battery_usd_per_wh)),
        "optical_terminals": as_float(
            as_float(params.optical_terminal_usd) * as_float(params.optical_terminals_per_satellite)
        ),
        "downlink_terminals": as_float(params.downlink_terminal_usd),
    }


def satellite_unit_cost_usd(design: OrbitDesign, params: OrbitParameters) -> FloatArray:
    r"""Recurring cost of one satellite.

    .. math:: c_{sat} = (1 + f_{I\&T}) \left(n_{acc} c_{srv} + (m - m_{IT}) c_{kg} + P_{arr}(c_{W,bus}
              + c_{W,arr}) + A_{rad} c_{m^2} + E_{bat} c_{Wh} + c_{term}\right) + c_{deorbit}

    Parameters
    ----------
    design : OrbitDesign
        Per-satellite quantities from the design.
    params : OrbitParameters
        Unit prices.

    Returns
    -------
    numpy.ndarray
        Cost of one satellite [USD].

    References
    ----------
    Starlink unit costs (Quilty via CNBC, parameters.md [S81]) for the whole-satellite $/kg basis.
    """
    parts = _satellite_parts_usd(design, params)
    hardware = as_float(sum(parts.values(), np.zeros(())))
    return as_float(
        hardware * (1.0 + as_float(params.integration_fraction)) + as_float(params.deorbit_usd_per_satellite)
    )


def orbit_costs(
    design: OrbitDesign,
    params: OrbitParameters,
    launch: LaunchPlan,
    workload: Workload,
    finance: Finance,
) -> CostSummary:
    r"""Capex, opex, output and levelised cost of an orbital data centre over the horizon.

    Per year :math:`k` (see :func:`skyrack.economics.launch.launch_schedule` for the fleet model):

    * satellites: :math:`N_{tot} = \lceil N(1 + f_{spare}) \rceil`, launched for the first deployment,
      end-of-life replacement and failure replacement, each at :func:`satellite_unit_cost_usd`; one sparing
      policy: in-orbit spares :math:`f_{spare} = \lambda \min(L, H)` and no failure replacement, or no
      spares and failures replaced by launch at the hazard :math:`\lambda`;
    * launch: price per kg in that year (trend and Wright factor, cumulative mass including this
      fleet's own launches) times the mass flown (or the full payload when ``bill_full_vehicle``);
    * insurance: :math:`f_{ins}` of launch + satellite value, paid when launched;
    * production financing: each satellite's cost is spent evenly over its production lead time :math:`T_p`
      before its launch, worth :math:`(1 + r)^{T_p/2}` of it at the launch (under ``same-start`` framing the
      first launch is at :math:`T_p`);
    * development and ground stations in year 0; operations
      :math:`f_{ops}\,(\text{initial system capex})` per year;
    * output: operational satellite-years :math:`\times` accelerators :math:`\times 8760` h
      :math:`\times` availability; IT energy from the IT power and load factor; useful FLOP from peak
      throughput and MFU; carbon from launches :math:`\times` payload capacity :math:`\times` CO2/kg.

    Parameters
    ----------
    design : OrbitDesign
        Fleet from the design or simulator.
    params : OrbitParameters
        Cost and reliability assumptions.
    launch : LaunchPlan
        Vehicle, cadence and price model.
    workload : Workload
        Throughput and load assumptions.
    finance : Finance
        Discount rate and horizon.

    Returns
    -------
    CostSummary
        Totals, levelised costs and breakdown; NaN for samples where a satellite does not fit.

    References
    ----------
    Suncatcher, arXiv 2511.19468, §2.4; Short et al. (1995), NREL/TP-462-5173.
    """
    horizon = as_float(finance.horizon_years)
    n_op = as_float(design.n_satellites)
    hazard = as_float(params.annual_failure_rate)
    in_orbit = as_float(params.sparing_in_orbit) > 0.0
    covered_years = np.minimum(as_float(params.design_life_years), horizon)
    spares = as_float(np.where(in_orbit, hazard * covered_years, 0.0))
    replaced_hazard = as_float(np.where(in_orbit, 0.0, hazard))
    n_total = as_float(np.ceil(n_op * (1.0 + spares) - _COUNT_EPS))
    mass = as_float(design.satellite_mass_kg)
    payload = as_float(launch.payload_kg)

    production_years = as_float(params.production_lead_time_years)
    # same in-service date: the first launch is the in-service date (production runs before it); same start:
    # production starts at t = 0 and the first launch waits for the first satellites
    first_launch = as_float(launch.first_launch_years) + (0.0 if finance.same_in_service_date else production_years)
    sched = launch_schedule(
        n_total,
        mass,
        payload,
        launch.max_launches_per_year,
        params.design_life_years,
        replaced_hazard,
        horizon,
        fairing_volume_m3=launch.fairing_volume_m3,
        satellite_volume_m3=design.satellite_volume_m3,
        first_launch_years=first_launch,
    )
    t_mid = as_float(0.5 * (sched.t_start_years + sched.t_end_years))
    dt = as_float(sched.t_end_years - sched.t_start_years)
    first_year = (np.arange(t_mid.shape[-1]) == 0).astype(np.float64)
    sats_k = sched.satellites_launched
    launches_k = sched.launches

    # launch spend, each launch priced in its year
    full = np.asarray(launch.bill_full_vehicle, dtype=bool)[..., np.newaxis]
    payload_k = payload[..., np.newaxis]
    mass_k = mass[..., np.newaxis]
    if np.any(full):
        billed_kg = as_float(np.where(full, launches_k * payload_k, sats_k * mass_k))
        billed_initial_kg = as_float(
            np.where(full, sched.launches_initial * payload_k, sched.satellites_initial * mass_k)
        )
    else:  # common case: pay for the mass flown; skip the element-wise selection
        billed_kg = as_float(sats_k * mass_k)
        billed_initial_kg = as_float(sched.satellites_initial * mass_k)
    lr = as_float(launch.learning_rate)
    g = as_float(launch.price_annual_change_fraction)
    p0 = as_float(launch.price_usd_per_kg)[..., np.newaxis]
    if np.any(lr != 0.0) or np.any(g != 0.0):
        own_mass_before_mid = np.cumsum(billed_kg, axis=-1) - 0.5 * billed_kg
        price_k = launch_price_by_year_usd_per_kg(
            p0,
            t_mid,
            annual_change_fraction=g[..., np.newaxis],
            learning_rate=lr[..., np.newaxis],
            reference_cumulative_mass_kg=as_float(launch.reference_cumulative_mass_kg)[..., np.newaxis],
            added_cumulative_mass_kg=as_float(launch.industry_mass_kg_per_year)[..., np.newaxis] * t_mid
            + own_mass_before_mid,
        )
    else:
        price_k = p0
    launch_k = as_float(price_k * billed_kg)

    # satellites and insurance
    parts = _satellite_parts_usd(design, params)
    hardware_unit = as_float(sum(parts.values(), np.zeros(())))
    unit = satellite_unit_cost_usd(design, params)
    f_ins = as_float(params.insurance_fraction)
    fleet_asset_k = (unit[..., np.newaxis] * sats_k + launch_k) * (1.0 + f_ins[..., np.newaxis])
    # a satellite's cost (but its servers, bought at integration) is spent evenly over its production time T_p
    # before launch: carried to the launch at the discount rate, the spending is worth (1 + r)^{T_p / 2} of it there
    carry = (1.0 + as_float(finance.discount_rate)) ** (0.5 * production_years) - 1.0
    produced = as_float(unit - parts["servers"])
    financing_k = as_float(produced[..., np.newaxis] * sats_k * carry[..., np.newaxis])
    development = as_float(
        as_float(params.development_usd) + as_float(params.development_usd_per_w) * n_op * as_float(design.it_power_w)
    )
    ground_segment = as_float(design.ground_stations) * as_float(params.ground_station_usd)
    capex_k = fleet_asset_k + financing_k + ((development + ground_segment)[..., np.newaxis] * first_year)

    sats_total = year_sum(sats_k)
    launch_total = year_sum(launch_k)
    capex_items: dict[str, FloatArray] = {name: as_float(v * sats_total) for name, v in parts.items()}
    capex_items["integration"] = as_float(hardware_unit * as_float(params.integration_fraction) * sats_total)
    capex_items["deorbit"] = as_float(as_float(params.deorbit_usd_per_satellite) * sats_total)
    capex_items["launch"] = launch_total
    capex_items["insurance"] = as_float(f_ins * (unit * sats_total + launch_total))
    capex_items["development"] = development
    capex_items["ground_segment"] = ground_segment
    capex_items["production_financing"] = year_sum(financing_k)

    initial_launch_spend = year_sum(price_k * billed_initial_kg)
    initial_system = unit * n_total + initial_launch_spend + ground_segment
    ops_per_year = as_float(params.operations_fraction_per_year) * initial_system
    opex_k = as_float(ops_per_year[..., np.newaxis] * dt)

    residual = year_sum(fleet_asset_k * _book_fraction(horizon, t_mid, params.design_life_years))

    op_share = safe_divide(n_op, n_total)
    service_k = as_float(sched.satellite_years * op_share[..., np.newaxis])
    return _summarise(
        _Flows(
            t_mid=t_mid,
            capex_k=as_float(capex_k),
            opex_k=opex_k,
            capex_items=capex_items,
            opex_items={"operations": year_sum(opex_k)},
            residual=residual,
            service_k=service_k,
            gpu_hours_per_service=as_float(
                as_float(design.accelerators_per_satellite) * HOURS_PER_YEAR * as_float(design.availability)
            ),
            mwh_per_service=as_float(
                as_float(design.it_power_w) * as_float(workload.it_load_factor) * HOURS_PER_YEAR / WH_PER_MWH
            ),
            carbon_kg=as_float(year_sum(launches_k) * payload * as_float(params.launch_co2_kg_per_kg)),
            water_m3=np.zeros(()),
            launches=year_sum(launches_k),
            energy_cost_per_kw_year=np.zeros(()),
            lead_time_years=as_float(production_years + sched.deployment_years),
        ),
        workload,
        finance,
    )


# --------------------------------------------------------------------------------------------------
# Ground
# --------------------------------------------------------------------------------------------------


def _events_before(t: FloatArray, first: FloatArray, period: FloatArray) -> FloatArray:
    """Number of events at ``first + j*period`` (j >= 0) strictly before ``t``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        n = np.ceil((t - first) / period - _COUNT_EPS)
    return as_float(np.where(t > first, np.maximum(n, 1.0), 0.0))


def ground_costs(design: GroundDesign, params: GroundParameters, workload: Workload, finance: Finance) -> CostSummary:
    r"""Capex, opex, output and levelised cost of the ground twin over the horizon.

    Per year :math:`k`:

    * building :math:`c_W P_{IT}`, spent evenly over the construction time :math:`T_b`: before the in-service
      date t = 0 and carried to it at the discount rate when ``finance.same_in_service_date`` (the default; the
      carrying cost is the capex item ``construction_financing``), else over ``[0, T_b]``;
    * servers :math:`n_{acc}\, c_{srv} (1 + f_{net})` at the in-service date and again every server life;
    * failed accelerators replaced at the server price, :math:`\lambda\, n_{acc}\, c_{srv}` per year in service;
    * from the in-service date: electricity :math:`E_{IT}\,\mathrm{PUE}\, p_{el}`, water
      :math:`E_{IT}\,\mathrm{WUE}\, p_{w}`, maintenance :math:`f_m` of the building per year,
      carbon :math:`E_{IT}\,\mathrm{PUE}\, g_{CO2}`, with :math:`E_{IT} = P_{IT}\,\ell\, 8760` h per year;
    * from the in-service date: property insurance :math:`f_{ins}` of the building, servers and network per year,
      and operations staff :math:`c_{ops} P_{IT}` per year;
    * output: accelerators :math:`\times 8760` h :math:`\times` availability per year in service.

    Parameters
    ----------
    design : GroundDesign
        Accelerators, IT load and availability.
    params : GroundParameters
        Site costs.
    workload : Workload
        Throughput and load assumptions.
    finance : Finance
        Discount rate and horizon.

    Returns
    -------
    CostSummary
        Totals, levelised costs and breakdown.

    References
    ----------
    Cushman & Wakefield (2025) Data Center Development Cost Guide ($/MW); The Green Grid PUE/WUE;
    Short et al. (1995), NREL/TP-462-5173.
    """
    horizon = as_float(finance.horizon_years)
    edges = year_edges(horizon)
    ts, te = edges[..., :-1], edges[..., 1:]
    t_mid = as_float(0.5 * (ts + te))
    lead_time = as_float(params.time_to_build_years)[..., np.newaxis]

    it_w = as_float(design.it_power_w)
    building = as_float(params.building_usd_per_w) * it_w
    first_year = (np.arange(t_mid.shape[-1]) == 0).astype(np.float64)
    financing_k = np.zeros_like(t_mid)
    if finance.same_in_service_date:
        # in service at t = 0; the construction, spent evenly over [-T_b, 0], is carried to t = 0 at the discount
        # rate: its value at the mid-point of year 0 (where year-0 flows are discounted) is
        # B (1 + r)^{T_b / 2 + 1/2} (the mid-point of the spending lies T_b / 2 before t = 0)
        t_build = np.zeros_like(lead_time)
        building_k = as_float(building[..., np.newaxis] * first_year)
        r = as_float(finance.discount_rate)[..., np.newaxis]
        carry = (1.0 + r) ** (0.5 * lead_time + 0.5) - 1.0
        financing_k = as_float(building[..., np.newaxis] * carry * first_year)
    else:
        t_build = lead_time
        built_by = np.diff(np.minimum(edges, t_build), axis=-1)  # construction time in each year
        build_share = np.where(t_build > 0.0, safe_divide(built_by, t_build), first_year)
        building_k = as_float(building[..., np.newaxis] * build_share)

    life_s = as_float(params.server_life_years)[..., np.newaxis]
    purchases = np.diff(_events_before(edges, t_build, life_s), axis=-1)
    server_set = as_float(design.n_accelerators) * as_float(params.server_usd_per_accelerator)
    servers_k = as_float(server_set[..., np.newaxis] * purchases)
    networking_k = as_float(servers_k * as_float(params.networking_fraction)[..., np.newaxis])
    capex_k = building_k + servers_k + networking_k + financing_k

    # years in service: the part of each year after construction
    in_service = as_float(np.diff(np.maximum(edges, t_build), axis=-1))
    in_service_years = year_sum(in_service)
    it_kwh_per_year = it_w / _W_PER_KW * as_float(workload.it_load_factor) * HOURS_PER_YEAR
    facility_kwh_per_year = it_kwh_per_year * as_float(params.pue)
    water_m3_per_year = it_kwh_per_year * as_float(params.wue_l_per_kwh) / L_PER_M3
    energy_per_year = facility_kwh_per_year * as_float(params.electricity_usd_per_kwh)
    water_per_year = water_m3_per_year * as_float(params.water_usd_per_m3)
    maintenance_per_year = as_float(params.maintenance_fraction_per_year) * building
    replacement_per_year = as_float(params.hardware_failure_rate) * server_set
    insured_value = building + server_set * (1.0 + as_float(params.networking_fraction))
    insurance_per_year = as_float(params.insurance_fraction_per_year) * insured_value
    staff_per_year = as_float(params.operations_usd_per_w_year) * it_w
    opex_per_year = (
        energy_per_year
        + water_per_year
        + maintenance_per_year
        + replacement_per_year
        + insurance_per_year
        + staff_per_year
    )
    opex_k = as_float(opex_per_year[..., np.newaxis] * in_service)

    residual = year_sum(
        building_k * _book_fraction(horizon, t_mid, params.building_life_years)
        + (servers_k + networking_k) * _book_fraction(horizon, t_mid, params.server_life_years)
    )
    return _summarise(
        _Flows(
            t_mid=t_mid,
            capex_k=capex_k,
            opex_k=opex_k,
            capex_items={
                "building": year_sum(building_k),
                "servers": year_sum(servers_k),
                "networking": year_sum(networking_k),
                "construction_financing": year_sum(financing_k),
            },
            opex_items={
                "energy": as_float(energy_per_year * in_service_years),
                "water": as_float(water_per_year * in_service_years),
                "maintenance": as_float(maintenance_per_year * in_service_years),
                "hardware_replacement": as_float(replacement_per_year * in_service_years),
                "insurance": as_float(insurance_per_year * in_service_years),
                "operations": as_float(staff_per_year * in_service_years),
            },
            residual=residual,
            service_k=in_service,
            gpu_hours_per_service=as_float(
                as_float(design.n_accelerators) * as_float(design.availability) * HOURS_PER_YEAR
            ),
            mwh_per_service=as_float(it_kwh_per_year / (WH_PER_MWH / _W_PER_KW)),
            carbon_kg=as_float(facility_kwh_per_year * as_float(params.grid_kg_co2_per_kwh) * in_service_years),
            water_m3=as_float(water_m3_per_year * in_service_years),
            launches=np.zeros(()),
            energy_cost_per_kw_year=energy_cost_usd_per_kw_year(params.electricity_usd_per_kwh, params.pue),
            lead_time_years=as_float(params.time_to_build_years),
        ),
        workload,
        finance,
    )
