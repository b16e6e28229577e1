"""cos/sin of linearly advancing angles on a time grid, without one trig call per (satellite, time)."""

from __future__ import annotations

from typing import Final

import numpy as np

from skyrack.astro._typing import FloatArray

# Relative tolerance on the spacing for treating a time grid as uniform [-]; chosen so that the
# accumulated spacing error over 10^6 steps stays below 1e-6 of a step.
_UNIFORM_RTOL: Final = 1e-12
# Below this many times the direct evaluation is as fast (measured, numpy 2.x, one core).
_MIN_BLOCKED_T: Final = 64


def uniform_step(t_s: FloatArray) -> float | None:
    """The spacing of a uniform 1-D grid, or None if the grid is not uniform (or too short)."""
    if t_s.ndim != 1 or t_s.size < _MIN_BLOCKED_T:
        return None
    d = np.diff(t_s)
    step = float(d[0])
    if not np.isfinite(step) or step == 0.0:
        return None
    if np.max(np.abs(d - step)) > _UNIFORM_RTOL * abs(step) * t_s.size:
        return None
    return step


def cos_sin_linear_phase(
    phase0_rad: FloatArray, rate_rad_per_s: FloatArray, t_s: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """cos and sin of θ = θ₀ + ω t for satellites (leading shape S) and times (T,) → shape S + (T,).

    For a uniform grid t_k = t₀ + k Δt, k = m B + j, the angle splits as A_m + B_j with
    A_m = θ₀ + ω (t₀ + m B Δt) and B_j = ω j Δt, and the angle-addition identities
    cos(A + B) = cos A cos B − sin A sin B, sin(A + B) = sin A cos B + cos A sin B
    need trig only on the (S, M) and (S, B) factors (B ≈ √T), exact to rounding. A non-uniform grid is
    evaluated directly.
    """
    p0 = np.asarray(phase0_rad, dtype=np.float64)[..., None]
    w = np.asarray(rate_rad_per_s, dtype=np.float64)[..., None]
    p0, w = np.broadcast_arrays(p0, w)
    t = np.asarray(t_s, dtype=np.float64)
    step = uniform_step(t)
    if step is None:
        ang = p0 + w * t
        return np.cos(ang), np.sin(ang)
    T = t.size
    B = max(1, int(np.sqrt(T)))
    M = -(-T // B)
    A = p0 + w * (t[0] + np.arange(M) * (B * step))  # S + (M,)
    Bj = w * (np.arange(B) * step)  # S + (B,)
    cA, sA = np.cos(A)[..., :, None], np.sin(A)[..., :, None]
    cB, sB = np.cos(Bj)[..., None, :], np.sin(Bj)[..., None, :]
    shape = (*p0.shape[:-1], M * B)
    c = (cA * cB - sA * sB).reshape(shape)[..., :T]
    s = (sA * cB + cA * sB).reshape(shape)[..., :T]
    return c, s
