"""Compiled scalar twins of the astro kernels, for numba loops over satellites and time (the simulator's).

Each is the same model as its numpy version (named in its docstring) on one satellite at one time; the tests
check the twins against them. The position of a satellite on its circular orbit is written from the cosines
and sines of its argument of latitude u and node Ω, which the caller advances by rotation (angle addition).
"""

from __future__ import annotations

import math
from typing import Final

import numba as nb

from skyrack._numba import FASTMATH as _FASTMATH
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, SUN_RADIUS_M

_R_EARTH: Final = EARTH_EQUATORIAL_RADIUS_M
_R_SUN: Final = SUN_RADIUS_M
# Bound on the slope of the shadow cones: (R_sun + R_earth) / perihelion distance 1.471e11 m = 0.00477;
# 0.005 with margin.
_CONE_SLOPE: Final = 0.005


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def circular_unit_position_nb(
    cos_u: float, sin_u: float, cos_raan: float, sin_raan: float, cos_i: float, sin_i: float
) -> tuple[float, float, float]:
    """Unit position vector of a circular orbit, r / a = cos u P̂ + sin u Q̂, scalar [-].

    Same model as :func:`skyrack.astro.orbits.propagate_circular_j2` (Vallado 2013, eq. 2-101 with e = 0):
    x = cos u cos Ω − sin u cos i sin Ω, y = cos u sin Ω + sin u cos i cos Ω, z = sin u sin i.
    """
    return (
        cos_u * cos_raan - sin_u * cos_i * sin_raan,
        cos_u * sin_raan + sin_u * cos_i * cos_raan,
        sin_u * sin_i,
    )


# --------------------------------------------------------------------------------------------------
# Shadow (conical): the compiled scalar twin of skyrack.astro.shadow.sun_visible_fraction (Montenbruck & Gill
# 2000, §3.4.2), for the compiled loop; tests/simulation checks that the two agree.


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def visible_sun_fraction_nb(rx: float, ry: float, rz: float, sx: float, sy: float, sz: float) -> float:
    """Visible fraction of the solar disc from a satellite (conical umbra and penumbra), scalar [-].

    Parameters are the satellite position and the Sun position, geocentric, same inertial frame [m]. Same
    model as :func:`skyrack.astro.shadow.sun_visible_fraction` (apparent radii a, b and separation c;
    ν = 1 − overlap / (π a²)); Montenbruck & Gill, *Satellite Orbits* (2000), §3.4.2.
    """
    # fast paths: a satellite on the day side (r · s ≥ 0) cannot be shadowed; on the night side, one farther
    # from the Sun line than the penumbra's radius is sunlit and one well inside the umbra is dark. The
    # penumbra and umbra cones open or close by at most (R_sun + R_earth) / |s| ≈ 0.0048 rad, so at
    # |r| behind the Earth their radius is within R_earth ± |r| · _CONE_SLOPE.
    rs = rx * sx + ry * sy + rz * sz
    if rs >= 0.0:
        return 1.0
    r2 = rx * rx + ry * ry + rz * rz
    s2 = sx * sx + sy * sy + sz * sz
    rho2 = r2 - rs * rs / s2  # squared distance from the Earth–Sun line
    margin = math.sqrt(r2) * _CONE_SLOPE + 1.0
    if rho2 > (_R_EARTH + margin) ** 2:
        return 1.0
    if rho2 < (_R_EARTH - margin) ** 2:
        return 0.0
    dx, dy, dz = sx - rx, sy - ry, sz - rz
    d = math.sqrt(dx * dx + dy * dy + dz * dz)
    r = math.sqrt(r2)
    a = math.asin(min(1.0, _R_SUN / d))  # apparent radius of the Sun
    b = math.asin(min(1.0, _R_EARTH / r))  # apparent radius of the Earth
    cosc = -(rx * dx + ry * dy + rz * dz) / (r * d)
    c = math.acos(max(-1.0, min(1.0, cosc)))  # apparent separation of the two centres
    if c >= a + b:
        return 1.0
    if c <= b - a:
        return 0.0
    if c <= a - b:  # annular (Earth inside the solar disc): impossible in Earth orbit, kept for completeness
        return 1.0 - (b * b) / (a * a)
    x = (c * c + a * a - b * b) / (2.0 * c)
    y = math.sqrt(max(0.0, a * a - x * x))
    area = a * a * math.acos(max(-1.0, min(1.0, x / a))) + b * b * math.acos(max(-1.0, min(1.0, (c - x) / b))) - c * y
    return max(0.0, min(1.0, 1.0 - area / (math.pi * a * a)))


__all__ = ["circular_unit_position_nb", "visible_sun_fraction_nb"]
