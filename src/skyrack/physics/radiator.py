"""Radiator heat balance: net heat a flat panel rejects per m², and the area it needs.

Kernels: pure numpy, SI units, broadcasting over any shape.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import ArrayLike, NDArray

from skyrack.constants import STEFAN_BOLTZMANN_W_PER_M2_K4


def radiator_net_flux_w_per_m2(
    radiator_temperature_k: ArrayLike,
    emissivity: ArrayLike,
    absorptivity: ArrayLike,
    solar_irradiance_w_per_m2: ArrayLike,
    earth_view_factor: ArrayLike = 0.0,
    albedo: ArrayLike = 0.0,
    earth_temperature_k: ArrayLike = 0.0,
    radiating_sides: ArrayLike = 2,
    sunlit_sides: ArrayLike = 0,
    earth_ir_absorptivity: ArrayLike | None = None,
    sink_temperature_k: ArrayLike = 0.0,
) -> NDArray[np.float64]:
    """Net heat rejected per m² of panel (all radiating faces together) [W/m²].

    .. math::

        q = N_r \\varepsilon \\sigma (T^4 - T_s^4) - N_s \\alpha S
            - F_E (\\alpha_{IR} \\sigma T_E^4 + \\alpha a S)

    with :math:`N_r` radiating faces at temperature :math:`T`, :math:`N_s` of them facing the Sun
    at normal incidence, one face seeing the Earth with view factor :math:`F_E`; the Earth emits as a
    black body at :math:`T_E` and reflects sunlight with albedo :math:`a`.

    Parameters
    ----------
    radiator_temperature_k
        Panel temperature [K].
    emissivity, absorptivity
        Hemispherical infrared emissivity and solar absorptivity of the coating [-].
    solar_irradiance_w_per_m2
        Sunlight on the sunlit face [W/m²].
    earth_view_factor
        View factor from one face to the Earth [-].
    albedo
        Earth's albedo [-].
    earth_temperature_k
        Effective black-body temperature of the Earth [K].
    radiating_sides, sunlit_sides
        Faces that radiate, and faces in full sunlight [-].
    earth_ir_absorptivity
        Absorptivity to Earth infrared [-]. By Kirchhoff's law it equals the infrared emissivity,
        which is the default. The Starcloud white paper (2024) applies the solar absorptivity here;
        pass ``absorptivity`` to reproduce its 633 W/m².
    sink_temperature_k
        Deep-space sink [K] (0 by default; 3 K changes nothing measurable).

    Returns
    -------
    ndarray
        Net rejected flux [W/m² of panel]; negative means the panel gains heat.

    References
    ----------
    Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed., Aerospace Press (2002),
    ch. 2 (environmental heat loads) and ch. 6 (radiators).
    """
    eps = np.asarray(emissivity, dtype=float)
    alpha = np.asarray(absorptivity, dtype=float)
    alpha_ir = eps if earth_ir_absorptivity is None else np.asarray(earth_ir_absorptivity, dtype=float)
    sigma = STEFAN_BOLTZMANN_W_PER_M2_K4
    s = np.asarray(solar_irradiance_w_per_m2, dtype=float)
    t4 = np.asarray(radiator_temperature_k, dtype=float) ** 4 - np.asarray(sink_temperature_k, dtype=float) ** 4
    emitted = np.asarray(radiating_sides, dtype=float) * eps * sigma * t4
    sun = np.asarray(sunlit_sides, dtype=float) * alpha * s
    earth_ir = alpha_ir * sigma * np.asarray(earth_temperature_k, dtype=float) ** 4
    reflected = alpha * np.asarray(albedo, dtype=float) * s
    return np.asarray(emitted - sun - np.asarray(earth_view_factor, dtype=float) * (earth_ir + reflected))


def radiator_area_m2(heat_w: ArrayLike, net_flux_w_per_m2: ArrayLike) -> NDArray[np.float64]:
    """Panel area that rejects ``heat_w`` at ``net_flux_w_per_m2`` [m²]; NaN where the flux is not positive.

    .. math:: A = Q / q
    """
    flux = np.asarray(net_flux_w_per_m2, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(flux > 0.0, np.asarray(heat_w, dtype=float) / flux, np.nan)


def radiator_zero_flux_temperature_k(
    radiator_temperature_k: ArrayLike, net_flux_w_per_m2: ArrayLike, emissivity: ArrayLike, radiating_sides: ArrayLike
) -> NDArray[np.float64]:
    """Panel temperature at which the net flux of :func:`radiator_net_flux_w_per_m2` is zero [K].

    The absorbed loads do not depend on the panel's temperature, so from one evaluation
    :math:`q(T) = N_r \\varepsilon \\sigma T^4 - Q_{abs}`:

    .. math:: T_0 = \\left(\\frac{N_r \\varepsilon \\sigma T^4 - q(T)}{N_r \\varepsilon \\sigma}\\right)^{1/4}

    Below :math:`T_0` the panel gains heat; a working radiator runs well above it.
    """
    emission = (
        np.asarray(radiating_sides, dtype=float) * np.asarray(emissivity, dtype=float) * STEFAN_BOLTZMANN_W_PER_M2_K4
    )
    t4 = np.asarray(radiator_temperature_k, dtype=float) ** 4
    return np.asarray(((emission * t4 - np.asarray(net_flux_w_per_m2, dtype=float)) / emission) ** 0.25)


# --------------------------------------------------------------------------------------------------
# The heat path from the chip to the radiator (steady state at rated power)


def heat_path_radiator_limits_k(
    junction_max_k: ArrayLike,
    hbm_max_k: ArrayLike,
    chip_power_w: ArrayLike,
    junction_to_coolant_k_per_w: ArrayLike,
    hbm_rise_fraction: ArrayLike,
    coolant_rise_k: ArrayLike,
    coolant_to_panel_k: ArrayLike,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Highest mean radiator temperature that keeps the junction, and the HBM, at their limits [K].

    The coolant leaves the cold plates at :math:`T_o`, the hottest point of the loop, gives up
    :math:`\\Delta T_{loop}` in the radiator and comes back. The chip sits :math:`P R_{jc}` above the coolant
    leaving its cold plate, the HBM beside it :math:`f P R_{jc}` (the same plate, a smaller heat flux). The panel's
    mean surface temperature is the loop's mean less the drop from coolant to panel:

    .. math::
        T_o = \\min(T_{j,max} - P R_{jc},\\; T_{HBM,max} - f P R_{jc}), \\qquad
        T_{rad} = T_o - \\Delta T_{loop} / 2 - \\Delta T_{panel}

    Returns the radiator temperatures at which the junction, and the HBM, reach their limits; the lower binds.
    """
    rise = np.asarray(chip_power_w, dtype=float) * np.asarray(junction_to_coolant_k_per_w, dtype=float)
    below = np.asarray(coolant_rise_k, dtype=float) / 2.0 + np.asarray(coolant_to_panel_k, dtype=float)
    junction = np.asarray(junction_max_k, dtype=float) - rise - below
    hbm = np.asarray(hbm_max_k, dtype=float) - np.asarray(hbm_rise_fraction, dtype=float) * rise - below
    return np.asarray(junction), np.asarray(hbm)


def chip_rise_above_radiator_k(
    chip_power_w: ArrayLike,
    junction_to_coolant_k_per_w: ArrayLike,
    coolant_rise_k: ArrayLike,
    coolant_to_panel_k: ArrayLike,
) -> NDArray[np.float64]:
    """Junction temperature above the radiator's mean at rated power [K]: :math:`P R_{jc} + \\Delta T_{loop}/2 +
    \\Delta T_{panel}` (the conductance of the simulator's chip–radiator link is the rated heat over it)."""
    return np.asarray(
        np.asarray(chip_power_w, dtype=float) * np.asarray(junction_to_coolant_k_per_w, dtype=float)
        + np.asarray(coolant_rise_k, dtype=float) / 2.0
        + np.asarray(coolant_to_panel_k, dtype=float)
    )


def survival_heater_power_w(
    min_temperature_k: ArrayLike,
    idle_heat_w: ArrayLike,
    bus_heat_w: ArrayLike,
    conductance_w_per_k: ArrayLike,
    emitting_w_per_k4: ArrayLike,
    absorbed_w: ArrayLike,
) -> NDArray[np.float64]:
    """Steady heater power that holds the chips at ``min_temperature_k`` with nothing running [W] (0 if idle
    heat already does).

    Chips at :math:`T_m` pass :math:`Q_c = G (T_m - T_r)` to the radiator, which emits it with the bus heat
    against what it absorbs: :math:`e T_r^4 - Q_{abs} = Q_c + Q_{bus}` with :math:`e = N \\varepsilon \\sigma A`.
    Then :math:`e T_r^4 + G T_r = G T_m + Q_{abs} + Q_{bus}`, increasing in :math:`T_r`, solved by Newton from
    :math:`T_m` (above the root, so the iteration falls monotonically onto it). The heaters supply
    :math:`\\max(0, Q_c - Q_{idle})`.
    """
    tm = np.asarray(min_temperature_k, dtype=float)
    g = np.asarray(conductance_w_per_k, dtype=float)
    e = np.asarray(emitting_w_per_k4, dtype=float)
    rhs = g * tm + np.asarray(absorbed_w, dtype=float) + np.asarray(bus_heat_w, dtype=float)
    t = np.broadcast_to(tm, np.broadcast_shapes(tm.shape, g.shape, e.shape, rhs.shape)).astype(float)
    for _ in range(60):  # quadratic convergence; 60 covers any start above the root
        f = e * t**4 + g * t - rhs
        t = t - f / (4.0 * e * t**3 + g)
    heat = g * (tm - t)
    return np.asarray(np.maximum(0.0, heat - np.asarray(idle_heat_w, dtype=float)))


def earth_view_factor_edge_on(altitude_m: ArrayLike, earth_radius_m: float = 6378137.0) -> NDArray[np.float64]:
    """View factor from a flat face whose normal is horizontal (a panel flown edge-on to the Earth) to the Earth [-].

    .. math:: F = \\frac{1}{\\pi}\\left[\\arctan\\frac{1}{X} - \\frac{X}{H^2}\\right], \\quad H = \\frac{R + h}{R},
              \\quad X = \\sqrt{H^2 - 1}

    the configuration factor from a differential planar element to a sphere, with the element's plane through the
    sphere's centre (from :math:`F = \\int \\cos\theta_1 \\cos\theta_2 / (\\pi s^2) \\, dA` over the half of the
    sphere in front of the face; the tests check it by quadrature): 0.5 at the surface, 0.241 at 650 km.
    """
    h = 1.0 + np.asarray(altitude_m, dtype=float) / earth_radius_m
    x = np.sqrt(np.maximum(h * h - 1.0, 0.0))
    with np.errstate(divide="ignore"):
        return np.asarray((np.arctan(np.where(x > 0, 1.0 / x, np.inf)) - x / (h * h)) / np.pi)


# --------------------------------------------------------------------------------------------------
# Fin efficiency of a tube-and-fin radiator panel


def fin_conduction_parameter(
    root_temperature_k: ArrayLike,
    emissivity: ArrayLike,
    half_width_m: ArrayLike,
    thickness_m: ArrayLike,
    conductivity_w_per_m_k: ArrayLike,
    radiating_sides: ArrayLike = 2,
) -> NDArray[np.float64]:
    """Radiation–conduction parameter of a straight fin radiating to deep space [-].

    .. math:: N_c = \\frac{N_r \\varepsilon \\sigma T_b^3 L^2}{k t}

    for a fin of half-width :math:`L` (half the tube pitch), thickness :math:`t` and conductivity :math:`k`,
    radiating from :math:`N_r` faces, with its root at :math:`T_b` (Lieblein, NASA TN D-196, 1959, whose
    parameter counts one face; here both faces enter through :math:`N_r`).
    """
    return np.asarray(
        np.asarray(radiating_sides, dtype=float)
        * np.asarray(emissivity, dtype=float)
        * STEFAN_BOLTZMANN_W_PER_M2_K4
        * np.asarray(root_temperature_k, dtype=float) ** 3
        * np.asarray(half_width_m, dtype=float) ** 2
        / (np.asarray(conductivity_w_per_m_k, dtype=float) * np.asarray(thickness_m, dtype=float))
    )


_GAUSS_NODES, _GAUSS_WEIGHTS = np.polynomial.legendre.leggauss(96)


@functools.cache
def _fin_table() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """:math:`N_c` and the efficiency on a grid of tip temperatures (see :func:`radiating_fin_efficiency`), once."""
    tip = np.concatenate([np.geomspace(1e-4, 0.5, 400, endpoint=False), np.linspace(0.5, 1.0, 401)[:-1]])
    # ∫_1^{1/θ_t} ds / √(s⁵ − 1), with s = 1 + u² to remove the root singularity: ∫_0^U 2u du / √((1+u²)⁵ − 1)
    upper = np.sqrt(1.0 / tip - 1.0)
    u = 0.5 * upper[:, None] * (_GAUSS_NODES[None, :] + 1.0)
    w = 0.5 * upper[:, None] * _GAUSS_WEIGHTS[None, :]
    u2 = u * u
    # (1+u²)⁵ − 1 = u²(5 + 10u² + 10u⁴ + 5u⁶ + u⁸): divide the u out before the root, exactly
    integrand = 2.0 / np.sqrt(5.0 + u2 * (10.0 + u2 * (10.0 + u2 * (5.0 + u2))))
    integral = tip**-1.5 * np.sum(w * integrand, axis=1)
    n_c = 2.5 * integral**2  # √(2 N_c / 5) = θ_t^{-3/2} ∫ (see radiating_fin_efficiency)
    efficiency = np.sqrt(0.4 * (1.0 - tip**5) / n_c)
    order = np.argsort(n_c)
    return np.concatenate([[0.0], n_c[order]]), np.concatenate([[1.0], efficiency[order]])


def radiating_fin_efficiency(conduction_parameter: ArrayLike) -> NDArray[np.float64]:
    """Efficiency of a straight fin of constant thickness radiating to deep space [-]: the heat it rejects over
    what it would reject all at its root temperature.

    With :math:`\\theta = T/T_b` and :math:`\\xi = x/L` the fin obeys :math:`\\theta'' = N_c \\theta^4`,
    :math:`\\theta(0) = 1`, :math:`\\theta'(1) = 0` (an insulated tip midway between tubes). Its first integral
    :math:`\\theta'^2 = \\tfrac{2}{5} N_c (\\theta^5 - \\theta_t^5)` gives the tip temperature from
    :math:`\\sqrt{2N_c/5} = \\theta_t^{-3/2} \\int_1^{1/\\theta_t} ds/\\sqrt{s^5 - 1}` and the efficiency from the
    heat conducted in at the root, :math:`\\eta = \\theta'(0)/N_c = \\sqrt{2(1-\\theta_t^5)/(5 N_c)}` (Lieblein,
    NASA TN D-196, 1959; Gilmore, *Spacecraft Thermal Control Handbook*, 2002, ch. 6). The integral is taken by
    Gauss–Legendre quadrature on a grid of tip temperatures once, and the efficiency interpolated in
    :math:`N_c`; the tests check it against a boundary-value solution of the fin equation.
    """
    n_c, efficiency = _fin_table()
    n = np.asarray(conduction_parameter, dtype=float)
    return np.asarray(np.interp(n, n_c, efficiency))


def fin_panel_temperature_k(
    root_temperature_k: ArrayLike,
    emissivity: ArrayLike,
    half_width_m: ArrayLike,
    thickness_m: ArrayLike,
    conductivity_w_per_m_k: ArrayLike,
    radiating_sides: ArrayLike = 2,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Temperature of the isothermal panel that emits what a tube-and-fin panel with its fin roots at
    ``root_temperature_k`` emits [K], and the fin efficiency [-].

    .. math:: T_{rad} = \\eta^{1/4} T_b

    so that :math:`N_r \\varepsilon \\sigma T_{rad}^4 = \\eta N_r \\varepsilon \\sigma T_b^4` per m² of panel: the
    radiator sizing and the simulator's radiator node work at :math:`T_{rad}` (:func:`radiating_fin_efficiency`).
    """
    t_b = np.asarray(root_temperature_k, dtype=float)
    eta = radiating_fin_efficiency(
        fin_conduction_parameter(t_b, emissivity, half_width_m, thickness_m, conductivity_w_per_m_k, radiating_sides)
    )
    return np.asarray(eta**0.25 * t_b), eta
