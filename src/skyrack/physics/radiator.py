"""Radiator heat balance: net heat a flat panel rejects per m², and the area it needs.

Kernels: pure numpy, SI units, broadcasting over any shape.
"""

from __future__ import annotations

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
