"""The model layer: the scenario and the catalog turned, once, into parameter objects in SI.

:func:`build_models` reads a validated :class:`~skyrack.scenario.Scenario` and its resolved catalog and returns
:class:`Models`: the fleet's orbits, the satellite, the launch vehicle, the cost parameters of both sides,
the work and the radiation environment, each with every default resolved here and nowhere else. The chain
steps (:mod:`skyrack.chain`) read these objects, never the scenario or the catalog again (pvlib's
``PVSystem`` and ``Location`` play this part). Parts that can fail for one command but are not needed by
another (a dose rate above the sourced table, a launch vehicle without a price) are built on first use.
"""

from __future__ import annotations

import math
from datetime import datetime
from functools import cached_property

import numpy as np

from skyrack.catalog import Catalog
from skyrack.errors import SkyrackInputError
from skyrack.models.atmosphere import Atmosphere, atmosphere_model
from skyrack.models.economics import CostModel, cost_model
from skyrack.models.ground_segment import GroundSegment, ground_segment_model
from skyrack.models.launch import LaunchVehicle, launch_model
from skyrack.models.network import Network, network_model
from skyrack.models.orbits import FleetOrbits, fleet_orbits
from skyrack.models.race import RaceInputs, race_model
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
        self.solar_constant_w_per_m2: float = scenario.environment.solar_constant_w_per_m2
        self.drag_coefficient: float = scenario.satellite.drag_coefficient
        self.cluster_radius_m: float | None = scenario.orbit.cluster_radius_m
        self.operations: SimulationSettings = scenario.simulation
        training = scenario.workload.training
        # workload.training.isl_capacity, when it overrides the network's all-reduce
        self.isl_capacity_bit_per_s: float | None = training.isl_capacity_bit_per_s if training else None

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
        net = self.network
        # the terminals the network sizes (a fleet without links keeps the cost row's count)
        terminals = (net.terminals_per_satellite, net.terminal.price_usd) if net.snapshots else None
        return cost_model(
            self._scenario,
            self.catalog,
            self.satellite.accelerator,
            failures,
            terminals,
            downlink_terminal_usd=self.ground_segment.terminal_price_usd,
            transit_usd_per_gpu_hour=self.transit_usd_per_gpu_hour,
        )

    @cached_property
    def comms_mass_kg(self) -> float:
        """The network terminals' mass on one satellite [kg]: the inter-satellite terminals the network sizes and
        the downlink terminals (terminals whose mass is not published count none)."""
        net = self.network
        isl = net.terminal.mass_kg * net.terminals_per_satellite if net.snapshots else 0.0
        return (isl if math.isfinite(isl) else 0.0) + self.ground_segment.terminal_mass_kg

    @cached_property
    def ground_stations(self) -> int:
        """Ground stations the orbit pays for: the network's stations when the satellites carry downlink terminals,
        else ``fleet.ground_stations`` (the control stations of a fleet that sends nothing down), default 1."""
        given = self._scenario.fleet.ground_stations
        g = self.ground_segment
        if g.terminals:
            if given is not None and given != len(g.stations):
                raise SkyrackInputError(
                    "fleet.ground_stations",
                    given,
                    f"the satellites send their data down to the {len(g.stations)} network.stations, which the orbit "
                    "pays for; drop fleet.ground_stations, or list the stations in network.stations",
                )
            return len(g.stations)
        return 1 if given is None else given

    @cached_property
    def transit_usd_per_gpu_hour(self) -> float:
        """Terrestrial transit of the answers of one available GPU-hour [USD], the same on both sides: an
        accelerator's tokens in an hour × bytes a token × the transit price, times the share of the accelerators
        the inference demand keeps busy on average (the rest train, and training sends next to nothing down)."""
        inf = self.work.inference
        if inf is None:
            return 0.0
        g = self.ground_segment
        per_hour = inf.tokens_per_second_per_accelerator * 3600.0 * g.bytes_per_token * g.transit_usd_per_byte
        accelerators = self.n_satellites * self.satellite.accelerators
        mean_demand = inf.demand_tokens_per_s * sum(inf.hourly_profile) / len(inf.hourly_profile)
        busy = mean_demand / inf.tokens_per_second_per_accelerator  # inf when the demand is unlimited
        return per_hour * min(1.0, busy / accelerators) if accelerators > 0 else 0.0

    @cached_property
    def network(self) -> Network:
        """The inter-satellite links over one orbit and the training all-reduce on them."""
        return network_model(self._scenario, self.catalog, self.orbits)

    def network_for_cluster_radius(self, cluster_radius_m: float) -> Network:
        """The network of the same formation at another radius (a trade; not kept): the layout scales with it,
        the links, the ring and the groups stay."""
        assert self.cluster_radius_m is not None
        return self.network.formation_scaled(cluster_radius_m / self.cluster_radius_m)

    @cached_property
    def ground_segment(self) -> GroundSegment:
        """The stations, the downlink terminals, the store and the users (`skyrack network`)."""
        row = self.catalog.entry("costs", "orbit-default", "catalog.costs.orbit-default")
        return ground_segment_model(
            self._scenario,
            self.catalog,
            row.to("ground_station_usd", "USD"),
            self.n_satellites,
            formation=self.cluster_radius_m is not None,
            max_inclination_rad=float(
                np.max(np.minimum(self.orbits.inclination_rad, np.pi - self.orbits.inclination_rad))
            ),
        )

    @cached_property
    def work(self) -> Work:
        needs_network = self._scenario.workload.training is not None and self.isl_capacity_bit_per_s is None
        return workload_model(self._scenario, self.satellite.accelerator, self.network if needs_network else None)

    @cached_property
    def race(self) -> RaceInputs:
        """``[race]`` in SI, with the ledger's discount rate and lead times (`skyrack race`)."""
        costs = self.costs
        return race_model(
            self._scenario,
            self.catalog,
            self.orbits,
            self.launch,
            discount_rate=float(np.asarray(costs.finance.discount_rate)),
            production_lead_years=float(np.asarray(costs.orbit.production_lead_time_years)),
            build_years=float(np.asarray(costs.ground.time_to_build_years)),
            pue=float(np.asarray(costs.ground.pue)),
        )

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
    "Network",
    "Radiation",
    "Satellite",
    "TrainingJob",
    "Work",
    "build_models",
]
