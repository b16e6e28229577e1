"""Vectorised sizing of one compute satellite: loads, array, battery, radiator and mass.

A model-layer function over numpy arrays: every input may be a scalar or an array, and all outputs have
the broadcast shape, so the same call sizes one design (``skyrack.chain.design``) or 10^5 Monte Carlo samples
(``skyrack.analysis.uncertainty``). The orbit enters only through the period and the worst eclipse, which the
static design takes from its beta-angle survey.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike

from skyrack.arrays import FloatArray, as_float
from skyrack.physics.drag import propellant_mass_kg
from skyrack.physics.power import array_operating_point, array_power_required_w, battery_energy_required_j
from skyrack.physics.radiator import radiator_area_m2, radiator_net_flux_w_per_m2


@dataclass(frozen=True)
class SizingInputs:
    """Everything that sizes one satellite; SI units; each field a float or an array."""

    accelerators: ArrayLike
    accelerator_power_w: ArrayLike
    host_overhead: ArrayLike
    bus_power_w: ArrayLike
    eclipse_load_fraction: ArrayLike
    period_s: ArrayLike
    worst_eclipse_s: ArrayLike
    solar_constant_w_per_m2: ArrayLike
    cell_efficiency: ArrayLike
    packing_factor: ArrayLike
    cell_temperature_coefficient_per_k: ArrayLike
    cell_reference_temperature_k: ArrayLike
    array_absorptivity: ArrayLike
    array_emissivity: ArrayLike
    degradation_per_year: ArrayLike
    design_life_years: ArrayLike
    daylight_path_efficiency: ArrayLike
    eclipse_path_efficiency: ArrayLike
    depth_of_discharge: ArrayLike
    battery_discharge_efficiency: ArrayLike
    battery_specific_energy_j_per_kg: ArrayLike
    array_areal_density_kg_per_m2: ArrayLike
    radiator_temperature_k: ArrayLike
    emissivity: ArrayLike
    absorptivity: ArrayLike
    earth_ir_absorptivity: ArrayLike
    earth_view_factor: ArrayLike
    albedo: ArrayLike
    earth_temperature_k: ArrayLike
    radiating_sides: ArrayLike
    sunlit_sides: ArrayLike
    radiator_areal_density_kg_per_m2: ArrayLike
    compute_mass_per_accelerator_kg: ArrayLike
    bus_mass_fraction: ArrayLike
    # propellant for the mission's Δv (altitude keeping over the life and disposal) at the thruster's I_sp,
    # carried on top of the dry mass (rocket equation); 0 Δv carries none
    propellant_delta_v_m_per_s: ArrayLike = 0.0
    # thrusters' mean power against drag, fired in sunlight: a load on the array, but not heat for the radiator
    # (it leaves as the jet and the thruster's own heat)
    propulsion_power_w: ArrayLike = 0.0
    specific_impulse_s: ArrayLike = np.inf
    # the network's terminals on board (inter-satellite and downlink): payload mass, and power drawn day and night
    comms_mass_kg: ArrayLike = 0.0
    comms_power_w: ArrayLike = 0.0


@dataclass(frozen=True)
class Sizing:
    """One satellite, sized; every field has the broadcast shape of the inputs. NaN marks a design that
    cannot close (a radiator that cannot reject heat, an orbit always in shadow)."""

    it_power_w: FloatArray
    daylight_load_w: FloatArray
    eclipse_load_w: FloatArray
    heat_w: FloatArray
    array_power_required_w: FloatArray
    array_output_eol_w_per_m2: FloatArray
    array_output_bol_w_per_m2: FloatArray
    array_cell_temperature_eol_k: FloatArray
    array_area_m2: FloatArray
    array_power_bol_w: FloatArray
    array_mass_kg: FloatArray
    battery_energy_j: FloatArray
    battery_mass_kg: FloatArray
    radiator_net_flux_w_per_m2: FloatArray
    radiator_area_m2: FloatArray
    radiator_mass_kg: FloatArray
    compute_mass_kg: FloatArray
    comms_mass_kg: FloatArray
    bus_mass_kg: FloatArray
    propellant_mass_kg: FloatArray
    total_mass_kg: FloatArray


def size_satellite(p: SizingInputs) -> Sizing:
    """Size one satellite from the worst eclipse of its orbit.

    Loads: IT power :math:`P_{IT} = n P_{acc} (1 + h)`; daylight load :math:`P_{IT} + P_{bus} + P_{prop} T / T_d`
    (:math:`P_{bus}` with the network terminals' power)
    (the thrusters fire in sunlight); eclipse load :math:`P_{bus} + f_e P_{IT}`; all drawn power but the
    thrusters' ends as radiator heat. Array: SMAD Eq. 11-5 for the worst eclipse
    at end-of-life output (:func:`~skyrack.physics.power.array_power_required_w`), with the cells at their
    equilibrium temperature in full sunlight (:func:`~skyrack.physics.power.array_operating_point`). Battery: SMAD Eq. 11-6.
    Radiator: :func:`~skyrack.physics.radiator.radiator_net_flux_w_per_m2`. Dry mass: the payload (compute, the
    network terminals, array, battery, radiator) over :math:`1 - f_{bus}`.

    References
    ----------
    Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999), §11.4; Gilmore, *Spacecraft
    Thermal Control Handbook* (2002).
    """
    it_power = as_float(p.accelerators) * as_float(p.accelerator_power_w) * (1.0 + as_float(p.host_overhead))
    bus = as_float(p.bus_power_w) + as_float(p.comms_power_w)
    heat = it_power + bus
    worst_eclipse = as_float(p.worst_eclipse_s)
    # the thrusters fire in sunlight, so their mean power is drawn over the sunlit part of the orbit
    sunlit = as_float(p.period_s) - worst_eclipse
    prop = as_float(p.propulsion_power_w)
    with np.errstate(divide="ignore", invalid="ignore"):
        thrust = np.where(prop > 0, prop * as_float(p.period_s) / sunlit, 0.0)
    daylight_load = heat + thrust
    eclipse_load = bus + as_float(p.eclipse_load_fraction) * it_power
    array_required = array_power_required_w(
        daylight_load,
        eclipse_load,
        as_float(p.period_s) - worst_eclipse,
        worst_eclipse,
        p.daylight_path_efficiency,
        p.eclipse_path_efficiency,
    )
    cell = (
        p.cell_temperature_coefficient_per_k,
        p.cell_reference_temperature_k,
        p.array_absorptivity,
        p.array_emissivity,
    )
    life_eol = (1.0 - as_float(p.degradation_per_year)) ** as_float(p.design_life_years)
    eol, cell_eol_k = array_operating_point(
        p.solar_constant_w_per_m2, p.cell_efficiency, p.packing_factor, life_eol, *cell
    )
    bol, _ = array_operating_point(p.solar_constant_w_per_m2, p.cell_efficiency, p.packing_factor, 1.0, *cell)
    array_area = array_required / eol
    battery_j = battery_energy_required_j(
        eclipse_load, worst_eclipse, p.depth_of_discharge, p.battery_discharge_efficiency
    )
    flux = radiator_net_flux_w_per_m2(
        p.radiator_temperature_k,
        p.emissivity,
        p.absorptivity,
        p.solar_constant_w_per_m2,
        p.earth_view_factor,
        p.albedo,
        p.earth_temperature_k,
        p.radiating_sides,
        p.sunlit_sides,
        p.earth_ir_absorptivity,
    )
    radiator_area = radiator_area_m2(heat, flux)
    array_mass = array_area * as_float(p.array_areal_density_kg_per_m2)
    battery_mass = battery_j / as_float(p.battery_specific_energy_j_per_kg)
    radiator_mass = radiator_area * as_float(p.radiator_areal_density_kg_per_m2)
    compute_mass = as_float(p.accelerators) * as_float(p.compute_mass_per_accelerator_kg)
    comms_mass = as_float(p.comms_mass_kg)
    payload = compute_mass + comms_mass + array_mass + battery_mass + radiator_mass
    dry = payload / (1.0 - as_float(p.bus_mass_fraction))
    propellant = propellant_mass_kg(dry, p.propellant_delta_v_m_per_s, p.specific_impulse_s)
    total = dry + propellant
    values = {
        "it_power_w": it_power,
        "daylight_load_w": daylight_load,
        "eclipse_load_w": eclipse_load,
        "heat_w": heat,
        "array_power_required_w": array_required,
        "array_output_eol_w_per_m2": eol,
        "array_output_bol_w_per_m2": bol,
        "array_cell_temperature_eol_k": cell_eol_k,
        "array_area_m2": array_area,
        "array_power_bol_w": array_area * bol,
        "array_mass_kg": array_mass,
        "battery_energy_j": battery_j,
        "battery_mass_kg": battery_mass,
        "radiator_net_flux_w_per_m2": flux,
        "radiator_area_m2": radiator_area,
        "radiator_mass_kg": radiator_mass,
        "compute_mass_kg": compute_mass,
        "comms_mass_kg": comms_mass,
        "bus_mass_kg": dry - payload,
        "propellant_mass_kg": propellant,
        "total_mass_kg": total,
    }
    shape = np.broadcast_shapes(*(np.shape(v) for v in values.values()))
    return Sizing(**{k: np.broadcast_to(as_float(v), shape) for k, v in values.items()})


SIZING_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SizingInputs))
