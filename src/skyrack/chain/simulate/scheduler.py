"""Schedulers: each step, decide how many accelerators of each satellite run inference and training, and at
what clock, within the power and heat available.

The interface is :class:`Scheduler` (a Protocol): a name and ``allocate(state) -> Allocation``, vectorised over
the satellites. Write a class with those two members and pass an instance to
:func:`~skyrack.chain.simulate.simulate` to try a policy of your own; the engine then calls it once a step (slower
than the built-in policies, whose allocation is compiled into the time loop).

The engine enforces what physics allows whatever the scheduler asks: an allocation above the accelerators
alive is clipped, compute beyond the power the array and battery can give is shed (after the bus), and the
chips heat up if the scheduler ignores the thermal limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Protocol, runtime_checkable

import numba as nb
import numpy as np
from numpy.typing import NDArray

from skyrack._numba import FASTMATH as _FASTMATH

POLICY_PYTHON: Final = -1
POLICY_GREEDY: Final = 0
POLICY_BATTERY_AWARE: Final = 1


@dataclass(frozen=True)
class StepState:
    """What a scheduler sees at one step; arrays have one value per satellite.

    Attributes
    ----------
    t_s
        Time of the step's midpoint since the scenario start [s].
    accelerators_available
        Accelerators alive on each satellite.
    accelerator_power_w
        Power of one accelerator at full clock, its share of host power included [W].
    power_available_w
        Power that compute can draw this step: array output through the direct path plus the battery down to
        its depth-of-discharge floor, after the bus load [W].
    power_available_reserve_w
        The same, keeping the battery above the reserve level (``simulation.battery_reserve``) [W].
    thermal_limit_w
        Heat the chips may dissipate this step and end at their maximum temperature [W].
    state_of_charge
        Battery state of charge [-].
    sun_fraction
        Visible fraction of the Sun's disc [-].
    chip_temperature_k, radiator_temperature_k
        Node temperatures at the start of the step [K].
    inference_demand_accelerators
        Fleet-wide inference demand in accelerators at full clock (``inf`` when unlimited, 0 with no inference).
    training_active
        Whether a training job is waiting for accelerators.
    """

    t_s: float
    accelerators_available: NDArray[np.float64]
    accelerator_power_w: float
    power_available_w: NDArray[np.float64]
    power_available_reserve_w: NDArray[np.float64]
    thermal_limit_w: NDArray[np.float64]
    state_of_charge: NDArray[np.float64]
    sun_fraction: NDArray[np.float64]
    chip_temperature_k: NDArray[np.float64]
    radiator_temperature_k: NDArray[np.float64]
    inference_demand_accelerators: float
    training_active: bool


@dataclass(frozen=True)
class Allocation:
    """A scheduler's decision for one step, per satellite.

    Compute power drawn = (inference + training) × clock × accelerator power.
    """

    inference: NDArray[np.float64]
    training: NDArray[np.float64]
    clock: NDArray[np.float64]


@runtime_checkable
class Scheduler(Protocol):
    """A scheduling policy: ``name`` and ``allocate(state) -> Allocation``."""

    name: str

    def allocate(self, state: StepState) -> Allocation: ...


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def allocate_nb(
    available: NDArray[np.float64],
    accelerator_power_w: float,
    power_cap_w: NDArray[np.float64],
    thermal_limit_w: NDArray[np.float64],
    inference_demand: float,
    training_active: bool,
    out_inference: NDArray[np.float64],
    out_training: NDArray[np.float64],
    out_clock: NDArray[np.float64],
) -> None:
    """Greedy allocation under a power cap (compiled; shared by the built-in policies).

    Per satellite: run as many accelerators as the power cap feeds at full clock,
    :math:`n = \\min(n_{alive}, \\lfloor P_{cap} / P_1 \\rfloor)`; lower the clock of all of them to the
    thermal limit, :math:`c = \\min(1, Q_{max} / (n P_1))` (power and throughput taken as proportional to
    clock — conservative: dynamic power falls faster than clock under DVFS); give inference its demand first,
    satellite by satellite, and the rest to training if a job waits; idle accelerators are switched off.
    """
    remaining = inference_demand
    for s in range(available.size):
        n = available[s]
        if accelerator_power_w > 0.0:
            n = min(n, np.floor(power_cap_w[s] / accelerator_power_w + 1e-9))
        n = max(n, 0.0)
        out_inference[s] = 0.0
        out_training[s] = 0.0
        out_clock[s] = 1.0
        if n <= 0.0:
            continue
        c = 1.0
        if accelerator_power_w > 0.0:
            c = min(1.0, thermal_limit_w[s] / (n * accelerator_power_w))
        if c <= 1e-6:
            continue
        out_clock[s] = c
        k = 0.0
        if remaining > 0.0:
            k = min(n, np.ceil(remaining / c - 1e-9))
            remaining -= k * c
        out_inference[s] = k
        if training_active:
            out_training[s] = n - k


class GreedyScheduler:
    """Maximum throughput now: every accelerator the array and the battery (down to its depth-of-discharge
    floor) can power, clocked down only as far as the chips' temperature limit requires."""

    name = "greedy"
    policy_code = POLICY_GREEDY

    def allocate(self, state: StepState) -> Allocation:
        return _allocate(state, state.power_available_w)


class BatteryAwareScheduler:
    """Like greedy, but compute may not take the battery below a reserve (a share of the usable window kept for
    the bus and the next eclipse, ``simulation.battery_reserve``): less compute in eclipse, more margin."""

    name = "battery-aware"
    policy_code = POLICY_BATTERY_AWARE

    def allocate(self, state: StepState) -> Allocation:
        return _allocate(state, state.power_available_reserve_w)


def _allocate(state: StepState, cap: NDArray[np.float64]) -> Allocation:
    n = state.accelerators_available.size
    inf, train, clock = np.zeros(n), np.zeros(n), np.ones(n)
    allocate_nb(
        np.asarray(state.accelerators_available, dtype=np.float64),
        float(state.accelerator_power_w),
        np.asarray(cap, dtype=np.float64),
        np.asarray(state.thermal_limit_w, dtype=np.float64),
        float(state.inference_demand_accelerators),
        bool(state.training_active),
        inf,
        train,
        clock,
    )
    return Allocation(inf, train, clock)


SCHEDULERS: Final[dict[str, type[GreedyScheduler] | type[BatteryAwareScheduler]]] = {
    "greedy": GreedyScheduler,
    "battery-aware": BatteryAwareScheduler,
}


def scheduler_by_name(name: str) -> Scheduler:
    """The built-in scheduler called ``name`` (``simulation.scheduler`` in a scenario)."""
    return SCHEDULERS[name]()


__all__ = [
    "Allocation",
    "BatteryAwareScheduler",
    "GreedyScheduler",
    "Scheduler",
    "StepState",
    "scheduler_by_name",
]
