"""Scalar kernels of the simulator, compiled with numba, and their vectorised numpy forms.

Layer 1 (see DESIGN.md): pure functions, SI units, no I/O. The ``_nb`` functions are scalar and compiled
(``numba.njit``) so that the engine's time loop can call them; the public functions without the suffix are
vectorised over any shape (satellites on the leading axis, time last) and are what tests and users call.
"""

from __future__ import annotations

import math
from typing import Final

import numba as nb
import numpy as np
from numpy.typing import ArrayLike, NDArray

from skyrack._numba import FASTMATH as _FASTMATH
from skyrack.constants import STEFAN_BOLTZMANN_W_PER_M2_K4

FloatArray = NDArray[np.float64]

_SIGMA: Final = STEFAN_BOLTZMANN_W_PER_M2_K4
# Newton iterations of the implicit thermal step; the residual is convex and increasing, so Newton converges
# monotonically after the first step; 8 iterations reach < 1e-7 K from any start within 1,000 K (a step from
# the last temperature usually needs two).
_THERMAL_NEWTON_ITER: Final = 8


# --------------------------------------------------------------------------------------------------
# Solar array


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def array_power_nb(
    irradiance_w_per_m2: float,
    area_m2: float,
    efficiency: float,
    packing: float,
    life_factor: float,
    temperature_coefficient_per_k: float,
    reference_temperature_k: float,
    absorptivity: float,
    emissivity: float,
    cell_guess_k: float = 0.0,
) -> tuple[float, float]:
    """Array output [W] and cell temperature [K] for the irradiance on the array plane, scalar.

    ``cell_guess_k`` > 0 warm-starts the fixed point with one iteration (it contracts ~20× per iteration:
    |dT/dη · dη/dT| ≈ 0.05 for space cells, so a warm start from the previous step is within 0.01 K after
    a few steps of steady sunlight); 0 starts from the reference temperature with two iterations.
    """
    if irradiance_w_per_m2 <= 0.0:
        return 0.0, 0.0
    t_k = cell_guess_k if cell_guess_k > 0.0 else reference_temperature_k
    iterations = 1 if cell_guess_k > 0.0 else 2
    eta = max(0.0, efficiency * (1.0 + temperature_coefficient_per_k * (t_k - reference_temperature_k)))
    for _ in range(iterations):  # fixed point: the power taken out as electricity cools the cells
        p_el = irradiance_w_per_m2 * packing * eta * life_factor
        absorbed = absorptivity * irradiance_w_per_m2 - p_el
        t_k = math.sqrt(math.sqrt(max(absorbed, 0.0) / (2.0 * emissivity * _SIGMA)))
        eta = max(0.0, efficiency * (1.0 + temperature_coefficient_per_k * (t_k - reference_temperature_k)))
    return area_m2 * irradiance_w_per_m2 * packing * eta * life_factor, t_k


def array_power_w(
    irradiance_w_per_m2: ArrayLike,
    area_m2: ArrayLike,
    efficiency: ArrayLike,
    packing: ArrayLike,
    life_factor: ArrayLike = 1.0,
    temperature_coefficient_per_k: ArrayLike = 0.0,
    reference_temperature_k: ArrayLike = 301.15,
    absorptivity: ArrayLike = 0.88,
    emissivity: ArrayLike = 0.80,
) -> tuple[FloatArray, FloatArray]:
    """Solar array output with cell temperature from the array's own heat balance.

    .. math::

        P = A \\, G \\, f_p \\, \\eta(T) \\, L, \\qquad
        \\eta(T) = \\eta_0 \\, [1 + \\beta (T - T_{ref})], \\qquad
        2 \\varepsilon \\sigma T^4 = \\alpha G - G f_p \\eta(T) L

    with :math:`G` the irradiance on the array plane (solar constant × visible Sun fraction × cos of the
    incidence), :math:`L` the life factor (degradation with time and dose). The cell temperature is
    quasi-steady (thin array, time constant of minutes), both faces radiate, Earth loads on the array are
    neglected. Solved by fixed-point iteration, which contracts ~20× per iteration; this function iterates to
    convergence (:func:`skyrack.physics.power.array_operating_point`), the simulation loop does one
    warm-started iteration per step (:func:`array_power_nb`).

    Returns
    -------
    power_w, cell_temperature_k : ndarray
        Output [W] and cell temperature [K] (0 where the array is dark).

    References
    ----------
    Wertz & Larson, *SMAD*, 3rd ed. (1999), §11.4 (array output, temperature coefficient); Gilmore,
    *Spacecraft Thermal Control Handbook* (2002), ch. 2 (flat-plate heat balance).
    """
    from skyrack.physics.power import array_operating_point  # the same balance, vectorised

    per_m2, cell_k = array_operating_point(
        irradiance_w_per_m2, efficiency, packing, life_factor, temperature_coefficient_per_k,
        reference_temperature_k, absorptivity, emissivity, iterations=20,
    )  # fmt: skip
    lit = np.asarray(irradiance_w_per_m2, dtype=np.float64) > 0.0
    power = np.where(lit, np.asarray(area_m2, dtype=np.float64) * per_m2, 0.0)
    return np.asarray(power, dtype=np.float64), np.asarray(np.where(lit, cell_k, 0.0), dtype=np.float64)


# --------------------------------------------------------------------------------------------------
# Battery and power flow


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def power_flow_nb(
    array_w: float,
    bus_w: float,
    compute_w: float,
    energy_j: float,
    capacity_j: float,
    floor_j: float,
    dt_s: float,
    direct_efficiency: float,
    charge_efficiency: float,
    discharge_efficiency: float,
) -> tuple[float, float, float, float, float, float, float]:
    """One step of the power system, scalar. See :func:`power_flow` for the model.

    Returns (new energy J, bus delivered J, compute delivered J, losses J, curtailed J, battery drawn J,
    battery charged J).
    """
    load_w = bus_w + compute_w
    direct_cap_w = direct_efficiency * array_w
    if direct_cap_w >= load_w:
        used_w = load_w / direct_efficiency if direct_efficiency > 0.0 else 0.0
        surplus_j = (array_w - used_w) * dt_s
        path = direct_efficiency * charge_efficiency
        room_j = max(0.0, capacity_j - energy_j)
        charge_in_j = min(surplus_j, room_j / path) if path > 0.0 else 0.0
        stored_j = charge_in_j * path
        losses = used_w * dt_s * (1.0 - direct_efficiency) + charge_in_j * (1.0 - path)
        curtailed = surplus_j - charge_in_j
        return energy_j + stored_j, bus_w * dt_s, compute_w * dt_s, losses, curtailed, 0.0, stored_j
    deficit_j = (load_w - direct_cap_w) * dt_s
    drawable_j = max(0.0, energy_j - floor_j)
    deliverable_j = drawable_j * discharge_efficiency
    if deficit_j <= deliverable_j:
        drawn = deficit_j / discharge_efficiency
        bus_j, comp_j = bus_w * dt_s, compute_w * dt_s
    else:
        drawn = drawable_j
        total_j = direct_cap_w * dt_s + deliverable_j
        bus_j = min(bus_w * dt_s, total_j)  # shedding order: the bus is served before compute
        comp_j = max(0.0, total_j - bus_j)
    losses = array_w * dt_s * (1.0 - direct_efficiency) + drawn * (1.0 - discharge_efficiency)
    return energy_j - drawn, bus_j, comp_j, losses, 0.0, drawn, 0.0


def power_flow(
    array_w: float,
    bus_w: float,
    compute_w: float,
    energy_j: float,
    capacity_j: float,
    floor_j: float,
    dt_s: float,
    direct_efficiency: float,
    charge_efficiency: float,
    discharge_efficiency: float,
) -> dict[str, float]:
    """One step of the array–battery–load system with load shedding and curtailment.

    In sunlight the loads take :math:`P_L / X_d` of the array output, the surplus charges the battery
    through :math:`X_d \\eta_c` until it is full, and what is left is curtailed. When the array cannot
    carry the loads the battery supplies the deficit through :math:`\\eta_d` down to its depth-of-discharge
    floor; below that, compute is shed first, then the bus. Energy closes exactly:

    .. math:: E_{gen} = E_{bus} + E_{compute} + E_{losses} + \\Delta E_{stored} + E_{curtailed}

    Parameters
    ----------
    array_w, bus_w, compute_w
        Array output and requested loads [W].
    energy_j, capacity_j, floor_j
        Stored energy, capacity and floor :math:`(1 - \\mathrm{DoD}) C` [J].
    dt_s
        Step [s].
    direct_efficiency, charge_efficiency, discharge_efficiency
        :math:`X_d` (array to loads), :math:`\\eta_c` (bus to battery), :math:`\\eta_d` (battery to loads).

    References
    ----------
    Wertz & Larson, *SMAD*, 3rd ed. (1999), §11.4, Eqs. 11-5 and 11-6 (path and battery efficiencies).
    """
    e, bus, comp, loss, curt, drawn, charged = power_flow_nb(
        array_w,
        bus_w,
        compute_w,
        energy_j,
        capacity_j,
        floor_j,
        dt_s,
        direct_efficiency,
        charge_efficiency,
        discharge_efficiency,
    )
    return {
        "energy_j": e,
        "bus_j": bus,
        "compute_j": comp,
        "losses_j": loss,
        "curtailed_j": curt,
        "drawn_j": drawn,
        "charged_j": charged,
    }


# --------------------------------------------------------------------------------------------------
# Thermal network


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def radiator_step_fixed_chip_nb(
    radiator_k: float,
    chip_k: float,
    radiator_heat_w: float,
    radiator_capacity_j_per_k: float,
    conductance_w_per_k: float,
    radiating_area_emissivity_m2: float,
    dt_s: float,
) -> float:
    """Backward-Euler step of the radiator node with the chips held at ``chip_k`` (by heaters) [K]:
    :math:`C_r (T - T_0)/\\Delta t = G (T_c - T) + Q_r - \varepsilon A \\sigma T^4`, Newton from :math:`T_0`."""
    k4 = radiating_area_emissivity_m2 * _SIGMA
    cr = radiator_capacity_j_per_k / dt_s
    t = radiator_k
    for _ in range(_THERMAL_NEWTON_ITER):
        t3 = t * t * t
        f = cr * (t - radiator_k) - conductance_w_per_k * (chip_k - t) - radiator_heat_w + k4 * t3 * t
        step = f / (cr + conductance_w_per_k + 4.0 * k4 * t3)
        t -= step
        if t < 1.0:
            t = 1.0
        if abs(step) < 1e-7:
            break
    return t


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def thermal_step_nb(
    chip_k: float,
    radiator_k: float,
    chip_heat_w: float,
    radiator_heat_w: float,
    chip_capacity_j_per_k: float,
    radiator_capacity_j_per_k: float,
    conductance_w_per_k: float,
    radiating_area_emissivity_m2: float,
    dt_s: float,
) -> tuple[float, float]:
    """Backward-Euler step of the two-node network, scalar; see :func:`thermal_step`."""
    a = chip_capacity_j_per_k / dt_s
    # eliminating the chips' node leaves the radiator's equation with the chips replaced by a node at T* behind
    # the series conductance g_s: the same Newton as with the chips held fixed
    g_s = conductance_w_per_k * a / (a + conductance_w_per_k)
    chip_star = chip_k + chip_heat_w / a
    t = radiator_step_fixed_chip_nb(
        radiator_k, chip_star, radiator_heat_w, radiator_capacity_j_per_k, g_s, radiating_area_emissivity_m2, dt_s
    )
    chip_new = (a * chip_k + chip_heat_w + conductance_w_per_k * t) / (a + conductance_w_per_k)
    return chip_new, t


def thermal_step(
    chip_k: float,
    radiator_k: float,
    chip_heat_w: float,
    radiator_heat_w: float,
    chip_capacity_j_per_k: float,
    radiator_capacity_j_per_k: float,
    conductance_w_per_k: float,
    radiating_area_emissivity_m2: float,
    dt_s: float,
) -> tuple[float, float]:
    """Advance the chip/cold-plate and radiator temperatures by one step [K].

    .. math::

        C_c \\dot T_c = Q_c - G (T_c - T_r), \\qquad
        C_r \\dot T_r = G (T_c - T_r) + Q_r - N_r \\varepsilon A \\sigma T_r^4

    with :math:`Q_c` the heat of the accelerators and hosts, :math:`Q_r` the heat put straight into the
    radiator (bus loads) plus the absorbed sunlight, albedo and Earth infrared. Integrated with backward
    (implicit) Euler; the chip equation is linear and eliminated, the radiator equation is solved by Newton.
    Backward Euler is L-stable, so a 60 s step is stable whatever the heat capacities (the radiator time
    constant :math:`C_r / (4 N_r \\varepsilon A \\sigma T^3)` is a few minutes), and its fixed point is the
    exact steady state of the network.

    Parameters
    ----------
    radiating_area_emissivity_m2
        :math:`N_r \\varepsilon A` [m²].

    References
    ----------
    Gilmore, *Spacecraft Thermal Control Handbook* (2002), ch. 15 (lumped-node thermal models);
    Hairer & Wanner, *Solving ODEs II* (1996), §IV.3 (A- and L-stability of implicit Euler).
    """
    chip_new, radiator_new = thermal_step_nb(
        chip_k,
        radiator_k,
        chip_heat_w,
        radiator_heat_w,
        chip_capacity_j_per_k,
        radiator_capacity_j_per_k,
        conductance_w_per_k,
        radiating_area_emissivity_m2,
        dt_s,
    )
    return float(chip_new), float(radiator_new)


@nb.njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def thermal_power_limit_nb(
    chip_k: float,
    radiator_k: float,
    max_chip_k: float,
    chip_capacity_j_per_k: float,
    conductance_w_per_k: float,
    dt_s: float,
) -> float:
    """Chip heat that brings the chips to ``max_chip_k`` at the end of the step (implicit chip equation) [W].

    .. math:: Q_{max} = C_c (T_{max} - T_c) / \\Delta t + G (T_{max} - T_r)
    """
    return max(
        0.0, chip_capacity_j_per_k * (max_chip_k - chip_k) / dt_s + conductance_w_per_k * (max_chip_k - radiator_k)
    )


__all__ = [
    "array_power_w",
    "power_flow",
    "thermal_step",
]
