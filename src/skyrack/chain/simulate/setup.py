"""The simulator's setup: the compiled loop's parameters packed once from the models and the design."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import numpy as np
from numpy.typing import NDArray

from skyrack.astro.geometry import orbit_normal_eci
from skyrack.astro.sun import sun_position_eci_m
from skyrack.astro.time import datetime_to_jd_utc, gmst_rad, julian_date_utc
from skyrack.chain.simulate import loop as lp
from skyrack.errors import SkyrackInputError
from skyrack.models import Models, build_models
from skyrack.physics.radiation import KIND_HBM, KIND_HOST, KIND_PERMANENT, KIND_SDC, KIND_SEFI, N_KINDS, FaultRates

if TYPE_CHECKING:
    from skyrack.results.design import Design
    from skyrack.scenario import Scenario

# Sampling of the Sun's position, interpolated to the steps: the direction moves ~0.04°/h, so linear
# interpolation over an hour errs by ~(ω Δt)² / 8 ≈ 6e-8 rad — far below what the shadow edge or the
# irradiance can resolve — and saves the precession matrices of every step.
SUN_SAMPLE_S: Final = 3600.0

# Columns of the per-satellite orbit table (SimulationSetup.orbit, the loop's ``orb``).
ORB_U0, ORB_U_DOT, ORB_RAAN0, ORB_RAAN_DOT, ORB_COS_I, ORB_SIN_I, ORB_RADIUS, ORB_NORMAL_SIGN = range(8)

_POINTING: Final = {"sun-tracking": 0.0, "orbit-normal": 1.0, "zenith": 2.0}


@dataclass(frozen=True)
class SimulationSetup:
    """Everything the loop needs, derived once from the models and the design (useful to inspect)."""

    steps: int
    dt_s: float
    satellites: int
    accelerators: int
    accelerator_power_w: float  # with its host share
    peak_flops: float  # of the training job's precision (inference's when there is no training job), else 0
    dose_rate_gy_per_s: float
    tid_tolerance_gy: float
    fault_rates: FaultRates
    mtbf_job_s: float
    checkpoint_time_s: float
    checkpoint_interval_s: float
    params: NDArray[np.void]  # the loop's parameter record, shape (1,), dtype loop.PARAMETERS_DTYPE
    orbit: NDArray[np.float64]
    radiator_area_m2: float
    array_area_m2: float
    radius_m: float  # the fleet's mean orbit radius [m]; each satellite's is orbit[:, ORB_RADIUS]
    battery_capacity_j: float
    profile: NDArray[np.float64]  # 24 hourly inference demand factors
    # the dose and single-event shape along the orbit (models.radiation.OrbitShape; zeros when even) and the
    # rates the candidate fault events are drawn at (the single-event ones × the shape's maximum, then thinned)
    saa_grids: NDArray[np.float64] = field(default_factory=lambda: np.zeros((2, 37, 37)))
    candidate_rates: FaultRates | None = None


def _orbit_table(models: Models) -> NDArray[np.float64]:
    """Per-satellite orbit table (N, 8): u₀, u̇, Ω₀, Ω̇ [rad, rad/s], cos i, sin i, radius a [m] and the side of
    the orbit plane an orbit-normal array faces (±1: the side the Sun is on at the start) (columns ``ORB_*``)."""
    fo = models.orbits
    if not np.all(np.isfinite(fo.inclination_rad)):
        raise SkyrackInputError(
            "orbit.altitude", f"{float(np.min(fo.altitude_m)) / 1e3:g} km", "no sun-synchronous orbit exists this high"
        )
    orb = np.empty((fo.count, 8))
    orb[:, ORB_U0] = fo.arg_latitude0_rad
    orb[:, ORB_U_DOT] = fo.arg_latitude_dot_rad_per_s
    orb[:, ORB_RAAN0] = fo.raan0_rad
    orb[:, ORB_RAAN_DOT] = fo.raan_dot_rad_per_s
    orb[:, ORB_COS_I] = np.cos(fo.inclination_rad)
    orb[:, ORB_SIN_I] = np.sin(fo.inclination_rad)
    orb[:, ORB_RADIUS] = fo.semi_major_axis_m
    s0 = sun_position_eci_m(julian_date_utc(models.start, 0.0))
    h = orbit_normal_eci(fo.raan0_rad, fo.inclination_rad)  # (N, 3)
    orb[:, ORB_NORMAL_SIGN] = np.where(h @ s0 >= 0.0, 1.0, -1.0)
    return orb


def prepare(scenario: Scenario | Models, design: Design) -> SimulationSetup:
    """Pack the loop's parameters from the models and ``design`` (array, battery and radiator as designed)."""
    models = build_models(scenario)
    sat, ops, work = models.satellite, models.operations, models.work
    power, radiator, chips = sat.power, sat.radiator, sat.chips
    n_sat, n_acc, dt = models.n_satellites, sat.accelerators, models.step_s
    steps = max(1, math.ceil(models.duration_s / dt - 1e-9))
    p_one = sat.accelerator_power_with_host_w
    orb = _orbit_table(models)
    for k in ops.record_satellites:
        if k >= n_sat:
            raise SkyrackInputError(
                "simulation.record_satellites", k, f"no such satellite; the fleet has {n_sat} (0 to {n_sat - 1})"
            )

    # --- designed hardware
    sd = design.satellite
    if not (math.isfinite(sd.radiator_area_m2) and sd.radiator_area_m2 > 0):
        raise SkyrackInputError(
            "satellite.thermal.radiator_temperature",
            f"{radiator.temperature_k - 273.15:g} degC",
            "the design has no working radiator at this temperature (see `skyrack design`); fix that first",
        )
    capacity_j = sd.battery_energy_j
    floor_j = (1.0 - power.depth_of_discharge) * capacity_j

    # --- radiation and the job's mean time between interruptions
    rad = models.radiation
    slots = rad.rates.slots(n_acc)
    interrupting = [KIND_HBM, KIND_SEFI, KIND_HOST, KIND_PERMANENT] + ([KIND_SDC] if rad.sdc_interrupts else [])
    fleet_interrupt_rate = n_sat * float(sum(rad.rates.per_slot_per_s[k] * slots[k] for k in interrupting))
    mtbf = math.inf if fleet_interrupt_rate <= 0 else 1.0 / fleet_interrupt_rate

    params = lp.new_parameters()
    p = params[0]
    p["dt_s"] = dt
    p["sun_table_step_s"] = SUN_SAMPLE_S
    p["sun_distance_variation"] = 1.0 if ops.sun_distance_variation else 0.0
    p["pointing"] = _POINTING[ops.array_pointing]
    start = models.start
    p["hour0_h"] = start.hour + start.minute / 60.0 + start.second / 3600.0
    p["solar_constant_w_per_m2"] = models.solar_constant_w_per_m2
    p["array_area_m2"] = sd.array_area_m2
    p["cell_efficiency"] = power.cell_efficiency
    p["packing_factor"] = power.packing_factor
    p["log_life_per_year"] = math.log(max(1e-300, 1.0 - power.degradation_per_year))
    p["cell_temperature_coefficient_per_k"] = power.cell_temperature_coefficient_per_k
    p["cell_reference_temperature_k"] = power.cell_reference_temperature_k
    p["array_absorptivity"] = power.array_absorptivity
    p["array_emissivity"] = power.array_emissivity
    p["array_loss_per_gy"] = power.array_loss_per_gy
    p["battery_capacity_j"] = capacity_j
    p["battery_floor_j"] = floor_j
    p["battery_reserve_j"] = floor_j + ops.battery_reserve * (capacity_j - floor_j)
    # compute leaves the bus (and pump) enough above the floor to last the longest eclipse: shedding compute then
    # keeps the bus alive
    bus_eclipse_j = (
        (sat.bus_power_w + sd.pump_power_w) * design.orbit.max_eclipse_s / power.battery_discharge_efficiency
    )
    p["compute_floor_j"] = min(capacity_j, floor_j + bus_eclipse_j) if math.isfinite(bus_eclipse_j) else floor_j
    p["daylight_path_efficiency"] = power.daylight_path_efficiency
    p["charge_efficiency"] = power.battery_charge_efficiency
    p["discharge_efficiency"] = power.battery_discharge_efficiency
    p["bus_power_w"] = sat.bus_power_w + sd.pump_power_w  # the bus and the designed coolant pump, always on
    # fired in sunlight at the mean power over the orbit's sunlit fraction
    sunlit = design.orbit.sunlit_fraction
    p["propulsion_power_w"] = sd.propulsion_power_w / sunlit if sunlit > 0 else 0.0
    p["accelerators"] = n_acc
    p["accelerator_power_w"] = p_one
    p["radiator_area_m2"] = sd.radiator_area_m2
    p["radiator_emissivity"] = radiator.emissivity
    p["radiator_absorptivity"] = radiator.absorptivity
    p["radiator_absorptivity_rise_per_s"] = radiator.absorptivity_rise_per_year / (365.25 * 86400.0)
    p["earth_ir_absorptivity"] = radiator.earth_ir_absorptivity
    p["earth_view_factor"] = radiator.earth_view_factor
    p["albedo"] = radiator.albedo
    p["earth_temperature_k"] = radiator.earth_temperature_k
    p["radiating_sides"] = radiator.radiating_sides
    p["sunlit_sides"] = radiator.sunlit_sides
    p["chip_heat_capacity_j_per_k"] = n_acc * chips.heat_capacity_per_accelerator_j_per_k
    p["radiator_heat_capacity_j_per_k"] = sd.radiator_mass_kg * chips.structure_specific_heat_j_per_kg_k
    p["chip_conductance_w_per_k"] = n_acc * p_one / chips.temperature_rise_k
    p["chip_max_temperature_k"] = chips.max_temperature_k
    p["chip_min_temperature_k"] = chips.min_temperature_k
    # idle draw with its host share, on the same basis as the rated power (models.satellite)
    p["idle_power_w"] = sat.accelerator.idle_power_w * (1.0 + sat.host_overhead)
    p["dose_rate_gy_per_s"] = rad.dose_rate_gy_per_s
    p["tid_tolerance_gy"] = rad.tid_tolerance_gy
    p["accelerators_per_host"] = rad.rates.accelerators_per_host
    p["sdc_interrupts"] = 1.0 if rad.sdc_interrupts else 0.0
    shape = rad.shape
    saa_grids = np.zeros((2, 37, 37))
    candidates = rad.rates
    if shape is not None:
        p["saa"] = 1.0
        p["saa_w_proton"], p["saa_w_electron"], p["saa_w_even"] = shape.dose_weights
        p["see_w_proton"], p["see_w_even"] = shape.see_weights
        p["see_max"] = shape.see_max
        saa_grids = np.array(shape.grids, dtype=np.float64, order="C")  # a writable copy of the shared maps
        scale = np.ones(N_KINDS)
        scale[:KIND_PERMANENT] = shape.see_max  # single-event kinds; permanent failures do not follow the SAA
        candidates = FaultRates(rad.rates.per_slot_per_s * scale, rad.rates.accelerators_per_host)
    p["gmst0_rad"] = float(gmst_rad(datetime_to_jd_utc(models.start)))
    pause = ops.saa_pause_training_above
    p["saa_pause_above"] = 0.0 if pause is None or shape is None else pause
    profile = np.ones(24)
    if work.inference is not None:
        p["inference_tokens_per_accelerator_s"] = work.inference.tokens_per_second_per_accelerator
        p["inference_restart_s"] = work.inference.restart_time_s
        p["demand_tokens_per_s"] = work.inference.demand_tokens_per_s
        profile = np.asarray(work.inference.hourly_profile, dtype=np.float64)
    peak, ckpt_s, interval = 0.0, 0.0, math.inf
    tj = work.training
    if tj is not None:
        peak = tj.peak_flops_per_accelerator
        ckpt_s = tj.checkpoint_write_time_s
        interval = tj.checkpoint_interval_for(mtbf, dt)
        p["training_active"] = 1.0
        p["training_tokens_per_accelerator_s"] = tj.tokens_per_accelerator_s
        p["batch_tokens"] = tj.global_batch_tokens
        p["allreduce_s"] = tj.allreduce_time_s
        p["comm_overlap"] = tj.comm_overlap
        p["training_tokens"] = tj.tokens
        p["checkpoint_interval_s"] = interval if math.isfinite(interval) else 1e300
        p["checkpoint_write_s"] = ckpt_s
        p["restart_s"] = tj.restart_time_s
    elif work.inference is not None:
        peak = work.inference.peak_flops_per_accelerator
    return SimulationSetup(
        steps=steps,
        dt_s=dt,
        satellites=n_sat,
        accelerators=n_acc,
        accelerator_power_w=p_one,
        peak_flops=peak,
        dose_rate_gy_per_s=rad.dose_rate_gy_per_s,
        tid_tolerance_gy=rad.tid_tolerance_gy,
        fault_rates=rad.rates,
        mtbf_job_s=mtbf,
        checkpoint_time_s=ckpt_s,
        checkpoint_interval_s=interval,
        params=params,
        orbit=orb,
        radiator_area_m2=sd.radiator_area_m2,
        array_area_m2=sd.array_area_m2,
        radius_m=float(np.mean(orb[:, ORB_RADIUS])),
        battery_capacity_j=capacity_j,
        profile=profile,
        saa_grids=saa_grids,
        candidate_rates=candidates,
    )


__all__ = ["ORB_RADIUS", "SUN_SAMPLE_S", "SimulationSetup", "prepare"]
