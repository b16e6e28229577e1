"""What a simulation returns: a summary (``to_dict()``, the ``skyrack simulate --json`` object) and time series
(``write_parquet``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

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
from skyrack.physics.radiation import KIND_NAMES, RAD_SI_GY

if TYPE_CHECKING:
    from skyrack.chain.design import Design
    from skyrack.chain.simulate.engine import SimulationSetup
    from skyrack.scenario import Scenario

_KWH = 3.6e6
_K0 = 273.15


def _f(x: float) -> float | None:
    """JSON-safe float: None for NaN or infinity."""
    x = float(x)
    return x if math.isfinite(x) else None


@dataclass
class SimulationResult:
    """The outcome of :func:`~skyrack.chain.simulate.simulate`.

    Attributes
    ----------
    summary
        Nested dict of scalar results (see :meth:`to_dict`).
    t_s
        Start time of every step since the scenario start [s].
    fleet
        Fleet aggregates for every step, name → array (energies per step in J, powers in W, temperatures in K).
    satellites
        Recorded satellites' series: satellite index → name → array.
    """

    scenario_name: str
    start_iso: str
    summary: dict[str, dict[str, Any]]
    t_s: NDArray[np.float64]
    fleet: dict[str, NDArray[Any]]
    satellites: dict[int, dict[str, NDArray[Any]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The summary as one JSON-ready object; keys are stable (more may be added, none renamed).

        Sections and the less obvious keys:

        - ``orbit``: ``sunlit_fraction`` (time-average visible Sun fraction, conical shadow), eclipse lengths
          (shadow-weighted, resolution one step) beside the design's cylindrical-shadow figures.
        - ``energy`` [kWh, fleet]: ``generated`` (array output) = ``consumed`` (bus + compute + conversion
          losses) + ``stored_change`` + ``curtailed``; ``compute_shed`` is compute asked for but not powered.
        - ``battery``: ``min_state_of_charge``; ``equivalent_full_cycles`` (energy drawn / capacity, per
          satellite); ``discharge_cycles`` (discharge episodes per satellite).
        - ``compute``: ``gpu_hours`` (accelerator-hours running); ``availability`` (accelerator-hours alive and
          powerable by the array and the battery down to its floor / installed accelerator-hours);
          ``utilisation`` (running / installed); ``goodput_exaflop`` (useful FLOPs: 6N per training token kept,
          2N per inference token served); ``effective_utilisation`` (goodput / installed peak FLOPs);
          ``power_limited_hours`` (satellite-hours in which the array and the battery, down to its floor, could
          not run every live accelerator at full clock, or compute was shed).
        - ``thermal``: chip and radiator temperature ranges [°C]; ``throttled_hours`` (satellite-hours with the
          clock lowered to hold the chip limit).
        - ``faults``: event counts by kind over the fleet (on live accelerators); ``accelerators_failed``
          (permanent + total-dose failures).
        - ``training``: ``steps_completed`` (optimizer steps of useful tokens), ``lost_work_hours`` (compute
          time rolled back by faults), restart and checkpoint hours, ``time_to_finish_days`` (actual, or
          projected at the simulated pace when ``time_to_finish_is_projection``).
        """
        return {"scenario": self.scenario_name, "start": self.start_iso, **self.summary}

    def summary_rows(self) -> list[tuple[str, str]]:
        """(label, value with unit) rows of the main results, in reading order, for a human table."""
        d = self.summary
        tr, inf, th, en, co, fa = d["training"], d["inference"], d["thermal"], d["energy"], d["compute"], d["faults"]

        def num(x: float | None, fmt: str = ",.1f") -> str:
            return "-" if x is None else format(x, fmt)

        rows = [
            ("period", f"{d['run']['duration_days']:g} d × {d['run']['satellites']} satellites, step {d['run']['step_s']:g} s"),
            ("sunlit fraction (design)", f"{d['orbit']['sunlit_fraction']:.4f} ({d['orbit']['design_sunlit_fraction']:.4f})"),
            ("longest eclipse (design)", f"{d['orbit']['max_eclipse_min']:.1f} min ({d['orbit']['design_max_eclipse_min']:.1f} min)"),
            ("availability / utilisation", f"{co['availability']:.3f} / {co['utilisation']:.3f}"),
            ("GPU-hours delivered", num(co["gpu_hours"], ",.0f")),
            ("goodput", f"{num(co['goodput_exaflop'], ',.0f')} EFLOP"),
            ("effective utilisation", num(co["effective_utilisation"], ".3f")),
            ("energy generated / consumed", f"{num(en['generated_kwh'], ',.0f')} / {num(en['consumed_kwh'], ',.0f')} kWh"),
            ("energy curtailed / stored change", f"{num(en['curtailed_kwh'], ',.0f')} / {num(en['stored_change_kwh'], ',.1f')} kWh"),
            ("compute shed for lack of power", f"{num(en['compute_shed_kwh'], ',.0f')} kWh"),
            ("min state of charge; cycles", f"{num(d['battery']['min_state_of_charge'], '.3f')}; {d['battery']['equivalent_full_cycles']:.0f} equivalent full"),
            ("chip temperature", f"{th['chip_min_c']:.1f} to {th['chip_max_c']:.1f} °C (limit {th['chip_limit_c']:.0f} °C)"),
            ("radiator temperature", f"{th['radiator_min_c']:.1f} to {th['radiator_max_c']:.1f} °C"),
            ("throttled", f"{th['throttled_hours']:,.1f} satellite-hours"),
            ("dose", f"{d['radiation']['dose_rate_rad_per_yr']:.0f} rad(Si)/yr, {d['radiation']['dose_at_end_rad']:.0f} rad at the end"),
            ("faults: SDC / HBM UE / SEFI / host", f"{fa['silent_data_corruption']:,} / {fa['hbm_uncorrectable']:,} / {fa['functional_interrupt']:,} / {fa['host_crash']:,}"),
            ("accelerators failed", f"{fa['accelerators_failed']:,} ({fa['permanent_failures']:,} random, {fa['tid_failures']:,} total dose)"),
        ]  # fmt: skip
        if tr.get("enabled"):
            finish = tr["time_to_finish_days"]
            when = (
                "-"
                if finish is None
                else f"{finish:,.1f} d" + (" (projected)" if tr["time_to_finish_is_projection"] else "")
            )
            rows += [
                ("training steps; done", f"{tr['steps_completed']:,}; {100 * tr['fraction_done']:.1f}%"),
                ("time to finish the job", when),
                ("lost work / restarts / checkpoints", f"{tr['lost_work_hours']:,.1f} / {tr['restart_hours']:,.1f} / {tr['checkpoint_hours']:,.1f} h"),
                ("checkpoint interval (job MTBF)", f"{num(tr['checkpoint_interval_min'])} min ({num(tr['job_mtbf_hours'])} h)"),
            ]  # fmt: skip
        if inf.get("enabled"):
            rows.append(("inference tokens served", f"{inf['tokens_served']:,.3g}"))
        return rows

    def write_parquet(self, out_dir: str | Path) -> list[Path]:
        """Write ``fleet.parquet`` (every step) and ``satellites.parquet`` (recorded satellites, long format).

        Returns the paths written. Both files read with ``pandas.read_parquet``.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        start = np.datetime64(self.start_iso.replace("+00:00", ""), "us")
        times = start + (self.t_s * 1e6).astype("timedelta64[us]")
        fleet_cols: dict[str, Any] = {"time": pa.array(times), "t_s": pa.array(self.t_s)}
        fleet_cols.update({k: pa.array(v) for k, v in self.fleet.items()})
        paths = [out / "fleet.parquet"]
        pq.write_table(pa.table(fleet_cols), paths[0])
        if self.satellites:
            n = self.t_s.size
            cols: dict[str, list[Any]] = {"time": [], "t_s": [], "satellite": []}
            names = list(next(iter(self.satellites.values())))
            for name in names:
                cols[name] = []
            for idx, series in self.satellites.items():
                cols["time"].append(times)
                cols["t_s"].append(self.t_s)
                cols["satellite"].append(np.full(n, idx, dtype=np.int64))
                for name in names:
                    cols[name].append(series[name])
            table = pa.table({k: pa.array(np.concatenate(v)) for k, v in cols.items()})
            paths.append(out / "satellites.parquet")
            pq.write_table(table, paths[1])
        return paths

    @classmethod
    def from_run(
        cls,
        scenario: Scenario,
        design: Design,
        setup: SimulationSetup,
        st: NDArray[np.float64],
        acc: NDArray[np.float64],
        job: NDArray[np.float64],
        fs64: NDArray[np.float64],
        fs32: NDArray[np.float32],
        rec_idx: NDArray[np.int64],
        rec: NDArray[np.float32],
        scheduler_name: str,
    ) -> SimulationResult:
        n_sat, n_acc, dt, steps = setup.satellites, setup.accelerators, setup.dt_s, setup.steps
        duration_s = steps * dt
        hours = duration_s / 3600.0
        p = setup.params
        work = scenario.workload
        # close eclipse episodes still open at the end
        open_ecl = st[:, lp.S_ECL_CUR]
        ecl_max = np.maximum(acc[:, lp.A_ECL_MAX], open_ecl)
        ecl_n = acc[:, lp.A_ECL_N] + (open_ecl > 0)
        ecl_total = acc[:, lp.A_ECL_TOTAL] + open_ecl
        e_start = scenario.simulation.initial_state_of_charge * setup.battery_capacity_j
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
                time_to_finish_days=_f(finish_days) if finish_days is not None else None,
                time_to_finish_is_projection=not finished,
                lost_work_hours=job[J_LOST_COMPUTE_S] / 3600.0,
                lost_tokens=float(job[J_LOST_TOKENS]),
                restart_hours=job[J_RESTART_S] / 3600.0,
                idle_hours=job[J_IDLE_S] / 3600.0,
                checkpoint_hours=job[J_CHECKPOINT_S] / 3600.0,
                interruptions=int(job[J_INTERRUPTS]),
                checkpoints=int(job[J_CHECKPOINTS]),
                checkpoint_interval_min=_f(setup.checkpoint_interval_s / 60.0),
                checkpoint_write_s=setup.checkpoint_time_s,
                job_mtbf_hours=_f(setup.mtbf_job_s / 3600.0),
                flops_per_token=6.0 * tj.parameters,
            )
        inference: dict[str, Any] = {"enabled": work.inference is not None}
        if work.inference is not None:
            inf = work.inference
            goodput += 2.0 * inf.model_parameters * inf_tokens
            demand = None
            if inf.demand_tokens_per_s is not None:
                profile = np.asarray(inf.hourly_profile)
                start = scenario.scenario.start
                h0 = start.hour + start.minute / 60.0 + start.second / 3600.0
                t_mid = (np.arange(steps) + 0.5) * dt
                hour = (np.floor(h0 + t_mid / 3600.0).astype(np.int64)) % 24
                demand = float(inf.demand_tokens_per_s * dt * np.sum(profile[hour]))
            inference.update(
                tokens_served=inf_tokens,
                tokens_demanded=demand,
                demand_served_fraction=_f(inf_tokens / demand) if demand else None,
                accelerator_hours=float(np.sum(acc[:, lp.A_INF_S])) / 3600.0,
            )
        peak = setup.peak_flops
        if peak <= 0.0 and work.inference is not None:
            catalog = scenario.resolved_catalog()
            entry = catalog.entry("accelerators", scenario.satellite.accelerator, "satellite.accelerator")
            peak = entry.get(work.inference.peak_flops_parameter, "FLOPS", 0.0) or 0.0
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
                "seed": scenario.scenario.seed,
            },
            "orbit": {
                "sunlit_fraction": float(np.sum(acc[:, lp.A_SUN_S]) / (n_sat * duration_s)),
                "max_eclipse_min": float(np.max(ecl_max)) / 60.0,
                "mean_eclipse_min": float(np.sum(ecl_total) / max(1.0, float(np.sum(ecl_n)))) / 60.0,
                "eclipses_per_satellite": float(np.mean(ecl_n)),
                "design_sunlit_fraction": design.orbit.sunlit_fraction,
                "design_max_eclipse_min": design.orbit.max_eclipse_min,
            },
            "energy": {
                "generated_kwh": float(np.sum(acc[:, lp.A_GEN])) / _KWH,
                "consumed_kwh": float(np.sum(acc[:, lp.A_BUS] + acc[:, lp.A_COMPUTE] + acc[:, lp.A_LOSSES])) / _KWH,
                "stored_change_kwh": stored_change / _KWH,
                "curtailed_kwh": float(np.sum(acc[:, lp.A_CURTAILED])) / _KWH,
                "delivered_compute_kwh": float(np.sum(acc[:, lp.A_COMPUTE])) / _KWH,
                "delivered_bus_kwh": float(np.sum(acc[:, lp.A_BUS])) / _KWH,
                "losses_kwh": float(np.sum(acc[:, lp.A_LOSSES])) / _KWH,
                "compute_shed_kwh": float(np.sum(acc[:, lp.A_SHED_J])) / _KWH,
                "bus_unserved_kwh": float(np.sum(acc[:, lp.A_BUS_UNSERVED])) / _KWH,
            },
            "battery": {
                "capacity_kwh": capacity / _KWH,
                "min_state_of_charge": _f(float(np.min(acc[:, lp.A_SOC_MIN]))),
                "depth_of_discharge_floor": 1.0 - scenario.satellite.power.depth_of_discharge,
                "equivalent_full_cycles": float(np.mean(acc[:, lp.A_DRAWN])) / capacity if capacity > 0 else 0.0,
                "discharge_cycles": float(np.mean(acc[:, lp.A_DISCHARGES])),
            },
            "compute": {
                "gpu_hours": gpu_hours,
                "availability": float(np.sum(acc[:, lp.A_AVAILABLE_S])) / (installed * duration_s)
                if installed
                else 0.0,
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
                "chip_limit_c": float(p[lp.P_TMAX]) - _K0,
                "throttled_hours": float(np.sum(acc[:, lp.A_THROTTLED_S])) / 3600.0,
                "throttled_fraction": float(np.sum(acc[:, lp.A_THROTTLED_S])) / (n_sat * duration_s),
            },
            "radiation": {
                "dose_rate_rad_per_yr": setup.dose_rate_gy_per_s / RAD_SI_GY * 365.25 * 86400.0,
                "dose_at_end_rad": float(np.max(st[:, lp.S_DOSE])) / RAD_SI_GY,
                "tid_tolerance_rad": setup.tid_tolerance_gy / RAD_SI_GY,
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
        sats = {
            int(idx): {name: rec[:, j, k] for k, name in enumerate(lp.RECORD_COLUMNS)} for j, idx in enumerate(rec_idx)
        }
        start_iso = scenario.scenario.start.isoformat()
        return cls(scenario.scenario.name, start_iso, summary, t_s, fleet, sats)


__all__ = ["SimulationResult"]
