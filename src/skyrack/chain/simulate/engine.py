"""``simulate(scenario)``: run the designed fleet through its scenario period, step by step.

Orchestration only: read the scenario, its design and the catalog; prepare the parameters of the compiled
loop (:mod:`skyrack.chain.simulate.loop`); run it chunk by chunk (at least a day, about 260,000 satellite-steps)
with the fault events drawn for each chunk; stream the per-satellite aggregates; keep the fleet series of
every step and the full series of a few chosen satellites. Memory is O(steps) for those series and
O(satellites) for the state, never O(satellites × steps). Deterministic for a given ``scenario.seed``: one
numpy Generator, seeded once, draws every fault in chunk order.

Model assumptions, step by step (each kernel's docstring has its equation and reference):

- Orbit: circular with J2 secular drift, each satellite on its own circle (:mod:`skyrack.models.orbits`): the one
  plane of an sso or circular orbit (``phasing``: together, or spread along the orbit), the planes and phases of
  a Walker constellation, or the circular equivalents of TLE element sets at the start (mean semi-major axis
  and plane, SGP4 phase; an approximation that drifts along the track over days but keeps the plane). Sun: Astronomical Almanac series sampled hourly, interpolated.
  Shadow: conical umbra and penumbra, spherical Earth without atmosphere. Geometry at step midpoints.
- Array: irradiance (solar constant × (1 au/r)² × visible Sun fraction × cos incidence for the pointing),
  packing, cell efficiency with its temperature coefficient at a quasi-steady cell temperature, and the life
  factor (1 − d)^t · (1 − k · dose). The array area is the design's.
- Battery: the design's capacity; array → loads through X_d, array → battery through X_d·η_c, battery →
  loads through η_d = n, with η_c = X_e / (X_d n) by default so that the simulated eclipse path equals the
  design's X_e (SMAD Eqs. 11-5, 11-6); depth-of-discharge floor; compute shed before the bus; surplus curtailed.
- Heat: two nodes (chips/cold plate, radiator). Accelerator and host power heat the chips; bus loads heat the
  radiator; conversion losses are left to the bus's own thermal control. The radiator absorbs sunlight on its
  ``sunlit_sides`` faces at normal incidence whenever lit (the design's worst case), albedo × cos ζ and Earth
  infrared with the scenario's view factor. No survival heaters: idle chips follow the radiator down.
- Radiation: an orbit-average dose rate (passes through the South Atlantic Anomaly are not resolved);
  single-event effects and permanent failures as Poisson processes on live accelerators (hosts for host
  crashes); silent data corruption counted but not detected unless ``radiation.sdc_interrupts``; at the
  total-dose tolerance every accelerator of the satellite fails.
- Work: one synchronous data-parallel training job over the fleet; an interrupting fault on an accelerator
  of the job rolls the whole job back to its last checkpoint. Inference is served before training; a fault
  on an inference accelerator costs it a restart time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
from numpy.typing import NDArray

from skyrack.astro.geometry import orbit_normal_eci
from skyrack.astro.orbits import propagate_circular_j2
from skyrack.astro.shadow import sun_visible_fraction
from skyrack.astro.sun import sun_position_eci_m
from skyrack.astro.time import julian_date_utc
from skyrack.chain.simulate import loop as lp
from skyrack.chain.simulate.scheduler import (
    POLICY_PYTHON,
    Allocation,
    BatteryAwareScheduler,
    GreedyScheduler,
    Scheduler,
    StepState,
    scheduler_by_name,
)
from skyrack.compute.training import J_FINISHED, J_SIZE, daly_interval_s, young_interval_s
from skyrack.constants import ASTRONOMICAL_UNIT_M, EARTH_EQUATORIAL_RADIUS_M
from skyrack.errors import SkyrackInputError
from skyrack.models.orbits import fleet_orbits
from skyrack.physics.radiation import (
    KIND_HBM,
    KIND_HOST,
    KIND_PERMANENT,
    KIND_SDC,
    KIND_SEFI,
    RAD_SI_GY,
    FaultRates,
    dose_table,
    draw_fault_events,
    fault_rates,
    interpolate_dose_rate_gy_per_s,
    saturation_shielding_m,
)
from skyrack.results.simulation import SimulationResult

if TYPE_CHECKING:
    from skyrack.chain.design import Design
    from skyrack.scenario import Scenario

#: Progress callback: (steps done, steps in all).
Progress = Callable[[int, int], None]

# Size of a chunk of the loop, in satellite-steps (at least a day of steps): large enough that the Python
# work per chunk (Sun interpolation, fault draws, progress) is small against the compiled loop, small enough
# to bound the per-chunk arrays (a few MB) and to report progress often.
CHUNK_SATELLITE_STEPS: Final = 1 << 18
CHUNK_MIN_S: Final = 86400.0
# Default chip limit: H100 SXM "GPU Max Operating Temp 87 C" (slowdown 89 C, shutdown 92 C) as reported by
# nvidia-smi -q on H100 80GB HBM3 (driver 550); used when neither the scenario nor the catalog gives one.
DEFAULT_CHIP_MAX_K: Final = 273.15 + 87.0
# Checkpoint bytes per parameter: fp32 master weights and Adam's two fp32 moments, K = 12 (Rajbhandari et al.,
# "ZeRO: Memory optimizations toward training trillion parameter models", SC 2020, §3.1).
CHECKPOINT_BYTES_PER_PARAMETER: Final = 12.0


@dataclass(frozen=True)
class SimulationSetup:
    """Everything the loop needs, derived once from the scenario and its design (useful to inspect)."""

    steps: int
    dt_s: float
    satellites: int
    accelerators: int
    accelerator_power_w: float
    peak_flops: float
    dose_rate_gy_per_s: float
    tid_tolerance_gy: float
    fault_rates: FaultRates
    mtbf_job_s: float
    checkpoint_time_s: float
    checkpoint_interval_s: float
    params: NDArray[np.float64]
    training: NDArray[np.float64]
    orbit: NDArray[np.float64]
    radiator_area_m2: float
    array_area_m2: float
    radius_m: float  # the fleet's mean orbit radius [m]; each satellite's is orbit[:, ORB_RADIUS]
    battery_capacity_j: float


# Columns of the per-satellite orbit table (SimulationSetup.orbit, the loop's ``orb``).
ORB_U0, ORB_U_DOT, ORB_RAAN0, ORB_RAAN_DOT, ORB_COS_I, ORB_SIN_I, ORB_RADIUS, ORB_NORMAL_SIGN = range(8)


def _orbit_arrays(scenario: Scenario) -> tuple[NDArray[np.float64], float, float]:
    """Per-satellite orbit table (N, 8): u₀, u̇, Ω₀, Ω̇ [rad, rad/s], cos i, sin i, radius a [m] and the side of
    the orbit plane an orbit-normal array faces (±1: the side the Sun is on at the start) (columns ``ORB_*``),
    from :func:`skyrack.models.orbits.fleet_orbits`; with the fleet's mean radius and inclination."""
    fo = fleet_orbits(scenario)
    if not np.all(np.isfinite(fo.inclination_rad)):
        raise SkyrackInputError(
            "orbit.altitude", scenario.orbit.altitude_m, "no sun-synchronous orbit exists this high"
        )
    orb = np.empty((fo.count, 8))
    orb[:, ORB_U0] = fo.arg_latitude0_rad
    orb[:, ORB_U_DOT] = fo.arg_latitude_dot_rad_per_s
    orb[:, ORB_RAAN0] = fo.raan0_rad
    orb[:, ORB_RAAN_DOT] = fo.raan_dot_rad_per_s
    orb[:, ORB_COS_I] = np.cos(fo.inclination_rad)
    orb[:, ORB_SIN_I] = np.sin(fo.inclination_rad)
    orb[:, ORB_RADIUS] = fo.semi_major_axis_m
    s0 = sun_position_eci_m(julian_date_utc(scenario.scenario.start, 0.0))
    h = orbit_normal_eci(fo.raan0_rad, fo.inclination_rad)  # (N, 3)
    orb[:, ORB_NORMAL_SIGN] = np.where(h @ s0 >= 0.0, 1.0, -1.0)
    return orb, float(np.mean(fo.semi_major_axis_m)), float(np.mean(fo.inclination_rad))


def prepare(scenario: Scenario, design: Design) -> SimulationSetup:
    """Derive the loop's parameters from ``scenario`` and ``design`` (array, battery and radiator as designed)."""
    catalog = scenario.resolved_catalog()
    info, sat, sim, rad, work = (
        scenario.scenario,
        scenario.satellite,
        scenario.simulation,
        scenario.radiation,
        scenario.workload,
    )
    power, thermal = sat.power, sat.thermal
    n_sat = scenario.fleet.satellites
    dt = info.step_s
    steps = max(1, math.ceil(info.duration_s / dt - 1e-9))
    accel = catalog.entry("accelerators", sat.accelerator, "satellite.accelerator")
    p_acc = accel.to("power", "W")
    p_one = p_acc * (1.0 + sat.host_overhead)
    n_acc = sat.accelerators
    orb, a_m, inc = _orbit_arrays(scenario)
    for k in sim.record_satellites:
        if k >= n_sat:
            raise SkyrackInputError(
                "simulation.record_satellites", k, f"no such satellite; the fleet has {n_sat} (0 to {n_sat - 1})"
            )

    # --- designed hardware
    sd = design.satellite
    array_area = sd.array_area_m2
    radiator_area = sd.radiator_area_m2
    if not (math.isfinite(radiator_area) and radiator_area > 0):
        raise SkyrackInputError(
            "satellite.thermal.radiator_temperature",
            thermal.radiator_temperature_k,
            "the design has no working radiator at this temperature (see `skyrack design`); fix that first",
        )
    capacity_j = sd.battery_energy_kwh * 3.6e6
    emin = (1.0 - power.depth_of_discharge) * capacity_j
    eta_d = power.battery_discharge_efficiency
    eta_c = sim.battery_charge_efficiency
    if eta_c is None:
        eta_c = min(1.0, power.eclipse_path_efficiency / (power.daylight_path_efficiency * eta_d))
    e_res = emin + sim.battery_reserve * (capacity_j - emin)

    # --- thermal network
    t_max = sim.chip_max_temperature_k
    if t_max is None:
        t_max = accel.get("max_temperature", "K", DEFAULT_CHIP_MAX_K)
    assert t_max is not None
    mass_per_acc = sat.compute_mass_per_accelerator_kg or accel.get("mass", "kg") or 123.2 / 8
    c_chip = n_acc * (
        sim.chip_heat_capacity_per_accelerator_j_per_k or mass_per_acc * sim.structure_specific_heat_j_per_kg_k
    )
    c_rad = sd.radiator_mass_kg * sim.structure_specific_heat_j_per_kg_k
    conductance = n_acc * p_one / sim.chip_temperature_rise_k

    # --- radiation
    entry_name = rad.catalog_entry or (
        sat.accelerator if sat.accelerator in catalog.names("radiation") else "default-accelerator"
    )
    see = catalog.entry("radiation", entry_name, "radiation.catalog_entry")
    if rad.dose_rate_gy_per_s is not None:
        dose_rate = rad.dose_rate_gy_per_s
    else:
        dose_rate = interpolate_dose_rate_gy_per_s(
            # the fleet's mean altitude and inclination (one dose rate for every satellite)
            dose_table(catalog),
            a_m - EARTH_EQUATORIAL_RADIUS_M,
            inc,
            rad.shielding_m,
            saturation_shielding_m(catalog),
        )
    tid = rad.tid_tolerance_gy if rad.tid_tolerance_gy is not None else see.to("tid_tolerance", "Gy")
    perm = (
        rad.permanent_failure_rate_per_s
        if rad.permanent_failure_rate_per_s is not None
        else see.to("permanent_failure_rate", "1/s")
    )
    aph = rad.accelerators_per_host or int(see.to("accelerators_per_host", ""))
    per_rad = {
        name: see.to(f"{name}_per_dose", "1/rad_Si")
        for name in ("silent_data_corruption", "hbm_uncorrectable", "functional_interrupt", "host_crash")
    }
    rates = fault_rates(dose_rate, per_rad, perm, aph)
    slots = rates.slots(n_acc)
    interrupting = [KIND_HBM, KIND_SEFI, KIND_HOST, KIND_PERMANENT] + ([KIND_SDC] if rad.sdc_interrupts else [])
    fleet_interrupt_rate = n_sat * float(sum(rates.per_slot_per_s[k] * slots[k] for k in interrupting))

    # --- workload
    tp = np.zeros(lp.T_SIZE)
    peak = 0.0
    mtbf = math.inf if fleet_interrupt_rate <= 0 else 1.0 / fleet_interrupt_rate
    ckpt_s = 0.0
    interval = math.inf
    if work.training is not None:
        tj = work.training
        peak = accel.to(tj.peak_flops_parameter, "FLOPS")
        replicas = tj.data_parallel_replicas or n_sat
        size = tj.checkpoint_size_bytes or CHECKPOINT_BYTES_PER_PARAMETER * tj.parameters
        ckpt_s = size / (tj.checkpoint_write_bandwidth_bytes_per_s * n_sat)
        if tj.checkpoint_interval_s is not None:
            interval = tj.checkpoint_interval_s
        elif math.isfinite(mtbf):
            formula = daly_interval_s if tj.checkpoint_formula == "daly" else young_interval_s
            interval = max(formula(ckpt_s, mtbf), dt / 100.0)
        tp[lp.T_ACTIVE] = 1.0
        tp[lp.T_TOKENS_PER_ACC_S] = peak * tj.mfu / (6.0 * tj.parameters)
        tp[lp.T_BATCH] = tj.global_batch_tokens
        grad_bytes = tj.gradient_bytes_per_parameter * tj.parameters
        tp[lp.T_COMM_S] = (
            0.0 if replicas <= 1 else 2.0 * (replicas - 1) / replicas * 8.0 * grad_bytes / tj.isl_capacity_bit_per_s
        )
        tp[lp.T_OVERLAP] = tj.comm_overlap
        tp[lp.T_TOTAL] = tj.tokens
        tp[lp.T_INTERVAL] = interval if math.isfinite(interval) else 1e300
        tp[lp.T_CKPT_S] = ckpt_s
        tp[lp.T_RESTART_S] = tj.restart_time_s

    p = np.zeros(lp.P_SIZE)
    p[lp.P_DT] = dt
    p[lp.P_RADIUS] = a_m
    p[lp.P_S0] = scenario.environment.solar_constant_w_per_m2
    p[lp.P_ARRAY_AREA] = array_area
    p[lp.P_ETA0] = power.cell_efficiency
    p[lp.P_PACK] = power.packing_factor
    p[lp.P_LOG_LIFE_PER_YR] = math.log(max(1e-300, 1.0 - power.degradation_per_year))
    p[lp.P_BETA] = sim.cell_temperature_coefficient_per_k
    p[lp.P_TREF] = sim.cell_reference_temperature_k
    p[lp.P_ALPHA_A] = sim.array_absorptivity
    p[lp.P_EPS_A] = sim.array_emissivity
    p[lp.P_LOSS_PER_GY] = sim.array_loss_per_krad / (1000.0 * RAD_SI_GY)
    p[lp.P_POINTING] = {"sun-tracking": 0.0, "orbit-normal": 1.0, "zenith": 2.0}[sim.array_pointing]
    p[lp.P_EMAX] = capacity_j
    p[lp.P_EMIN] = emin
    p[lp.P_XD] = power.daylight_path_efficiency
    p[lp.P_ETAC] = eta_c
    p[lp.P_ETAD] = eta_d
    p[lp.P_PBUS] = sat.bus_power_w
    p[lp.P_NACC] = n_acc
    p[lp.P_PONE] = p_one
    p[lp.P_RAD_AREA] = radiator_area
    p[lp.P_EPS_R] = thermal.emissivity
    p[lp.P_ALPHA_R] = thermal.absorptivity
    p[lp.P_ALPHA_IR] = thermal.emissivity if thermal.earth_ir_absorptivity is None else thermal.earth_ir_absorptivity
    p[lp.P_FE] = thermal.earth_view_factor
    p[lp.P_ALBEDO] = thermal.albedo
    p[lp.P_TEARTH] = thermal.earth_temperature_k
    p[lp.P_NR] = thermal.radiating_sides
    p[lp.P_NS] = thermal.sunlit_sides
    p[lp.P_CC] = c_chip
    p[lp.P_CR] = c_rad
    p[lp.P_G] = conductance
    p[lp.P_TMAX] = t_max
    p[lp.P_DOSE_RATE] = dose_rate
    p[lp.P_TID] = tid
    p[lp.P_ERES] = e_res
    p[lp.P_APH] = aph
    inference = work.inference
    if inference is not None:
        p[lp.P_TPS] = inference.tokens_per_second_per_accelerator
        p[lp.P_INF_RESTART] = work.training.restart_time_s if work.training is not None else 600.0
        p[lp.P_DEMAND_TPS] = np.inf if inference.demand_tokens_per_s is None else inference.demand_tokens_per_s
    p[lp.P_SDC_INT] = 1.0 if rad.sdc_interrupts else 0.0
    # orbit-normal pointing: the array faces the side of the orbit plane the Sun is on at the start (per
    # satellite in orb[:, ORB_NORMAL_SIGN]; here the first satellite's, kept for readers of the parameters)
    p[lp.P_NORMAL_SIGN] = orb[0, ORB_NORMAL_SIGN]
    return SimulationSetup(
        steps=steps,
        dt_s=dt,
        satellites=n_sat,
        accelerators=n_acc,
        accelerator_power_w=p_one,
        peak_flops=peak,
        dose_rate_gy_per_s=dose_rate,
        tid_tolerance_gy=tid,
        fault_rates=rates,
        mtbf_job_s=mtbf,
        checkpoint_time_s=ckpt_s,
        checkpoint_interval_s=interval,
        params=p,
        training=tp,
        orbit=orb,
        radiator_area_m2=radiator_area,
        array_area_m2=array_area,
        radius_m=a_m,
        battery_capacity_j=capacity_j,
    )


# Sampling of the Sun's position, interpolated to the steps: the direction moves ~0.04°/h, so linear
# interpolation over an hour errs by ~(ω Δt)² / 8 ≈ 6e-8 rad — far below what the shadow edge or the
# irradiance can resolve — and saves the precession matrices of every step.
SUN_SAMPLE_S: Final = 3600.0


def _sun_table(scenario: Scenario, duration_s: float) -> NDArray[np.float64]:
    """The Sun's geocentric position [m] every SUN_SAMPLE_S over the run (and one sample beyond)."""
    t = np.arange(0.0, duration_s + 2 * SUN_SAMPLE_S, SUN_SAMPLE_S)
    return np.ascontiguousarray(sun_position_eci_m(julian_date_utc(scenario.scenario.start, t)))


@dataclass(frozen=True)
class ChunkGeometry:
    """Orbit geometry of one chunk: satellites on the leading axis, steps last (step midpoints)."""

    sun_fraction: NDArray[np.float64]  # visible fraction of the solar disc (conical shadow)
    albedo_factor: NDArray[np.float64]  # cos of the solar zenith angle below the satellite, ≥ 0
    cos_incidence: NDArray[np.float64]  # cos of the Sun's incidence on the array, ≥ 0
    irradiance_w_per_m2: NDArray[np.float64]  # solar constant at the Sun's distance, per step
    hour: NDArray[np.int64]  # UTC hour of the step (demand profile)


def chunk_geometry(
    scenario: Scenario, setup: SimulationSetup, sun_table_m: NDArray[np.float64], t_mid_s: NDArray[np.float64]
) -> ChunkGeometry:
    """Positions (:func:`~skyrack.astro.orbits.propagate_circular_j2`), the Sun (hourly table, linear
    interpolation), the conical shadow (:func:`~skyrack.astro.shadow.sun_visible_fraction`), the albedo
    factor (cos ζ of :func:`~skyrack.astro.environment.plate_loads`) and the array's incidence for its pointing."""
    orb = setup.orbit
    radius = orb[:, ORB_RADIUS]
    r, _ = propagate_circular_j2(radius, np.arccos(orb[:, ORB_COS_I]), orb[:, ORB_RAAN0], orb[:, ORB_U0], t_mid_s)
    grid = np.arange(sun_table_m.shape[0]) * SUN_SAMPLE_S
    sun = np.stack([np.interp(t_mid_s, grid, sun_table_m[:, j]) for j in range(3)], axis=-1)
    dist = np.sqrt(np.sum(sun * sun, axis=-1))
    sun_hat = sun / dist[:, None]
    nu = sun_visible_fraction(r, sun)
    r_hat_dot_s = np.einsum("stk,tk->st", r, sun_hat) / radius[:, None]
    albedo = np.maximum(r_hat_dot_s, 0.0)
    pointing = scenario.simulation.array_pointing
    if pointing == "sun-tracking":
        cos_inc = np.ones_like(nu)
    elif pointing == "zenith":
        cos_inc = albedo
    else:  # orbit-normal: ĥ(t) = (sin i sin Ω, −sin i cos Ω, cos i), Ω drifting at the J2 rate
        raan = orb[:, 2:3] + orb[:, 3:4] * t_mid_s
        si, ci = orb[:, 5:6], orb[:, 4:5]
        h_dot_s = si * np.sin(raan) * sun_hat[:, 0] - si * np.cos(raan) * sun_hat[:, 1] + ci * sun_hat[:, 2]
        cos_inc = np.maximum(orb[:, ORB_NORMAL_SIGN, None] * h_dot_s, 0.0)
    if scenario.simulation.sun_distance_variation:
        irradiance = scenario.environment.solar_constant_w_per_m2 * (ASTRONOMICAL_UNIT_M / dist) ** 2
    else:
        irradiance = np.full(t_mid_s.shape, scenario.environment.solar_constant_w_per_m2)
    start = scenario.scenario.start
    hour0 = start.hour + start.minute / 60.0 + start.second / 3600.0
    hour = (np.floor(hour0 + t_mid_s / 3600.0).astype(np.int64)) % 24
    return ChunkGeometry(
        np.ascontiguousarray(nu, dtype=np.float64),
        np.ascontiguousarray(albedo),
        np.ascontiguousarray(cos_inc, dtype=np.float64),
        np.ascontiguousarray(irradiance, dtype=np.float64),
        hour,
    )


def simulate(
    scenario: Scenario,
    design: Design | None = None,
    progress: Progress | None = None,
    scheduler: Scheduler | None = None,
) -> SimulationResult:
    """Simulate the designed fleet of ``scenario`` over its period, every satellite at every step.

    Parameters
    ----------
    scenario
        The scenario; its ``[simulation]``, ``[radiation]`` and ``[workload]`` sections are optional.
    design
        The satellites to fly; default ``design(scenario)``. Pass another design to fly hardware sized for a
        different scenario (e.g. more accelerators on the same array).
    progress
        Called after each chunk (a day) with (steps done, steps in all).
    scheduler
        A :class:`~skyrack.chain.simulate.scheduler.Scheduler`; default the scenario's ``simulation.scheduler``.
        The built-in policies run compiled; another object is called from Python once a step.

    Returns
    -------
    SimulationResult
        Summary (``to_dict()``), fleet series for every step and full series of the recorded satellites.
    """
    if design is None:
        from skyrack.chain.design import design as make_design  # late import: design imports the scenario module

        design = make_design(scenario)
    setup = prepare(scenario, design)
    sched = scheduler if scheduler is not None else scheduler_by_name(scenario.simulation.scheduler)
    # the built-in policies run compiled; any other object (a subclass too, which may override allocate) is
    # called from Python once a step
    policy = POLICY_PYTHON
    if isinstance(sched, GreedyScheduler | BatteryAwareScheduler) and type(sched) in (
        GreedyScheduler,
        BatteryAwareScheduler,
    ):
        policy = sched.policy_code
    n_sat, steps, dt = setup.satellites, setup.steps, setup.dt_s
    p = setup.params
    rng = np.random.default_rng(scenario.scenario.seed)

    st = np.zeros((n_sat, lp.S_SIZE))
    st[:, lp.S_ENERGY] = scenario.simulation.initial_state_of_charge * setup.battery_capacity_j
    t_start = scenario.satellite.thermal.radiator_temperature_k
    st[:, lp.S_CHIP] = t_start
    st[:, lp.S_RAD] = t_start
    st[:, lp.S_ALIVE] = setup.accelerators
    acc = np.zeros((n_sat, lp.A_SIZE))
    for col, value in ((lp.A_CHIP_MIN, np.inf), (lp.A_RAD_MIN, np.inf), (lp.A_SOC_MIN, np.inf)):
        acc[:, col] = value
    job = np.zeros(J_SIZE)
    fs64 = np.zeros((steps, lp.E_SIZE))
    fs32 = np.zeros((steps, lp.F_SIZE), dtype=np.float32)
    rec_idx = np.asarray(scenario.simulation.record_satellites, dtype=np.int64)
    rec = np.zeros((steps, rec_idx.size, lp.R_SIZE), dtype=np.float32)
    profile = (
        np.asarray(scenario.workload.inference.hourly_profile, dtype=np.float64)
        if scenario.workload.inference is not None
        else np.ones(24)
    )
    given = np.zeros((n_sat, 3))
    caps = np.zeros((n_sat, lp.C_SIZE))
    chunk = max(int(CHUNK_MIN_S // dt), CHUNK_SATELLITE_STEPS // n_sat, 1)
    sun_table = _sun_table(scenario, steps * dt)
    start = scenario.scenario.start
    hour0 = start.hour + start.minute / 60.0 + start.second / 3600.0
    pointing = {"sun-tracking": 0, "orbit-normal": 1, "zenith": 2}[scenario.simulation.array_pointing]
    geo_args = (setup.orbit, sun_table, SUN_SAMPLE_S, scenario.simulation.sun_distance_variation,
                pointing, hour0)  # fmt: skip
    done = 0
    while done < steps:
        n = min(chunk, steps - done)
        t0 = done * dt
        ev = draw_fault_events(rng, setup.fault_rates, n_sat, setup.accelerators, n, dt)
        ev_step = ev.step + done
        if policy != POLICY_PYTHON:
            lp.run_chunk(done, n, t0, *geo_args, p, profile, setup.training, st, acc, job,
                        ev_step, ev.offset_s, ev.satellite, ev.kind, ev.u, 0, fs64, fs32, rec_idx, rec, policy,
                        given, caps, lp.MODE_RUN)  # fmt: skip
        else:
            ptr = 0
            for k in range(n):
                args = (*geo_args, p, profile,
                        setup.training, st, acc, job, ev_step, ev.offset_s, ev.satellite, ev.kind, ev.u)  # fmt: skip
                lp.run_chunk(
                    done + k, 1, t0 + k * dt, *args, ptr, fs64, fs32, rec_idx, rec, policy, given, caps, lp.MODE_CAPS
                )
                t_mid = t0 + (k + 0.5) * dt
                hour = math.floor(hour0 + t_mid / 3600.0) % 24
                allocation = sched.allocate(_step_state(setup, caps, t_mid, job, profile, hour))
                _fill_given(given, allocation)
                ptr = lp.run_chunk(done + k, 1, t0 + k * dt, *args, ptr, fs64, fs32, rec_idx, rec, policy, given, caps,
                                  lp.MODE_RUN)  # fmt: skip
        done += n
        if progress is not None:
            progress(done, steps)
    return SimulationResult.from_run(scenario, design, setup, st, acc, job, fs64, fs32, rec_idx, rec, sched.name)


def _step_state(
    setup: SimulationSetup,
    caps: NDArray[np.float64],
    t_mid: float,
    job: NDArray[np.float64],
    profile: NDArray[np.float64],
    hour: int,
) -> StepState:
    p = setup.params
    demand = 0.0
    if p[lp.P_DEMAND_TPS] > 0 and p[lp.P_TPS] > 0 and profile[hour] > 0:
        demand = float(p[lp.P_DEMAND_TPS] * profile[hour] / p[lp.P_TPS])
    return StepState(
        t_s=t_mid,
        accelerators_available=caps[:, lp.C_AVAIL].copy(),
        accelerator_power_w=setup.accelerator_power_w,
        power_available_w=caps[:, lp.C_PCAP].copy(),
        power_available_reserve_w=caps[:, lp.C_PCAP_RES].copy(),
        thermal_limit_w=caps[:, lp.C_QTH].copy(),
        state_of_charge=caps[:, lp.C_SOC].copy(),
        sun_fraction=caps[:, lp.C_SUN].copy(),
        chip_temperature_k=caps[:, lp.C_CHIP].copy(),
        radiator_temperature_k=caps[:, lp.C_RAD].copy(),
        inference_demand_accelerators=demand,
        training_active=bool(setup.training[lp.T_ACTIVE] > 0 and job[J_FINISHED] == 0),
    )


def _fill_given(given: NDArray[np.float64], allocation: Allocation) -> None:
    given[:, 0] = np.asarray(allocation.inference, dtype=np.float64)
    given[:, 1] = np.asarray(allocation.training, dtype=np.float64)
    given[:, 2] = np.asarray(allocation.clock, dtype=np.float64)


__all__ = ["ChunkGeometry", "Progress", "SimulationSetup", "chunk_geometry", "prepare", "simulate"]
