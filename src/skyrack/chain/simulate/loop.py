"""The compiled time loop of the simulator (numba). Private: :mod:`skyrack.chain.simulate.engine` prepares its
inputs and reads its outputs; the physics is in :mod:`~skyrack.physics.operations` and
:mod:`~skyrack.compute.training`.

The orbit geometry is computed inside the loop with compiled scalar twins of the astro kernels (circular
orbit with J2 drift as :func:`skyrack.astro.orbits.propagate_circular_j2`, conical shadow as
:func:`skyrack.astro.shadow.sun_visible_fraction`, albedo factor cos ζ as
:func:`skyrack.astro.environment.plate_loads`): the vectorised numpy kernels would double the run time (they
materialise (satellites × steps × 3) arrays), and the tests check the twins against them.

Loop order per step: geometry and caps for every satellite → allocation (built-in policy, or one given by a
Python scheduler) → power flow, heat, dose for every satellite → fault events of the step → the fleet-wide
training job and inference → series rows. Satellites are the inner loop because the training job couples them.
"""

from __future__ import annotations

import math
from typing import Final, NamedTuple

import numba as nb
import numpy as np
from numpy.typing import NDArray

from skyrack._numba import FASTMATH as _FASTMATH
from skyrack.astro.twins_nb import circular_unit_position_nb, visible_sun_fraction_nb
from skyrack.chain.simulate.scheduler import POLICY_BATTERY_AWARE, POLICY_GREEDY, allocate_nb
from skyrack.compute.training import (
    J_COMMITTED,
    J_COMPUTE_SINCE,
    J_FINISHED,
    J_IDLE_S,
    J_PHASE,
    J_SINCE,
    advance_training_nb,
)
from skyrack.constants import (
    ASTRONOMICAL_UNIT_M,
    EARTH_ROTATION_RATE_RAD_PER_S,
    JULIAN_YEAR_S,
    STEFAN_BOLTZMANN_W_PER_M2_K4,
)
from skyrack.physics.operations import (
    array_power_nb,
    power_flow_nb,
    radiator_step_fixed_chip_nb,
    thermal_power_limit_nb,
    thermal_step_nb,
)
from skyrack.physics.radiation import MAP_LAT_STEP_DEG, MAP_LON_STEP_DEG

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
F32 = NDArray[np.float32]

# ---- the loop's parameters: one record (a numpy structured scalar), built by engine.loop_parameters from the
# models and the design; numba reads each field at a fixed offset, as fast as an array slot
PARAMETER_FIELDS: Final = (
    ("dt_s", "time step"),
    ("sun_table_step_s", "spacing of the Sun table"),
    ("sun_distance_variation", "1: scale the solar constant by (1 au / r)², 0: constant"),
    ("pointing", "array attitude: 0 sun-tracking, 1 orbit-normal, 2 zenith"),
    ("hour0_h", "UTC hour of day at the start"),
    ("gmst0_rad", "Greenwich mean sidereal time at the start"),
    ("saa", "1: dose and single-event rates follow the flux maps along the orbit"),
    ("saa_w_proton", "share of the dose that follows the proton map"),
    ("saa_w_electron", "share of the dose that follows the electron map"),
    ("saa_w_even", "share of the dose spread evenly (cosmic rays, solar events)"),
    ("see_w_proton", "share of the single-event dose that follows the proton map"),
    ("see_w_even", "share of the single-event dose spread evenly"),
    ("see_max", "largest single-event multiplier on the map (candidate events are drawn at it)"),
    ("saa_pause_above", "pause training where the single-event multiplier exceeds this; 0: never"),
    ("policy", "built-in scheduler: POLICY_GREEDY, POLICY_BATTERY_AWARE, or POLICY_PYTHON (given allocation)"),
    ("solar_constant_w_per_m2", "total solar irradiance at 1 au"),
    ("array_area_m2", "array area (the design's)"),
    ("cell_efficiency", "cell efficiency at the reference temperature, beginning of life"),
    ("packing_factor", "cell area / array area"),
    ("log_life_per_year", "ln(1 - degradation per year)"),
    ("cell_temperature_coefficient_per_k", "relative efficiency change per kelvin"),
    ("cell_reference_temperature_k", "temperature of the rated efficiency"),
    ("array_absorptivity", "solar absorptivity of the array"),
    ("array_emissivity", "infrared emissivity of each array face"),
    ("array_loss_per_gy", "extra fractional array loss per Gy of dose"),
    ("battery_capacity_j", "battery capacity (the design's)"),
    ("battery_floor_j", "depth-of-discharge floor"),
    ("battery_reserve_j", "battery-aware policy: level compute may not discharge below"),
    ("compute_floor_j", "level compute may not discharge below: the floor and the bus through the longest eclipse"),
    ("daylight_path_efficiency", "array to loads, X_d"),
    ("charge_efficiency", "bus to battery, eta_c"),
    ("discharge_efficiency", "battery to loads, n"),
    ("bus_power_w", "housekeeping load"),
    ("propulsion_power_w", "thrusters against drag in full sunlight (a load, not radiator heat)"),
    ("accelerators", "accelerators per satellite"),
    ("accelerator_power_w", "one accelerator with its host share"),
    ("radiator_area_m2", "radiator area (the design's)"),
    ("radiator_emissivity", "radiator infrared emissivity"),
    ("radiator_absorptivity", "radiator solar absorptivity at the start"),
    ("radiator_absorptivity_rise_per_s", "its rise with time in orbit"),
    ("earth_ir_absorptivity", "radiator absorptivity to Earth infrared"),
    ("earth_view_factor", "view factor of one radiator face to the Earth"),
    ("albedo", "Earth albedo"),
    ("earth_temperature_k", "Earth's effective radiating temperature"),
    ("radiating_sides", "radiator faces that radiate"),
    ("sunlit_sides", "radiator faces in full sunlight when lit"),
    ("chip_heat_capacity_j_per_k", "chips and cold plates of one satellite"),
    ("radiator_heat_capacity_j_per_k", "radiator of one satellite"),
    ("chip_conductance_w_per_k", "chips to radiator"),
    ("chip_max_temperature_k", "throttling limit"),
    ("chip_min_temperature_k", "survival minimum the heaters hold"),
    ("idle_power_w", "draw of one live accelerator that runs nothing"),
    ("dose_rate_gy_per_s", "dose rate at the accelerators"),
    ("tid_tolerance_gy", "total dose at which a satellite's accelerators fail"),
    ("accelerators_per_host", "accelerators sharing one host CPU"),
    ("inference_tokens_per_accelerator_s", "inference tokens per second of one accelerator at full clock"),
    ("inference_restart_s", "restart time of an inference accelerator after a fault"),
    ("sdc_interrupts", "1: a silent data corruption rolls the job back"),
    ("demand_tokens_per_s", "fleet inference demand at profile 1; inf = unlimited; 0 = no inference"),
    ("training_active", "1: a training job runs"),
    ("training_tokens_per_accelerator_s", "training tokens/s of one accelerator at full clock: peak·MFU/(6N)"),
    ("batch_tokens", "tokens per optimizer step"),
    ("allreduce_s", "gradient exchange per optimizer step"),
    ("comm_overlap", "share of compute time that hides the exchange"),
    ("training_tokens", "tokens the job must process"),
    ("checkpoint_interval_s", "compute time between checkpoints (1e300: never)"),
    ("checkpoint_write_s", "time to write a checkpoint"),
    ("restart_s", "time to restart the job from its last checkpoint"),
)
PARAMETERS_DTYPE: Final = np.dtype([(name, np.float64) for name, _ in PARAMETER_FIELDS])


def new_parameters() -> NDArray[np.void]:
    """A zeroed parameter record (shape (1,)); the loop reads ``params[0]``."""
    return np.zeros(1, dtype=PARAMETERS_DTYPE)


class LoopState(NamedTuple):
    """The loop's state and output buffers (arrays, changed in place)."""

    st: F64  # per-satellite state (S_* columns)
    acc: F64  # per-satellite accumulators (A_* columns)
    job: F64  # the training job (compute.training J_* slots)
    fs64: F64  # fleet energy series, every step (E_* columns)
    fs32: F32  # fleet series, every step (F_* columns)
    rec_idx: I64  # recorded satellites
    rec: F32  # their series (step, recorded satellite, R column)
    given: F64  # allocation given by a Python scheduler: inference, training, clock per satellite
    caps: F64  # what a Python scheduler sees (C_* columns), written in MODE_CAPS


class LoopEvents(NamedTuple):
    """Candidate fault events, sorted by step (global step index, offset in the step, satellite, kind, uniform)."""

    step: I64
    offset_s: F64
    satellite: I64
    kind: I64
    u: F64
    v: F64  # thinning by the local single-event rate


# ---- per-satellite state st[s, ...]
S_ENERGY: Final = 0
S_CHIP: Final = 1
S_RAD: Final = 2
S_DOSE: Final = 3
S_ALIVE: Final = 4
S_INF_DEBT: Final = 5  # inference accelerator-seconds still owed to restarts
S_ECL_CUR: Final = 6  # current eclipse episode, shadow-weighted seconds
S_DISCHARGING: Final = 7
S_CELL: Final = 8  # last cell temperature (warm start), 0 when dark
S_G_CACHE: Final = 9  # irradiance, life factor and efficiency of the last full array solution (see below)
S_LIFE_CACHE: Final = 10
S_ETA_CACHE: Final = 11
S_SIZE: Final = 12

# The array's temperature-corrected efficiency is reused while the irradiance on the array and the life factor
# stay within this relative change of the last full solution: the cell temperature then moves by < 1e-4 K and
# the efficiency by < 2e-7 relative (dT/T = dG/(4G); β = −0.2 %/K), far below any figure the model reports.
_ARRAY_CACHE_RTOL: Final = 1e-6

# ---- per-satellite accumulators acc[s, ...]
A_GEN: Final = 0
A_BUS: Final = 1
A_COMPUTE: Final = 2
A_LOSSES: Final = 3
A_CURTAILED: Final = 4
A_BUS_UNSERVED: Final = 5
A_GPU_S: Final = 6
A_TRAIN_S: Final = 7
A_INF_S: Final = 8
A_EFF_S: Final = 9  # clock-weighted accelerator-seconds
A_THROTTLED_S: Final = 10
A_CHIP_MAX: Final = 11
A_CHIP_MIN: Final = 12
A_RAD_MAX: Final = 13
A_RAD_MIN: Final = 14
A_SOC_MIN: Final = 15
A_DRAWN: Final = 16
A_CHARGED: Final = 17
A_SUN_S: Final = 18  # visible-Sun-weighted seconds
A_ECL_MAX: Final = 19
A_ECL_N: Final = 20
A_ECL_TOTAL: Final = 21
A_DISCHARGES: Final = 22
A_FAULT0: Final = 23  # + kind (5 kinds)
A_TID_FAILED: Final = 28
A_INF_TOKENS: Final = 29
A_SHED_J: Final = 30
A_POWER_LIMITED_S: Final = 31  # seconds in which power cannot run every live accelerator at full clock
A_AVAILABLE_S: Final = 32  # accelerator-seconds alive and powerable (array + battery to its floor)
A_HEATER_J: Final = 33  # survival heater energy served
A_IDLE_J: Final = 34  # idle draw of live accelerators that ran nothing
A_SAA_PAUSED_S: Final = 35  # seconds training was paused in the South Atlantic Anomaly
A_DOSE_RATE_MAX: Final = 36  # largest local dose rate met [Gy/s]
A_SIZE: Final = 37

# ---- fleet series columns
E_GENERATED: Final = 0
E_CONSUMED: Final = 1
E_STORED_CHANGE: Final = 2
E_CURTAILED: Final = 3
E_STORED: Final = 4
E_SIZE: Final = 5
FLEET_COLUMNS: Final = (
    "sun_fraction",
    "array_w",
    "compute_w",
    "bus_w",
    "accelerators_alive",
    "accelerators_running",
    "training_running",
    "inference_running",
    "clock_mean",
    "throttled_satellites",
    "chip_max_k",
    "chip_mean_k",
    "radiator_max_k",
    "radiator_mean_k",
    "soc_min",
    "soc_mean",
    "dose_gy",
    "training_tokens",
    "training_phase",
    "inference_tokens_per_s",
    "faults",
)
F_SUN, F_ARRAY, F_COMPUTE, F_BUS, F_ALIVE, F_RUNNING, F_TRAIN, F_INF, F_CLOCK, F_THROTTLED = range(10)
F_CHIP_MAX, F_CHIP_MEAN, F_RAD_MAX, F_RAD_MEAN, F_SOC_MIN, F_SOC_MEAN, F_DOSE, F_TOKENS, F_PHASE, F_INF_TPS = range(
    10, 20
)
F_FAULTS: Final = 20
F_SIZE: Final = 21

RECORD_COLUMNS: Final = (
    "sun_fraction",
    "array_w",
    "compute_w",
    "bus_w",
    "soc",
    "chip_k",
    "radiator_k",
    "accelerators_running",
    "clock",
    "dose_gy",
    "cell_k",  # 0 when the array is dark
    "albedo_factor",
    "dose_rate_gy_per_s",  # at the satellite's position (the SAA)
)
R_SIZE: Final = 13

# ---- caps written in CAPS mode (for a Python scheduler)
C_AVAIL, C_PCAP, C_PCAP_RES, C_QTH, C_SOC, C_SUN, C_CHIP, C_RAD = range(8)
C_SIZE: Final = 8

KIND_SDC_NB: Final = 0
KIND_HOST_NB: Final = 3
KIND_PERMANENT_NB: Final = 4

MODE_RUN: Final = 0
MODE_CAPS: Final = 1

_SIGMA: Final = STEFAN_BOLTZMANN_W_PER_M2_K4
_YEAR: Final = JULIAN_YEAR_S
_AU: Final = ASTRONOMICAL_UNIT_M


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def _training_rate(p: np.void, accel_eff: float, replicas_comm_s: float) -> float:
    """Tokens/s of the synchronous job for ``accel_eff`` clock-weighted accelerators (see ``step_time_s``)."""
    if accel_eff <= 0.0 or p["training_tokens_per_accelerator_s"] <= 0.0:
        return 0.0
    t_comp = p["batch_tokens"] / (accel_eff * p["training_tokens_per_accelerator_s"])
    t_step = t_comp + max(0.0, replicas_comm_s - p["comm_overlap"] * t_comp)
    return float(p["batch_tokens"] / t_step)


_EARTH_RATE: Final = EARTH_ROTATION_RATE_RAD_PER_S
_MAP_LAT_STEP: Final = math.radians(MAP_LAT_STEP_DEG)
_MAP_LON_STEP: Final = math.radians(MAP_LON_STEP_DEG)


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def _fast_asin(z: float) -> float:
    """arcsin to within 7e-5 rad (Abramowitz & Stegun 4.4.45): a two-hundredth of a degree, on a 5° map."""
    a = abs(z)
    r = 0.5 * math.pi - math.sqrt(max(0.0, 1.0 - a)) * (1.5707288 + a * (-0.2121144 + a * (0.0742610 - 0.0187293 * a)))
    return r if z >= 0.0 else -r


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def _fast_atan2(y: float, x: float) -> float:
    """atan2 to within 2e-4 rad, a hundredth of a degree (a minimax polynomial for atan on [0, 1] and the octant
    symmetries), on a 10° map."""
    ax, ay = abs(x), abs(y)
    big = max(ax, ay)
    if big == 0.0:
        return 0.0
    a = min(ax, ay) / big
    q = a * a
    r = ((-0.0464964749 * q + 0.15931422) * q - 0.327622764) * q * a + a
    if ay > ax:
        r = 0.5 * math.pi - r
    if x < 0.0:
        r = math.pi - r
    return -r if y < 0.0 else r


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def _maps_nb(grids: F64, lat_rad: float, lon_rad: float) -> tuple[float, float]:
    """Bilinear values of both maps (protons, electrons) at a latitude and longitude [rad], sharing the cell (as
    physics.radiation.map_value)."""
    x = (lat_rad + 0.5 * math.pi) / _MAP_LAT_STEP
    n_lon = (grids.shape[2] - 1) * 1.0  # the last column repeats the first (−180° = 180°)
    y = (lon_rad + math.pi) / _MAP_LON_STEP
    y -= n_lon * math.floor(y / n_lon)
    i = min(max(math.floor(x), 0), grids.shape[1] - 2)
    j = min(max(math.floor(y), 0), grids.shape[2] - 2)
    wi = min(max(x - i, 0.0), 1.0)
    wj = min(max(y - j, 0.0), 1.0)
    w00, w01, w10, w11 = (1.0 - wi) * (1.0 - wj), (1.0 - wi) * wj, wi * (1.0 - wj), wi * wj
    p = w00 * grids[0, i, j] + w01 * grids[0, i, j + 1] + w10 * grids[0, i + 1, j] + w11 * grids[0, i + 1, j + 1]
    e = w00 * grids[1, i, j] + w01 * grids[1, i, j + 1] + w10 * grids[1, i + 1, j] + w11 * grids[1, i + 1, j + 1]
    return p, e


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def run_chunk(
    k0: int,
    n_steps: int,
    t0_s: float,
    params: NDArray[np.void],
    orb: F64,
    sun_table_m: F64,
    profile: F64,
    saa_grids: F64,
    state: LoopState,
    events: LoopEvents,
    ev_ptr0: int,
    mode: int,
) -> int:
    """Advance every satellite ``n_steps`` steps from global step ``k0``; returns the next event pointer.

    ``params[0]`` is the parameter record (:data:`PARAMETERS_DTYPE`), ``orb`` the per-satellite orbit table
    (engine ``ORB_*`` columns), ``sun_table_m`` the Sun's position every ``sun_table_step_s``, ``profile`` the 24
    hourly inference demand factors, ``saa_grids`` the proton and electron flux maps over their orbit means
    (:class:`~skyrack.models.radiation.OrbitShape`). ``mode`` :data:`MODE_RUN` advances the state; :data:`MODE_CAPS` (one step)
    only writes what a Python scheduler needs into ``state.caps``, and the next MODE_RUN call applies
    ``state.given``.
    """
    p = params[0]
    st, acc, job, fs64, fs32 = state.st, state.acc, state.job, state.fs64, state.fs32
    rec_idx, rec, given, caps = state.rec_idx, state.rec, state.given, state.caps
    ev_step, ev_off, ev_sat, ev_kind, ev_u = events.step, events.offset_s, events.satellite, events.kind, events.u
    ev_v = events.v
    sun_table_step_s = p["sun_table_step_s"]
    sun_variation = p["sun_distance_variation"] > 0.0
    pointing = int(p["pointing"])
    hour0 = p["hour0_h"]
    policy = int(p["policy"])
    n_sat = orb.shape[0]
    # parameters into locals (the compiler cannot hoist array loads past the state writes)
    dt = p["dt_s"]
    n_acc = p["accelerators"]
    p_one = p["accelerator_power_w"]
    s0 = p["solar_constant_w_per_m2"]
    area_a, eta0, pack, beta, tref, alpha_a, eps_a = (
        p["array_area_m2"], p["cell_efficiency"], p["packing_factor"], p["cell_temperature_coefficient_per_k"], p["cell_reference_temperature_k"], p["array_absorptivity"], p["array_emissivity"]
    )  # fmt: skip
    loss_per_gy = p["array_loss_per_gy"]
    emax, emin = p["battery_capacity_j"], p["battery_floor_j"]
    ecf = p["compute_floor_j"]
    eres = max(p["battery_reserve_j"], ecf)
    xd, etac, etad, pbus = (
        p["daylight_path_efficiency"],
        p["charge_efficiency"],
        p["discharge_efficiency"],
        p["bus_power_w"],
    )
    rad_area, alpha_r0, ns, fe, albedo = (
        p["radiator_area_m2"],
        p["radiator_absorptivity"],
        p["sunlit_sides"],
        p["earth_view_factor"],
        p["albedo"],
    )
    eps_area = p["radiating_sides"] * p["radiator_emissivity"] * p["radiator_area_m2"]
    alpha_rise = p["radiator_absorptivity_rise_per_s"]
    alpha_r = alpha_r0
    cc, cr, g, tmax = (
        p["chip_heat_capacity_j_per_k"],
        p["radiator_heat_capacity_j_per_k"],
        p["chip_conductance_w_per_k"],
        p["chip_max_temperature_k"],
    )
    tmin, p_idle_one = p["chip_min_temperature_k"], p["idle_power_w"]
    p_prop = p["propulsion_power_w"]
    saa_on = p["saa"] > 0.0
    w_p, w_e, w_c = p["saa_w_proton"], p["saa_w_electron"], p["saa_w_even"]
    sw_p, sw_c, see_max, pause_above = p["see_w_proton"], p["see_w_even"], p["see_max"], p["saa_pause_above"]
    gmst0 = p["gmst0_rad"]
    doseloc = np.ones(n_sat)  # local dose rate over the orbit mean
    seeloc = np.ones(n_sat)  # local single-event rate over its orbit mean
    dose_rate, tid, aph = p["dose_rate_gy_per_s"], p["tid_tolerance_gy"], p["accelerators_per_host"]
    hosts = math.ceil(n_acc / aph)
    avail = np.empty(n_sat)
    pcap = np.empty(n_sat)
    pcap_res = np.empty(n_sat)
    qth = np.empty(n_sat)
    sunf = np.empty(n_sat)
    calb = np.empty(n_sat)
    parr = np.empty(n_sat)
    tcell = np.empty(n_sat)
    inf = np.empty(n_sat)
    train = np.empty(n_sat)
    clock = np.empty(n_sat)
    inf_exec = np.empty(n_sat)
    train_exec = np.empty(n_sat)
    comp_w = np.empty(n_sat)
    bus_w = np.empty(n_sat)
    faults = np.empty(64)
    # cos/sin of the argument of latitude u and the node Ω at the first step's midpoint, then advanced by
    # rotation (angle addition) each step: exact to rounding, re-seeded every chunk
    cu = np.empty(n_sat)
    su = np.empty(n_sat)
    co = np.empty(n_sat)
    so = np.empty(n_sat)
    cdu = np.empty(n_sat)
    sdu = np.empty(n_sat)
    cdo = np.empty(n_sat)
    sdo = np.empty(n_sat)
    t_first = t0_s + 0.5 * dt
    for s in range(n_sat):
        u = orb[s, 0] + orb[s, 1] * t_first
        om = orb[s, 2] + orb[s, 3] * t_first
        cu[s], su[s] = math.cos(u), math.sin(u)
        co[s], so[s] = math.cos(om), math.sin(om)
        cdu[s], sdu[s] = math.cos(orb[s, 1] * dt), math.sin(orb[s, 1] * dt)
        cdo[s], sdo[s] = math.cos(orb[s, 3] * dt), math.sin(orb[s, 3] * dt)
    env_ir = fe * p["earth_ir_absorptivity"] * _SIGMA * p["earth_temperature_k"] ** 4
    ptr = ev_ptr0
    n_ev = ev_step.size
    comm_s = p["allreduce_s"]
    t_total, t_interval = p["training_tokens"], p["checkpoint_interval_s"]
    life_t = math.exp(p["log_life_per_year"] * (t0_s + 0.5 * dt) / _YEAR)
    life_q = math.exp(p["log_life_per_year"] * dt / _YEAR)
    for k in range(n_steps):
        kg = k0 + k
        # the Sun: hourly table, linear interpolation (see engine.SUN_SAMPLE_S)
        t_mid = t0_s + (k + 0.5) * dt
        pos = t_mid / sun_table_step_s
        i0 = int(pos)
        w = pos - i0
        sx = sun_table_m[i0, 0] + w * (sun_table_m[i0 + 1, 0] - sun_table_m[i0, 0])
        sy = sun_table_m[i0, 1] + w * (sun_table_m[i0 + 1, 1] - sun_table_m[i0, 1])
        sz = sun_table_m[i0, 2] + w * (sun_table_m[i0 + 1, 2] - sun_table_m[i0, 2])
        dsun = math.sqrt(sx * sx + sy * sy + sz * sz)
        sx, sy, sz = sx / dsun, sy / dsun, sz / dsun
        s_eff = s0 * (_AU * _AU / (dsun * dsun) if sun_variation else 1.0)
        hour_k = math.floor(hour0 + t_mid / 3600.0) % 24
        theta = gmst0 + _EARTH_RATE * t_mid  # Earth's rotation: inertial → Earth-fixed longitude
        alpha_r = min(1.0, alpha_r0 + alpha_rise * t_mid)  # the coating darkens
        if k > 0:
            life_t *= life_q  # (1 - d)^(t / yr), advanced by its factor per step
        for s in range(n_sat):
            if k > 0:
                c1 = cu[s] * cdu[s] - su[s] * sdu[s]
                su[s] = su[s] * cdu[s] + cu[s] * sdu[s]
                cu[s] = c1
                c2 = co[s] * cdo[s] - so[s] * sdo[s]
                so[s] = so[s] * cdo[s] + co[s] * sdo[s]
                co[s] = c2
            # position on the circular orbit (as astro.orbits.propagate_circular_j2) and the conical shadow
            ci, si = orb[s, 4], orb[s, 5]
            rx, ry, rz = circular_unit_position_nb(cu[s], su[s], co[s], so[s], ci, si)
            if saa_on and (
                s > 0 and cu[s] == cu[s - 1] and su[s] == su[s - 1] and co[s] == co[s - 1] and so[s] == so[s - 1]
                and ci == orb[s - 1, 4] and si == orb[s - 1, 5]
            ):  # fmt: skip
                # a cluster flies together: the maps under it are the last satellite's
                doseloc[s] = doseloc[s - 1]
                seeloc[s] = seeloc[s - 1]
            elif saa_on:  # the flux maps under the satellite (geocentric latitude, Earth-fixed longitude)
                lat = _fast_asin(min(1.0, max(-1.0, rz)))
                lon = _fast_atan2(ry, rx) - theta
                mp, me = _maps_nb(saa_grids, lat, lon)
                doseloc[s] = w_p * mp + w_e * me + w_c
                seeloc[s] = sw_p * mp + sw_c
            a_orbit = orb[s, 6]  # this satellite's orbit radius (engine.ORB_RADIUS)
            f = visible_sun_fraction_nb(a_orbit * rx, a_orbit * ry, a_orbit * rz, dsun * sx, dsun * sy, dsun * sz)
            cpsi = max(0.0, rx * sx + ry * sy + rz * sz)  # cos of the solar zenith angle below the satellite
            if pointing == 0:
                cinc = 1.0
            elif pointing == 1:
                # orb[s, 7]: ±1, the side of this satellite's orbit plane the array faces (engine.ORB_NORMAL_SIGN)
                cinc = max(0.0, orb[s, 7] * (si * so[s] * sx - si * co[s] * sy + ci * sz))
            else:
                cinc = cpsi
            life = life_t * max(0.0, 1.0 - loss_per_gy * st[s, S_DOSE])
            g_arr = s_eff * f * cinc
            g_c, life_c = st[s, S_G_CACHE], st[s, S_LIFE_CACHE]
            if (
                g_arr > 0.0
                and abs(g_arr - g_c) <= _ARRAY_CACHE_RTOL * g_c
                and abs(life - life_c) <= _ARRAY_CACHE_RTOL * life_c
            ):
                pa = area_a * g_arr * pack * st[s, S_ETA_CACHE] * life
                tc = st[s, S_CELL]
            else:
                t_prev = st[s, S_CELL]
                pa, tc = array_power_nb(g_arr, area_a, eta0, pack, life, beta, tref, alpha_a, eps_a, t_prev)
                if mode == MODE_RUN:  # a CAPS call must leave the state as it found it
                    st[s, S_CELL] = tc
                    # cache only a converged fixed point (the warm-started iteration moved T by < 1e-4 K)
                    if g_arr > 0.0 and life > 0.0 and t_prev > 0.0 and abs(tc - t_prev) < 1e-4:
                        st[s, S_G_CACHE] = g_arr
                        st[s, S_LIFE_CACHE] = life
                        st[s, S_ETA_CACHE] = pa / (area_a * g_arr * pack * life) if area_a > 0.0 else 0.0
                    else:
                        st[s, S_G_CACHE] = 0.0
            sunf[s] = f
            calb[s] = cpsi
            parr[s] = pa
            tcell[s] = tc
            avail[s] = st[s, S_ALIVE]
            energy = st[s, S_ENERGY]
            direct = xd * pa - pbus - p_prop * f
            pcap[s] = max(0.0, direct + etad * max(0.0, energy - ecf) / dt)
            pcap_res[s] = max(0.0, direct + etad * max(0.0, energy - eres) / dt)
            qth[s] = thermal_power_limit_nb(st[s, S_CHIP], st[s, S_RAD], tmax, cc, g, dt)
        training_active = p["training_active"] > 0.0 and job[J_FINISHED] == 0.0
        demand_acc = 0.0
        if p["demand_tokens_per_s"] > 0.0 and p["inference_tokens_per_accelerator_s"] > 0.0 and profile[hour_k] > 0.0:
            demand_acc = p["demand_tokens_per_s"] * profile[hour_k] / p["inference_tokens_per_accelerator_s"]
        if mode == MODE_CAPS:
            for s in range(n_sat):
                caps[s, C_AVAIL] = avail[s]
                caps[s, C_PCAP] = pcap[s]
                caps[s, C_PCAP_RES] = pcap_res[s]
                caps[s, C_QTH] = qth[s]
                caps[s, C_SOC] = st[s, S_ENERGY] / p["battery_capacity_j"] if p["battery_capacity_j"] > 0.0 else 1.0
                caps[s, C_SUN] = sunf[s]
                caps[s, C_CHIP] = st[s, S_CHIP]
                caps[s, C_RAD] = st[s, S_RAD]
            return ptr
        if policy == POLICY_GREEDY:
            allocate_nb(avail, p_one, pcap, qth, demand_acc, training_active, inf, train, clock)
        elif policy == POLICY_BATTERY_AWARE:
            allocate_nb(avail, p_one, pcap_res, qth, demand_acc, training_active, inf, train, clock)
        else:
            for s in range(n_sat):
                gi = max(0.0, given[s, 0])
                gt = max(0.0, given[s, 1]) if training_active else 0.0
                tot = gi + gt
                if tot > avail[s] and tot > 0.0:
                    gi *= avail[s] / tot
                    gt *= avail[s] / tot
                inf[s] = gi
                train[s] = gt
                clock[s] = min(1.0, max(0.0, given[s, 2]))
        if pause_above > 0.0:  # keep training out of the South Atlantic Anomaly
            for s in range(n_sat):
                if seeloc[s] > pause_above and train[s] > 0.0:
                    train[s] = 0.0
                    acc[s, A_SAA_PAUSED_S] += dt
        # ---- power, heat, dose
        gen = cons = dstore = curt = stored = 0.0
        sun_sum = arr_sum = comp_sum = bus_sum = run_sum = tr_sum = inf_sum = clock_w = throttled = 0.0
        chip_max = rad_max = -1.0
        chip_sum = rad_sum = soc_sum = dose_sum = 0.0
        soc_min = 1e300
        for s in range(n_sat):
            n_run = inf[s] + train[s]
            p_comp = n_run * clock[s] * p_one
            # accelerators alive but running nothing draw their idle power; survival heaters hold the chips at their
            # minimum (the heat that keeps them there with the radiator stepped implicitly against them); both are
            # served with the bus and heat the chips' node
            # idle accelerators stay on only on the array's surplus (no battery): in eclipse or when power is short
            # they are suspended, and the heaters keep the chips alive
            p_idle = min(
                max(0.0, avail[s] - n_run) * p_idle_one, max(0.0, xd * parr[s] - pbus - p_prop * sunf[s] - p_comp)
            )
            env = rad_area * (ns * alpha_r * s_eff * sunf[s] + env_ir + fe * alpha_r * albedo * s_eff * calb[s])
            p_heat = 0.0
            t_c0 = st[s, S_CHIP]
            # one step cannot cool the chips by more than G Δt / C of their excess over the 1 K floor
            if (t_c0 - tmin) * cc <= g * dt * t_c0:
                t_try, _ = thermal_step_nb(t_c0, st[s, S_RAD], p_comp + p_idle, pbus + env, cc, cr, g, eps_area, dt)
                if t_try < tmin:
                    t_fix = radiator_step_fixed_chip_nb(st[s, S_RAD], tmin, pbus + env, cr, g, eps_area, dt)
                    p_heat = max(0.0, cc * (tmin - t_c0) / dt + g * (tmin - t_fix) - p_comp - p_idle)
            # the thrusters fire in sunlight; their power leaves as the jet, not through the radiator
            p_load = pbus + p_prop * sunf[s] + p_heat
            e0 = st[s, S_ENERGY]
            e1, bus_j, all_j, loss_j, curt_j, drawn, charged = power_flow_nb(
                parr[s], p_load, p_comp + p_idle, e0, emax, emin, dt, xd, etac, etad
            )
            comp_j = min(all_j, p_comp * dt)  # running compute first, the idle draw from what is left
            idle_j = all_j - comp_j
            served = bus_j / (p_load * dt) if p_load > 0.0 else 1.0
            x = comp_j / (p_comp * dt) if p_comp > 0.0 else 0.0
            x = min(1.0, max(0.0, x))
            st[s, S_ENERGY] = e1
            inf_exec[s] = inf[s] * x
            train_exec[s] = train[s] * x
            comp_w[s] = comp_j / dt
            bus_w[s] = bus_j / dt
            gen_j = parr[s] * dt
            acc[s, A_GEN] += gen_j
            acc[s, A_BUS] += bus_j
            acc[s, A_COMPUTE] += comp_j
            acc[s, A_LOSSES] += loss_j
            acc[s, A_CURTAILED] += curt_j
            acc[s, A_BUS_UNSERVED] += p_load * dt - bus_j
            acc[s, A_HEATER_J] += p_heat * served * dt
            acc[s, A_IDLE_J] += idle_j
            acc[s, A_SHED_J] += p_comp * dt - comp_j
            acc[s, A_GPU_S] += n_run * x * dt
            acc[s, A_TRAIN_S] += train_exec[s] * dt
            acc[s, A_INF_S] += inf_exec[s] * dt
            acc[s, A_EFF_S] += n_run * x * clock[s] * dt
            # power-limited: the array and the battery (down to its floor) cannot run every live accelerator at
            # full clock, or compute asked for was shed
            if (avail[s] > 0.0 and pcap[s] < avail[s] * p_one - 1e-9) or (p_comp > 0.0 and x < 1.0 - 1e-12):
                acc[s, A_POWER_LIMITED_S] += dt
            if n_run > 0.0 and clock[s] < 1.0 - 1e-9:
                acc[s, A_THROTTLED_S] += dt
            acc[s, A_AVAILABLE_S] += min(avail[s], math.floor(pcap[s] / p_one + 1e-9) if p_one > 0.0 else avail[s]) * dt
            acc[s, A_DRAWN] += drawn
            acc[s, A_CHARGED] += charged
            if drawn > 0.0:
                if st[s, S_DISCHARGING] == 0.0:
                    acc[s, A_DISCHARGES] += 1.0
                st[s, S_DISCHARGING] = 1.0
            elif charged > 0.0:
                st[s, S_DISCHARGING] = 0.0
            gen += gen_j
            cons += bus_j + comp_j + idle_j + loss_j
            dstore += e1 - e0
            curt += curt_j
            stored += e1
            # heat: accelerators and hosts (running, idle, heated) into the chip node; bus loads and the environment
            # into the radiator
            tch, trd = thermal_step_nb(
                st[s, S_CHIP],
                st[s, S_RAD],
                (comp_j + idle_j) / dt + p_heat * served,
                pbus * served + env,
                cc,
                cr,
                g,
                eps_area,
                dt,
            )
            st[s, S_CHIP] = tch
            st[s, S_RAD] = trd
            acc[s, A_CHIP_MAX] = max(acc[s, A_CHIP_MAX], tch)
            acc[s, A_CHIP_MIN] = min(acc[s, A_CHIP_MIN], tch)
            acc[s, A_RAD_MAX] = max(acc[s, A_RAD_MAX], trd)
            acc[s, A_RAD_MIN] = min(acc[s, A_RAD_MIN], trd)
            soc = e1 / emax if emax > 0.0 else 1.0
            acc[s, A_SOC_MIN] = min(acc[s, A_SOC_MIN], soc)
            acc[s, A_SUN_S] += sunf[s] * dt
            if sunf[s] < 1.0:
                st[s, S_ECL_CUR] += (1.0 - sunf[s]) * dt
            elif st[s, S_ECL_CUR] > 0.0:
                acc[s, A_ECL_MAX] = max(acc[s, A_ECL_MAX], st[s, S_ECL_CUR])
                acc[s, A_ECL_TOTAL] += st[s, S_ECL_CUR]
                acc[s, A_ECL_N] += 1.0
                st[s, S_ECL_CUR] = 0.0
            st[s, S_DOSE] += dose_rate * doseloc[s] * dt
            acc[s, A_DOSE_RATE_MAX] = max(acc[s, A_DOSE_RATE_MAX], dose_rate * doseloc[s])
            if st[s, S_DOSE] >= tid and st[s, S_ALIVE] > 0.0:
                acc[s, A_TID_FAILED] += st[s, S_ALIVE]
                st[s, S_ALIVE] = 0.0
            ran = inf_exec[s] + train_exec[s]
            sun_sum += sunf[s]
            arr_sum += parr[s]
            comp_sum += comp_w[s]
            bus_sum += bus_w[s]
            run_sum += ran
            tr_sum += train_exec[s]
            inf_sum += inf_exec[s]
            clock_w += ran * clock[s]
            if ran > 0.0 and clock[s] < 1.0 - 1e-9:
                throttled += 1.0
            chip_max = max(chip_max, tch)
            rad_max = max(rad_max, trd)
            chip_sum += tch
            rad_sum += trd
            soc_sum += soc
            soc_min = min(soc_min, soc)
            dose_sum += st[s, S_DOSE]
        # ---- fault events of this step (sorted by time)
        n_faults = 0  # training interrupts of the step; beyond the buffer's 64 a further one would only restart
        n_step_events = 0  # a restart already under way, so dropping it changes the restart time by < 1 step
        while ptr < n_ev and ev_step[ptr] <= kg:
            if ev_step[ptr] < kg:
                ptr += 1
                continue
            s = ev_sat[ptr]
            kind = ev_kind[ptr]
            uu = ev_u[ptr]
            vv = ev_v[ptr]
            ptr += 1
            # candidates were drawn at the map's peak rate: keep one with the local rate's share of it
            if saa_on and kind != KIND_PERMANENT_NB and vv * see_max >= seeloc[s]:
                continue
            alive = st[s, S_ALIVE]
            if kind == KIND_HOST_NB:
                if uu >= math.ceil(alive / aph) / hosts:
                    continue
                chip_pos = math.floor(uu * hosts) * aph
            else:
                if uu >= alive / n_acc:
                    continue
                chip_pos = uu * n_acc
            acc[s, A_FAULT0 + kind] += 1.0
            n_step_events += 1
            if kind == KIND_PERMANENT_NB:
                st[s, S_ALIVE] = max(0.0, alive - 1.0)
            interrupting = kind != KIND_SDC_NB or p["sdc_interrupts"] > 0.0
            if not interrupting:
                continue
            if chip_pos < inf_exec[s]:
                st[s, S_INF_DEBT] += p["inference_restart_s"] * (
                    p["accelerators_per_host"] if kind == KIND_HOST_NB else 1.0
                )
            elif chip_pos < inf_exec[s] + train_exec[s] and n_faults < faults.size:
                faults[n_faults] = ev_off[ptr - 1]
                n_faults += 1
        # ---- training job
        accel_eff = 0.0
        for s in range(n_sat):
            accel_eff += train_exec[s] * clock[s]
        if p["training_active"] > 0.0:
            rate = _training_rate(p, accel_eff, comm_s)
            if (
                n_faults == 0
                and job[J_PHASE] == 0.0
                and job[J_FINISHED] == 0.0
                and job[J_COMPUTE_SINCE] + dt < t_interval
                and job[J_COMMITTED] + job[J_SINCE] + rate * dt < t_total
            ):
                # fast path: a whole step of computing, no fault, no checkpoint due (same as the full update)
                if rate > 0.0:
                    job[J_SINCE] += rate * dt
                    job[J_COMPUTE_SINCE] += dt
                else:
                    job[J_IDLE_S] += dt
            else:
                advance_training_nb(
                    job,
                    dt,
                    rate,
                    t_total,
                    t_interval,
                    p["checkpoint_write_s"],
                    p["restart_s"],
                    faults,
                    n_faults,
                    t0_s + k * dt,
                )
        # ---- inference
        served_acc_s = 0.0
        for s in range(n_sat):
            cap_s = inf_exec[s] * clock[s] * dt
            owed = min(st[s, S_INF_DEBT], cap_s)
            st[s, S_INF_DEBT] -= owed
            served_acc_s += cap_s - owed
        tokens = served_acc_s * p["inference_tokens_per_accelerator_s"]
        if p["demand_tokens_per_s"] > 0.0 and p["demand_tokens_per_s"] < np.inf:
            tokens = min(tokens, p["demand_tokens_per_s"] * profile[hour_k] * dt)
        if served_acc_s > 0.0:
            for s in range(n_sat):
                share = inf_exec[s] * clock[s] * dt / served_acc_s if served_acc_s > 0.0 else 0.0
                acc[s, A_INF_TOKENS] += tokens * share
        # ---- fleet series
        fs64[kg, E_GENERATED] = gen
        fs64[kg, E_CONSUMED] = cons
        fs64[kg, E_STORED_CHANGE] = dstore
        fs64[kg, E_CURTAILED] = curt
        fs64[kg, E_STORED] = stored
        alive_sum = 0.0
        for s in range(n_sat):
            alive_sum += st[s, S_ALIVE]
        fs32[kg, F_SUN] = sun_sum / n_sat
        fs32[kg, F_ARRAY] = arr_sum
        fs32[kg, F_COMPUTE] = comp_sum
        fs32[kg, F_BUS] = bus_sum
        fs32[kg, F_ALIVE] = alive_sum
        fs32[kg, F_RUNNING] = run_sum
        fs32[kg, F_TRAIN] = tr_sum
        fs32[kg, F_INF] = inf_sum
        fs32[kg, F_CLOCK] = clock_w / run_sum if run_sum > 0.0 else 0.0
        fs32[kg, F_THROTTLED] = throttled
        fs32[kg, F_CHIP_MAX] = chip_max
        fs32[kg, F_CHIP_MEAN] = chip_sum / n_sat
        fs32[kg, F_RAD_MAX] = rad_max
        fs32[kg, F_RAD_MEAN] = rad_sum / n_sat
        fs32[kg, F_SOC_MIN] = soc_min
        fs32[kg, F_SOC_MEAN] = soc_sum / n_sat
        fs32[kg, F_DOSE] = dose_sum / n_sat
        fs32[kg, F_TOKENS] = job[J_COMMITTED] + job[J_SINCE]
        fs32[kg, F_PHASE] = job[J_PHASE]
        fs32[kg, F_INF_TPS] = tokens / dt
        fs32[kg, F_FAULTS] = n_step_events
        for j in range(rec_idx.size):
            s = rec_idx[j]
            rec[kg, j, 0] = sunf[s]
            rec[kg, j, 1] = parr[s]
            rec[kg, j, 2] = comp_w[s]
            rec[kg, j, 3] = bus_w[s]
            rec[kg, j, 4] = st[s, S_ENERGY] / p["battery_capacity_j"] if p["battery_capacity_j"] > 0.0 else 1.0
            rec[kg, j, 5] = st[s, S_CHIP]
            rec[kg, j, 6] = st[s, S_RAD]
            rec[kg, j, 7] = inf_exec[s] + train_exec[s]
            rec[kg, j, 8] = clock[s]
            rec[kg, j, 9] = st[s, S_DOSE]
            rec[kg, j, 10] = tcell[s]
            rec[kg, j, 11] = calb[s]
            rec[kg, j, 12] = dose_rate * doseloc[s]
    return ptr
