"""Closed forms of a training job: FLOPs, the step time with the gradient exchange, and the optimum checkpoint
interval. Pure Python (no numba), so the model layer can use them without compiling anything."""

from __future__ import annotations

import math


def training_flops(parameters: float, tokens: float) -> float:
    """Training compute C = 6 N D [FLOP] (Kaplan et al. 2020, "Scaling Laws for Neural Language Models", §2.1)."""
    return 6.0 * parameters * tokens


def young_interval_s(checkpoint_time_s: float, mtbf_s: float) -> float:
    """Young's first-order optimum checkpoint interval τ = √(2 δ M) [s].

    References
    ----------
    Young, "A first order approximation to the optimum checkpoint interval", CACM 17(9), 1974.
    """
    return math.sqrt(2.0 * checkpoint_time_s * mtbf_s)


def daly_interval_s(checkpoint_time_s: float, mtbf_s: float) -> float:
    """Daly's higher-order optimum compute time between checkpoints [s].

    .. math::

        \\tau = \\sqrt{2 \\delta M} \\left[1 + \\tfrac13 \\sqrt{\\tfrac{\\delta}{2M}}
                + \\tfrac19 \\tfrac{\\delta}{2M}\\right] - \\delta \\quad (\\delta < 2M), \\qquad
        \\tau = M \\quad (\\delta \\ge 2M)

    References
    ----------
    Daly, "A higher order estimate of the optimum checkpoint interval for restart dumps", Future Generation
    Computer Systems 22(3), 303–312 (2006), Eq. 37.
    """
    d, m = checkpoint_time_s, mtbf_s
    if d >= 2.0 * m:
        return m
    x = d / (2.0 * m)
    return math.sqrt(2.0 * d * m) * (1.0 + math.sqrt(x) / 3.0 + x / 9.0) - d


def daly_expected_wall_time_s(
    solve_time_s: float, interval_s: float, checkpoint_time_s: float, restart_time_s: float, mtbf_s: float
) -> float:
    """Expected wall-clock time of a job with exponential failures (Daly 2006, Eq. 20).

    .. math:: T_w = M e^{R/M} \\left(e^{(\\tau + \\delta)/M} - 1\\right) \\frac{T_s}{\\tau}
    """
    m = mtbf_s
    return (
        m
        * math.exp(restart_time_s / m)
        * (math.exp((interval_s + checkpoint_time_s) / m) - 1.0)
        * (solve_time_s / interval_s)
    )


def ring_allreduce_time_s(replicas: int, gradient_bytes: float, link_bit_per_s: float) -> float:
    """Time of one ring all-reduce of ``gradient_bytes`` over ``replicas`` data-parallel replicas [s].

    .. math:: t_{comm} = \\frac{2 (D - 1)}{D} \\frac{8 \\, G}{\\text{link}}

    References
    ----------
    Patarasuk & Yuan, "Bandwidth optimal all-reduce algorithms for clusters of workstations", JPDC 69(2), 2009
    (a ring all-reduce sends and receives 2(D−1)/D of the data on every link).
    """
    if replicas <= 1:
        return 0.0
    return 2.0 * (replicas - 1) / replicas * 8.0 * gradient_bytes / link_bit_per_s


def step_time_s(
    batch_tokens: float,
    parameters: float,
    cluster_flops: float,
    replicas: int,
    gradient_bytes: float,
    link_bit_per_s: float,
    overlap: float,
) -> float:
    """Time of one synchronous data-parallel optimizer step [s]; inf when nothing computes.

    .. math::

        t_{comp} = \\frac{6 N B}{F}, \\quad
        t_{comm} = \\frac{2 (D - 1)}{D} \\frac{8 \\, G}{\\text{link}}, \\quad
        t = t_{comp} + \\max(0, t_{comm} - o \\, t_{comp})

    with :math:`F` the achieved cluster FLOP/s (peak × MFU × accelerators), :math:`G` the gradient bytes of one
    replica, :math:`D` replicas exchanging by ring all-reduce, and the share :math:`o` of compute that hides
    the exchange (the backward pass, 4N of 6N FLOPs per token).

    References
    ----------
    Kaplan et al. (2020), §2.1 (6N FLOPs per token); Patarasuk & Yuan, "Bandwidth optimal all-reduce
    algorithms", JPDC 69(2), 2009 (ring all-reduce sends 2(D−1)/D of the data); Li et al., "PyTorch
    Distributed", VLDB 13(12), 2020 (overlap of all-reduce with the backward pass).
    """
    if cluster_flops <= 0.0:
        return math.inf
    t_comp = 6.0 * parameters * batch_tokens / cluster_flops
    t_comm = ring_allreduce_time_s(replicas, gradient_bytes, link_bit_per_s)
    return t_comp + max(0.0, t_comm - overlap * t_comp)


__all__ = [
    "daly_expected_wall_time_s",
    "daly_interval_s",
    "ring_allreduce_time_s",
    "step_time_s",
    "training_flops",
    "young_interval_s",
]
