"""The public API of skyrack: what the CLI, the web server and users' scripts call.

>>> import skyrack
>>> scenario = skyrack.load_scenario("examples/suncatcher.toml")
>>> result = skyrack.design(scenario)
>>> result.satellite.radiator_area_m2  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skyrack.catalog import Catalog, CatalogEntry, CatalogValue, default_catalog
from skyrack.errors import SkyrackInputError, SkyrackInputErrors, SkyrackWarning
from skyrack.results.breakeven import Breakeven
from skyrack.results.comparison import Comparison
from skyrack.results.design import Design
from skyrack.results.json import json_safe
from skyrack.results.network import NetworkReport
from skyrack.results.passes import Passes, Station
from skyrack.results.race import RaceResult
from skyrack.results.run import RunResult
from skyrack.results.simulation import summary_rows as simulation_summary_rows
from skyrack.results.uncertainty import UncertaintyResult
from skyrack.scenario import Scenario, load_scenario, scenario_from_dict, scenario_json_schema
from skyrack.scenario.uncertainty import UNCERTAIN_KEYS

if TYPE_CHECKING:
    from skyrack.chain.budget import JobEstimate
    from skyrack.chain.simulate.engine import Progress
    from skyrack.chain.simulate.scheduler import Scheduler
    from skyrack.models import Models
    from skyrack.results.simulation import SimulationResult


# The steps below are imported when first called, so that `import skyrack` and `skyrack validate` do not load
# the chain, the analyses, scipy or numba.


def design(scenario: Scenario | Models) -> Design:
    """Size the satellite and the fleet for the worst case of the environment and list what makes it infeasible
    (:func:`skyrack.chain.design.design`)."""
    from skyrack.chain.design import design as _design

    return _design(scenario)


def compare(
    scenario: Scenario | Models, result: Design | None = None, orbit_availability: float | None = None
) -> Comparison:
    """Cost the scenario in orbit and on the ground for the same work (:func:`skyrack.chain.compare.compare`).

    ``result`` is its design (computed when not given); ``orbit_availability`` the fraction of accelerator-hours
    delivered in orbit, e.g. from a simulation (default: the design's estimate).
    """
    from skyrack.chain.compare import compare as _compare

    return _compare(scenario, result, orbit_availability)


def breakeven(
    path: str | Path | Mapping[str, Any],
    param: str,
    overrides: Sequence[str] = (),
    lower: float | None = None,
    upper: float | None = None,
    points: int = 41,
) -> Breakeven:
    """The value of the dotted scenario key ``param`` at which orbit and ground cost the same per GPU-hour, and
    the curve around it (:func:`skyrack.analysis.breakeven.breakeven`)."""
    from skyrack.analysis.breakeven import breakeven as _breakeven

    return _breakeven(path, param, overrides, lower, upper, points)


def network(scenario: Scenario | Models, max_memory_bytes: float | None = None) -> NetworkReport:
    """The fleet's whole data path: the inter-satellite link budget, the topology, the training all-reduce, the
    downlink through the ground stations (passes, clouds, the on-board store) and the inference path to the users
    (:func:`skyrack.chain.network.network`)."""
    from skyrack.chain.network import network as _network

    return _network(scenario, max_memory_bytes)


def race(scenario: Scenario | Models, result: Design | None = None) -> RaceResult:
    """Who brings ``race.target`` of IT power online first, orbit or ground, at what cost per GPU-hour and with
    what present value by ``race.by`` (:func:`skyrack.chain.race.race`)."""
    from skyrack.chain.race import race as _race

    return _race(scenario, result)


def uncertainty(
    scenario: Scenario,
    samples: int | None = None,
    result: Design | None = None,
    sensitivity: bool = True,
    progress: Callable[[str], None] | None = None,
    orbit_availability: float | None = None,
) -> UncertaintyResult:
    """Monte Carlo of orbit and ground $/GPU-hour and Sobol indices of their ratio over the scenario's
    ``[uncertainty]`` distributions (:func:`skyrack.analysis.uncertainty.uncertainty`)."""
    from skyrack.analysis.uncertainty import uncertainty as _uncertainty

    return _uncertainty(scenario, samples, result, sensitivity, progress, orbit_availability)


def passes(
    scenario: Scenario,
    stations: Sequence[str | Station],
    days: float = 1.0,
    mask_deg: float | None = None,
    step_s: float | None = None,
    max_memory_bytes: float | None = None,
) -> Passes:
    """Passes of the scenario's satellites over ground stations: AOS, LOS, duration, maximum elevation
    (:func:`skyrack.chain.passes.passes`; mask and step default to its ``DEFAULT_MASK_DEG``, 10°, and
    ``DEFAULT_STEP_S``, 30 s); a search estimated over ``max_memory_bytes`` (default: half the machine's memory) is
    refused before it starts."""
    from skyrack.chain.passes import DEFAULT_MASK_DEG, DEFAULT_STEP_S
    from skyrack.chain.passes import passes as _passes

    mask = DEFAULT_MASK_DEG if mask_deg is None else mask_deg
    return _passes(scenario, stations, days, mask, DEFAULT_STEP_S if step_s is None else step_s, max_memory_bytes)


def simulate(
    scenario: Scenario | Models,
    design: Design | None = None,
    progress: Progress | None = None,
    scheduler: Scheduler | None = None,
    max_memory_bytes: float | None = None,
) -> SimulationResult:
    """Simulate the designed fleet over the scenario's duration, step by step (see :mod:`skyrack.chain.simulate`).

    ``progress(done_steps, total_steps)`` is called after each chunk of steps; ``scheduler`` defaults to the
    scenario's ``simulation.scheduler`` policy. Deterministic for a given ``scenario.seed``. The simulator and
    its compiled loop are imported on first use, so ``import skyrack`` stays fast. A job whose estimated memory is
    over ``max_memory_bytes`` (default: half the machine's) is refused before anything is allocated.
    """
    from skyrack.chain.simulate.engine import simulate as _simulate

    return _simulate(scenario, design, progress, scheduler, max_memory_bytes)


def simulation_estimate(scenario: Scenario | Models, max_memory_bytes: float | None = None) -> JobEstimate:
    """What simulating ``scenario`` will take (satellites × steps, bytes, seconds); raises
    :class:`SkyrackInputError` when it is over ``max_memory_bytes`` (default: half the machine's memory)."""
    from skyrack.chain.budget import check_memory, estimate_simulation

    estimate = estimate_simulation(scenario)
    check_memory(estimate, max_memory_bytes)
    return estimate


def parse_memory(text: str, field: str = "--max-memory") -> float:
    """A memory size such as ``"16GiB"`` or ``"500 MB"`` in bytes (an input error naming ``field`` otherwise)."""
    from skyrack.chain.budget import parse_bytes

    return parse_bytes(text, field)


def run(
    scenario: Scenario,
    stage: Callable[[str], None] | None = None,
    steps: Progress | None = None,
    samples: int | None = None,
    scenario_file: str | Path = "",
    overrides: Sequence[str] = (),
    max_memory_bytes: float | None = None,
) -> RunResult:
    """The main job: design, simulate and cost ``scenario`` (and its uncertainty analysis when it has one).

    ``stage(name)`` is called as each step starts, ``steps(done, total)`` during the simulation. Save the result
    as a run folder with :func:`skyrack.present.store.save_run`. Raises :class:`SkyrackInputError` when the
    design is not feasible (``skyrack design`` says why).
    """
    from skyrack.analysis.run import run as _run

    return _run(scenario, stage, steps, samples, scenario_file, overrides, max_memory_bytes)


__all__ = [
    "UNCERTAIN_KEYS",
    "Breakeven",
    "Catalog",
    "CatalogEntry",
    "CatalogValue",
    "Comparison",
    "Design",
    "NetworkReport",
    "Passes",
    "RaceResult",
    "RunResult",
    "Scenario",
    "SkyrackInputError",
    "SkyrackInputErrors",
    "SkyrackWarning",
    "Station",
    "UncertaintyResult",
    "breakeven",
    "compare",
    "default_catalog",
    "design",
    "json_safe",
    "load_scenario",
    "network",
    "parse_memory",
    "passes",
    "race",
    "run",
    "scenario_from_dict",
    "scenario_json_schema",
    "simulate",
    "simulation_estimate",
    "simulation_summary_rows",
    "uncertainty",
]
