"""What the static design returns: typed objects in SI; ``to_dict()`` shows them in display units.

:meth:`Design.to_dict` is the public ``skyrack design --json`` object, whose keys carry their display units
(``altitude_km``, ``period_min``, ``battery_energy_kwh``); the attributes are SI (``altitude_m``, ``period_s``,
``battery_energy_j``), which is what later steps read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

_KM: Final = 1e3
_MIN: Final = 60.0
_KWH: Final = 3.6e6
_K0: Final = 273.15


def _deg(rad: float) -> float:
    return math.degrees(rad)


@dataclass(frozen=True)
class OrbitSurvey:
    """Beta angle and eclipse fraction over the survey period for the sizing plane (the longest eclipse), at
    ``t_s`` seconds after the start; ``period_s`` is the fleet's shortest period."""

    t_s: NDArray[np.float64]
    beta_rad: NDArray[np.float64]
    eclipse_fraction: NDArray[np.float64]
    period_s: float

    @property
    def eclipse_s(self) -> NDArray[np.float64]:
        """Eclipse per orbit [s] (sizing plane's fraction × the shortest period)."""
        return np.asarray(self.eclipse_fraction * self.period_s, dtype=np.float64)


@dataclass(frozen=True)
class PlaneDesign:
    """Survey of one orbit plane (a Walker plane, or one satellite of a TLE file)."""

    name: str
    satellites: int
    altitude_m: float
    inclination_rad: float
    raan_at_start_rad: float
    period_s: float
    beta_min_rad: float
    beta_max_rad: float
    sunlit_fraction: float
    max_eclipse_s: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "satellites": self.satellites,
            "altitude_km": self.altitude_m / _KM,
            "inclination_deg": _deg(self.inclination_rad),
            "raan_at_start_deg": _deg(self.raan_at_start_rad) % 360.0,
            "period_min": self.period_s / _MIN,
            "beta_min_deg": _deg(self.beta_min_rad),
            "beta_max_deg": _deg(self.beta_max_rad),
            "sunlit_fraction": self.sunlit_fraction,
            "max_eclipse_min": self.max_eclipse_s / _MIN,
        }


@dataclass(frozen=True)
class OrbitDesign:
    """The fleet's orbits as the design sees them.

    For several planes: ``altitude_m`` is the fleet mean; ``semi_major_axis_m``, ``inclination_rad`` and
    ``raan_at_start_rad`` are the sizing plane's; ``period_s`` is the shortest period; ``beta_*`` and
    ``max_eclipse_s`` are extremes over the fleet; ``sunlit_fraction`` and ``eclipse_free_fraction_of_period`` are
    fleet means weighted by satellites.
    """

    kind: str
    altitude_m: float
    semi_major_axis_m: float
    inclination_rad: float
    raan_at_start_rad: float
    period_s: float
    beta_min_rad: float
    beta_max_rad: float
    sunlit_fraction: float
    max_eclipse_s: float
    eclipse_free_fraction_of_period: float
    constellation: str
    planes: int
    sizing_plane: str
    altitude_min_m: float
    altitude_max_m: float
    inclination_min_rad: float
    inclination_max_rad: float
    plane_surveys: list[PlaneDesign]
    survey: OrbitSurvey
    # drag (physics.drag, models.atmosphere): the panels' mean area across the flow, the ballistic coefficient,
    # the Δv a year that holds the altitude, and the decay time to 100 km without propulsion
    drag_area_m2: float = math.nan
    ballistic_coefficient_kg_per_m2: float = math.nan
    drag_delta_v_m_per_s_per_year: float = math.nan
    lifetime_without_propulsion_years: float = math.nan
    # disposal within 5 years of the end of the mission (FCC 22-74, 2022): the burn that lowers the perigee to
    # where a circular orbit would decay in 5 years (0 when the orbit already does); the mission's Δv adds the
    # altitude keeping over the design life
    disposal_delta_v_m_per_s: float = math.nan
    mission_delta_v_m_per_s: float = 0.0
    # formation keeping of a close cluster (orbit.cluster_radius; Suncatcher: < 3 m/s a year per km), in the
    # mission's Δv
    formation_delta_v_m_per_s_per_year: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "altitude_km": self.altitude_m / _KM,
            "semi_major_axis_km": self.semi_major_axis_m / _KM,
            "inclination_deg": _deg(self.inclination_rad),
            "raan_at_start_deg": _deg(self.raan_at_start_rad) % 360.0,
            "period_min": self.period_s / _MIN,
            "beta_min_deg": _deg(self.beta_min_rad),
            "beta_max_deg": _deg(self.beta_max_rad),
            "sunlit_fraction": self.sunlit_fraction,
            "max_eclipse_min": self.max_eclipse_s / _MIN,
            "eclipse_free_fraction_of_period": self.eclipse_free_fraction_of_period,
            "constellation": self.constellation,
            "planes": self.planes,
            "sizing_plane": self.sizing_plane,
            "altitude_min_km": self.altitude_min_m / _KM,
            "altitude_max_km": self.altitude_max_m / _KM,
            "inclination_min_deg": _deg(self.inclination_min_rad),
            "inclination_max_deg": _deg(self.inclination_max_rad),
            "drag_area_m2": self.drag_area_m2,
            "ballistic_coefficient_kg_per_m2": self.ballistic_coefficient_kg_per_m2,
            "drag_delta_v_m_per_s_per_year": self.drag_delta_v_m_per_s_per_year,
            "lifetime_without_propulsion_years": self.lifetime_without_propulsion_years,
            "disposal_delta_v_m_per_s": self.disposal_delta_v_m_per_s,
            "formation_delta_v_m_per_s_per_year": self.formation_delta_v_m_per_s_per_year,
            "mission_delta_v_m_per_s": self.mission_delta_v_m_per_s,
            "plane_surveys": [p.to_dict() for p in self.plane_surveys],
        }


@dataclass(frozen=True)
class SatelliteDesign:
    """One satellite, sized."""

    accelerator: str
    accelerators: int
    accelerator_power_w: float
    it_power_w: float
    bus_power_w: float
    heat_rejected_w: float
    array_power_required_w: float
    array_output_eol_w_per_m2: float
    array_cell_temperature_eol_k: float
    array_area_m2: float
    array_power_bol_w: float
    array_mass_kg: float
    battery_energy_j: float
    battery_mass_kg: float
    radiator_net_flux_w_per_m2: float
    radiator_area_m2: float
    radiator_mass_kg: float
    compute_mass_kg: float
    bus_mass_kg: float
    total_mass_kg: float
    propellant_mass_kg: float = 0.0  # for the mission's Δv (OrbitDesign.mission_delta_v_m_per_s), in total_mass_kg
    # dose rate at the accelerators (NaN where the orbit is outside the dose table and no dose rate is given) and
    # its sources (empty when the scenario gives the dose rate)
    dose_rate_rad_per_year: float = math.nan
    dose_by_source_rad_per_year: dict[str, float] = field(default_factory=dict)
    tid_tolerance_rad: float = math.nan
    # heat path (models.satellite.HeatPath): the radiator temperature used, the highest the chips stand, which
    # limit sets it ('junction', 'hbm' or 'override'), the junction at rated power, and the survival heaters'
    # steady power with every accelerator idle in eclipse
    radiator_temperature_k: float = math.nan
    radiator_temperature_limit_k: float = math.nan
    binding_thermal_limit: str = ""
    junction_temperature_k: float = math.nan
    heater_power_w: float = 0.0
    radiator_absorptivity_end_of_life: float = math.nan  # the coating after the design life (sized for it)
    propulsion_power_w: float = 0.0  # the thrusters' mean power against drag (in the bus load the array carries)
    coolant: str = ""
    coolant_flow_kg_per_s: float = math.nan  # the loop's mass flow for the rated heat at its temperature rise
    coolant_loop: str = ""  # 'single-phase' or 'two-phase'
    pump_power_w: float = 0.0  # the coolant pump at that flow (in the bus load, and in the heat)
    fin_efficiency: float = math.nan  # the radiator's fins at the operating temperature (1: a lumped override)
    panel_drop_k: float = math.nan  # the loop's mean coolant to the radiator's effective temperature
    comms_mass_kg: float = 0.0  # the network's terminals (inter-satellite and downlink)

    @property
    def specific_power_w_per_kg(self) -> float:
        """IT power per kg of satellite [W/kg]."""
        return self.it_power_w / self.total_mass_kg

    def to_dict(self) -> dict[str, Any]:
        return {
            "accelerator": self.accelerator,
            "accelerators": self.accelerators,
            "accelerator_power_w": self.accelerator_power_w,
            "it_power_kw": self.it_power_w / 1e3,
            "bus_power_kw": self.bus_power_w / 1e3,
            "heat_rejected_kw": self.heat_rejected_w / 1e3,
            "array_power_required_kw": self.array_power_required_w / 1e3,
            "array_output_eol_w_per_m2": self.array_output_eol_w_per_m2,
            "array_cell_temperature_eol_c": self.array_cell_temperature_eol_k - _K0,
            "array_area_m2": self.array_area_m2,
            "array_power_bol_kw": self.array_power_bol_w / 1e3,
            "array_mass_kg": self.array_mass_kg,
            "battery_energy_kwh": self.battery_energy_j / _KWH,
            "battery_mass_kg": self.battery_mass_kg,
            "radiator_net_flux_w_per_m2": self.radiator_net_flux_w_per_m2,
            "radiator_area_m2": self.radiator_area_m2,
            "radiator_mass_kg": self.radiator_mass_kg,
            "compute_mass_kg": self.compute_mass_kg,
            "comms_mass_kg": self.comms_mass_kg,
            "bus_mass_kg": self.bus_mass_kg,
            "propellant_mass_kg": self.propellant_mass_kg,
            "total_mass_kg": self.total_mass_kg,
            "specific_power_w_per_kg": self.specific_power_w_per_kg,
            "radiator_temperature_c": self.radiator_temperature_k - _K0,
            "radiator_temperature_limit_c": self.radiator_temperature_limit_k - _K0,
            "binding_thermal_limit": self.binding_thermal_limit,
            "junction_temperature_c": self.junction_temperature_k - _K0,
            "heater_power_w": self.heater_power_w,
            "radiator_absorptivity_end_of_life": self.radiator_absorptivity_end_of_life,
            "propulsion_power_w": self.propulsion_power_w,
            "coolant": self.coolant,
            "coolant_flow_kg_per_s": self.coolant_flow_kg_per_s,
            "coolant_loop": self.coolant_loop,
            "pump_power_w": self.pump_power_w,
            "fin_efficiency": self.fin_efficiency,
            "panel_drop_k": self.panel_drop_k,
            "dose_rate_rad_per_year": self.dose_rate_rad_per_year,
            "dose_by_source_rad_per_year": dict(self.dose_by_source_rad_per_year),
            "years_to_tid_tolerance": self.tid_tolerance_rad / self.dose_rate_rad_per_year
            if self.dose_rate_rad_per_year > 0
            else math.inf,
        }


@dataclass(frozen=True)
class FleetDesign:
    """The fleet and its launches."""

    satellites: int
    it_power_w: float
    total_mass_kg: float
    launch_vehicle: str
    payload_per_launch_kg: float
    satellites_per_launch: int
    launches: int
    launch_price_usd_per_kg: float
    launch_cost_usd: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "satellites": self.satellites,
            "it_power_mw": self.it_power_w / 1e6,
            "total_mass_t": self.total_mass_kg / 1e3,
            "launch_vehicle": self.launch_vehicle,
            "payload_per_launch_kg": self.payload_per_launch_kg,
            "satellites_per_launch": self.satellites_per_launch,
            "launches": self.launches,
            "launch_price_usd_per_kg": self.launch_price_usd_per_kg,
            "launch_cost_usd": self.launch_cost_usd,
        }


@dataclass(frozen=True)
class Feasibility:
    ok: bool
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NetworkDesign:
    """The inter-satellite network over one orbit and what it does to the training step (models.network).

    ``step_compute_s`` is one optimizer step's compute with every accelerator at full clock, ``allreduce_s`` the
    gradient exchange (mean over the orbit's snapshots, with its least and most), ``exposed_comm_s`` what the
    overlap with the backward pass does not hide; ``compute_bound_fraction`` = compute over the whole step (1:
    compute-bound). ``radius_scan`` (formations): the all-reduce at other cluster radii, the rest unchanged.
    """

    topology: str
    terminal: str
    terminals_per_satellite: int
    allreduce: str
    snapshots: int
    links_per_snapshot: float  # links that carry data, mean over the snapshots
    always_connected: bool
    link_length_min_m: float
    link_length_median_m: float
    link_length_max_m: float
    link_capacity_min_bit_per_s: float
    link_capacity_median_bit_per_s: float
    ring_bandwidth_bit_per_s: float  # the slowest ring hop's share, mean over the snapshots
    allreduce_s: float
    allreduce_min_s: float
    allreduce_max_s: float
    step_compute_s: float
    exposed_comm_s: float
    compute_bound_fraction: float
    note: str = ""
    radius_scan: tuple[tuple[float, float, float], ...] = ()  # (radius m, all-reduce s, compute-bound fraction)

    def to_dict(self) -> dict[str, Any]:
        return {
            "topology": self.topology,
            "terminal": self.terminal,
            "terminals_per_satellite": self.terminals_per_satellite,
            "allreduce": self.allreduce,
            "snapshots": self.snapshots,
            "links_per_snapshot": self.links_per_snapshot,
            "always_connected": self.always_connected,
            "link_length_min_m": self.link_length_min_m,
            "link_length_median_m": self.link_length_median_m,
            "link_length_max_m": self.link_length_max_m,
            "link_capacity_min_tbit_per_s": self.link_capacity_min_bit_per_s / 1e12,
            "link_capacity_median_tbit_per_s": self.link_capacity_median_bit_per_s / 1e12,
            "ring_bandwidth_tbit_per_s": self.ring_bandwidth_bit_per_s / 1e12,
            "allreduce_s": self.allreduce_s,
            "allreduce_min_s": self.allreduce_min_s,
            "allreduce_max_s": self.allreduce_max_s,
            "step_compute_s": self.step_compute_s,
            "exposed_comm_s": self.exposed_comm_s,
            "compute_bound_fraction": self.compute_bound_fraction,
            "note": self.note,
            "radius_scan": [
                {"cluster_radius_m": r, "allreduce_s": t, "compute_bound_fraction": f} for r, t, f in self.radius_scan
            ],
        }


@dataclass(frozen=True)
class Design:
    """The static design of one scenario. ``to_dict()`` is the ``skyrack design --json`` object."""

    scenario_name: str
    orbit: OrbitDesign
    satellite: SatelliteDesign
    fleet: FleetDesign
    feasibility: Feasibility
    network: NetworkDesign | None = None  # None without a training job

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_name,
            "orbit": self.orbit.to_dict(),
            "satellite": self.satellite.to_dict(),
            "fleet": self.fleet.to_dict(),
            "feasibility": {"ok": self.feasibility.ok, "problems": list(self.feasibility.problems)},
            "network": self.network.to_dict() if self.network is not None else None,
        }


__all__ = [
    "Design",
    "Feasibility",
    "FleetDesign",
    "NetworkDesign",
    "OrbitDesign",
    "OrbitSurvey",
    "PlaneDesign",
    "SatelliteDesign",
]
