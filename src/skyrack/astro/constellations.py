"""Constellation element sets: Walker delta and Walker star patterns."""

from __future__ import annotations

import numpy as np

from skyrack.astro.orbits import OrbitalElements


def _walker(
    total: int,
    planes: int,
    phasing: int,
    inclination_rad: float,
    semi_major_axis_m: float,
    raan_spread_rad: float,
    raan0_rad: float,
    arg_latitude0_rad: float,
) -> OrbitalElements:
    nan = np.full(max(int(total), 0), np.nan)
    bad = (
        total <= 0
        or planes <= 0
        or total % planes != 0
        or not (0 <= phasing < planes)
        or not np.isfinite(inclination_rad)
        or not semi_major_axis_m > 0
    )
    if bad:
        return OrbitalElements(nan, nan, nan, nan, nan, nan)
    per_plane = total // planes
    j = np.repeat(np.arange(planes), per_plane)  # plane index
    k = np.tile(np.arange(per_plane), planes)  # slot in the plane
    raan = raan0_rad + raan_spread_rad * j / planes
    u = arg_latitude0_rad + 2.0 * np.pi * k / per_plane + 2.0 * np.pi * phasing * j / total
    return OrbitalElements(
        np.full(total, float(semi_major_axis_m)),
        np.zeros(total),
        np.full(total, float(inclination_rad)),
        np.mod(raan, 2.0 * np.pi),
        np.zeros(total),
        np.mod(u, 2.0 * np.pi),
    )


def walker_delta_elements(
    total: int,
    planes: int,
    phasing: int,
    inclination_rad: float,
    semi_major_axis_m: float,
    raan0_rad: float = 0.0,
    arg_latitude0_rad: float = 0.0,
) -> OrbitalElements:
    """Elements of a Walker delta constellation i: T/P/F (circular orbits, planes over 360° of RAAN).

    Parameters
    ----------
    total
        Number of satellites T.
    planes
        Number of equally spaced orbit planes P (must divide T).
    phasing
        Phasing factor F, 0 ≤ F < P: the relative in-plane phase between adjacent planes is 2π F / T.
    inclination_rad
        Common inclination i [rad].
    semi_major_axis_m
        Common orbit radius a [m].
    raan0_rad
        RAAN of the first plane [rad].
    arg_latitude0_rad
        Argument of latitude of the first satellite of the first plane [rad].

    Returns
    -------
    OrbitalElements
        T satellites ordered plane by plane (satellite s = j S + k, S = T/P), with
        Ω_j = Ω₀ + 2π j / P and u_{jk} = u₀ + 2π k / S + 2π F j / T, e = 0, ω = 0, M = u.
        All-NaN arrays (length max(T, 0)) for invalid parameters.

    References
    ----------
    Walker (1984), "Satellite constellations", J. British Interplanetary Society 37, 559–572;
    Wertz & Larson (1999), SMAD 3rd ed., §7.6.
    """
    return _walker(
        total,
        planes,
        phasing,
        inclination_rad,
        semi_major_axis_m,
        2.0 * np.pi,
        raan0_rad,
        arg_latitude0_rad,
    )


def walker_star_elements(
    total: int,
    planes: int,
    phasing: int,
    inclination_rad: float,
    semi_major_axis_m: float,
    raan0_rad: float = 0.0,
    arg_latitude0_rad: float = 0.0,
) -> OrbitalElements:
    """Elements of a Walker star (polar "streets of coverage") constellation: planes over 180° of RAAN.

    Parameters
    ----------
    total, planes, phasing, inclination_rad, semi_major_axis_m, raan0_rad, arg_latitude0_rad
        As in :func:`walker_delta_elements`.

    Returns
    -------
    OrbitalElements
        As :func:`walker_delta_elements` but with Ω_j = Ω₀ + π j / P, so that ascending and descending
        halves of the planes cover the globe, with counter-rotating seams between the first and last
        planes (Iridium-like: 86.4°: 66/6/2).

    References
    ----------
    Walker (1970), "Circular orbit patterns providing continuous whole Earth coverage", RAE Tech. Rep.
    70211; Adams & Rider (1987), J. Astronaut. Sci. 35, 155.
    """
    return _walker(
        total,
        planes,
        phasing,
        inclination_rad,
        semi_major_axis_m,
        np.pi,
        raan0_rad,
        arg_latitude0_rad,
    )


__all__ = ["walker_delta_elements", "walker_star_elements"]
