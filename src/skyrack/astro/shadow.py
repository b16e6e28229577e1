"""Earth shadow: closed-form eclipse fraction (cylindrical) and time-resolved conical shadow."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from skyrack.astro._events import intervals_below
from skyrack.astro._typing import BoolArray, FloatArray, IntArray
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, SUN_RADIUS_M


def beta_critical_rad(semi_major_axis_m: ArrayLike) -> FloatArray:
    """Beta angle above which a circular orbit sees no (cylindrical) eclipse, β* = asin(R⊕ / a) [rad].

    Parameters
    ----------
    semi_major_axis_m
        Orbit radius a [m].

    Returns
    -------
    ndarray
        β* [rad]; NaN where a ≤ R⊕ (Rickman 2014, NASA TFAWS, eclipse section).
    """
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = EARTH_EQUATORIAL_RADIUS_M / a
    return np.asarray(np.arcsin(np.where(ratio < 1.0, ratio, np.nan)), dtype=np.float64)


def eclipse_fraction_circular(beta_rad: ArrayLike, semi_major_axis_m: ArrayLike) -> FloatArray:
    """Fraction of a circular orbit's period spent in the Earth's cylindrical shadow.

    Parameters
    ----------
    beta_rad
        Solar beta angle β [rad].
    semi_major_axis_m
        Orbit radius a = R⊕ + h [m].

    Returns
    -------
    ndarray
        Eclipse fraction f_E in [0, 0.5) [-], broadcast shape; 0 where |β| ≥ β* = asin(R⊕/a); NaN where
        a ≤ R⊕ or an input is NaN.

    Notes
    -----
    f_E = (1/π) arccos( √(h² + 2 R⊕ h) / (a cos β) ) for |β| < β*, else 0.

    The shadow is a cylinder of radius R⊕ (spherical Earth, parallel sunlight); against the conical
    umbra+penumbra model this overstates the eclipse by a few seconds per orbit
    (see ``design/cylindrical_vs_conical_shadow.py``).

    References
    ----------
    Rickman (2014), "Introduction to Orbital Mechanics and Spacecraft Attitudes for Thermal Engineers",
    NASA TFAWS, eclipse fraction; Wertz & Larson (1999), SMAD 3rd ed., eq. 5-4.
    Check: 550 km, β = 0 → 35.6 min of a 95.6 min period.
    """
    beta = np.asarray(beta_rad, dtype=np.float64)
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    R = EARTH_EQUATORIAL_RADIUS_M
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.sqrt(a * a - R * R) / (a * np.abs(np.cos(beta)))
        frac = np.where(ratio < 1.0, np.arccos(np.minimum(ratio, 1.0)) / np.pi, 0.0)
    bad = ~(a > R) | np.isnan(beta)
    return np.asarray(np.where(bad, np.nan, frac), dtype=np.float64)


def sunlit_fraction_circular(beta_rad: ArrayLike, semi_major_axis_m: ArrayLike) -> FloatArray:
    """Fraction of a circular orbit's period in sunlight, 1 − :func:`eclipse_fraction_circular` [-].

    Parameters
    ----------
    beta_rad
        Solar beta angle β [rad].
    semi_major_axis_m
        Orbit radius a [m].

    Returns
    -------
    ndarray
        Sunlit fraction in (0.5, 1] [-]; NaN for invalid input (cylindrical shadow, Rickman 2014).
    """
    return np.asarray(1.0 - eclipse_fraction_circular(beta_rad, semi_major_axis_m), dtype=np.float64)


def _fraction_from_geometry(x: FloatArray, r2: FloatArray, S: FloatArray) -> FloatArray:
    """Visible fraction of the solar disc from three scalars per point (see :func:`sun_visible_fraction`).

    x = −r·ŝ (distance behind the Earth's centre along the anti-Sun axis) [m], r2 = |r|² [m²],
    S = |r_sun| [m]; all broadcast together (S typically per time only). Points are first classified
    with the shadow cones (cheap); only points inside the penumbra cone but outside the umbra cone get
    the disc-overlap formula.
    """
    R = EARTH_EQUATORIAL_RADIUS_M
    S = np.asarray(S, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        # Half-angles of the penumbra and umbra cones tangent to Sun and Earth (Vallado 2013, Alg. 34);
        # computed on S's own (small) shape before broadcasting.
        sin_p = (SUN_RADIUS_M + R) / S
        sin_u = (SUN_RADIUS_M - R) / S
        cos_p = np.sqrt(1.0 - sin_p * sin_p)
        cos_u = np.sqrt(1.0 - sin_u * sin_u)
        pen0, pen_k, pen_x = R / cos_p, sin_p / cos_p, -R * sin_p
        umb0, umb_k, umb_x = R / cos_u, sin_u / cos_u, R * sin_u
        rho2 = r2 - x * x
        pen_r = pen0 + x * pen_k
        # x > pen_x (tangent plane, ≈ 30 km sunward) already implies pen_r > 0 (apex ≈ 1.4e9 m sunward)
        in_pen = (x > pen_x) & (rho2 < pen_r * pen_r)
        umb_r = umb0 - x * umb_k
        in_umb = (x > umb_x) & (rho2 < umb_r * umb_r) & (umb_r > 0)
    frac = np.array(np.logical_not(in_pen), dtype=np.float64)  # writable, also when 0-d
    part = np.asarray(in_pen & ~in_umb)
    if np.any(part):
        shape = part.shape
        xp = np.broadcast_to(x, shape)[part]
        r2p = np.broadcast_to(r2, shape)[part]
        Sp = np.broadcast_to(S, shape)[part]
        rn = np.sqrt(r2p)
        d = np.sqrt(Sp * Sp + 2.0 * Sp * xp + r2p)  # |r_sun − r|
        a = np.arcsin(np.minimum(SUN_RADIUS_M / d, 1.0))  # apparent Sun radius
        b = np.arcsin(np.minimum(R / rn, 1.0))  # apparent Earth radius
        c = np.arccos(np.clip((r2p + Sp * xp) / (rn * d), -1.0, 1.0))  # Earth–Sun centre separation
        frac[part] = disc_overlap_visible_fraction(a, b, c)
    bad = ~(r2 > R * R) | ~np.isfinite(x) | ~np.isfinite(S)
    if np.any(bad):
        frac = np.where(bad, np.nan, frac)
    return np.asarray(frac, dtype=np.float64)


def disc_overlap_visible_fraction(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Visible fraction of a disc of radius a behind a disc of radius b at centre separation c (angles).

    Montenbruck & Gill (2000), *Satellite Orbits*, §3.4.2, eqs. 3.87–3.89 (planar circle overlap).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        xx = (c * c + a * a - b * b) / (2.0 * c)
        yy = np.sqrt(np.maximum(a * a - xx * xx, 0.0))
        area = (
            a * a * np.arccos(np.clip(xx / a, -1.0, 1.0)) + b * b * np.arccos(np.clip((c - xx) / b, -1.0, 1.0)) - c * yy
        )
        nu = 1.0 - area / (np.pi * a * a)
    nu = np.where(c >= a + b, 1.0, nu)
    nu = np.where(c <= b - a, 0.0, nu)
    nu = np.where(c <= a - b, 1.0 - (b * b) / (a * a), nu)  # annular (Earth disc inside the Sun's)
    return np.asarray(np.clip(nu, 0.0, 1.0), dtype=np.float64)


def sun_visible_fraction(r_sat_eci_m: ArrayLike, r_sun_eci_m: ArrayLike) -> FloatArray:
    """Fraction of the Sun's disc visible from a satellite, conical Earth shadow (umbra + penumbra).

    Parameters
    ----------
    r_sat_eci_m
        Satellite positions [m], shape (..., 3), e.g. (N, T, 3).
    r_sun_eci_m
        Geocentric Sun position in the same frame [m], broadcastable, e.g. (T, 3)
        (:func:`skyrack.astro.sun.sun_position_eci_m`).

    Returns
    -------
    ndarray
        ν ∈ [0, 1] [-], shape (...) e.g. (N, T): 1 in full sunlight, 0 in the umbra, in between in the
        penumbra; NaN for a position inside the Earth or NaN input.

    Notes
    -----
    With apparent radii of the Sun a = asin(R☉/|r☉ − r|) and the Earth b = asin(R⊕/|r|), and their
    centre separation c: ν = 1 if c ≥ a + b, 0 if c ≤ b − a, else
    ν = 1 − [a² acos(x/a) + b² acos((c − x)/b) − c y] / (π a²), x = (c² + a² − b²)/(2c), y = √(a² − x²).
    Points are classified first with the umbra/penumbra cones tangent to both bodies (half-angles
    asin((R☉ ∓ R⊕)/|r☉|)), so the overlap formula runs only in the penumbra. Earth is a sphere of
    equatorial radius, without atmosphere (refraction and absorption, which lengthen the eclipse by a few
    seconds, are ignored).

    References
    ----------
    Montenbruck & Gill (2000), *Satellite Orbits*, §3.4.2, eqs. 3.85–3.89; Vallado (2013), Algorithm 34.
    """
    r = np.asarray(r_sat_eci_m, dtype=np.float64)
    s = np.asarray(r_sun_eci_m, dtype=np.float64)
    S = np.sqrt(np.sum(s * s, axis=-1))
    sh = s / S[..., None]
    x = -(r[..., 0] * sh[..., 0] + r[..., 1] * sh[..., 1] + r[..., 2] * sh[..., 2])
    r2 = r[..., 0] ** 2 + r[..., 1] ** 2 + r[..., 2] ** 2
    return _fraction_from_geometry(x, r2, S)


def shadow_angles_rad(r_sat_eci_m: ArrayLike, r_sun_eci_m: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Apparent radii of Sun and Earth and their separation as seen from the satellite [rad].

    Parameters
    ----------
    r_sat_eci_m
        Satellite positions [m], shape (..., 3).
    r_sun_eci_m
        Sun position [m], broadcastable (..., 3).

    Returns
    -------
    sun_radius, earth_radius, separation : ndarray
        a = asin(R☉/|r☉ − r|), b = asin(R⊕/|r|), c = ∠(−r, r☉ − r) [rad] (Montenbruck & Gill 2000,
        eqs. 3.85–3.86). NaN inside the Earth.
    """
    r = np.asarray(r_sat_eci_m, dtype=np.float64)
    s = np.asarray(r_sun_eci_m, dtype=np.float64)
    d = s - r
    dn = np.linalg.norm(d, axis=-1)
    rn = np.linalg.norm(r, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = np.arcsin(np.minimum(SUN_RADIUS_M / dn, 1.0))
        b = np.arcsin(np.where(rn > EARTH_EQUATORIAL_RADIUS_M, EARTH_EQUATORIAL_RADIUS_M / rn, np.nan))
        c = np.arccos(np.clip(-np.sum(r * d, axis=-1) / (rn * dn), -1.0, 1.0))
    return np.asarray(a), np.asarray(b), np.asarray(c)


class EclipseIntervals(NamedTuple):
    """Eclipse intervals of a fleet, one row per interval, sorted by satellite then time.

    ``satellite`` indexes the leading axis of the positions (for (N, T, 3) input, 0..N−1); times are
    seconds on the caller's grid. An interval already running at the first (or still running at the last)
    sample is clipped to the grid and flagged.
    """

    satellite: IntArray
    start_s: FloatArray
    end_s: FloatArray
    start_clipped: BoolArray
    end_clipped: BoolArray

    @property
    def duration_s(self) -> FloatArray:
        """end − start [s]."""
        return np.asarray(self.end_s - self.start_s, dtype=np.float64)


def eclipse_intervals(
    t_s: ArrayLike, r_sat_eci_m: ArrayLike, r_sun_eci_m: ArrayLike, kind: str = "half"
) -> EclipseIntervals:
    """Eclipse entry and exit times from sampled positions, for many satellites.

    Parameters
    ----------
    t_s
        Sample times [s], shape (T,), increasing.
    r_sat_eci_m
        Satellite positions [m], shape (N, T, 3) (or (T, 3) for one satellite).
    r_sun_eci_m
        Sun positions [m], shape (T, 3).
    kind
        Which boundary defines the eclipse: ``"penumbra"`` (any part of the Sun hidden, ν < 1),
        ``"half"`` (Sun's centre below the Earth's limb, ν ≈ 0.5; the criterion of Skyfield's
        ``is_sunlit``), or ``"umbra"`` (Sun fully hidden, ν = 0). Anything else gives no intervals.

    Returns
    -------
    EclipseIntervals
        Entry/exit times per interval.

    Notes
    -----
    The margin m = c − b (Sun centre above the limb, see :func:`shadow_angles_rad`) is smooth in time;
    the eclipse is m < a (penumbra), m < 0 (half) or m < −a (umbra). Crossings are located by a quadratic
    through three samples around each sign change (error ≈ m‴ Δt³, below 0.1 s at Δt = 30 s for LEO).
    """
    t = np.asarray(t_s, dtype=np.float64)
    r = np.asarray(r_sat_eci_m, dtype=np.float64)
    if r.ndim == 2:
        r = r[None]
    a, b, c = shadow_angles_rad(r, r_sun_eci_m)
    margin = c - b
    if kind == "penumbra":
        h = margin - a
    elif kind == "half":
        h = margin
    elif kind == "umbra":
        h = margin + a
    else:
        h = np.full_like(margin, np.nan)
    iv = intervals_below(t, h.reshape(-1, t.size))
    return EclipseIntervals(iv.row, iv.start_s, iv.end_s, iv.start_clipped, iv.end_clipped)


__all__ = [
    "EclipseIntervals",
    "beta_critical_rad",
    "disc_overlap_visible_fraction",
    "eclipse_fraction_circular",
    "eclipse_intervals",
    "shadow_angles_rad",
    "sun_visible_fraction",
    "sunlit_fraction_circular",
]
