"""Reference frames: the common inertial frame, TEME, and the Earth-fixed frame.

The common inertial frame (called **ECI** throughout skyrack) is the **GCRS**, i.e. the Earth-centred frame
aligned with the ICRS, which agrees with the mean equator and equinox of J2000.0 to 0.02″ (the frame bias,
ignored here). Sun positions, design-orbit states and converted SGP4 states are all expressed in it.

Rotations (all as (..., 3, 3) matrices, one per time; apply them with :func:`rotate`):

* precession, IAU 1976 (Lieske et al. 1977, A&A 58, 1), J2000 → mean of date;
* nutation, the four largest terms of IAU 1980 as given by Meeus, *Astronomical Algorithms* (1998), ch. 22
  (accuracy ≈ 0.5″ in longitude, 0.1″ in obliquity);
* TEME → true of date by the equation of the equinoxes (Vallado et al. 2006, AIAA 2006-6753, sec. VI);
* true of date → Earth-fixed by Greenwich apparent sidereal time; polar motion (≤ 0.5″, ≈ 15 m at the
  surface) is ignored, so "ITRS" here is the pseudo-Earth-fixed frame.

Overall accuracy of the rotations ≈ 1″ (≈ 35 m at LEO radius), far below what skyrack's uses need.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from skyrack.astro._typing import FloatArray
from skyrack.astro.time import gmst_rad, jd_tt_from_utc, julian_centuries_since_j2000

# Arcseconds to radians [rad/arcsec].
ARCSEC_RAD: Final = np.pi / (180.0 * 3600.0)


def _rot1(a: FloatArray) -> FloatArray:
    """Frame rotation about x by angle a (Vallado 2013, eq. 3-15), shape (..., 3, 3)."""
    c, s = np.cos(a), np.sin(a)
    z, o = np.zeros_like(a), np.ones_like(a)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, s], -1), np.stack([z, -s, c], -1)], -2)


def _rot2(a: FloatArray) -> FloatArray:
    """Frame rotation about y by angle a (Vallado 2013, eq. 3-15), shape (..., 3, 3)."""
    c, s = np.cos(a), np.sin(a)
    z, o = np.zeros_like(a), np.ones_like(a)
    return np.stack([np.stack([c, z, -s], -1), np.stack([z, o, z], -1), np.stack([s, z, c], -1)], -2)


def _rot3(a: FloatArray) -> FloatArray:
    """Frame rotation about z by angle a (Vallado 2013, eq. 3-15), shape (..., 3, 3)."""
    c, s = np.cos(a), np.sin(a)
    z, o = np.zeros_like(a), np.ones_like(a)
    return np.stack([np.stack([c, s, z], -1), np.stack([-s, c, z], -1), np.stack([z, z, o], -1)], -2)


def _transpose(m: FloatArray) -> FloatArray:
    return np.swapaxes(m, -1, -2)


def rotate(matrix: ArrayLike, vectors: ArrayLike) -> FloatArray:
    """Apply rotation matrices to vectors with broadcasting, ``out[..., i] = Σ_j M[..., i, j] v[..., j]``.

    Parameters
    ----------
    matrix
        Rotation matrices, shape (..., 3, 3) (typically (T, 3, 3), one per time).
    vectors
        Vectors, shape (..., 3) (typically (N, T, 3); broadcast against ``matrix[..., 0]``).

    Returns
    -------
    ndarray
        Rotated vectors, broadcast shape (..., 3).
    """
    m = np.asarray(matrix, dtype=np.float64)
    v = np.asarray(vectors, dtype=np.float64)
    return np.asarray(np.einsum("...ij,...j->...i", m, v), dtype=np.float64)


def mean_obliquity_rad(jd_tt: ArrayLike) -> FloatArray:
    """Mean obliquity of the ecliptic, IAU 1980 [rad].

    Parameters
    ----------
    jd_tt
        Julian date, TT [days].

    Returns
    -------
    ndarray
        ε̄ = 23°26′21.448″ − 46.8150″ T − 0.00059″ T² + 0.001813″ T³, T in Julian centuries TT from J2000
        (Meeus 1998, eq. 22.2) [rad].
    """
    T = julian_centuries_since_j2000(jd_tt)
    arcsec = 84381.448 - 46.8150 * T - 0.00059 * T**2 + 0.001813 * T**3
    return np.asarray(arcsec * ARCSEC_RAD, dtype=np.float64)


def nutation_angles_rad(jd_tt: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Nutation in longitude and obliquity, truncated IAU 1980 [rad].

    Parameters
    ----------
    jd_tt
        Julian date, TT [days].

    Returns
    -------
    dpsi, deps : ndarray
        Δψ = −17.20″ sin Ω − 1.32″ sin 2L − 0.23″ sin 2L′ + 0.21″ sin 2Ω and
        Δε = 9.20″ cos Ω + 0.57″ cos 2L + 0.10″ cos 2L′ − 0.09″ cos 2Ω, with Ω the Moon's node, L and L′
        the mean longitudes of Sun and Moon (Meeus 1998, ch. 22; accuracy 0.5″ and 0.1″) [rad].
    """
    T = julian_centuries_since_j2000(jd_tt)
    om = np.deg2rad(125.04452 - 1934.136261 * T)
    L = np.deg2rad(280.4665 + 36000.7698 * T)
    Lp = np.deg2rad(218.3165 + 481267.8813 * T)
    dpsi = -17.20 * np.sin(om) - 1.32 * np.sin(2 * L) - 0.23 * np.sin(2 * Lp) + 0.21 * np.sin(2 * om)
    deps = 9.20 * np.cos(om) + 0.57 * np.cos(2 * L) + 0.10 * np.cos(2 * Lp) - 0.09 * np.cos(2 * om)
    return np.asarray(dpsi * ARCSEC_RAD), np.asarray(deps * ARCSEC_RAD)


def precession_matrix(jd_tt: ArrayLike) -> FloatArray:
    """IAU 1976 precession matrix P, with r_mean_of_date = P r_J2000.

    Parameters
    ----------
    jd_tt
        Julian date, TT [days].

    Returns
    -------
    ndarray
        P = R3(−z) R2(θ) R3(−ζ), shape (..., 3, 3), with ζ = 2306.2181″T + 0.30188″T² + 0.017998″T³,
        z = 2306.2181″T + 1.09468″T² + 0.018203″T³, θ = 2004.3109″T − 0.42665″T² − 0.041833″T³
        (Lieske et al. 1977; Vallado 2013, eq. 3-88).
    """
    T = julian_centuries_since_j2000(jd_tt)
    zeta = (2306.2181 * T + 0.30188 * T**2 + 0.017998 * T**3) * ARCSEC_RAD
    z = (2306.2181 * T + 1.09468 * T**2 + 0.018203 * T**3) * ARCSEC_RAD
    theta = (2004.3109 * T - 0.42665 * T**2 - 0.041833 * T**3) * ARCSEC_RAD
    return np.asarray(_rot3(-z) @ _rot2(theta) @ _rot3(-zeta), dtype=np.float64)


def nutation_matrix(jd_tt: ArrayLike) -> FloatArray:
    """Nutation matrix N, with r_true_of_date = N r_mean_of_date.

    Parameters
    ----------
    jd_tt
        Julian date, TT [days].

    Returns
    -------
    ndarray
        N = R1(−ε) R3(−Δψ) R1(ε̄), ε = ε̄ + Δε, shape (..., 3, 3) (Vallado 2013, eq. 3-86).
    """
    eps0 = mean_obliquity_rad(jd_tt)
    dpsi, deps = nutation_angles_rad(jd_tt)
    return np.asarray(_rot1(-(eps0 + deps)) @ _rot3(-dpsi) @ _rot1(eps0), dtype=np.float64)


def equation_of_equinoxes_rad(jd_utc: ArrayLike) -> FloatArray:
    """Equation of the equinoxes, Δψ cos ε [rad] (Vallado 2013, eq. 3-79; small IAU 1994 terms omitted).

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].

    Returns
    -------
    ndarray
        GAST − GMST [rad].
    """
    jd_tt = jd_tt_from_utc(jd_utc)
    dpsi, deps = nutation_angles_rad(jd_tt)
    return np.asarray(dpsi * np.cos(mean_obliquity_rad(jd_tt) + deps), dtype=np.float64)


def gast_rad(jd_utc: ArrayLike, dut1_s: ArrayLike = 0.0) -> FloatArray:
    """Greenwich apparent sidereal time, GMST + equation of the equinoxes [rad].

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].
    dut1_s
        UT1 − UTC [s]; default 0.

    Returns
    -------
    ndarray
        GAST [rad] (Vallado 2013, eq. 3-79).
    """
    return np.asarray(np.mod(gmst_rad(jd_utc, dut1_s) + equation_of_equinoxes_rad(jd_utc), 2 * np.pi), dtype=np.float64)


def teme_to_eci_matrix(jd_utc: ArrayLike) -> FloatArray:
    """Rotation from SGP4's TEME frame to the common inertial frame (GCRS ≈ J2000).

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].

    Returns
    -------
    ndarray
        M = Pᵀ Nᵀ R3(−Eq_eq), shape (..., 3, 3), r_ECI = M r_TEME (Vallado et al. 2006, AIAA 2006-6753,
        eq. 1 and sec. VI).
    """
    jd_tt = jd_tt_from_utc(jd_utc)
    eqeq = equation_of_equinoxes_rad(jd_utc)
    m = _transpose(precession_matrix(jd_tt)) @ _transpose(nutation_matrix(jd_tt)) @ _rot3(-eqeq)
    return np.asarray(m, dtype=np.float64)


def eci_to_ecef_matrix(jd_utc: ArrayLike, dut1_s: ArrayLike = 0.0) -> FloatArray:
    """Rotation from the common inertial frame (GCRS) to the Earth-fixed frame (ITRS, no polar motion).

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].
    dut1_s
        UT1 − UTC [s]; default 0.

    Returns
    -------
    ndarray
        W = R3(GAST) N P, shape (..., 3, 3), r_ECEF = W r_ECI (Vallado 2013, eq. 3-90 without polar motion).
    """
    jd_tt = jd_tt_from_utc(jd_utc)
    m = _rot3(gast_rad(jd_utc, dut1_s)) @ nutation_matrix(jd_tt) @ precession_matrix(jd_tt)
    return np.asarray(m, dtype=np.float64)


__all__ = [
    "eci_to_ecef_matrix",
    "equation_of_equinoxes_rad",
    "gast_rad",
    "mean_obliquity_rad",
    "nutation_angles_rad",
    "nutation_matrix",
    "precession_matrix",
    "rotate",
    "teme_to_eci_matrix",
]
