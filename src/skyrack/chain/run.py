"""``skyrack run``: design → simulate → compare → launch-price break-even → uncertainty, saved as a run folder.

:func:`run` chains the models on one scenario and keeps every result; :func:`save_run` writes the run folder
(atomically, see :mod:`skyrack.present.store`): ``scenario.resolved.json`` (the scenario in SI with unit-named keys,
and every catalog value the run looked up, with its source), ``summary.json``, ``timeseries/*.parquet`` and
``report.html``.

The comparison uses the availability the simulation delivered (accelerator-hours alive and powerable over
installed accelerator-hours) instead of the design's estimate, so eclipses, faults and failures seen in the
simulated period carry into the cost per GPU-hour.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skyrack.analysis.breakeven import LaunchPriceCurve, launch_price_curve
from skyrack.analysis.uncertainty import UncertaintyResult, uncertainty
from skyrack.catalog import CatalogEntry, record_catalog_use
from skyrack.chain.compare import Comparison, compare
from skyrack.chain.design import Design, design
from skyrack.errors import SkyrackInputError
from skyrack.present.store import (
    DEFAULT_RUNS_ROOT,
    REPORT_FILE,
    RESOLVED_FILE,
    SUMMARY_FILE,
    TIMESERIES_DIR,
    RunFolder,
    default_run_name,
    write_json,
)
from skyrack.scenario import Scenario

if TYPE_CHECKING:
    from skyrack.results.simulation import SimulationResult

#: Stage callback: called with the name of each stage as it starts.
Stage = Callable[[str], None]
#: Step callback of the simulation: (steps done, steps in all).
Steps = Callable[[int, int], None]


@dataclass
class RunResult:
    """Everything one ``skyrack run`` computed."""

    scenario: Scenario
    design: Design
    simulation: SimulationResult
    comparison: Comparison
    launch_curve: LaunchPriceCurve
    uncertainty: UncertaintyResult | None
    catalog_used: dict[tuple[str, str], CatalogEntry]
    created: str
    timings_s: dict[str, float] = field(default_factory=dict)
    scenario_file: str = ""
    overrides: list[str] = field(default_factory=list)

    @property
    def headline(self) -> str:
        """The answer in one line."""
        c, curve = self.comparison, self.launch_curve
        text = f"orbit: ${c.orbit_usd_per_gpu_hour:,.2f}/GPU-h, ground: ${c.ground_usd_per_gpu_hour:,.2f}/GPU-h, "
        if curve.breakeven_usd_per_kg is not None:
            return text + f"break-even launch price ${curve.breakeven_usd_per_kg:,.0f}/kg"
        if curve.orbit_usd_per_gpu_hour.size and curve.orbit_usd_per_gpu_hour[0] > curve.ground_usd_per_gpu_hour:
            return text + "no break-even launch price (the ground is cheaper even with free launch)"
        return text + f"no break-even launch price (orbit is cheaper up to ${curve.prices_usd_per_kg[-1]:,.0f}/kg)"

    def resolved(self) -> dict[str, Any]:
        """The resolved scenario: every scenario value in SI (keys carry their units) and every catalog value
        the run used, with its source, year and verification status."""
        catalog: dict[str, dict[str, dict[str, Any]]] = {}
        for (kind, name), entry in sorted(self.catalog_used.items()):
            catalog.setdefault(kind, {})[name] = {
                parameter: {
                    "value": value.value,
                    "unit": value.unit,
                    "source": value.source,
                    "year": value.year,
                    "status": value.status,
                }
                for parameter, value in entry.values.items()
            }
        return {
            "scenario_file": self.scenario_file,
            "overrides": list(self.overrides),
            "scenario": self.scenario.model_dump(mode="json"),
            "catalog": catalog,
        }

    def summary(self) -> dict[str, Any]:
        """``summary.json``: the headline and every result section."""
        from skyrack import __version__

        c = self.comparison
        comparison = c.to_dict()
        return {
            "skyrack_version": __version__,
            "created": self.created,
            "scenario": {
                "name": self.scenario.scenario.name,
                "file": self.scenario_file,
                "start": self.scenario.scenario.start.isoformat(),
                "duration_days": self.scenario.scenario.duration_s / 86400.0,
                "satellites": self.scenario.fleet.satellites,
            },
            "headline": self.headline,
            "headline_values": {
                "orbit_usd_per_gpu_hour": c.orbit_usd_per_gpu_hour,
                "ground_usd_per_gpu_hour": c.ground_usd_per_gpu_hour,
                "ratio_orbit_to_ground": c.orbit_usd_per_gpu_hour / c.ground_usd_per_gpu_hour,
                "breakeven_launch_price_usd_per_kg": self.launch_curve.breakeven_usd_per_kg,
                "launch_price_usd_per_kg": self.launch_curve.current_usd_per_kg,
                "orbit_availability_simulated": comparison["orbit"]["availability"],
            },
            "design": self.design.to_dict(),
            "simulation": self.simulation.to_dict(),
            "comparison": comparison,
            "launch_price": self.launch_curve.to_dict(),
            "uncertainty": None if self.uncertainty is None else self.uncertainty.to_dict(),
            "timings_s": dict(self.timings_s),
        }


def run(
    scenario: Scenario,
    stage: Stage | None = None,
    steps: Steps | None = None,
    samples: int | None = None,
    scenario_file: str | Path = "",
    overrides: Sequence[str] = (),
) -> RunResult:
    """Design, simulate and cost ``scenario``; the uncertainty analysis too when it has one.

    Raises :class:`~skyrack.errors.SkyrackInputError` when the design is not feasible (it then has neither a
    simulation nor a cost; ``skyrack design`` says why).
    """
    from skyrack.chain.simulate.engine import simulate

    def begin(name: str) -> float:
        if stage is not None:
            stage(name)
        return time.perf_counter()

    timings: dict[str, float] = {}
    with record_catalog_use() as used:
        t = begin("design")
        result = design(scenario)
        timings["design"] = time.perf_counter() - t
        if not result.feasibility.ok:
            raise SkyrackInputError(
                "scenario", scenario.scenario.name, "the design is not feasible, so there is nothing to simulate "
                "or cost: " + "; ".join(result.feasibility.problems)
            )  # fmt: skip
        t = begin("simulate")
        sim = simulate(scenario, result, progress=steps)
        timings["simulate"] = time.perf_counter() - t
        t = begin("compare")
        availability = float(sim.to_dict()["compute"]["availability"])
        comparison = compare(scenario, result, orbit_availability=availability)
        curve = launch_price_curve(comparison.inputs)
        timings["compare"] = time.perf_counter() - t
        unc = None
        if scenario.uncertainty.parameters:
            t = begin("uncertainty")
            unc = uncertainty(scenario, samples, result, orbit_availability=availability)
            timings["uncertainty"] = time.perf_counter() - t
    return RunResult(
        scenario=scenario,
        design=result,
        simulation=sim,
        comparison=comparison,
        launch_curve=curve,
        uncertainty=unc,
        catalog_used=dict(used),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        timings_s=timings,
        scenario_file=str(scenario_file),
        overrides=list(overrides),
    )


def save_run(
    result: RunResult,
    root: Path = DEFAULT_RUNS_ROOT,
    name: str | None = None,
    stage: Stage | None = None,
    before_commit: Callable[[Path], None] | None = None,
) -> Path:
    """Write the run folder under ``root`` (default name ``<date>-<scenario slug>``, made unique) and return
    its path. Everything is written into a hidden partial folder that is renamed into place only when
    complete; ``before_commit(partial_path)`` runs just before that rename (tests use it to interrupt)."""
    from skyrack.present.report import run_report_html

    folder_name = name or default_run_name(result.scenario.scenario.name)
    if "/" in folder_name or folder_name.startswith(".") or not folder_name.strip():
        raise SkyrackInputError("--name", folder_name, "a plain folder name (no '/', not starting with '.')")
    folder = RunFolder(Path(root), folder_name)
    with folder as partial:
        if stage is not None:
            stage("save")
        write_json(partial / RESOLVED_FILE, _json_ready(result.resolved()))
        result.simulation.write_parquet(partial / TIMESERIES_DIR)
        if stage is not None:
            stage("report")
        (partial / REPORT_FILE).write_text(run_report_html(result), encoding="utf-8")
        # the summary goes last: a folder with a summary.json is a complete run
        write_json(partial / SUMMARY_FILE, _json_ready(result.summary()))
        if before_commit is not None:
            before_commit(partial)
    assert folder.final_path is not None
    return folder.final_path


def _json_ready(data: Any) -> Any:
    from skyrack.api import json_safe

    return json_safe(data)


__all__ = ["RunResult", "Stage", "Steps", "run", "save_run"]
