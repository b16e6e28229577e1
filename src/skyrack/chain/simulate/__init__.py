"""The operations simulator: the designed fleet, step by step, with power, heat, radiation and AI work.

Public API::

    simulate(scenario, design=None, progress=None, scheduler=None) -> SimulationResult
    SimulationResult.to_dict() / .write_parquet(out_dir)
    Scheduler (Protocol), StepState, Allocation, GreedyScheduler, BatteryAwareScheduler

The scenario sections it reads (``[simulation]``, ``[radiation]``, ``[workload]``) are defined in
:mod:`skyrack.scenario.operations`. The engine is imported lazily: :mod:`skyrack.scenario` imports the config
module of this package, and the engine imports the scenario's consumers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from skyrack.scenario.operations import InferenceJob, RadiationSettings, SimulationSettings, TrainingJob, Workload

if TYPE_CHECKING:
    from skyrack.chain.simulate.engine import simulate
    from skyrack.chain.simulate.scheduler import (
        Allocation,
        BatteryAwareScheduler,
        GreedyScheduler,
        Scheduler,
        StepState,
    )
    from skyrack.results.simulation import SimulationResult

_LAZY = {
    "simulate": "skyrack.chain.simulate.engine",
    "SimulationResult": "skyrack.results.simulation",
    "Allocation": "skyrack.chain.simulate.scheduler",
    "BatteryAwareScheduler": "skyrack.chain.simulate.scheduler",
    "GreedyScheduler": "skyrack.chain.simulate.scheduler",
    "Scheduler": "skyrack.chain.simulate.scheduler",
    "StepState": "skyrack.chain.simulate.scheduler",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'skyrack.chain.simulate' has no attribute {name!r}")


__all__ = [
    "Allocation",
    "BatteryAwareScheduler",
    "GreedyScheduler",
    "InferenceJob",
    "RadiationSettings",
    "Scheduler",
    "SimulationResult",
    "SimulationSettings",
    "StepState",
    "TrainingJob",
    "Workload",
    "simulate",
]
