"""``skyrack run``: the whole study of one scenario — the chain (design → simulate → compare) and its analyses
(launch-price break-even curve, uncertainty).

:func:`run` chains the steps on one scenario and keeps every result in a
:class:`~skyrack.results.run.RunResult`; :func:`skyrack.present.store.save_run` writes the run folder: ``scenario.resolved.json`` (the scenario in SI with unit-named keys,
and every catalog value the run looked up, with its source), ``summary.json``, ``timeseries/*.parquet`` and
``report.html``.

Every step costs with the same availability as ``skyrack compare``, ``breakeven`` and ``uncertainty``: the
modelled one over the satellite's life (:func:`skyrack.chain.compare.modelled_availability`). The simulation's
delivered availability over the simulated period is reported beside the model's figure for that same period,
as a check of the model (they agree within about 1 % on every example).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from skyrack.analysis.breakeven import launch_price_curve
from skyrack.analysis.uncertainty import uncertainty
from skyrack.arrays import first_float
from skyrack.catalog import record_catalog_use
from skyrack.chain.budget import check_memory, estimate_simulation
from skyrack.chain.compare import compare, modelled_availability
from skyrack.chain.design import design
from skyrack.errors import SkyrackInputError
from skyrack.models import build_models
from skyrack.results.run import RunResult
from skyrack.scenario import Scenario

#: Stage callback: called with the name of each stage as it starts.
Stage = Callable[[str], None]
#: Step callback of the simulation: (steps done, steps in all).
Steps = Callable[[int, int], None]


def run(
    scenario: Scenario,
    stage: Stage | None = None,
    steps: Steps | None = None,
    samples: int | None = None,
    scenario_file: str | Path = "",
    overrides: Sequence[str] = (),
    max_memory_bytes: float | None = None,
) -> RunResult:
    """Design, simulate and cost ``scenario``; the uncertainty analysis too when it has one.

    Raises :class:`~skyrack.errors.SkyrackInputError` when the design is not feasible (it then has neither a
    simulation nor a cost; ``skyrack design`` says why), and before any work when the simulation would not fit
    ``max_memory_bytes`` (:func:`skyrack.chain.budget.check_memory`).
    """
    from skyrack.chain.simulate.engine import simulate  # the compiled loop loads on first use

    def begin(name: str) -> float:
        if stage is not None:
            stage(name)
        return time.perf_counter()

    check_memory(estimate_simulation(scenario), max_memory_bytes)
    timings: dict[str, float] = {}
    with record_catalog_use() as used:
        t = begin("design")
        models = build_models(scenario)  # once: every step below reads these objects
        result = design(models)
        timings["design"] = time.perf_counter() - t
        if not result.feasibility.ok:
            raise SkyrackInputError(
                "scenario", scenario.scenario.name, "the design is not feasible, so there is nothing to simulate "
                "or cost: " + "; ".join(result.feasibility.problems)
            )  # fmt: skip
        t = begin("simulate")
        sim = simulate(models, result, progress=steps, max_memory_bytes=max_memory_bytes)
        timings["simulate"] = time.perf_counter() - t
        t = begin("compare")
        comparison = compare(models, result)
        availability = comparison.inputs.orbit_availability
        check = modelled_availability(models, result, sim.metrics.duration_s)
        curve = launch_price_curve(comparison.inputs)
        timings["compare"] = time.perf_counter() - t
        from skyrack.chain.network import network

        t = begin("network")
        network_result = network(models, max_memory_bytes)
        timings["network"] = time.perf_counter() - t
        race_result = None
        if scenario.race.target_w is not None:
            from skyrack.chain.race import race

            t = begin("race")
            race_result = race(models, result)
            timings["race"] = time.perf_counter() - t
        unc = None
        if scenario.uncertainty.parameters:
            t = begin("uncertainty")
            unc = uncertainty(scenario, samples, result, orbit_availability=first_float(availability), models=models)
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
        availability_modelled_over_simulation=check.value,
        race=race_result,
        network=network_result,
    )


__all__ = ["RunResult", "Stage", "Steps", "run"]
