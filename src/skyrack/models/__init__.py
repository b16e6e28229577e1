"""The model layer: the scenario and the catalog turned, once, into parameter objects in SI.

:func:`build_models` reads a validated :class:`~skyrack.scenario.Scenario` and its resolved catalog and returns
:class:`Models`: the fleet's orbits, the satellite, the launch vehicle, the cost parameters of both sides,
the work and the radiation environment, each with every default resolved here and nowhere else. The chain
steps (:mod:`skyrack.chain`) read these objects, never the scenario or the catalog again (pvlib's
``PVSystem`` and ``Location`` play this part). Parts that can fail for one command but are not needed by
another (a dose rate above the sourced table, a launch vehicle without a price) are built on first use.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property

import numpy as np

from skyrack.catalog import Catalog
from skyrack.models.atmosphere import Atmosphere, atmosphere_model
from skyrack.models.economics import CostModel, cost_model
from skyrack.models.launch import LaunchVehicle, launch_model
from skyrack.models.orbits import FleetOrbits, fleet_orbits
from skyrack.models.radiation import Radiation, radiation_model
from skyrack.models.satellite import Satellite, satellite_model
from skyrack.models.workload import InferenceJob, TrainingJob, Work, workload_model
from skyrack.scenario import Scenario
from skyrack.scenario.operations import SimulationSettings


class Models:
    """Every model of one scenario, built on first use and kept.

    Attributes
    ----------
    scenario_name, start, duration_s, step_s, seed
        The scenario's name and time span (UTC epoch, seconds) and the seed of its random processes.
    n_satellites, ground_stations
        Fleet size and the ground stations built to run it.
    solar_constant_w_per_m2
        Total solar irradiance at 1 au [W/m²].
    operations
        The simulator's settings (scheduler, pointing, recorded satellites, initial state of charge …).
    """

    def __init__(self, scenario: Scenario) -> None:
        self._scenario = scenario
        info = scenario.scenario
        self.scenario_name: str = info.name
        self.start: datetime = info.start
        self.duration_s: float = info.duration_s
        self.step_s: float = info.step_s
        self.seed: int = info.seed
        self.orbit_kind: str = scenario.orbit.kind
        self.n_satellites: int = scenario.fleet.satellites
        self.ground_stations: int = scenario.fleet.ground_stations
        self.solar_constant_w_per_m2: float = scenario.environment.solar_constant_w_per_m2
        self.drag_coefficient: float = scenario.satellite.drag_coefficient
        self.cluster_radius_m: float | None = scenario.orbit.cluster_radius_m
        self.operations: SimulationSettings = scenario.simulation

    @cached_property
    def catalog(self) -> Catalog:
        """The shipped catalog with the scenario's ``[catalog]`` overrides."""
        return self._scenario.resolved_catalog()

    @cached_property
    def orbits(self) -> FleetOrbits:
        return fleet_orbits(self._scenario)

    @cached_property
    def satellite(self) -> Satellite:
        altitude_m = float(np.mean(self.orbits.altitude_m))
        return satellite_model(self._scenario, self.catalog, altitude_m)

    @cached_property
    def launch(self) -> LaunchVehicle:
        return launch_model(self._scenario, self.catalog, self.orbits)

    @cached_property
    def costs(self) -> CostModel:
        failures = self.radiation.permanent_failure_rate_per_s
        return cost_model(self._scenario, self.catalog, self.satellite.accelerator, failures)

    @cached_property
    def work(self) -> Work:
        return workload_model(self._scenario, self.satellite.accelerator)

    @cached_property
    def atmosphere(self) -> Atmosphere:
        """The mean density profile for the scenario's solar activity (NRLMSIS 2.1, on first use)."""
        return atmosphere_model(self._scenario.environment.solar_activity, self.start)

    @cached_property
    def radiation(self) -> Radiation:
        return radiation_model(self._scenario, self.catalog, self.orbits, self.satellite.accelerator.name)


def build_models(scenario: Scenario | Models) -> Models:
    """The models of ``scenario`` (a :class:`Models` is returned as it is)."""
    return scenario if isinstance(scenario, Models) else Models(scenario)


__all__ = [
    "CostModel",
    "FleetOrbits",
    "InferenceJob",
    "LaunchVehicle",
    "Models",
    "Radiation",
    "Satellite",
    "TrainingJob",
    "Work",
    "build_models",
]
