"""Extraction of intervals where a sampled, smooth function lies below a level (eclipses, passes)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from skyrack.astro._typing import BoolArray, FloatArray, IntArray


class Intervals(NamedTuple):
    """Intervals [start, end] per row of a (K, T) sampled function; rows index the flattened leading axes."""

    row: IntArray
    start_s: FloatArray
    end_s: FloatArray
    start_clipped: BoolArray
    end_clipped: BoolArray


def _refine_roots(t: FloatArray, h: FloatArray, rows: IntArray, k: IntArray) -> FloatArray:
    """Time of the zero of h between samples k and k+1 of each row: quadratic through 3 samples, else linear.

    The quadratic uses samples (k−1, k, k+1) or (k, k+1, k+2) (Lagrange form); a root outside
    [t_k, t_{k+1}] or a complex root falls back to linear interpolation.
    """
    T = t.size
    t0, t1 = t[k], t[k + 1]
    h0, h1 = h[rows, k], h[rows, k + 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        lin = t0 + (t1 - t0) * h0 / (h0 - h1)
        if T < 3:
            return np.asarray(lin)
        j = np.clip(k - 1, 0, T - 3)  # first of three samples
        ta, tb, tc = t[j], t[j + 1], t[j + 2]
        ha, hb, hc = h[rows, j], h[rows, j + 1], h[rows, j + 2]
        # Newton divided differences: h(τ) = ha + d1 (τ − ta) + d2 (τ − ta)(τ − tb)
        d1 = (hb - ha) / (tb - ta)
        d2 = ((hc - hb) / (tc - tb) - d1) / (tc - ta)
        # In terms of s = τ − t0 (local): A s² + B s + C = 0
        A = d2
        B = d1 + d2 * ((t0 - ta) + (t0 - tb))
        C = ha + d1 * (t0 - ta) + d2 * (t0 - ta) * (t0 - tb)
        disc = B * B - 4 * A * C
        sq = np.sqrt(np.maximum(disc, 0.0))
        # numerically stable roots
        q = -0.5 * (B + np.copysign(sq, B))
        r1 = q / A
        r2 = C / q
        span = t1 - t0
        ok1 = (r1 >= 0) & (r1 <= span)
        ok2 = (r2 >= 0) & (r2 <= span)
        quad = np.where(ok2, t0 + r2, np.where(ok1, t0 + r1, np.nan))
        use = (disc >= 0) & np.isfinite(quad) & (np.abs(A) > 0)
    return np.asarray(np.where(use, quad, lin), dtype=np.float64)


def intervals_below(t_s: FloatArray, h: FloatArray) -> Intervals:
    """Intervals where h < 0, per row of h (shape (K, T)), with refined crossing times.

    NaN samples count as "not below". Intervals open at the start or end of the grid are clipped to
    t[0] / t[-1] and flagged.
    """
    t = np.asarray(t_s, dtype=np.float64)
    hh = np.asarray(h, dtype=np.float64)
    below = hh < 0
    K, T = below.shape
    pad = np.zeros((K, 1), dtype=np.int8)
    d = np.diff(np.concatenate([pad, below.astype(np.int8), pad], axis=1), axis=1)
    # d[:, k] = +1: interval starts at sample k; d[:, k] = -1: interval ends after sample k-1
    sr, sk = np.nonzero(d == 1)
    er, ek = np.nonzero(d == -1)
    # Both lists are in row-major order, so starts and ends pair up one-to-one.
    start_clipped = sk == 0
    end_clipped = ek == T
    start = np.empty(sk.size)
    end = np.empty(ek.size)
    start[start_clipped] = t[0]
    end[end_clipped] = t[-1]
    m = ~start_clipped
    start[m] = _refine_roots(t, hh, sr[m], sk[m] - 1)
    m = ~end_clipped
    end[m] = _refine_roots(t, hh, er[m], ek[m] - 1)
    return Intervals(sr.astype(np.int64), start, end, start_clipped, end_clipped)


def peak_in_intervals(t_s: FloatArray, y: FloatArray, iv: Intervals) -> tuple[FloatArray, FloatArray]:
    """Time and value of the maximum of y (shape (K, T)) inside each interval, parabolic refinement."""
    t = np.asarray(t_s, dtype=np.float64)
    T = t.size
    tmax = np.empty(iv.row.size)
    ymax = np.empty(iv.row.size)
    for n, (r, a, b) in enumerate(zip(iv.row, iv.start_s, iv.end_s, strict=True)):
        ka = int(np.searchsorted(t, a, side="left"))
        kb = int(np.searchsorted(t, b, side="right"))
        seg = y[r, ka:kb]
        if seg.size == 0:
            tmax[n] = 0.5 * (a + b)
            ymax[n] = np.nan
            continue
        k = ka + int(np.nanargmax(seg))
        tk, yk = t[k], y[r, k]
        if 0 < k < T - 1:
            ya, yb = y[r, k - 1], y[r, k + 1]
            ta, tb = t[k - 1], t[k + 1]
            # vertex of the parabola through the three samples (uniform or not)
            d1 = (yk - ya) / (tk - ta)
            d2 = ((yb - yk) / (tb - tk) - d1) / (tb - ta)
            if d2 < 0:
                tv = 0.5 * (ta + tk) - d1 / (2 * d2)
                if ta <= tv <= tb:
                    tk = tv
                    yk = ya + d1 * (tv - ta) + d2 * (tv - ta) * (tv - t[k])
        tmax[n] = tk
        ymax[n] = yk
    return tmax, ymax
