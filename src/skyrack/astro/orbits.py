"""Orbit kernels: periods, J2 secular rates, sun-synchronous helpers.

Elements are referred to the common inertial frame (GCRS ≈ J2000, see :mod:`skyrack.astro.frames`); the
J2 rates treat that frame's z-axis as the Earth's rotation pole, an approximation of the pole direction by
the precession since J2000 (≈ 0.36° in 2025), which only tilts the modelled orbit plane by that much.
"""

from __future__ import annotations

from typing import Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from skyrack.astro._phase import cos_sin_linear_phase
from skyrack.astro._typing import FloatArray
from skyrack.astro.sun import sun_right_ascension_rad
from skyrack.constants import (
    EARTH_EQUATORIAL_RADIUS_M,
    EARTH_J2,
    MU_EARTH_M3_PER_S2,
    SUN_MEAN_MOTION_RAD_PER_S,
)


def mean_motion_rad_per_s(semi_major_axis_m: ArrayLike) -> FloatArray:
    """Keplerian mean motion n = √(μ / a³) [rad/s].

    Parameters
    ----------
    semi_major_axis_m
        Semi-major axis a [m].

    Returns
    -------
    ndarray
        n [rad/s]; NaN where a ≤ 0 (Vallado 2013, eq. 1-27).
    """
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.sqrt(MU_EARTH_M3_PER_S2 / a**3)
    return np.asarray(np.where(a > 0, n, np.nan), dtype=np.float64)


def circular_period_s(semi_major_axis_m: ArrayLike) -> FloatArray:
    """Keplerian orbital period P = 2π √(a³ / μ) [s].

    Parameters
    ----------
    semi_major_axis_m
        Semi-major axis a [m] (the radius for a circular orbit).

    Returns
    -------
    ndarray
        Period [s]; NaN where a ≤ 0 (Vallado 2013, eq. 1-26).
    """
    return np.asarray(2.0 * np.pi / mean_motion_rad_per_s(semi_major_axis_m), dtype=np.float64)


def _j2_factor(a: FloatArray, e: FloatArray) -> tuple[FloatArray, FloatArray]:
    """n and k = J2 (R/p)² with p = a(1 − e²); NaN outside a > 0, 0 ≤ e < 1."""
    valid = (a > 0) & (e >= 0) & (e < 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = a * (1.0 - e * e)
        n = np.sqrt(MU_EARTH_M3_PER_S2 / a**3)
        k = EARTH_J2 * (EARTH_EQUATORIAL_RADIUS_M / p) ** 2
    return np.where(valid, n, np.nan), np.where(valid, k, np.nan)


def j2_secular_rates_rad_per_s(
    semi_major_axis_m: ArrayLike, eccentricity: ArrayLike, inclination_rad: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """First-order secular rates of RAAN, argument of perigee and mean anomaly due to J2.

    Parameters
    ----------
    semi_major_axis_m
        Mean semi-major axis a [m].
    eccentricity
        Mean eccentricity e [-], 0 ≤ e < 1.
    inclination_rad
        Mean inclination i [rad].

    Returns
    -------
    raan_dot, argp_dot, mean_anomaly_dot : ndarray
        dΩ/dt, dω/dt, dM/dt [rad/s], broadcast shape of the inputs; NaN for a ≤ 0 or e outside [0, 1).

    Notes
    -----
    With n = √(μ/a³), p = a(1 − e²), k = J2 (R⊕/p)²:

    dΩ/dt = −(3/2) n k cos i,
    dω/dt = (3/4) n k (5 cos² i − 1),
    dM/dt = n [1 + (3/4) k √(1 − e²) (3 cos² i − 1)].

    References
    ----------
    Vallado (2013), *Fundamentals of Astrodynamics and Applications*, 4th ed., eqs. 9-41 and 9-42;
    Brouwer (1959), AJ 64, 378 (first-order secular terms).
    """
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    e = np.asarray(eccentricity, dtype=np.float64)
    i = np.asarray(inclination_rad, dtype=np.float64)
    n, k = _j2_factor(a, e)
    ci = np.cos(i)
    with np.errstate(invalid="ignore"):
        eta = np.sqrt(1.0 - e * e)
    raan_dot = -1.5 * n * k * ci
    argp_dot = 0.75 * n * k * (5.0 * ci * ci - 1.0)
    m_dot = n * (1.0 + 0.75 * k * eta * (3.0 * ci * ci - 1.0))
    return (
        np.asarray(raan_dot, dtype=np.float64),
        np.asarray(argp_dot, dtype=np.float64),
        np.asarray(m_dot, dtype=np.float64),
    )


def sso_inclination_rad(semi_major_axis_m: ArrayLike, eccentricity: ArrayLike = 0.0) -> FloatArray:
    """Inclination of a sun-synchronous orbit, whose J2 nodal precession equals the Sun's mean motion.

    Parameters
    ----------
    semi_major_axis_m
        Mean semi-major axis a [m].
    eccentricity
        Mean eccentricity e [-]; default 0.

    Returns
    -------
    ndarray
        Inclination [rad], in (90°, 180°]; NaN where no sun-synchronous orbit exists (a too large, so that
        |cos i| > 1) or the inputs are invalid.

    Notes
    -----
    Setting dΩ/dt = −(3/2) n J2 (R⊕/p)² cos i equal to the Sun's mean motion
    Ω̇☉ = 2π / (365.24219 d) = 0.98565°/day gives

    cos i = −Ω̇☉ / [(3/2) n J2 (R⊕/p)²].

    References
    ----------
    Vallado (2013), eq. 11-14; Wertz & Larson (1999), *Space Mission Analysis and Design*, 3rd ed., §6.2.
    Check: 97.99° at 650 km, 99.48° at 1000 km altitude (circular).
    """
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    e = np.asarray(eccentricity, dtype=np.float64)
    n, k = _j2_factor(a, e)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos_i = -SUN_MEAN_MOTION_RAD_PER_S / (1.5 * n * k)
        inc = np.arccos(np.where(np.abs(cos_i) <= 1.0, cos_i, np.nan))
    return np.asarray(inc, dtype=np.float64)


def raan_from_ltan_rad(ltan_hours: ArrayLike, jd_utc: ArrayLike, sun: str = "mean") -> FloatArray:
    """RAAN of an orbit whose ascending node is at local solar time ``ltan_hours`` at the given date.

    Parameters
    ----------
    ltan_hours
        Local time of the ascending node [h], e.g. 6.0 for a dawn–dusk orbit, 10.5 for a mid-morning one.
    jd_utc
        Julian date, UTC [days] at which the node has that local time (the scenario epoch).
    sun
        ``"mean"`` (default): mean local solar time, i.e. the right ascension of the fictitious mean Sun,
        the usual definition of LTAN in mission analysis. ``"apparent"``: true (apparent) solar time;
        differs by the equation of time (up to ±16 min, ±4°).

    Returns
    -------
    ndarray
        RAAN [rad] in [0, 2π), referred to the common inertial frame (GCRS ≈ J2000). NaN for an unknown
        ``sun`` or non-finite input.

    Notes
    -----
    Ω = α☉ + (LTAN − 12 h) × 15°/h (Wertz & Larson 1999, §6.2; Vallado 2013, §11.4), with α☉ from
    :func:`skyrack.astro.sun.sun_right_ascension_rad`.
    """
    ltan = np.asarray(ltan_hours, dtype=np.float64)
    alpha = sun_right_ascension_rad(jd_utc, kind=sun)
    return np.asarray(np.mod(alpha + (ltan - 12.0) * (np.pi / 12.0), 2 * np.pi), dtype=np.float64)


def ltan_hours_from_raan(raan_rad: ArrayLike, jd_utc: ArrayLike, sun: str = "mean") -> FloatArray:
    """Local time of the ascending node [h], in [0, 24), of an orbit with the given RAAN at a date.

    Parameters
    ----------
    raan_rad
        RAAN in the common inertial frame [rad].
    jd_utc
        Julian date, UTC [days].
    sun
        ``"mean"`` or ``"apparent"`` as in :func:`raan_from_ltan_rad`.

    Returns
    -------
    ndarray
        LTAN = 12 h + (Ω − α☉) × 12/π [h], wrapped to [0, 24) (inverse of :func:`raan_from_ltan_rad`).
    """
    alpha = sun_right_ascension_rad(jd_utc, kind=sun)
    raan = np.asarray(raan_rad, dtype=np.float64)
    return np.asarray(np.mod(12.0 + (raan - alpha) * (12.0 / np.pi), 24.0), dtype=np.float64)


class OrbitalElements(NamedTuple):
    """Classical (mean) orbital elements of one or many satellites, SI units, angles in radians.

    All fields broadcast together; for a fleet they are 1-D arrays of length N. For circular orbits the
    argument of perigee is 0 and the mean anomaly is the argument of latitude u.
    """

    semi_major_axis_m: FloatArray
    eccentricity: FloatArray
    inclination_rad: FloatArray
    raan_rad: FloatArray
    arg_perigee_rad: FloatArray
    mean_anomaly_rad: FloatArray


# Newton iterations for Kepler's equation: quadratic convergence from the starter below reaches
# 1e-15 rad in ≤ 6 steps for e < 0.99 (Vallado 2013, Algorithm 2 discussion); 12 is a safe cap.
_KEPLER_MAX_ITER: Final = 12


def solve_kepler(mean_anomaly_rad: ArrayLike, eccentricity: ArrayLike) -> FloatArray:
    """Eccentric anomaly E from Kepler's equation M = E − e sin E (Newton–Raphson) [rad].

    Parameters
    ----------
    mean_anomaly_rad
        Mean anomaly M [rad].
    eccentricity
        Eccentricity e [-], 0 ≤ e < 1.

    Returns
    -------
    ndarray
        E [rad], same branch as M (E − M ∈ [−e, e]); NaN where e is outside [0, 1) or M is not finite.

    Notes
    -----
    E_{k+1} = E_k − (E_k − e sin E_k − M) / (1 − e cos E_k), starting from E₀ = M + e sin M
    (E₀ = M + e sign M for e ≥ 0.8), Vallado (2013), Algorithm 2; Danby (1988), §6.6.
    """
    M = np.asarray(mean_anomaly_rad, dtype=np.float64)
    e = np.asarray(eccentricity, dtype=np.float64)
    valid = (e >= 0) & (e < 1) & np.isfinite(M)
    e_ok = np.where(valid, e, 0.0)
    Mw = np.mod(M + np.pi, 2 * np.pi) - np.pi  # wrap to [-π, π) for the iteration
    E = np.where(e_ok < 0.8, Mw + e_ok * np.sin(Mw), Mw + e_ok * np.sign(Mw))
    E = np.where(np.isfinite(E), E, 0.0)
    for _ in range(_KEPLER_MAX_ITER):
        dE = (E - e_ok * np.sin(E) - Mw) / (1.0 - e_ok * np.cos(E))
        E = E - dE
        if np.all(np.abs(dE) < 1e-15):
            break
    return np.asarray(np.where(valid, E + (M - Mw), np.nan), dtype=np.float64)


def _perifocal_axes(raan: FloatArray, argp: FloatArray, inc: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Unit vectors P (to perigee), Q (90° ahead in the plane) and W (orbit normal), shape (..., 3)."""
    cO, sO = np.cos(raan), np.sin(raan)
    cw, sw = np.cos(argp), np.sin(argp)
    ci, si = np.cos(inc), np.sin(inc)
    P = np.stack([cO * cw - sO * sw * ci, sO * cw + cO * sw * ci, sw * si], axis=-1)
    Q = np.stack([-cO * sw - sO * cw * ci, -sO * sw + cO * cw * ci, cw * si], axis=-1)
    W = np.stack([sO * si, -cO * si, ci + 0.0 * cO], axis=-1)
    return P, Q, W


def elements_to_state_eci(
    semi_major_axis_m: ArrayLike,
    eccentricity: ArrayLike,
    inclination_rad: ArrayLike,
    raan_rad: ArrayLike,
    arg_perigee_rad: ArrayLike,
    mean_anomaly_rad: ArrayLike,
) -> tuple[FloatArray, FloatArray]:
    """Position and velocity from classical elements (two-body) in the elements' inertial frame.

    Parameters
    ----------
    semi_major_axis_m
        a [m].
    eccentricity
        e [-], 0 ≤ e < 1.
    inclination_rad
        i [rad].
    raan_rad
        Ω [rad].
    arg_perigee_rad
        ω [rad].
    mean_anomaly_rad
        M [rad].

    Returns
    -------
    r_m, v_m_per_s : ndarray
        Position [m] and velocity [m/s], shape (broadcast(...), 3); NaN for invalid elements.

    Notes
    -----
    r = a (cos E − e) P̂ + a √(1−e²) sin E Q̂,
    v = n a / (1 − e cos E) (−sin E P̂ + √(1−e²) cos E Q̂),
    with E from :func:`solve_kepler` and P̂, Q̂ the perifocal axes (Vallado 2013, Algorithm 10 "COE2RV").
    """
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    e = np.asarray(eccentricity, dtype=np.float64)
    a, e, inc, raan, argp, M = np.broadcast_arrays(
        a,
        e,
        np.asarray(inclination_rad, dtype=np.float64),
        np.asarray(raan_rad, dtype=np.float64),
        np.asarray(arg_perigee_rad, dtype=np.float64),
        np.asarray(mean_anomaly_rad, dtype=np.float64),
    )
    E = solve_kepler(M, e)
    n = mean_motion_rad_per_s(a)
    with np.errstate(invalid="ignore"):
        eta = np.sqrt(1.0 - e * e)
    cE, sE = np.cos(E), np.sin(E)
    P, Q, _ = _perifocal_axes(raan, argp, inc)
    xp = (a * (cE - e))[..., None]
    yp = (a * eta * sE)[..., None]
    k = (n * a / (1.0 - e * cE))[..., None]
    r = xp * P + yp * Q
    v = k * (-sE[..., None] * P + (eta * cE)[..., None] * Q)
    return np.asarray(r, dtype=np.float64), np.asarray(v, dtype=np.float64)


def state_to_elements(r_m: ArrayLike, v_m_per_s: ArrayLike) -> OrbitalElements:
    """Classical osculating elements from position and velocity (two-body).

    Parameters
    ----------
    r_m
        Position [m], shape (..., 3).
    v_m_per_s
        Velocity [m/s], shape (..., 3).

    Returns
    -------
    OrbitalElements
        a [m], e, i, Ω, ω, M [rad] (angles in [0, 2π)), shape (...). Ω and ω are ill-defined for
        equatorial and circular orbits; there Ω = 0 (equatorial) and ω = 0 (circular) are returned and
        the mean anomaly carries the argument of latitude (or true longitude). NaN for hyperbolic states.

    Notes
    -----
    Vallado (2013), Algorithm 9 "RV2COE": h = r × v, n̂ = ẑ × h, e = ((v² − μ/r) r − (r·v) v) / μ,
    a = −μ / (2 ℰ).
    """
    mu = MU_EARTH_M3_PER_S2
    r = np.asarray(r_m, dtype=np.float64)
    v = np.asarray(v_m_per_s, dtype=np.float64)
    r, v = np.broadcast_arrays(r, v)
    rn = np.linalg.norm(r, axis=-1)
    vn2 = np.sum(v * v, axis=-1)
    h = np.cross(r, v)
    hn = np.linalg.norm(h, axis=-1)
    node = np.stack([-h[..., 1], h[..., 0], np.zeros_like(hn)], axis=-1)
    nn = np.linalg.norm(node, axis=-1)
    rv = np.sum(r * v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        evec = ((vn2 - mu / rn)[..., None] * r - rv[..., None] * v) / mu
        e = np.linalg.norm(evec, axis=-1)
        energy = 0.5 * vn2 - mu / rn
        a = np.where(energy < 0, -mu / (2.0 * energy), np.nan)
        inc = np.arccos(np.clip(h[..., 2] / hn, -1.0, 1.0))
        small = 1e-11
        equatorial = nn < small * hn
        circular = e < small
        raan = np.where(equatorial, 0.0, np.arctan2(node[..., 1], node[..., 0]))
        # Reference direction in the plane: node line (or x-axis if equatorial).
        ref = np.where(equatorial[..., None], np.array([1.0, 0.0, 0.0]), node / np.where(nn > 0, nn, 1)[..., None])
        hhat = h / hn[..., None]
        ref2 = np.cross(hhat, ref)
        argp = np.where(circular, 0.0, np.arctan2(np.sum(evec * ref2, -1), np.sum(evec * ref, -1)))
        # True anomaly measured from perigee (or from the reference direction when circular).
        pe = np.where(circular[..., None], ref, evec / np.where(e > 0, e, 1)[..., None])
        qe = np.cross(hhat, pe)
        nu = np.arctan2(np.sum(r * qe, -1), np.sum(r * pe, -1))
        E = 2.0 * np.arctan2(np.sqrt(1 - e) * np.sin(nu / 2), np.sqrt(1 + e) * np.cos(nu / 2))
        M = E - e * np.sin(E)
    two_pi = 2 * np.pi
    return OrbitalElements(
        np.asarray(a, dtype=np.float64),
        np.asarray(np.where(np.isnan(a), np.nan, e), dtype=np.float64),
        np.asarray(inc, dtype=np.float64),
        np.asarray(np.mod(raan, two_pi), dtype=np.float64),
        np.asarray(np.mod(argp, two_pi), dtype=np.float64),
        np.asarray(np.mod(M, two_pi), dtype=np.float64),
    )


def propagate_j2_secular(elements: OrbitalElements, t_s: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Propagate mean elements with first-order J2 secular rates; position and velocity in the same frame.

    Parameters
    ----------
    elements
        Mean elements at t = 0 (fields of leading shape S, e.g. (N,) for N satellites).
    t_s
        Times since the element epoch [s], shape (T,).

    Returns
    -------
    r_m, v_m_per_s : ndarray
        Position [m] and velocity [m/s], shape S + (T, 3); NaN for invalid elements.

    Notes
    -----
    Ω(t) = Ω₀ + Ω̇ t, ω(t) = ω₀ + ω̇ t, M(t) = M₀ + Ṁ t with the rates of
    :func:`j2_secular_rates_rad_per_s`; the state is the two-body state of those elements
    (Vallado 2013, §9.6 "secular J2 propagation", Algorithm 60 "PKEPLER"). The velocity is the exact time
    derivative of that model: v = (dr/dM) Ṁ + ω̇ ĥ × r + Ω̇ ẑ × r. Short-period J2 terms (≈ 10 km in
    position for LEO) and drag are not modelled; see ``design/j2_vs_sgp4.py``.
    """
    a = np.asarray(elements.semi_major_axis_m, dtype=np.float64)
    e = np.asarray(elements.eccentricity, dtype=np.float64)
    inc = np.asarray(elements.inclination_rad, dtype=np.float64)
    a, e, inc, raan0, argp0, M0 = np.broadcast_arrays(
        a,
        e,
        inc,
        np.asarray(elements.raan_rad, dtype=np.float64),
        np.asarray(elements.arg_perigee_rad, dtype=np.float64),
        np.asarray(elements.mean_anomaly_rad, dtype=np.float64),
    )
    t = np.asarray(t_s, dtype=np.float64)
    raan_dot, argp_dot, m_dot = j2_secular_rates_rad_per_s(a, e, inc)
    x = (..., None)
    raan = raan0[x] + raan_dot[x] * t
    argp = argp0[x] + argp_dot[x] * t
    M = M0[x] + m_dot[x] * t
    E = solve_kepler(M, e[x])
    with np.errstate(invalid="ignore"):
        eta = np.sqrt(1.0 - e * e)[x]
    cE, sE = np.cos(E), np.sin(E)
    P, Q, W = _perifocal_axes(raan, argp, np.broadcast_to(inc[x], raan.shape))
    aa = a[x]
    r = (aa * (cE - e[x]))[..., None] * P + (aa * eta * sE)[..., None] * Q
    k = (aa * m_dot[x] / (1.0 - e[x] * cE))[..., None]
    v = k * (-sE[..., None] * P + (eta * cE)[..., None] * Q)
    v = v + argp_dot[x][..., None] * np.cross(W, r)
    zhat = np.array([0.0, 0.0, 1.0])
    v = v + raan_dot[x][..., None] * np.cross(zhat, r)
    return np.asarray(r, dtype=np.float64), np.asarray(v, dtype=np.float64)


def circular_j2_rates_rad_per_s(
    semi_major_axis_m: ArrayLike, inclination_rad: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """RAAN rate and argument-of-latitude rate of a circular orbit under J2 [rad/s].

    Parameters
    ----------
    semi_major_axis_m
        Orbit radius a [m].
    inclination_rad
        i [rad].

    Returns
    -------
    raan_dot, u_dot : ndarray
        dΩ/dt and du/dt = dω/dt + dM/dt at e = 0 (Vallado 2013, eqs. 9-41, 9-42) [rad/s].
    """
    raan_dot, argp_dot, m_dot = j2_secular_rates_rad_per_s(semi_major_axis_m, 0.0, inclination_rad)
    return raan_dot, np.asarray(argp_dot + m_dot, dtype=np.float64)


def propagate_circular_j2(
    semi_major_axis_m: ArrayLike,
    inclination_rad: ArrayLike,
    raan0_rad: ArrayLike,
    arg_latitude0_rad: ArrayLike,
    t_s: ArrayLike,
    with_velocity: bool = False,
) -> tuple[FloatArray, FloatArray | None]:
    """Fast closed-form position (and velocity) of circular orbits with J2 secular drift.

    Parameters
    ----------
    semi_major_axis_m
        Orbit radius a [m], shape S (e.g. (N,)).
    inclination_rad
        i [rad], shape S.
    raan0_rad
        Ω at t = 0 [rad], shape S.
    arg_latitude0_rad
        Argument of latitude u = ω + M at t = 0 [rad], shape S.
    t_s
        Times [s], shape (T,). A uniform grid is evaluated with block angle-addition (much faster).
    with_velocity
        Also return the velocity.

    Returns
    -------
    r_m : ndarray
        Position [m], shape S + (T, 3).
    v_m_per_s : ndarray or None
        Velocity [m/s], shape S + (T, 3), if requested.

    Notes
    -----
    r = a [cos u cos Ω − sin u cos i sin Ω, cos u sin Ω + sin u cos i cos Ω, sin u sin i],
    u = u₀ + u̇ t, Ω = Ω₀ + Ω̇ t (Vallado 2013, eq. 2-101 with e = 0; rates of
    :func:`circular_j2_rates_rad_per_s`); v = dr/dt of the same expression.
    """
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    inc = np.asarray(inclination_rad, dtype=np.float64)
    a, inc, raan0, u0 = np.broadcast_arrays(
        a, inc, np.asarray(raan0_rad, dtype=np.float64), np.asarray(arg_latitude0_rad, dtype=np.float64)
    )
    t = np.asarray(t_s, dtype=np.float64)
    raan_dot, u_dot = circular_j2_rates_rad_per_s(a, inc)
    cu, su = cos_sin_linear_phase(u0, u_dot, t)
    cO, sO = cos_sin_linear_phase(raan0, raan_dot, t)
    x = (..., None)
    ci, si = np.cos(inc)[x], np.sin(inc)[x]
    aa = a[x]
    r = np.empty((*cu.shape, 3))
    suci = su * ci
    r[..., 0] = aa * (cu * cO - suci * sO)
    r[..., 1] = aa * (cu * sO + suci * cO)
    r[..., 2] = aa * su * si
    if not with_velocity:
        return r, None
    ud, Od = u_dot[x], raan_dot[x]
    cuci = cu * ci
    v = np.empty_like(r)
    # d/dt of the position above: ∂/∂u · u̇ + ∂/∂Ω · Ω̇
    v[..., 0] = aa * ud * (-su * cO - cuci * sO) - Od * r[..., 1]
    v[..., 1] = aa * ud * (-su * sO + cuci * cO) + Od * r[..., 0]
    v[..., 2] = aa * ud * cu * si
    return r, v


__all__ = [
    "OrbitalElements",
    "circular_j2_rates_rad_per_s",
    "circular_period_s",
    "elements_to_state_eci",
    "j2_secular_rates_rad_per_s",
    "ltan_hours_from_raan",
    "mean_motion_rad_per_s",
    "propagate_circular_j2",
    "propagate_j2_secular",
    "raan_from_ltan_rad",
    "solve_kepler",
    "sso_inclination_rad",
    "state_to_elements",
]
