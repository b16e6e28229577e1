"""Solar array and battery sizing for a circular orbit with eclipses.

Kernels: pure numpy, SI units, broadcasting over any shape.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from skyrack.constants import STEFAN_BOLTZMANN_W_PER_M2_K4


def array_power_required_w(
    daylight_load_w: ArrayLike,
    eclipse_load_w: ArrayLike,
    sunlit_time_s: ArrayLike,
    eclipse_time_s: ArrayLike,
    daylight_path_efficiency: ArrayLike,
    eclipse_path_efficiency: ArrayLike,
) -> NDArray[np.float64]:
    """Array output needed in sunlight to run the loads and recharge after an eclipse [W].

    .. math:: P_{sa} = \\frac{P_e T_e / X_e + P_d T_d / X_d}{T_d}

    Parameters
    ----------
    daylight_load_w, eclipse_load_w
        Loads in sunlight and in eclipse [W].
    sunlit_time_s, eclipse_time_s
        Time in sunlight and in eclipse per orbit [s].
    daylight_path_efficiency, eclipse_path_efficiency
        Efficiency of the power path from the array to the loads, direct (:math:`X_d`) and through
        the battery (:math:`X_e`) [-].

    References
    ----------
    Wertz & Larson (eds.), *Space Mission Analysis and Design*, 3rd ed. (1999), §11.4, Eq. 11-5.
    """
    t_d = np.asarray(sunlit_time_s, dtype=float)
    needed = (
        np.asarray(eclipse_load_w, dtype=float) * np.asarray(eclipse_time_s, dtype=float)
        / np.asarray(eclipse_path_efficiency, dtype=float)
        + np.asarray(daylight_load_w, dtype=float) * t_d / np.asarray(daylight_path_efficiency, dtype=float)
    )  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t_d > 0.0, needed / t_d, np.nan)


def array_output_w_per_m2(
    solar_irradiance_w_per_m2: ArrayLike,
    cell_efficiency: ArrayLike,
    packing_factor: ArrayLike,
    degradation_per_year: ArrayLike = 0.0,
    age_years: ArrayLike = 0.0,
    cos_incidence: ArrayLike = 1.0,
) -> NDArray[np.float64]:
    """Electrical output per m² of array [W/m²], compounding yearly degradation.

    .. math:: p = S \\, \\eta \\, f_p \\cos\\theta \\, (1 - d)^{L}

    References
    ----------
    Wertz & Larson, *SMAD*, 3rd ed. (1999), §11.4, Eqs. 11-7 to 11-9 (life degradation
    :math:`L_d = (1 - d)^{\\text{life}}`).
    """
    s = np.asarray(solar_irradiance_w_per_m2, dtype=float)
    life_factor = (1.0 - np.asarray(degradation_per_year, dtype=float)) ** np.asarray(age_years, dtype=float)
    cos_theta = np.clip(np.asarray(cos_incidence, dtype=float), 0.0, 1.0)
    return np.asarray(
        s * np.asarray(cell_efficiency, dtype=float) * np.asarray(packing_factor, dtype=float) * cos_theta * life_factor
    )


def array_operating_point(
    solar_irradiance_w_per_m2: ArrayLike,
    cell_efficiency: ArrayLike,
    packing_factor: ArrayLike,
    life_factor: ArrayLike = 1.0,
    temperature_coefficient_per_k: ArrayLike = 0.0,
    reference_temperature_k: ArrayLike = 301.15,
    absorptivity: ArrayLike = 0.88,
    emissivity: ArrayLike = 0.80,
    iterations: int = 12,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Electrical output per m² of a sunlit array [W/m²] and its cell temperature [K], in equilibrium.

    .. math::

        p = G f_p \\eta(T) L, \\qquad \\eta(T) = \\eta_0 [1 + \\beta (T - T_{ref})], \\qquad
        2 \\varepsilon \\sigma T^4 = \\alpha G - p

    Both faces radiate; the electrical output leaves as work, so it cools the cells; Earth loads on the array
    are neglected. Solved by fixed-point iteration on arrays (it contracts about 20× per iteration for space
    cells, |dT/dp · dp/dT| ≈ 0.05, so 12 iterations reach rounding). The same balance as the simulator's
    :func:`skyrack.physics.operations.array_power_w`, vectorised for sizing and Monte Carlo.

    References
    ----------
    Wertz & Larson, *SMAD*, 3rd ed. (1999), §11.4 (temperature coefficient of cell efficiency); Gilmore,
    *Spacecraft Thermal Control Handbook* (2002), ch. 2 (flat-plate heat balance).
    """
    g = np.asarray(solar_irradiance_w_per_m2, dtype=float)
    eta0 = np.asarray(cell_efficiency, dtype=float)
    pack = np.asarray(packing_factor, dtype=float)
    life = np.asarray(life_factor, dtype=float)
    beta = np.asarray(temperature_coefficient_per_k, dtype=float)
    t_ref = np.asarray(reference_temperature_k, dtype=float)
    alpha = np.asarray(absorptivity, dtype=float)
    eps = np.asarray(emissivity, dtype=float)
    t_k = np.broadcast_to(t_ref, np.broadcast_shapes(g.shape, t_ref.shape)).astype(float)
    p = np.zeros_like(t_k)
    for _ in range(iterations):
        eta = np.maximum(0.0, eta0 * (1.0 + beta * (t_k - t_ref)))
        p = g * pack * eta * life
        t_k = (np.maximum(alpha * g - p, 0.0) / (2.0 * eps * STEFAN_BOLTZMANN_W_PER_M2_K4)) ** 0.25
    eta = np.maximum(0.0, eta0 * (1.0 + beta * (t_k - t_ref)))
    return np.asarray(g * pack * eta * life), np.asarray(t_k)


def battery_energy_required_j(
    eclipse_load_w: ArrayLike,
    eclipse_time_s: ArrayLike,
    depth_of_discharge: ArrayLike,
    discharge_efficiency: ArrayLike,
) -> NDArray[np.float64]:
    """Battery capacity that carries the eclipse load within the allowed depth of discharge [J].

    .. math:: C = \\frac{P_e T_e}{\\mathrm{DoD} \\; n}

    References
    ----------
    Wertz & Larson, *SMAD*, 3rd ed. (1999), §11.4, Eq. 11-6 (one battery, N = 1).
    """
    return np.asarray(
        np.asarray(eclipse_load_w, dtype=float) * np.asarray(eclipse_time_s, dtype=float)
        / (np.asarray(depth_of_discharge, dtype=float) * np.asarray(discharge_efficiency, dtype=float))
    )  # fmt: skip
