"""Atmospheric drag on a circular LEO orbit: decay, altitude-keeping Δv, lifetime, deorbit Δv and propellant.

Pure, vectorised kernels (numpy; SI units). The density comes from the caller (NRLMSIS through the model layer);
nothing here reads the catalog or the scenario.

Model (King-Hele 1987, *Satellite Orbits in an Atmosphere*, ch. 2; Vallado 2013, §9.6): a satellite of ballistic
coefficient :math:`B = m / (C_D A)` on a circular orbit of radius :math:`a` feels the drag deceleration
:math:`\\dot v = \\rho v^2 / (2B)` with :math:`v = \\sqrt{\\mu / a}`; the orbit shrinks at
:math:`\\dot a = -\\rho \\sqrt{\\mu a} / B`, and holding the altitude costs :math:`\\Delta v = \\dot v\\, t` (the
thrust replaces the lost momentum, the tangential-burn limit of many small reboosts).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from skyrack.arrays import FloatArray, as_float
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, JULIAN_YEAR_S, MU_EARTH_M3_PER_S2

# Standard gravity [m/s²] (CGPM 1901; exact): the g₀ of the rocket equation's I_sp g₀.
STANDARD_GRAVITY_M_PER_S2 = 9.80665
# Where an orbit is taken to be lost (the Kármán line): below it a satellite re-enters within a revolution.
REENTRY_ALTITUDE_M = 100e3


def ballistic_coefficient_kg_per_m2(mass_kg: ArrayLike, drag_coefficient: ArrayLike, area_m2: ArrayLike) -> FloatArray:
    """:math:`B = m / (C_D A)` [kg/m²]; ``inf`` for zero area (no drag)."""
    with np.errstate(divide="ignore"):
        return as_float(as_float(mass_kg) / (as_float(drag_coefficient) * as_float(area_m2)))


def drag_deceleration_m_per_s2(
    density_kg_per_m3: ArrayLike, semi_major_axis_m: ArrayLike, ballistic_coefficient: ArrayLike
) -> FloatArray:
    """:math:`\\rho v^2 / (2B)` on a circular orbit of radius ``semi_major_axis_m`` [m/s²]."""
    v2 = MU_EARTH_M3_PER_S2 / as_float(semi_major_axis_m)
    with np.errstate(divide="ignore", invalid="ignore"):  # B = 0 (no mass behind the area): infinite deceleration
        return as_float(as_float(density_kg_per_m3) * v2 / (2.0 * as_float(ballistic_coefficient)))


def altitude_keeping_delta_v_m_per_s_per_year(
    density_kg_per_m3: ArrayLike, semi_major_axis_m: ArrayLike, ballistic_coefficient: ArrayLike
) -> FloatArray:
    """Δv a year that cancels the drag and keeps the orbit where it is [m/s/yr]."""
    return as_float(
        drag_deceleration_m_per_s2(density_kg_per_m3, semi_major_axis_m, ballistic_coefficient) * JULIAN_YEAR_S
    )


def decay_rate_m_per_s(
    density_kg_per_m3: ArrayLike, semi_major_axis_m: ArrayLike, ballistic_coefficient: ArrayLike
) -> FloatArray:
    """:math:`\\dot a = -\\rho \\sqrt{\\mu a} / B` [m/s] (negative: the orbit shrinks)."""
    a = as_float(semi_major_axis_m)
    return as_float(-as_float(density_kg_per_m3) * np.sqrt(MU_EARTH_M3_PER_S2 * a) / as_float(ballistic_coefficient))


def lifetime_s(
    altitudes_m: ArrayLike, densities_kg_per_m3: ArrayLike, start_altitude_m: float, ballistic_coefficient: float,
    end_altitude_m: float = REENTRY_ALTITUDE_M,
) -> float:  # fmt: skip
    """Time for a circular orbit to decay from ``start_altitude_m`` to ``end_altitude_m`` without propulsion [s].

    :math:`t = \\int_{a_e}^{a_0} da / |\\dot a|` with the density interpolated log-linearly in altitude over the
    profile given (``altitudes_m`` increasing, covering both ends); trapezoidal rule on 2,000 points, which for a
    density falling exponentially with a ~50 km scale height errs by well under 0.1 %; the orbit is lost at
    :data:`REENTRY_ALTITUDE_M`.
    """
    h = as_float(altitudes_m)
    log_rho = np.log(as_float(densities_kg_per_m3))
    if not (h[0] <= end_altitude_m < start_altitude_m <= h[-1]):
        raise ValueError("the density profile must cover the decay from start to end altitude")
    grid = np.linspace(end_altitude_m, start_altitude_m, 2000)
    rho = np.exp(np.interp(grid, h, log_rho))
    a = EARTH_EQUATORIAL_RADIUS_M + grid
    integrand = ballistic_coefficient / (rho * np.sqrt(MU_EARTH_M3_PER_S2 * a))
    return float(0.5 * np.sum((integrand[1:] + integrand[:-1]) * np.diff(grid)))  # trapezoidal rule


def altitude_for_lifetime_m(
    altitudes_m: ArrayLike, densities_kg_per_m3: ArrayLike, ballistic_coefficient: float, lifetime_target_s: float,
    end_altitude_m: float = REENTRY_ALTITUDE_M,
) -> float:  # fmt: skip
    """The circular-orbit altitude from which the decay to ``end_altitude_m`` takes ``lifetime_target_s`` [m].

    The cumulative decay time over the profile (trapezoidal, log-linear density between its points refined to
    1 km) interpolated in log time; the profile's top when even it decays sooner.
    """
    h = as_float(altitudes_m)
    grid = np.arange(end_altitude_m, float(h[-1]) + 1.0, 1e3)
    rho = np.exp(np.interp(grid, h, np.log(as_float(densities_kg_per_m3))))
    integrand = ballistic_coefficient / (rho * np.sqrt(MU_EARTH_M3_PER_S2 * (EARTH_EQUATORIAL_RADIUS_M + grid)))
    t = np.concatenate([[0.0], np.cumsum(0.5 * (integrand[1:] + integrand[:-1]) * np.diff(grid))])
    if lifetime_target_s >= t[-1]:
        return float(grid[-1])
    return float(np.interp(np.log(lifetime_target_s), np.log(t[1:]), grid[1:]))


def deorbit_delta_v_m_per_s(semi_major_axis_m: ArrayLike, perigee_radius_m: ArrayLike) -> FloatArray:
    """One tangential burn that lowers the perigee of a circular orbit to ``perigee_radius_m`` [m/s].

    .. math:: \\Delta v = \\sqrt{\\mu / a} \\left(1 - \\sqrt{2 r_p / (a + r_p)}\\right)

    (the first half of a Hohmann transfer; Vallado 2013, §6.3.1).
    """
    a = as_float(semi_major_axis_m)
    rp = as_float(perigee_radius_m)
    return as_float(np.sqrt(MU_EARTH_M3_PER_S2 / a) * (1.0 - np.sqrt(2.0 * rp / (a + rp))))


def thrust_power_w(thrust_n: ArrayLike, specific_impulse_s: ArrayLike, efficiency: ArrayLike) -> FloatArray:
    """Electric power of a thruster giving ``thrust_n`` at ``specific_impulse_s`` with ``efficiency`` (jet power
    over electric power) [W].

    .. math:: P = \frac{F v_e}{2 \\eta}, \\quad v_e = g_0 I_{sp}

    (the jet's kinetic power :math:`\\dot m v_e^2 / 2 = F v_e / 2`; e.g. Goebel & Katz, *Fundamentals of Electric
    Propulsion*, 2008, §2.5). Starlink's argon Hall thrusters: 2,500 s at 50 % → 40.8 mN/kW.
    """
    ve = as_float(specific_impulse_s) * STANDARD_GRAVITY_M_PER_S2
    return np.asarray(as_float(thrust_n) * ve / (2.0 * as_float(efficiency)))


def propellant_mass_kg(dry_mass_kg: ArrayLike, delta_v_m_per_s: ArrayLike, specific_impulse_s: ArrayLike) -> FloatArray:
    """Propellant for ``delta_v_m_per_s`` on a satellite of ``dry_mass_kg`` (Tsiolkovsky) [kg].

    .. math:: m_p = m_{dry} \\left(e^{\\Delta v / (I_{sp} g_0)} - 1\\right)
    """
    ve = as_float(specific_impulse_s) * STANDARD_GRAVITY_M_PER_S2
    return as_float(as_float(dry_mass_kg) * np.expm1(as_float(delta_v_m_per_s) / ve))


__all__ = [
    "REENTRY_ALTITUDE_M",
    "STANDARD_GRAVITY_M_PER_S2",
    "altitude_for_lifetime_m",
    "altitude_keeping_delta_v_m_per_s_per_year",
    "ballistic_coefficient_kg_per_m2",
    "decay_rate_m_per_s",
    "deorbit_delta_v_m_per_s",
    "drag_deceleration_m_per_s2",
    "lifetime_s",
    "propellant_mass_kg",
    "thrust_power_w",
]
