"""The work the fleet runs, as parameters in SI: a synchronous training job and batch inference.

Built once from ``[workload]`` and the accelerator (:func:`workload_model`); every default resolved here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from skyrack.compute.jobs import daly_interval_s, ring_allreduce_time_s, young_interval_s
from skyrack.models.network import FALLBACK_ISL_BIT_PER_S, Network
from skyrack.models.satellite import Accelerator
from skyrack.scenario import Scenario
from skyrack.scenario.operations import TrainingJob as TrainingSection

# Checkpoint bytes per parameter: fp32 master weights and Adam's two fp32 moments, K = 12 (Rajbhandari et al.,
# "ZeRO: Memory optimizations toward training trillion parameter models", SC 2020, §3.1).
CHECKPOINT_BYTES_PER_PARAMETER: Final = 12.0


def default_restart_s() -> float:
    """Restart time of an inference accelerator after a fault when no training job gives one: the default
    restart time of ``[workload.training]`` (10 min, see :class:`skyrack.scenario.operations.TrainingJob`)."""
    return TrainingSection().restart_time_s


@dataclass(frozen=True)
class TrainingJob:
    """One data-parallel training job over the fleet."""

    parameters: float
    tokens: float
    mfu: float
    global_batch_tokens: float
    peak_flops_per_accelerator: float
    tokens_per_accelerator_s: float  # compute only, at full clock: peak · MFU / (6 N)
    replicas: int
    allreduce_time_s: float  # gradient exchange per optimizer step (ring all-reduce)
    comm_overlap: float
    checkpoint_size_bytes: float
    checkpoint_write_time_s: float  # the checkpoint is sharded over the satellites
    checkpoint_interval_s: float | None  # None: the optimum for the job's MTBF (checkpoint_interval_for)
    checkpoint_formula: str
    restart_time_s: float

    def checkpoint_interval_for(self, mtbf_s: float, step_s: float) -> float:
        """Compute time between checkpoints [s]: the scenario's, else Daly's (or Young's) optimum for the job's
        MTBF (at least a hundredth of a step); infinite when nothing interrupts the job."""
        if self.checkpoint_interval_s is not None:
            return self.checkpoint_interval_s
        if not math.isfinite(mtbf_s):
            return math.inf
        formula = daly_interval_s if self.checkpoint_formula == "daly" else young_interval_s
        return max(formula(self.checkpoint_write_time_s, mtbf_s), step_s / 100.0)


@dataclass(frozen=True)
class InferenceJob:
    """Batch inference, served before training."""

    tokens_per_second_per_accelerator: float
    model_parameters: float
    demand_tokens_per_s: float  # fleet-wide at profile factor 1; inf = unlimited
    hourly_profile: tuple[float, ...]  # 24 factors, one per UTC hour
    peak_flops_per_accelerator: float  # 0 when the catalog lacks the precision
    restart_time_s: float


@dataclass(frozen=True)
class Work:
    training: TrainingJob | None
    inference: InferenceJob | None

    def demanded_accelerator_hours(self, horizon_s: float) -> float:
        """Accelerator-hours at full clock the work needs over ``horizon_s``, the same on both sides: the training
        job's 6 N D FLOPs at its MFU, plus the inference demand at its hourly profile; infinite when the
        inference demand is unlimited (or when there is no work at all: the fleet then counts as fully used)."""
        if self.training is None and self.inference is None:
            return math.inf
        hours = 0.0
        if self.training is not None:
            tj = self.training
            hours += tj.tokens / tj.tokens_per_accelerator_s / 3600.0
        if self.inference is not None:
            inf = self.inference
            if not math.isfinite(inf.demand_tokens_per_s):
                return math.inf
            mean_profile = sum(inf.hourly_profile) / len(inf.hourly_profile)
            hours += inf.demand_tokens_per_s * mean_profile * horizon_s / inf.tokens_per_second_per_accelerator / 3600.0
        return hours


def _allreduce_time_s(replicas: int, gradient_bytes: float, isl: float | None, network: Network | None) -> float:
    """The gradient exchange per step: a ring at ``isl`` when it is given, else the all-reduce on the network's
    links averaged over the orbit (one replica per satellite; other replica counts run a ring at the network's
    ring bandwidth), else the fallback capacity."""
    if isl is not None:
        return ring_allreduce_time_s(replicas, gradient_bytes, isl)
    if network is None or not network.snapshots:
        return ring_allreduce_time_s(replicas, gradient_bytes, FALLBACK_ISL_BIT_PER_S)
    if replicas == network.satellites:
        return network.mean_allreduce_time_s
    bandwidth = float(np.mean([s.ring_bandwidth_bit_per_s for s in network.snapshots]))
    return ring_allreduce_time_s(replicas, gradient_bytes, bandwidth) if bandwidth > 0 else math.inf


def workload_model(scenario: Scenario, accelerator: Accelerator, network: Network | None = None) -> Work:
    """Resolve ``[workload]`` for ``scenario``'s fleet and accelerator, its all-reduce on ``network``."""
    work, n_sat = scenario.workload, scenario.fleet.satellites
    training = None
    if work.training is not None:
        tj = work.training
        peak = accelerator.peak_flops(tj.peak_flops_parameter)
        replicas = tj.data_parallel_replicas or n_sat
        size = tj.checkpoint_size_bytes or CHECKPOINT_BYTES_PER_PARAMETER * tj.parameters
        training = TrainingJob(
            parameters=tj.parameters,
            tokens=tj.tokens,
            mfu=tj.mfu,
            global_batch_tokens=tj.global_batch_tokens,
            peak_flops_per_accelerator=peak,
            tokens_per_accelerator_s=peak * tj.mfu / (6.0 * tj.parameters),
            replicas=replicas,
            allreduce_time_s=_allreduce_time_s(
                replicas, tj.gradient_bytes_per_parameter * tj.parameters, tj.isl_capacity_bit_per_s, network
            ),
            comm_overlap=tj.comm_overlap,
            checkpoint_size_bytes=size,
            checkpoint_write_time_s=size / (tj.checkpoint_write_bandwidth_bytes_per_s * n_sat),
            checkpoint_interval_s=tj.checkpoint_interval_s,
            checkpoint_formula=tj.checkpoint_formula,
            restart_time_s=tj.restart_time_s,
        )
    inference = None
    if work.inference is not None:
        inf = work.inference
        inference = InferenceJob(
            tokens_per_second_per_accelerator=inf.tokens_per_second_per_accelerator,
            model_parameters=inf.model_parameters,
            demand_tokens_per_s=math.inf if inf.demand_tokens_per_s is None else inf.demand_tokens_per_s,
            hourly_profile=tuple(inf.hourly_profile),
            peak_flops_per_accelerator=accelerator.peak_flops_or_zero(inf.peak_flops_parameter),
            restart_time_s=training.restart_time_s if training is not None else default_restart_s(),
        )
    return Work(training, inference)


__all__ = [
    "CHECKPOINT_BYTES_PER_PARAMETER",
    "InferenceJob",
    "TrainingJob",
    "Work",
    "default_restart_s",
    "workload_model",
]
