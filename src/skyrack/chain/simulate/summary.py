"""The end of a simulation: the loop's accumulators and series reduced to a summary (display units, the
``skyrack simulate --json`` object), SI metrics and time series."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import NDArray

from skyrack.arrays import finite_or_none
from skyrack.chain.design import fleet_sunlit_fraction, survey_fleet
from skyrack.chain.simulate import loop as lp
from skyrack.compute.training import (
    J_CHECKPOINT_S,
    J_CHECKPOINTS,
    J_COMMITTED,
    J_FINISH_TIME_S,
    J_FINISHED,
    J_IDLE_S,
    J_INTERRUPTS,
    J_LOST_COMPUTE_S,
    J_LOST_TOKENS,
    J_RESTART_S,
    J_SINCE,
)
from skyrack.models import Models
from skyrack.physics.radiation import KIND_NAMES, RAD_SI_GY
from skyrack.results.design import Design
from skyrack.results.simulation import SimulationMetrics, SimulationResult

if TYPE_CHECKING:
    from skyrack.chain.simulate.setup import SimulationSetup

_KWH: Final = 3.6e6
_K0: Final = 273.15


def summarise(
    models: Models, design: Design, setup: SimulationSetup, state: lp.LoopState, scheduler_name: str
) -> SimulationResult:
    """Close the open eclipse episodes and reduce the loop's accumulators and series to a
    :class:`~skyrack.results.simulation.SimulationResult` (summary in display units, metrics in SI)."""
    st, acc, job, fs64, fs32 = state.st, state.acc, state.job, state.fs64, state.fs32
    rec_idx, rec = state.rec_idx, state.rec
    n_sat, n_acc, dt, steps = setup.satellites, setup.accelerators, setup.dt_s, setup.steps
    duration_s = steps * dt
    hours = duration_s / 3600.0
    p = setup.params[0]
    work = models.work
    window = survey_fleet(models, duration_s)
    longest = window.max_eclipse_fraction * window.period_s
    window_eclipse_s = float(np.nanmax(longest)) if np.any(np.isfinite(longest)) else math.nan
    # close eclipse episodes still open at the end
    open_ecl = st[:, lp.S_ECL_CUR]
    ecl_max = np.maximum(acc[:, lp.A_ECL_MAX], open_ecl)
    ecl_n = acc[:, lp.A_ECL_N] + (open_ecl > 0)
    ecl_total = acc[:, lp.A_ECL_TOTAL] + open_ecl
    e_start = models.operations.initial_state_of_charge * setup.battery_capacity_j
    stored_change = float(np.sum(st[:, lp.S_ENERGY] - e_start))
    capacity = setup.battery_capacity_j
    installed = n_sat * n_acc
    alive = float(np.sum(st[:, lp.S_ALIVE]))

    # work
    useful_tokens = job[J_COMMITTED] + job[J_SINCE]
    inf_tokens = float(np.sum(acc[:, lp.A_INF_TOKENS]))
    goodput = 0.0
    training: dict[str, Any] = {"enabled": work.training is not None}
    if work.training is not None:
        tj = work.training
        goodput += 6.0 * tj.parameters * useful_tokens
        finished = bool(job[J_FINISHED])
        if finished:
            finish_days: float | None = job[J_FINISH_TIME_S] / 86400.0
        elif useful_tokens > 0:
            finish_days = duration_s * tj.tokens / useful_tokens / 86400.0
        else:
            finish_days = None
        training.update(
            steps_completed=int(useful_tokens // tj.global_batch_tokens),
            tokens_processed=useful_tokens,
            tokens_checkpointed=float(job[J_COMMITTED]),
            fraction_done=useful_tokens / tj.tokens,
            finished=finished,
            time_to_finish_days=finite_or_none(finish_days) if finish_days is not None else None,
            time_to_finish_is_projection=not finished,
            lost_work_hours=job[J_LOST_COMPUTE_S] / 3600.0,
            lost_tokens=float(job[J_LOST_TOKENS]),
            restart_hours=job[J_RESTART_S] / 3600.0,
            idle_hours=job[J_IDLE_S] / 3600.0,
            checkpoint_hours=job[J_CHECKPOINT_S] / 3600.0,
            interruptions=int(job[J_INTERRUPTS]),
            checkpoints=int(job[J_CHECKPOINTS]),
            checkpoint_interval_min=finite_or_none(setup.checkpoint_interval_s / 60.0),
            checkpoint_write_s=setup.checkpoint_time_s,
            job_mtbf_hours=finite_or_none(setup.mtbf_job_s / 3600.0),
            flops_per_token=6.0 * tj.parameters,
        )
    inference: dict[str, Any] = {"enabled": work.inference is not None}
    if work.inference is not None:
        inf = work.inference
        goodput += 2.0 * inf.model_parameters * inf_tokens
        demand = None
        if math.isfinite(inf.demand_tokens_per_s):
            profile = setup.profile
            h0 = float(p["hour0_h"])
            t_mid = (np.arange(steps) + 0.5) * dt
            hour = (np.floor(h0 + t_mid / 3600.0).astype(np.int64)) % 24
            demand = float(inf.demand_tokens_per_s * dt * np.sum(profile[hour]))
        inference.update(
            tokens_served=inf_tokens,
            tokens_demanded=demand,
            demand_served_fraction=finite_or_none(inf_tokens / demand) if demand else None,
            accelerator_hours=float(np.sum(acc[:, lp.A_INF_S])) / 3600.0,
        )
    peak = setup.peak_flops
    gpu_hours = float(np.sum(acc[:, lp.A_GPU_S])) / 3600.0
    faults = {name: int(np.sum(acc[:, lp.A_FAULT0 + k])) for k, name in enumerate(KIND_NAMES)}
    faults["tid_failures"] = int(np.sum(acc[:, lp.A_TID_FAILED]))
    faults["accelerators_failed"] = round(installed - alive)
    summary: dict[str, dict[str, Any]] = {
        "run": {
            "satellites": n_sat,
            "accelerators_per_satellite": n_acc,
            "steps": steps,
            "step_s": dt,
            "duration_days": duration_s / 86400.0,
            "scheduler": scheduler_name,
            "seed": models.seed,
        },
        "orbit": {
            "sunlit_fraction": float(np.sum(acc[:, lp.A_SUN_S]) / (n_sat * duration_s)),
            "max_eclipse_min": float(np.max(ecl_max)) / 60.0,
            "mean_eclipse_min": float(np.sum(ecl_total) / max(1.0, float(np.sum(ecl_n)))) / 60.0,
            "eclipses_per_satellite": float(np.mean(ecl_n)),
            # the design's closed form (cylindrical shadow, hourly beta) over the same simulated period
            "design_sunlit_fraction": fleet_sunlit_fraction(models, window),
            "design_max_eclipse_min": window_eclipse_s / 60.0,
        },
        "energy": {
            "generated_kwh": float(np.sum(acc[:, lp.A_GEN])) / _KWH,
            "consumed_kwh": float(
                np.sum(acc[:, lp.A_BUS] + acc[:, lp.A_COMPUTE] + acc[:, lp.A_IDLE_J] + acc[:, lp.A_LOSSES])
            )
            / _KWH,
            "stored_change_kwh": stored_change / _KWH,
            "curtailed_kwh": float(np.sum(acc[:, lp.A_CURTAILED])) / _KWH,
            "delivered_compute_kwh": float(np.sum(acc[:, lp.A_COMPUTE])) / _KWH,
            "delivered_bus_kwh": float(np.sum(acc[:, lp.A_BUS])) / _KWH,  # housekeeping and heaters
            "delivered_idle_kwh": float(np.sum(acc[:, lp.A_IDLE_J])) / _KWH,
            "losses_kwh": float(np.sum(acc[:, lp.A_LOSSES])) / _KWH,
            "compute_shed_kwh": float(np.sum(acc[:, lp.A_SHED_J])) / _KWH,
            "bus_unserved_kwh": float(np.sum(acc[:, lp.A_BUS_UNSERVED])) / _KWH,
        },
        "battery": {
            "capacity_kwh": capacity / _KWH,
            "min_state_of_charge": finite_or_none(float(np.min(acc[:, lp.A_SOC_MIN]))),
            "depth_of_discharge_floor": 1.0 - models.satellite.power.depth_of_discharge,
            "equivalent_full_cycles": float(np.mean(acc[:, lp.A_DRAWN])) / capacity if capacity > 0 else 0.0,
            "discharge_cycles": float(np.mean(acc[:, lp.A_DISCHARGES])),
        },
        "compute": {
            "gpu_hours": gpu_hours,
            "availability": float(np.sum(acc[:, lp.A_AVAILABLE_S])) / (installed * duration_s) if installed else 0.0,
            "utilisation": gpu_hours / (installed * hours) if installed and hours else 0.0,
            "goodput_exaflop": goodput / 1e18,
            "effective_utilisation": goodput / (installed * peak * duration_s) if peak > 0 else None,
            "clock_weighted_gpu_hours": float(np.sum(acc[:, lp.A_EFF_S])) / 3600.0,
            "training_gpu_hours": float(np.sum(acc[:, lp.A_TRAIN_S])) / 3600.0,
            "inference_gpu_hours": float(np.sum(acc[:, lp.A_INF_S])) / 3600.0,
            "power_limited_hours": float(np.sum(acc[:, lp.A_POWER_LIMITED_S])) / 3600.0,
            "accelerators_installed": installed,
            "accelerators_alive_at_end": round(alive),
        },
        "thermal": {
            "chip_max_c": float(np.max(acc[:, lp.A_CHIP_MAX])) - _K0,
            "chip_min_c": float(np.min(acc[:, lp.A_CHIP_MIN])) - _K0,
            "radiator_max_c": float(np.max(acc[:, lp.A_RAD_MAX])) - _K0,
            "radiator_min_c": float(np.min(acc[:, lp.A_RAD_MIN])) - _K0,
            "chip_limit_c": float(p["chip_max_temperature_k"]) - _K0,
            "chip_survival_minimum_c": float(p["chip_min_temperature_k"]) - _K0,
            # a radiator colder than the coolant's freezing point freezes the loop (no bypass is modelled)
            "coolant": models.satellite.heat_path.coolant,
            "coolant_freezing_c": models.satellite.heat_path.coolant_freezing_k - _K0,
            "coolant_froze": bool(np.min(acc[:, lp.A_RAD_MIN]) < models.satellite.heat_path.coolant_freezing_k),
            "heater_energy_kwh": float(np.sum(acc[:, lp.A_HEATER_J])) / 3.6e6,
            "idle_energy_kwh": float(np.sum(acc[:, lp.A_IDLE_J])) / 3.6e6,
            "throttled_hours": float(np.sum(acc[:, lp.A_THROTTLED_S])) / 3600.0,
            "throttled_fraction": float(np.sum(acc[:, lp.A_THROTTLED_S])) / (n_sat * duration_s),
        },
        "radiation": {
            "dose_rate_rad_per_yr": setup.dose_rate_gy_per_s / RAD_SI_GY * 365.25 * 86400.0,
            "dose_at_end_rad": float(np.max(st[:, lp.S_DOSE])) / RAD_SI_GY,
            "tid_tolerance_rad": setup.tid_tolerance_gy / RAD_SI_GY,
            # along the orbit (simulation.south_atlantic_anomaly): the peak local rate, and training paused there
            "dose_rate_max_rad_per_yr": float(np.max(acc[:, lp.A_DOSE_RATE_MAX])) / RAD_SI_GY * 365.25 * 86400.0,
            "saa_training_paused_hours": float(np.sum(acc[:, lp.A_SAA_PAUSED_S])) / 3600.0,
        },
        "faults": faults,
        "training": training,
        "inference": inference,
    }
    t_s = np.arange(steps, dtype=np.float64) * dt
    fleet: dict[str, NDArray[Any]] = {
        "generated_j": fs64[:, lp.E_GENERATED],
        "consumed_j": fs64[:, lp.E_CONSUMED],
        "stored_change_j": fs64[:, lp.E_STORED_CHANGE],
        "curtailed_j": fs64[:, lp.E_CURTAILED],
        "stored_j": fs64[:, lp.E_STORED],
    }
    for k, name in enumerate(lp.FLEET_COLUMNS):
        fleet[name] = fs32[:, k]
    sats = {int(idx): {name: rec[:, j, k] for k, name in enumerate(lp.RECORD_COLUMNS)} for j, idx in enumerate(rec_idx)}
    metrics = SimulationMetrics(
        duration_s=duration_s,
        availability=float(summary["compute"]["availability"]),
        utilisation=float(summary["compute"]["utilisation"]),
        gpu_hours=gpu_hours,
        goodput_flop=goodput,
        sunlit_fraction=float(summary["orbit"]["sunlit_fraction"]),
        max_eclipse_s=float(np.max(ecl_max)),
        energy_generated_j=float(np.sum(acc[:, lp.A_GEN])),
    )
    return SimulationResult(models.scenario_name, models.start.isoformat(), summary, metrics, t_s, fleet, sats)


__all__ = ["summarise"]
