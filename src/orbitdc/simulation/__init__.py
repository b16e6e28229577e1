"""The operations simulator: the designed fleet, step by step, with power, heat, radiation and AI work.

Public API::

    simulate(scenario, design=None, progress=None, scheduler=None) -> SimulationResult
    SimulationResult.to_dict() / .write_parquet(out_dir)
    Scheduler (Protocol), StepState, Allocation, GreedyScheduler, BatteryAwareScheduler

The scenario sections it reads (``[simulation]``, ``[radiation]``, ``[workload]``) are defined in
:mod:`orbitdc.simulation.config`. The engine is imported lazily: :mod:`orbitdc.scenario` imports the config
module of this package, and the engine imports the scenario's consumers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orbitdc.simulation.config import InferenceJob, RadiationSettings, SimulationSettings, TrainingJob, Workload

if TYPE_CHECKING:
    from orbitdc.simulation.engine import simulate
    from orbitdc.simulation.results import SimulationResult
    from orbitdc.simulation.scheduler import (
        Allocation,
        BatteryAwareScheduler,
        GreedyScheduler,
        Scheduler,
        StepState,
    )

_LAZY = {
    "simulate": "orbitdc.simulation.engine",
    "SimulationResult": "orbitdc.simulation.results",
    "Allocation": "orbitdc.simulation.scheduler",
    "BatteryAwareScheduler": "orbitdc.simulation.scheduler",
    "GreedyScheduler": "orbitdc.simulation.scheduler",
    "Scheduler": "orbitdc.simulation.scheduler",
    "StepState": "orbitdc.simulation.scheduler",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'orbitdc.simulation' has no attribute {name!r}")


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
