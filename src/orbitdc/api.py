"""The public API of orbitdc: what the CLI, the web server and users' scripts call.

>>> import orbitdc
>>> scenario = orbitdc.load_scenario("examples/suncatcher.toml")
>>> result = orbitdc.design(scenario)
>>> result.satellite.radiator_area_m2  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from orbitdc.breakeven import Breakeven, breakeven
from orbitdc.catalog import Catalog, CatalogEntry, CatalogValue, default_catalog
from orbitdc.compare import Comparison, compare
from orbitdc.design import Design, design
from orbitdc.errors import OrbitdcInputError, OrbitdcInputErrors
from orbitdc.ground_passes import Passes, Station, passes
from orbitdc.scenario import Scenario, load_scenario, scenario_from_dict, scenario_json_schema
from orbitdc.uncertainty import UNCERTAIN_KEYS, UncertaintyResult, uncertainty

if TYPE_CHECKING:
    from orbitdc.simulation.engine import Progress
    from orbitdc.simulation.results import SimulationResult
    from orbitdc.simulation.scheduler import Scheduler


def simulate(
    scenario: Scenario,
    design: Design | None = None,
    progress: Progress | None = None,
    scheduler: Scheduler | None = None,
) -> SimulationResult:
    """Simulate the designed fleet over the scenario's duration, step by step (see :mod:`orbitdc.simulation`).

    ``progress(done_steps, total_steps)`` is called after each chunk of steps; ``scheduler`` defaults to the
    scenario's ``simulation.scheduler`` policy. Deterministic for a given ``scenario.seed``. The simulator and
    its compiled loop are imported on first use, so ``import orbitdc`` stays fast.
    """
    from orbitdc.simulation.engine import simulate as _simulate

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
    "OrbitdcInputError",
    "OrbitdcInputErrors",
    "Passes",
    "Scenario",
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
