"""The public API of skyrack: what the CLI, the web server and users' scripts call.

>>> import skyrack
>>> scenario = skyrack.load_scenario("examples/suncatcher.toml")
>>> result = skyrack.design(scenario)
>>> result.satellite.radiator_area_m2  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from skyrack.analysis.breakeven import Breakeven, breakeven
from skyrack.analysis.uncertainty import UNCERTAIN_KEYS, UncertaintyResult, uncertainty
from skyrack.catalog import Catalog, CatalogEntry, CatalogValue, default_catalog
from skyrack.chain.compare import Comparison, compare
from skyrack.chain.design import Design, design
from skyrack.chain.passes import Passes, Station, passes
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.scenario import Scenario, load_scenario, scenario_from_dict, scenario_json_schema

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


def json_safe(value: Any) -> Any:
    """Recursively replace NaN and infinities by ``None`` so the result is strict JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


__all__ = [
    "UNCERTAIN_KEYS",
    "Breakeven",
    "Catalog",
    "CatalogEntry",
    "CatalogValue",
    "Comparison",
    "Design",
    "Passes",
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
    "scenario_from_dict",
    "scenario_json_schema",
    "simulate",
    "uncertainty",
]
