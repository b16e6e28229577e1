"""The compare step: orbit against ground, and the comparison's inputs as flat arrays.

A thin step: it takes the cost parameters of both sides from the models (:mod:`skyrack.models.economics`,
:mod:`skyrack.models.launch`), the satellite's sizing inputs and the availability, and calls the vectorised
kernels of :mod:`skyrack.economics`. :class:`EconomicInputs` holds every input as a float or an array, so
:func:`evaluate` runs one scenario or a whole Monte Carlo sample set in one call; the static sizing of the
satellite (:func:`skyrack.physics.sizing.size_satellite`) is part of that evaluation, so uncertain design
inputs (cell efficiency, radiator temperature…) propagate to mass, launch and cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from skyrack import economics as econ
from skyrack.arrays import first_float
from skyrack.chain.design import design, feasible_design
from skyrack.constants import JULIAN_YEAR_S
from skyrack.models import Models, build_models
from skyrack.models.economics import EconomicInputs
from skyrack.physics.radiation import mean_surviving_fraction
from skyrack.physics.sizing import size_satellite
from skyrack.results.comparison import Comparison, Evaluation
from skyrack.results.design import Design
from skyrack.scenario import Scenario


@dataclass(frozen=True)
class Availability:
    """The fraction of installed accelerator-hours delivered in orbit, and where it came from."""

    value: float
    basis: str


def modelled_availability(models: Models, result: Design, period_s: float | None = None) -> Availability:
    """Accelerator availability in orbit from the models, the one every command uses by default.

    The share of compute kept running through eclipse, ``f_e + (1 − f_e) × sunlit fraction`` (the design's
    survey), times the mean fraction of accelerators alive over ``period_s`` — default the satellite's life within
    the horizon, after which it is replaced — with the radiation catalog's permanent failure rate, no repair in
    orbit, and every accelerator lost once the dose reaches its tolerance
    (:func:`~skyrack.physics.radiation.mean_surviving_fraction`). Satellite losses are the sparing policy's.
    """
    sat = models.satellite
    f_e = sat.power.eclipse_load_fraction
    running = f_e + (1.0 - f_e) * result.orbit.sunlit_fraction
    rad = models.radiation
    hazard = rad.permanent_failure_rate_per_s
    if period_s is None:
        period_s = min(sat.design_life_s, first_float(models.costs.finance.horizon_years) * JULIAN_YEAR_S)
    cutoff = rad.tid_tolerance_gy / rad.dose_rate_gy_per_s if rad.dose_rate_gy_per_s > 0 else math.inf
    alive = mean_surviving_fraction(hazard, period_s, cutoff)
    basis = (
        f"modelled: {running:.4f} of compute running (eclipse) × {alive:.4f} of accelerators alive (mean over "
        f"{period_s / JULIAN_YEAR_S:g} yr, {hazard * JULIAN_YEAR_S:.3g}/yr permanent failures, no repair in orbit)"
    )
    return Availability(running * alive, basis)


def economic_inputs(
    scenario: Scenario | Models, result: Design | None = None, orbit_availability: float | None = None
) -> EconomicInputs:
    """Gather the comparison's inputs (scalars).

    Parameters
    ----------
    scenario
        The validated scenario, or its models.
    result
        Its static design (computed when not given).
    orbit_availability
        Fraction of accelerator-hours delivered in orbit; default :func:`modelled_availability`.
    """
    models = build_models(scenario)
    result = result or design(models)
    costs = models.costs
    # the design's orbit: the shortest period of the fleet and its longest eclipse (see chain.design)
    sizing = models.satellite.sizing_inputs(
        models.solar_constant_w_per_m2,
        result.orbit.period_s,
        result.orbit.max_eclipse_s,
        result.orbit.mission_delta_v_m_per_s,
        comms_mass_kg=models.comms_mass_kg,
    )
    if orbit_availability is None:
        orbit_availability = modelled_availability(models, result).value
    return EconomicInputs(
        sizing=sizing,
        n_satellites=models.n_satellites,
        ground_stations=models.ground_stations,
        orbit_availability=orbit_availability,
        ground_availability=costs.ground_availability,
        orbit=costs.orbit,
        ground=costs.ground,
        launch=models.launch.plan,
        workload=costs.workload,
        finance=costs.finance,
        assembled_in_orbit=models.satellite.assembled_in_orbit,
    )


def evaluate(inputs: EconomicInputs) -> Evaluation:
    """Size the satellite and cost orbit and ground for every sample of ``inputs`` (vectorised)."""
    size = size_satellite(inputs.sizing)
    n_sat = np.asarray(inputs.n_satellites, dtype=float)
    accelerators = np.asarray(inputs.sizing.accelerators, dtype=float)
    # A satellite assembled in orbit flies as k launch-sized modules, each with 1/k of everything.
    modules = np.ones(())
    if inputs.assembled_in_orbit:
        payload = np.asarray(inputs.launch.payload_kg, dtype=float)
        modules = np.maximum(np.ceil(size.total_mass_kg / payload), 1.0)
    orbit_design = econ.OrbitDesign(
        n_satellites=n_sat * modules,
        accelerators_per_satellite=accelerators / modules,
        satellite_mass_kg=size.total_mass_kg / modules,
        it_mass_kg=size.compute_mass_kg / modules,
        it_power_w=size.it_power_w / modules,
        array_power_w=size.array_power_bol_w / modules,
        radiator_area_m2=size.radiator_area_m2 / modules,
        battery_energy_wh=size.battery_energy_j / 3600.0 / modules,
        availability=inputs.orbit_availability,
        ground_stations=inputs.ground_stations,
        comms_mass_kg=size.comms_mass_kg / modules,
    )
    ground_design = econ.GroundDesign(
        n_accelerators=n_sat * accelerators,
        it_power_w=n_sat * size.it_power_w,
        availability=inputs.ground_availability,
    )
    return Evaluation(
        satellite_mass_kg=size.total_mass_kg,
        it_power_w=size.it_power_w,
        orbit=econ.orbit_costs(orbit_design, inputs.orbit, inputs.launch, inputs.workload, inputs.finance),
        ground=econ.ground_costs(ground_design, inputs.ground, inputs.workload, inputs.finance),
    )


def compare(
    scenario: Scenario | Models, result: Design | None = None, orbit_availability: float | None = None
) -> Comparison:
    """Cost the scenario in orbit and on the ground; see :func:`economic_inputs` for the arguments."""
    models = build_models(scenario)
    result = feasible_design(models, result, "it has no cost")
    if orbit_availability is None:
        availability = modelled_availability(models, result)
    else:
        availability = Availability(orbit_availability, "given by the caller")
    inputs = economic_inputs(models, result, availability.value)
    horizon_s = first_float(inputs.finance.horizon_years) * JULIAN_YEAR_S
    demand = models.work.demanded_accelerator_hours(horizon_s)
    return Comparison(models.scenario_name, inputs, evaluate(inputs), result, availability.basis, demand)


__all__ = ["Availability", "EconomicInputs", "compare", "economic_inputs", "evaluate", "modelled_availability"]
