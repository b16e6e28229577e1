"""Sun position from the Astronomical Almanac's low-precision series.

Frame: the common inertial frame of skyrack, GCRS ≈ mean equator and equinox of J2000 (see
:mod:`skyrack.astro.frames`). The series gives the Sun's apparent (aberrated) ecliptic longitude referred
to the mean equinox of date; it is turned into an equatorial vector with the mean obliquity of date and
then precessed to J2000 with the IAU 1976 matrix. Measured against Skyfield + JPL DE421 (apparent GCRS
direction) over 2020–2035 the direction error is 13″ rms and 39″ (0.011°) at most, the distance error
below 1e-4 relative (see ``tests/astro/test_astro_sun.py``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from skyrack.astro._typing import FloatArray
from skyrack.astro.frames import precession_matrix, rotate
from skyrack.astro.time import jd_tt_from_utc
from skyrack.constants import ASTRONOMICAL_UNIT_M, JD_J2000


def _sun_mean_of_date_au(jd_utc: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Sun vector in mean equator/equinox of date [au] and JD_TT, Astronomical Almanac section C."""
    jd_tt = jd_tt_from_utc(jd_utc)
    n = jd_tt - JD_J2000
    # Astronomical Almanac (e.g. 2024 edition, p. C5) "Low precision formulas for the Sun",
    # valid 1950–2050 to 0.01° in direction, 0.0003 au in distance.
    L = np.deg2rad(280.460 + 0.9856474 * n)  # mean longitude, corrected for aberration
    g = np.deg2rad(357.528 + 0.9856003 * n)  # mean anomaly
    lam = L + np.deg2rad(1.915 * np.sin(g) + 0.020 * np.sin(2 * g))  # ecliptic longitude
    eps = np.deg2rad(23.439 - 0.0000004 * n)  # obliquity of the ecliptic
    r_au = 1.00014 - 0.01671 * np.cos(g) - 0.00014 * np.cos(2 * g)
    cl = np.cos(lam)
    sl = np.sin(lam)
    vec = np.stack([r_au * cl, r_au * np.cos(eps) * sl, r_au * np.sin(eps) * sl], axis=-1)
    return np.asarray(vec), jd_tt


def sun_position_eci_m(jd_utc: ArrayLike) -> FloatArray:
    """Geocentric position of the Sun in the common inertial frame (GCRS ≈ J2000) [m].

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days]; any shape (...). Compute it once per time, not per satellite.

    Returns
    -------
    ndarray
        Sun position, shape (..., 3) [m]; NaN where ``jd_utc`` is NaN.

    Notes
    -----
    Astronomical Almanac low-precision series, n = JD_TT − 2451545.0:

    L = 280.460° + 0.9856474° n,  g = 357.528° + 0.9856003° n,
    λ = L + 1.915° sin g + 0.020° sin 2g,  ε = 23.439° − 0.0000004° n,
    R = 1.00014 − 0.01671 cos g − 0.00014 cos 2g  [au],

    r_mod = R (cos λ, cos ε sin λ, sin ε sin λ), r_ECI = Pᵀ r_mod with P the IAU 1976 precession matrix.

    References
    ----------
    The Astronomical Almanac (US Naval Observatory / HM Nautical Almanac Office), section C,
    "Low precision formulas for the Sun"; Vallado (2013), *Fundamentals of Astrodynamics and
    Applications*, 4th ed., Algorithm 29.
    """
    vec_au, jd_tt = _sun_mean_of_date_au(jd_utc)
    p = precession_matrix(jd_tt)
    return rotate(np.swapaxes(p, -1, -2), vec_au) * ASTRONOMICAL_UNIT_M


def sun_distance_m(jd_utc: ArrayLike) -> FloatArray:
    """Earth–Sun distance [m] from the same series as :func:`sun_position_eci_m`.

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].

    Returns
    -------
    ndarray
        Distance [m]: R = 1.00014 − 0.01671 cos g − 0.00014 cos 2g au (Astronomical Almanac, sec. C).
    """
    jd_tt = jd_tt_from_utc(jd_utc)
    g = np.deg2rad(357.528 + 0.9856003 * (jd_tt - JD_J2000))
    return np.asarray((1.00014 - 0.01671 * np.cos(g) - 0.00014 * np.cos(2 * g)) * ASTRONOMICAL_UNIT_M)


def sun_unit_vector_eci(jd_utc: ArrayLike) -> FloatArray:
    """Unit vector from the Earth's centre towards the Sun in the common inertial frame (GCRS).

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days]; any shape (...).

    Returns
    -------
    ndarray
        Unit vector, shape (..., 3) [-]; NaN where ``jd_utc`` is NaN.

    Notes
    -----
    ŝ = r_sun / |r_sun| with r_sun from :func:`sun_position_eci_m` (Astronomical Almanac, sec. C).
    """
    r = sun_position_eci_m(jd_utc)
    return np.asarray(r / np.linalg.norm(r, axis=-1, keepdims=True), dtype=np.float64)


def sun_right_ascension_rad(jd_utc: ArrayLike, kind: str = "mean") -> FloatArray:
    """Right ascension of the Sun in the common inertial frame (GCRS) [rad], in [0, 2π).

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].
    kind
        ``"mean"``: the fictitious mean Sun, moving uniformly along the equator with right ascension equal
        to the Sun's mean longitude L (this is the Sun that *mean local solar time*, and so the usual LTAN
        of a sun-synchronous orbit, refers to). ``"apparent"``: the true Sun of
        :func:`sun_position_eci_m`; the two differ by the equation of time (up to ±16 min, ±4°).
        Any other value gives NaN.

    Returns
    -------
    ndarray
        Right ascension [rad].

    Notes
    -----
    Mean Sun: α = L = 280.460° + 0.9856474° n on the mean equator of date (Astronomical Almanac, sec. C),
    precessed to J2000 with the IAU 1976 matrix.
    """
    if kind == "apparent":
        r = sun_position_eci_m(jd_utc)
    elif kind == "mean":
        jd_tt = jd_tt_from_utc(jd_utc)
        L = np.deg2rad(280.460 + 0.9856474 * (jd_tt - JD_J2000))
        vec = np.stack([np.cos(L), np.sin(L), np.zeros_like(L)], axis=-1)
        r = rotate(np.swapaxes(precession_matrix(jd_tt), -1, -2), vec)
    else:
        return np.full(np.shape(jd_utc), np.nan)
    return np.asarray(np.mod(np.arctan2(r[..., 1], r[..., 0]), 2 * np.pi), dtype=np.float64)


__all__ = ["sun_distance_m", "sun_position_eci_m", "sun_right_ascension_rad", "sun_unit_vector_eci"]
