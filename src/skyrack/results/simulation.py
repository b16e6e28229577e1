"""What a simulation returns: a summary (``to_dict()``, the ``skyrack simulate --json`` object) and time series
(``write_parquet``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class SimulationMetrics:
    """The simulation's main figures in SI, for the steps that follow (costing, reports)."""

    duration_s: float
    availability: float  # accelerator-seconds alive and powerable / installed accelerator-seconds
    utilisation: float  # accelerator-seconds running / installed
    gpu_hours: float
    goodput_flop: float  # useful FLOPs: 6N per training token kept, 2N per inference token served
    sunlit_fraction: float
    max_eclipse_s: float
    energy_generated_j: float


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
    metrics
        The main figures in SI (:class:`SimulationMetrics`).
    """

    scenario_name: str
    start_iso: str
    summary: dict[str, dict[str, Any]]
    metrics: SimulationMetrics
    t_s: NDArray[np.float64]
    fleet: dict[str, NDArray[Any]] = field(default_factory=dict)
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
        return summary_rows(self.summary)

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
        # no dictionary pages: float series rarely repeat, so pyarrow's dictionary attempt costs time (3x the write
        # of a year at 60 s) and size (28 -> 23 MB) for nothing
        pq.write_table(pa.table(fleet_cols), paths[0], compression="zstd", use_dictionary=False)
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
            pq.write_table(table, paths[1], compression="zstd", use_dictionary=["satellite"])
        return paths


def summary_rows(d: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value with unit) rows of a simulation summary (``SimulationResult.summary``, or the ``simulation``
    section of a saved run), in reading order, for a human table."""
    tr, inf, th, en, co, fa = d["training"], d["inference"], d["thermal"], d["energy"], d["compute"], d["faults"]

    def num(x: float | None, fmt: str = ",.1f") -> str:
        return "-" if x is None else format(x, fmt)

    rows = [
        ("period", f"{d['run']['duration_days']:g} d × {d['run']['satellites']} satellites, step {d['run']['step_s']:g} s"),
        ("sunlit fraction (closed form)", f"{d['orbit']['sunlit_fraction']:.4f} ({d['orbit']['design_sunlit_fraction']:.4f})"),
        ("longest eclipse (closed form)", f"{d['orbit']['max_eclipse_min']:.1f} min ({d['orbit']['design_max_eclipse_min']:.1f} min)"),
        ("availability / utilisation", f"{co['availability']:.3f} / {co['utilisation']:.3f}"),
        ("GPU-hours delivered", num(co["gpu_hours"], ",.0f")),
        ("goodput", f"{num(co['goodput_exaflop'], ',.0f')} EFLOP"),
        ("effective utilisation", num(co["effective_utilisation"], ".3f")),
        ("energy generated / consumed", f"{num(en['generated_kwh'], ',.0f')} / {num(en['consumed_kwh'], ',.0f')} kWh"),
        ("energy curtailed / stored change", f"{num(en['curtailed_kwh'], ',.0f')} / {num(en['stored_change_kwh'], ',.1f')} kWh"),
        ("compute shed for lack of power", f"{num(en['compute_shed_kwh'], ',.0f')} kWh"),
        ("min state of charge; cycles", f"{num(d['battery']['min_state_of_charge'], '.3f')}; {d['battery']['equivalent_full_cycles']:.0f} equivalent full"),
        ("chip temperature", f"{th['chip_min_c']:.1f} to {th['chip_max_c']:.1f} °C (limit {th['chip_limit_c']:.0f} °C)"),
        ("radiator temperature", f"{th['radiator_min_c']:.1f} to {th['radiator_max_c']:.1f} °C"
         + (f" — below the {th['coolant']}'s freezing point ({th['coolant_freezing_c']:.0f} °C): the loop freezes"
            if th.get("coolant_froze") else "")),
        ("survival heaters / idle draw", f"{th.get('heater_energy_kwh', 0.0):,.0f} / {th.get('idle_energy_kwh', 0.0):,.0f} kWh"),
        ("throttled", f"{th['throttled_hours']:,.1f} satellite-hours"),
        ("dose", f"{d['radiation']['dose_rate_rad_per_yr']:.0f} rad(Si)/yr (peak {d['radiation'].get('dose_rate_max_rad_per_yr', 0.0):,.0f} along the orbit), {d['radiation']['dose_at_end_rad']:.0f} rad at the end"
         + (f"; training paused {d['radiation']['saa_training_paused_hours']:,.1f} h in the SAA" if d['radiation'].get('saa_training_paused_hours') else "")),
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


__all__ = ["SimulationMetrics", "SimulationResult", "summary_rows"]
