"""The size of a job before it starts: satellite-steps, bytes and seconds, and a memory budget it must fit.

Issue #12: a simulation of 10 years at 1 s, or of 100,000 satellites for a year at 1 s, used to allocate first and
fail (or crawl) later. :func:`simulation_estimate` sizes the simulator's arrays from the scenario alone, and
:func:`check_memory` refuses a job over the budget with the estimate and what to change.

Sizes (measured with ``tracemalloc`` on the Suncatcher example, main at 5a361d3): the fleet series cost 124 bytes a
step (5 float64 + 21 float32 columns), each recorded satellite 52 bytes a step (13 float32), each satellite about
0.8 kB (state, accumulators, orbit table, capacities), each candidate fault event of a chunk about 100 bytes
(drawn at the South Atlantic Anomaly's peak rate, then thinned); the estimate adds a 50 % margin for temporaries and the
summary. Speed: the compiled loop runs about 1.0–1.2 × 10⁷ satellite-steps a second on one core of this machine
(81 satellites × 30 d at 60 s in 0.34 s; 8,100 in 28.6 s).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from skyrack.errors import SkyrackInputError

if TYPE_CHECKING:
    from skyrack.models import Models
    from skyrack.scenario import Scenario

FLEET_BYTES_PER_STEP: Final = 124.0
RECORDED_BYTES_PER_STEP: Final = 52.0  # 13 float32 columns
# A candidate fault event of one chunk: six arrays of 8 bytes, and as much again while they are drawn and sorted
EVENT_BYTES: Final = 100.0
# The simulator's chunks (engine): at least a day, and at least this many satellite-steps
CHUNK_SATELLITE_STEPS: Final = 1 << 18
CHUNK_MIN_S: Final = 86400.0
BYTES_PER_SATELLITE: Final = 1024.0
MARGIN: Final = 1.5
SATELLITE_STEPS_PER_S: Final = 1.0e7

# The budget when none is given: half the machine's memory (the rest for the system and other work), 8 GiB where
# the machine does not say.
_FALLBACK_BYTES: Final = 8 * 2**30


def default_memory_budget_bytes() -> float:
    """Half of the physical memory (``SKYRACK_MAX_MEMORY`` in bytes, or with a unit such as ``16GiB``, overrides)."""
    given = os.environ.get("SKYRACK_MAX_MEMORY")
    if given:
        return parse_bytes(given, "SKYRACK_MAX_MEMORY")
    try:
        return 0.5 * os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return float(_FALLBACK_BYTES)


_UNITS: Final = {"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 2**10, "mib": 2**20, "gib": 2**30,
                 "tib": 2**40}  # fmt: skip


def parse_bytes(text: str, field: str) -> float:
    """``"16GiB"``, ``"500 MB"`` or a plain number of bytes."""
    cleaned = text.strip().lower().replace(" ", "")
    number = cleaned.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = cleaned[len(number) :]
    try:
        value = float(number) * _UNITS[unit]
    except (ValueError, KeyError):
        raise SkyrackInputError(field, text, "a memory size such as '16GiB' or '500MB'") from None
    if not (math.isfinite(value) and value > 0):
        raise SkyrackInputError(field, text, "a positive memory size such as '16GiB'")
    return value


def format_bytes(n: float) -> str:
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} B"


def format_seconds(s: float) -> str:
    if s < 90:
        return f"{s:.0f} s"
    if s < 5400:
        return f"{s / 60:.0f} min"
    if s < 172800:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:.0f} days"


@dataclass(frozen=True)
class JobEstimate:
    """What a job will take: satellites × steps, peak bytes and seconds of compute."""

    what: str
    satellites: int
    steps: int
    recorded: int
    bytes: float
    seconds: float
    remedy: str = (
        "use a longer scenario.step, a shorter scenario.duration, fewer satellites or fewer "
        "simulation.record_satellites"
    )

    def describe(self) -> str:
        return (
            f"{self.what}: {self.satellites:,} satellites × {self.steps:,} steps "
            f"({self.satellites * self.steps:.3g} satellite-steps), about {format_bytes(self.bytes)} and "
            f"{format_seconds(self.seconds)} on one core"
        )


def chunk_steps(satellites: int, step_s: float) -> int:
    """Steps the simulator advances at once (its fault events are drawn per chunk)."""
    return max(int(CHUNK_MIN_S // step_s), CHUNK_SATELLITE_STEPS // max(1, satellites), 1)


def simulation_estimate(
    satellites: int, duration_s: float, step_s: float, recorded: int, candidate_events_per_s: float = 0.0
) -> JobEstimate:
    """The simulator's memory and time for ``satellites`` over ``duration_s`` at ``step_s``, keeping full series of
    ``recorded`` satellites, with ``candidate_events_per_s`` fault candidates drawn for the whole fleet."""
    steps = max(1, math.ceil(duration_s / step_s - 1e-9))
    per_step = FLEET_BYTES_PER_STEP + RECORDED_BYTES_PER_STEP * recorded
    events = candidate_events_per_s * min(steps, chunk_steps(satellites, step_s)) * step_s
    bytes_ = MARGIN * (steps * per_step + satellites * BYTES_PER_SATELLITE + events * EVENT_BYTES)
    return JobEstimate("simulation", satellites, steps, recorded, bytes_, satellites * steps / SATELLITE_STEPS_PER_S)


def estimate_simulation(scenario: Scenario | Models) -> JobEstimate:
    """:func:`simulation_estimate` for the scenario's fleet, period, step and recorded satellites."""
    from skyrack.models import build_models

    m = build_models(scenario)
    rad = m.radiation
    peak = rad.shape.see_max if rad.shape is not None else 1.0  # single-event candidates drawn at the SAA's peak
    per_slot = rad.rates.per_slot_per_s * rad.rates.slots(m.satellite.accelerators)
    rate = m.n_satellites * float(peak * per_slot[:-1].sum() + per_slot[-1])
    return simulation_estimate(m.n_satellites, m.duration_s, m.step_s, len(m.operations.record_satellites), rate)


def passes_estimate(satellites_at_once: int, samples: int, stations: int) -> JobEstimate:
    """The pass search's memory for the satellites it holds at once over every sample: positions, frames and
    elevations, measured at about 145 bytes a satellite-sample and 24 more per station (tracemalloc, Suncatcher
    example, 81 satellites, 2 days at 30 s), with the same margin."""
    bytes_ = MARGIN * satellites_at_once * samples * (150.0 + 25.0 * stations)
    return JobEstimate("pass search", satellites_at_once, samples, 0, bytes_, satellites_at_once * samples / 1e7,
                       "use fewer --days, a longer --step or fewer stations")  # fmt: skip


def check_memory(estimate: JobEstimate, max_memory_bytes: float | None = None) -> None:
    """Refuse ``estimate`` when it needs more than the budget (default :func:`default_memory_budget_bytes`)."""
    budget = default_memory_budget_bytes() if max_memory_bytes is None else max_memory_bytes
    if estimate.bytes <= budget:
        return
    raise SkyrackInputError(
        "scenario",
        None,
        f"{estimate.describe()}, over the memory budget of {format_bytes(budget)}; {estimate.remedy}, or raise "
        "the budget (--max-memory, or SKYRACK_MAX_MEMORY)",
    )


__all__ = [
    "JobEstimate",
    "check_memory",
    "default_memory_budget_bytes",
    "estimate_simulation",
    "format_bytes",
    "parse_bytes",
    "passes_estimate",
    "simulation_estimate",
]
