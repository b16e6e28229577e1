"""The checkpoint/restart timeline of a synchronous training job, compiled (numba) for the engine's loop; the
closed forms (training FLOPs, step time, checkpoint intervals) are :mod:`skyrack.compute.jobs`' and are
re-exported here.

Layer 1 kernels: SI units, pure. :func:`advance_training_nb` is compiled (numba) for the engine's loop.
"""

from __future__ import annotations

from typing import Final

import numba as nb
import numpy as np
from numpy.typing import NDArray

from skyrack._numba import FASTMATH as _FASTMATH
from skyrack.compute.jobs import (
    daly_expected_wall_time_s,
    daly_interval_s,
    ring_allreduce_time_s,
    step_time_s,
    training_flops,
    young_interval_s,
)

# Indices of the training-job state vector used by :func:`advance_training_nb`.
J_COMMITTED: Final = 0  # tokens saved in the last checkpoint
J_SINCE: Final = 1  # tokens processed since the last checkpoint (at risk)
J_COMPUTE_SINCE: Final = 2  # compute seconds since the last checkpoint
J_PHASE: Final = 3  # 0 computing, 1 writing a checkpoint, 2 restarting
J_REMAINING: Final = 4  # seconds left in the checkpoint or restart phase
J_LOST_TOKENS: Final = 5
J_LOST_COMPUTE_S: Final = 6  # compute seconds whose work was rolled back
J_RESTART_S: Final = 7
J_CHECKPOINT_S: Final = 8
J_INTERRUPTS: Final = 9
J_CHECKPOINTS: Final = 10
J_FINISHED: Final = 11  # 1 once the tokens are all processed and checkpointed
J_FINISH_TIME_S: Final = 12
J_IDLE_S: Final = 13  # seconds in the compute phase with no accelerator running
J_SIZE: Final = 14

PHASE_COMPUTE: Final = 0
PHASE_CHECKPOINT: Final = 1
PHASE_RESTART: Final = 2


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def _advance_nb(job: NDArray[np.float64], seconds: float, rate: float, total: float, interval: float,
                checkpoint_s: float, t_now: float) -> None:  # fmt: skip
    """Advance the job by ``seconds`` without faults (helper of :func:`advance_training_nb`)."""
    left = seconds
    while left > 1e-12 and job[J_FINISHED] == 0.0:
        phase = job[J_PHASE]
        if phase != PHASE_COMPUTE:  # restarting or writing a checkpoint
            d = min(left, job[J_REMAINING])
            job[J_REMAINING] -= d
            left -= d
            if phase == PHASE_RESTART:
                job[J_RESTART_S] += d
                if job[J_REMAINING] <= 1e-12:
                    job[J_PHASE] = PHASE_COMPUTE
            else:
                job[J_CHECKPOINT_S] += d
                if job[J_REMAINING] <= 1e-12:
                    job[J_COMMITTED] += job[J_SINCE]
                    job[J_SINCE] = 0.0
                    job[J_COMPUTE_SINCE] = 0.0
                    job[J_CHECKPOINTS] += 1.0
                    job[J_PHASE] = PHASE_COMPUTE
                    if job[J_COMMITTED] >= total:
                        job[J_FINISHED] = 1.0
                        job[J_FINISH_TIME_S] = t_now + (seconds - left)
            continue
        if rate <= 0.0:
            job[J_IDLE_S] += left
            return
        d = min(left, interval - job[J_COMPUTE_SINCE], (total - job[J_COMMITTED] - job[J_SINCE]) / rate)
        d = max(d, 0.0)
        job[J_SINCE] += rate * d
        job[J_COMPUTE_SINCE] += d
        left -= d
        if job[J_COMPUTE_SINCE] >= interval - 1e-9 or job[J_COMMITTED] + job[J_SINCE] >= total * (1.0 - 1e-12):
            job[J_PHASE] = PHASE_CHECKPOINT  # also the final checkpoint when all tokens are done
            job[J_REMAINING] = checkpoint_s
            if checkpoint_s <= 0.0:
                job[J_REMAINING] = 1e-12


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def advance_training_nb(
    job: NDArray[np.float64],
    dt_s: float,
    rate_tokens_per_s: float,
    total_tokens: float,
    interval_s: float,
    checkpoint_s: float,
    restart_s: float,
    fault_offsets_s: NDArray[np.float64],
    n_faults: int,
    t_now_s: float,
) -> None:
    """Advance a synchronous training job through one step with interrupting faults, in place.

    The job alternates computing (``interval_s`` of compute, at ``rate_tokens_per_s``) and writing a
    checkpoint (``checkpoint_s``); the tokens of a checkpoint count once it is written. A fault at offset
    :math:`t_f` (sorted, within the step) rolls the job back to its last checkpoint — the tokens processed
    since are lost, and so is a checkpoint being written — and starts a restart of ``restart_s``; a fault
    during a restart starts it again. The job finishes when all tokens are in a checkpoint.

    References
    ----------
    Young (1974); Daly (2006), §2 (the compute/checkpoint/restart cycle with rollback on failure).
    """
    t = 0.0
    for k in range(n_faults):
        off = min(max(fault_offsets_s[k], 0.0), dt_s)
        _advance_nb(job, off - t, rate_tokens_per_s, total_tokens, interval_s, checkpoint_s, t_now_s + t)
        t = off
        if job[J_FINISHED] != 0.0:
            return
        job[J_INTERRUPTS] += 1.0
        job[J_LOST_TOKENS] += job[J_SINCE]
        job[J_LOST_COMPUTE_S] += job[J_COMPUTE_SINCE]
        job[J_SINCE] = 0.0
        job[J_COMPUTE_SINCE] = 0.0
        job[J_PHASE] = PHASE_RESTART
        job[J_REMAINING] = restart_s if restart_s > 0.0 else 1e-12
    _advance_nb(job, dt_s - t, rate_tokens_per_s, total_tokens, interval_s, checkpoint_s, t_now_s + t)


def new_training_state() -> NDArray[np.float64]:
    """A fresh job state: nothing done, computing."""
    return np.zeros(J_SIZE)


def advance_training(
    job: NDArray[np.float64],
    dt_s: float,
    rate_tokens_per_s: float,
    total_tokens: float,
    interval_s: float,
    checkpoint_s: float,
    restart_s: float,
    fault_offsets_s: NDArray[np.float64] | list[float] = (),  # type: ignore[assignment]
    t_now_s: float = 0.0,
) -> NDArray[np.float64]:
    """Python entry to :func:`advance_training_nb`: advances ``job`` in place and returns it."""
    offsets = np.sort(np.asarray(fault_offsets_s, dtype=np.float64))
    advance_training_nb(
        job, dt_s, rate_tokens_per_s, total_tokens, interval_s, checkpoint_s, restart_s, offsets, offsets.size, t_now_s
    )
    return job


__all__ = [
    "advance_training",
    "daly_expected_wall_time_s",
    "daly_interval_s",
    "new_training_state",
    "ring_allreduce_time_s",
    "step_time_s",
    "training_flops",
    "young_interval_s",
]
