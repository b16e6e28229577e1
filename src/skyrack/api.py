"""The public API of skyrack: what the CLI, the web server and users' scripts call.

>>> import skyrack
>>> scenario = skyrack.load_scenario("examples/suncatcher.toml")
>>> result = skyrack.design(scenario)
>>> result.satellite.radiator_area_m2  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from skyrack.analysis.breakeven import breakeven
from skyrack.analysis.uncertainty import uncertainty
from skyrack.catalog import Catalog, CatalogEntry, CatalogValue, default_catalog
from skyrack.chain.compare import compare
from skyrack.chain.design import design
from skyrack.chain.passes import Passes, Station, passes
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.results.breakeven import Breakeven
from skyrack.results.comparison import Comparison
from skyrack.results.design import Design
from skyrack.results.json import json_safe
from skyrack.results.run import RunResult
from skyrack.results.simulation import summary_rows as simulation_summary_rows
from skyrack.results.uncertainty import UncertaintyResult
from skyrack.scenario import Scenario, load_scenario, scenario_from_dict, scenario_json_schema
from skyrack.scenario.uncertainty import UNCERTAIN_KEYS

if TYPE_CHECKING:
    from skyrack.chain.simulate.engine import Progress
    from skyrack.chain.simulate.scheduler import Scheduler
    from skyrack.results.simulation import SimulationResult


def simulate(
    scenario: Scenario,
    design: Design | None = None,
    progress: Progress | None = None,
    scheduler: Scheduler | None = None,
) -> SimulationResult:
    """Simulate the designed fleet over the scenario's duration, step by step (see :mod:`skyrack.chain.simulate`).

    ``progress(done_steps, total_steps)`` is called after each chunk of steps; ``scheduler`` defaults to the
    scenario's ``simulation.scheduler`` policy. Deterministic for a given ``scenario.seed``. The simulator and
    its compiled loop are imported on first use, so ``import skyrack`` stays fast.
    """
    from skyrack.chain.simulate.engine import simulate as _simulate

    return _simulate(scenario, design, progress, scheduler)


def run(
    scenario: Scenario,
    stage: Callable[[str], None] | None = None,
    steps: Progress | None = None,
    samples: int | None = None,
    scenario_file: str | Path = "",
    overrides: Sequence[str] = (),
) -> RunResult:
    """The main job: design, simulate and cost ``scenario`` (and its uncertainty analysis when it has one).

    ``stage(name)`` is called as each step starts, ``steps(done, total)`` during the simulation. Save the result
    as a run folder with :func:`skyrack.present.store.save_run`. Raises :class:`SkyrackInputError` when the
    design is not feasible (``skyrack design`` says why).
    """
    from skyrack.analysis.run import run as _run

    return _run(scenario, stage, steps, samples, scenario_file, overrides)


__all__ = [
    "UNCERTAIN_KEYS",
    "Breakeven",
    "Catalog",
    "CatalogEntry",
    "CatalogValue",
    "Comparison",
    "Design",
    "Passes",
    "RunResult",
    "Scenario",
    "SkyrackInputError",
    "SkyrackInputErrors",
    "Station",
    "UncertaintyResult",
    "breakeven",
    "compare",
    "default_catalog",
    "design",
    "json_safe",
    "load_scenario",
    "passes",
    "run",
    "scenario_from_dict",
    "scenario_json_schema",
    "simulate",
    "simulation_summary_rows",
    "uncertainty",
]
