"""Compiled scalar twins of the astro kernels, for numba loops over satellites and time (the simulator's).

Each is the same model as its numpy version (named in its docstring) on one satellite at one time; the tests
check the twins against them. The position of a satellite on its circular orbit is written from the cosines
and sines of its argument of latitude u and node Ω, which the caller advances by rotation (angle addition).
"""

from __future__ import annotations

import math
from typing import Final

import numba as nb
import numpy as np
from numpy.typing import NDArray

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


# Steps between exact cos/sin evaluations in the rotation recurrence: each rotation adds ≲ 2 ulp to the unit
# vector, so 64 steps keep positions within ~1e-13 of their radius (under a micrometre) before resyncing.
_RESYNC_STEPS: Final = 64
# The beta angle is exact at least this often and linear in between: β moves with the node (|Ω̇| ≤ 1.5e-6 rad/s
# for LEO, J2) and the Sun (2e-7 rad/s), so |β''| ≲ (1.7e-6)² rad/s² and the error is at most h² |β''| / 8 ≈
# 3e-7 rad (0.00002°; design/beta_interpolation.py measures it).
BETA_EXACT_EVERY_S: Final = 960.0


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH, nogil=True)
def fleet_rows_nb(
    a: NDArray[np.float64],
    inc: NDArray[np.float64],
    raan0: NDArray[np.float64],
    u0: NDArray[np.float64],
    raan_dot: NDArray[np.float64],
    u_dot: NDArray[np.float64],
    t: NDArray[np.float64],
    step: float,
    sun: NDArray[np.float64],
    cones: NDArray[np.float64],
    position: NDArray[np.float64],
    sun_fraction: NDArray[np.float64],
    beta: NDArray[np.float64],
    row0: int,
    row1: int,
) -> None:
    """Position, sunlit fraction and beta angle of rows ``row0:row1`` at every time, fused in one pass.

    The same models as :func:`skyrack.astro.fleet.circular_fleet_environment` (circular J2-secular orbits,
    conical shadow, sin β = ĥ·ŝ), per satellite over time. On a uniform grid (``step`` > 0) cos and sin of u and
    Ω advance by rotation (angle addition), resynchronised with exact values every 64 steps, and β is exact every
    :data:`BETA_EXACT_EVERY_S` and linear in between; on any other grid (``step`` = 0) all are exact at each time.
    ``sun`` holds the Sun's unit vector and distance (T, 4); ``cones`` the shadow cones (T, 6): the penumbra's
    radius at the Earth and slope, its apex side limit, and the same for the umbra (as in the numpy path). Only
    points inside the penumbra cone get the disc-overlap formula.
    """
    n_t = t.size
    every = 1
    if step > 0.0:
        every = max(1, min(_RESYNC_STEPS, int(BETA_EXACT_EVERY_S / step)))
    for i in range(row0, row1):
        ai = a[i]
        a2 = ai * ai
        ci, si = math.cos(inc[i]), math.sin(inc[i])
        cdu, sdu = math.cos(u_dot[i] * step), math.sin(u_dot[i] * step)
        cdo, sdo = math.cos(raan_dot[i] * step), math.sin(raan_dot[i] * step)
        cu = su = co = so = 0.0
        b0 = b1 = slope = 0.0
        j0 = j1 = 0
        since = _RESYNC_STEPS
        for j in range(n_t):
            if step == 0.0 or since == _RESYNC_STEPS:
                u = u0[i] + u_dot[i] * t[j]
                om = raan0[i] + raan_dot[i] * t[j]
                cu, su, co, so = math.cos(u), math.sin(u), math.cos(om), math.sin(om)
                since = 1
            else:
                cu, su = cu * cdu - su * sdu, su * cdu + cu * sdu
                co, so = co * cdo - so * sdo, so * cdo + co * sdo
                since += 1
            q = su * ci
            x = ai * (cu * co - q * so)
            y = ai * (cu * so + q * co)
            z = ai * su * si
            position[i, j, 0] = x
            position[i, j, 1] = y
            position[i, j, 2] = z
            sx, sy, sz = sun[j, 0], sun[j, 1], sun[j, 2]
            if every == 1:
                beta[i, j] = math.asin(max(-1.0, min(1.0, ci * sz + si * (sx * so - sy * co))))
            else:
                if j == j1:  # a new stretch: β exact here (the last stretch's end) and at its end, linear between
                    b0 = b1 if j > 0 else math.asin(max(-1.0, min(1.0, ci * sz + si * (sx * so - sy * co))))
                    j0 = j
                    j1 = min(j + every, n_t - 1)
                    om1 = raan0[i] + raan_dot[i] * t[j1]
                    c1, s1 = math.cos(om1), math.sin(om1)
                    b1 = math.asin(max(-1.0, min(1.0, ci * sun[j1, 2] + si * (sun[j1, 0] * s1 - sun[j1, 1] * c1))))
                    slope = (b1 - b0) / max(j1 - j0, 1)
                    if j1 == j0:
                        j1 = n_t  # the last time: nothing after it
                beta[i, j] = b0 + slope * (j - j0)
            xb = -(x * sx + y * sy + z * sz)  # distance behind the Earth along the Sun line
            f = 1.0
            if xb > cones[j, 2]:
                rho2 = a2 - xb * xb
                pr = cones[j, 0] + xb * cones[j, 1]
                if rho2 < pr * pr:  # inside the penumbra cone
                    ur = cones[j, 3] + xb * cones[j, 4]
                    if rho2 < ur * ur and xb > cones[j, 5]:
                        f = 0.0
                    else:
                        d = sun[j, 3]
                        f = visible_sun_fraction_nb(x, y, z, sx * d, sy * d, sz * d)
            sun_fraction[i, j] = f


__all__ = ["circular_unit_position_nb", "fleet_rows_nb", "visible_sun_fraction_nb"]
