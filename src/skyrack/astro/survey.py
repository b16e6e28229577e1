"""Beta angle and eclipse of circular orbit planes over a period, sampled on a coarse grid (closed forms).

The static design sizes a satellite for the worst plane of its fleet: this kernel surveys every plane at once.
Each plane is a circular orbit of radius a and inclination i whose node drifts at its J2 secular rate,
Ω(t) = Ω₀ + Ω̇ t (Vallado 2013, eq. 9-41); β(t) comes from the analytic Sun
(:func:`~skyrack.astro.geometry.beta_angle_rad`) and the eclipse fraction per orbit from β (cylindrical shadow,
:func:`~skyrack.astro.shadow.eclipse_fraction_circular`).
"""

from __future__ import annotations

import math
import warnings
from typing import Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from skyrack.astro._typing import FloatArray
from skyrack.astro.geometry import beta_angle_rad
from skyrack.astro.orbits import circular_period_s
from skyrack.astro.shadow import eclipse_fraction_circular
from skyrack.astro.sun import sun_unit_vector_eci
from skyrack.astro.time import SECONDS_PER_DAY

# Plane × sample elements surveyed together: each temporary array is ≈ 8 bytes × this (16 MiB), so a five-year
# hourly survey (43,830 samples) takes 47 planes at a time and a year (8,766 samples) 239.
SURVEY_CHUNK_ELEMENTS: Final = 1 << 21


class PlaneSurvey(NamedTuple):
    """Per-plane extremes, shape (G,), and the series of the sizing plane (the longest eclipse), shape (T,)."""

    period_s: FloatArray
    beta_min_rad: FloatArray
    beta_max_rad: FloatArray
    mean_eclipse_fraction: FloatArray
    max_eclipse_fraction: FloatArray
    eclipse_free_fraction: FloatArray
    sizing_plane: int
    sizing_beta_rad: FloatArray
    sizing_eclipse_fraction: FloatArray


def survey_planes(
    semi_major_axis_m: ArrayLike,
    inclination_rad: ArrayLike,
    raan0_rad: ArrayLike,
    raan_dot_rad_per_s: ArrayLike,
    jd_start_utc: float,
    t_s: ArrayLike,
    sun_unit_eci: ArrayLike | None = None,
) -> PlaneSurvey:
    """Beta angle and eclipse fraction per orbit of G planes at the times ``t_s`` after ``jd_start_utc``.

    Parameters
    ----------
    semi_major_axis_m, inclination_rad, raan0_rad, raan_dot_rad_per_s
        Each plane's radius [m], inclination [rad], node at the start [rad] and its drift [rad/s], shape (G,).
    jd_start_utc
        Julian date (UTC) of t = 0 [days].
    t_s
        Sample times [s], shape (T,).
    sun_unit_eci
        The Sun's unit vector at those times, shape (T, 3), when already computed (default: computed here).

    Returns
    -------
    PlaneSurvey
        NaN rows for planes whose inclination is NaN (no sun-synchronous orbit that high); the sizing plane is
        the one with the longest eclipse (eclipse fraction × period).
    """
    a = np.atleast_1d(np.asarray(semi_major_axis_m, dtype=np.float64))
    inc = np.atleast_1d(np.asarray(inclination_rad, dtype=np.float64))
    raan0 = np.atleast_1d(np.asarray(raan0_rad, dtype=np.float64))
    raan_dot = np.atleast_1d(np.asarray(raan_dot_rad_per_s, dtype=np.float64))
    t = np.asarray(t_s, dtype=np.float64)
    sun = (
        sun_unit_vector_eci(jd_start_utc + t / SECONDS_PER_DAY)
        if sun_unit_eci is None
        else np.asarray(sun_unit_eci, dtype=np.float64)
    )
    g_count = a.size
    beta_min, beta_max = np.empty(g_count), np.empty(g_count)
    ecl_mean, ecl_max, ecl_free = np.empty(g_count), np.empty(g_count), np.empty(g_count)
    period = np.asarray(circular_period_s(a), dtype=np.float64)
    best: tuple[float, int, FloatArray, FloatArray] = (-math.inf, 0, np.full(t.size, np.nan), np.full(t.size, np.nan))
    chunk = max(1, SURVEY_CHUNK_ELEMENTS // max(1, t.size))
    for g0 in range(0, g_count, chunk):
        sl = slice(g0, g0 + chunk)
        raan = raan0[sl, None] + raan_dot[sl, None] * t
        beta = np.asarray(beta_angle_rad(raan, inc[sl, None], sun), dtype=np.float64)
        ecl = np.asarray(eclipse_fraction_circular(beta, a[sl, None]), dtype=np.float64)
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows (no SSO this high) stay NaN
            beta_min[sl], beta_max[sl] = np.nanmin(beta, axis=1), np.nanmax(beta, axis=1)
            ecl_mean[sl], ecl_max[sl] = np.nanmean(ecl, axis=1), np.nanmax(ecl, axis=1)
        ecl_free[sl] = np.mean(ecl == 0.0, axis=1)
        longest = ecl_max[sl] * period[sl]
        if np.any(np.isfinite(longest)):
            k = int(np.nanargmax(longest))
            if longest[k] > best[0]:
                best = (float(longest[k]), g0 + k, beta[k].copy(), ecl[k].copy())
        elif g0 == 0:
            best = (-math.inf, 0, beta[0].copy(), ecl[0].copy())
    _, w, beta_w, ecl_w = best
    return PlaneSurvey(period, beta_min, beta_max, ecl_mean, ecl_max, ecl_free, w, beta_w, ecl_w)


__all__ = ["SURVEY_CHUNK_ELEMENTS", "PlaneSurvey", "survey_planes"]
