"""Orbit-plane geometry: orbit normal and solar beta angle."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from skyrack.astro._typing import FloatArray


def orbit_normal_eci(raan_rad: ArrayLike, inclination_rad: ArrayLike) -> FloatArray:
    """Unit normal of the orbit plane (direction of the angular momentum) in the inertial frame.

    Parameters
    ----------
    raan_rad
        Right ascension of the ascending node Ω [rad].
    inclination_rad
        Inclination i [rad].

    Returns
    -------
    ndarray
        ĥ = (sin i sin Ω, −sin i cos Ω, cos i), shape (broadcast(Ω, i)..., 3) [-]
        (Vallado 2013, eq. 5-11, third column of the perifocal-to-inertial rotation).
    """
    raan = np.asarray(raan_rad, dtype=np.float64)
    inc = np.asarray(inclination_rad, dtype=np.float64)
    raan, inc = np.broadcast_arrays(raan, inc)
    si = np.sin(inc)
    return np.stack([si * np.sin(raan), -si * np.cos(raan), np.cos(inc)], axis=-1)


def beta_angle_rad(raan_rad: ArrayLike, inclination_rad: ArrayLike, sun_unit_eci: ArrayLike) -> FloatArray:
    """Solar beta angle: elevation of the Sun above the orbit plane [rad], in [−π/2, π/2].

    Parameters
    ----------
    raan_rad
        RAAN Ω [rad], shape broadcastable with ``sun_unit_eci[..., 0]``; e.g. (N, 1) or (N, T) for N
        satellites and T times.
    inclination_rad
        Inclination i [rad], broadcastable like ``raan_rad``.
    sun_unit_eci
        Unit vector to the Sun in the same inertial frame, shape (..., 3), e.g. (T, 3).

    Returns
    -------
    ndarray
        β = asin(ĥ · ŝ), broadcast shape, e.g. (N, T) [rad]. NaN propagates.

    Notes
    -----
    β = asin(sin i sin Ω s_x − sin i cos Ω s_y + cos i s_z), ĥ from :func:`orbit_normal_eci`
    (Vallado 2013, §5.3; Rickman 2014, NASA TFAWS "Introduction to Orbital Mechanics and Spacecraft
    Attitudes for Thermal Engineers", beta angle definition). Computed component-wise so that no
    (N, T, 3) temporary is formed.
    """
    raan = np.asarray(raan_rad, dtype=np.float64)
    inc = np.asarray(inclination_rad, dtype=np.float64)
    s = np.asarray(sun_unit_eci, dtype=np.float64)
    si = np.sin(inc)
    dot = si * np.sin(raan) * s[..., 0] - si * np.cos(raan) * s[..., 1] + np.cos(inc) * s[..., 2]
    return np.asarray(np.arcsin(np.clip(dot, -1.0, 1.0)), dtype=np.float64)


__all__ = ["beta_angle_rad", "orbit_normal_eci"]
