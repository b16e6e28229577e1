"""The compute satellite as parameters in SI: accelerators, power system, radiator and the chips' heat path.

Built once from the scenario and the catalog (:func:`satellite_model`); every default is resolved here and
nowhere else, so the design, the cost model and the simulator read the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from skyrack.catalog import Catalog, CatalogEntry
from skyrack.constants import JULIAN_YEAR_S
from skyrack.errors import SkyrackInputError
from skyrack.physics.radiator import (
    chip_rise_above_radiator_k,
    earth_view_factor_edge_on,
    fin_panel_temperature_k,
    heat_path_radiator_limits_k,
)
from skyrack.physics.sizing import SizingInputs
from skyrack.scenario import Scenario
from skyrack.scenario.model import SatelliteThermal

# Server-level mass per accelerator when neither the scenario nor the catalog gives one: DGX H100, 123.2 kg for
# 8 GPUs (supercluster.blog, 2023; parameters.md [S61], status R2) → 15.4 kg per accelerator.
DEFAULT_COMPUTE_MASS_PER_ACCELERATOR_KG: Final = 123.2 / 8
# Host, memory and network power per accelerator when the catalog's power is the chip's own: 0.3 of it, within
# the typical 0.16–0.52 of a DGX H100 and below GB200 NVL72's 0.39 (120 kW / 86.4 kW − 1) (parameters.md,
# server_overhead_fraction, D).
DEFAULT_HOST_OVERHEAD: Final = 0.3
# Default chip limit: H100 SXM "GPU Max Operating Temp 87 C" (slowdown 89 C, shutdown 92 C) as reported by
# nvidia-smi -q on H100 80GB HBM3 (driver 550); used when neither the scenario nor the catalog gives one.
DEFAULT_CHIP_MAX_K: Final = 273.15 + 87.0
# Default HBM limit: "Memory Max Operating Temp 95 C" in nvidia-smi -q on H800 SXM (HBM3) and A100 80GB (HBM2e).
DEFAULT_HBM_MAX_K: Final = 273.15 + 95.0
# Idle draw when the catalog has none: an H800 SXM (H100 silicon, 700 W) idles at 74.7 W with no memory in use
# (nvidia-smi -q, P0, 35 degC) → 0.107 of its rated power.
DEFAULT_IDLE_FRACTION: Final = 74.71 / 700.0


@dataclass(frozen=True)
class Accelerator:
    """One accelerator: its catalog entry and the values resolved from it."""

    name: str
    power_w: float
    server_mass_kg: float  # server-level mass per accelerator (scenario, else catalog, else DGX H100)
    max_temperature_k: float  # throttling limit (scenario, else catalog, else H100's 87 °C)
    entry: CatalogEntry
    hbm_max_temperature_k: float = DEFAULT_HBM_MAX_K  # catalog, else NVIDIA's 95 °C
    idle_power_w: float = 0.0  # drawn by a live accelerator that runs nothing (catalog, else 0.107 of power)

    def peak_flops(self, parameter: str = "bf16_dense") -> float:
        """Peak FLOP/s of the precision named by the catalog field ``parameter`` (e.g. ``bf16_dense``)."""
        return self.entry.to(parameter, "FLOPS")

    def peak_flops_or_zero(self, parameter: str) -> float:
        """:meth:`peak_flops`, or 0 when the catalog has no such field."""
        return self.entry.get(parameter, "FLOPS", 0.0) or 0.0


@dataclass(frozen=True)
class PowerSystem:
    """Solar array, battery and the paths between them and the loads (SMAD 1999, §11.4)."""

    cell_efficiency: float
    packing_factor: float
    degradation_per_year: float
    cell_temperature_coefficient_per_k: float
    cell_reference_temperature_k: float
    array_absorptivity: float
    array_emissivity: float
    array_loss_per_gy: float  # extra fractional array loss per Gy of payload dose
    array_areal_density_kg_per_m2: float
    max_array_area_m2: float
    battery_specific_energy_j_per_kg: float
    depth_of_discharge: float
    eclipse_path_efficiency: float  # X_e
    daylight_path_efficiency: float  # X_d
    battery_discharge_efficiency: float  # n
    battery_charge_efficiency: float  # η_c: scenario, else X_e / (X_d n) capped at 1 (SMAD Eqs. 11-5, 11-6)
    eclipse_load_fraction: float


@dataclass(frozen=True)
class Radiator:
    """The radiator panel and what it sees."""

    temperature_k: float
    emissivity: float
    absorptivity: float
    earth_ir_absorptivity: float  # scenario, else the emissivity (Kirchhoff's law)
    earth_view_factor: float
    albedo: float
    earth_temperature_k: float
    radiating_sides: int
    sunlit_sides: int
    areal_density_kg_per_m2: float
    absorptivity_rise_per_year: float = 0.0  # coating darkening in orbit

    def absorptivity_after(self, years: float) -> float:
        """Solar absorptivity after ``years`` in orbit (linear rise, at most 1)."""
        return min(1.0, self.absorptivity + self.absorptivity_rise_per_year * max(0.0, years))


# Coolants of the pumped loop: specific heat [J/(kg K)] near 280 K, freezing point [K], latent heat of vaporisation
# at 20 degC [J/kg] (None: not for a two-phase loop). Ammonia: c_p 4,662 J/(kg K) at 280 K (Thermal-FluidsPedia,
# "Thermophysical Properties: Ammonia"); triple point 195.5 K (NIST Chemistry WebBook); h_fg 1,186 kJ/kg at 20 degC
# (CoolProp 6, Bell et al., Ind. Eng. Chem. Res. 53, 2014). 50 % propylene glycol in water: c_p 3,530 J/(kg K) at
# 20 degC, freezing −32.2 degC (CoolProp INCOMP::MPG). Water: 4,184 J/(kg K) at 20 degC, 0 degC, h_fg 2,454 kJ/kg
# at 20 degC (CoolProp, IAPWS-95).
COOLANTS: Final[dict[str, tuple[float, float, float | None]]] = {
    "ammonia": (4662.0, 195.5, 1186.3e3),
    "propylene-glycol-50": (3530.0, 273.15 - 32.2, None),
    "water": (4184.0, 273.15, 2453.5e3),
}
# The loop's temperature rise when the scenario gives none: see satellite.thermal.coolant_temperature_rise.
DEFAULT_COOLANT_RISE_K: Final = {"single-phase": 10.0, "two-phase": 3.0}


@dataclass(frozen=True)
class HeatPath:
    """Chip → cold plate → pumped coolant loop → tube-and-fin radiator at rated power
    (:mod:`skyrack.physics.radiator`)."""

    junction_limit_k: float  # effective radiator temperature with the junction at its limit
    hbm_limit_k: float  # … with the HBM at its limit
    override_k: float | None  # satellite.thermal.radiator_temperature, when given
    chip_rise_k: float  # junction above the radiator's effective temperature at rated power
    coolant: str = "ammonia"
    coolant_specific_heat_j_per_kg_k: float = 4662.0
    coolant_freezing_k: float = 195.5
    coolant_rise_k: float = 10.0
    loop: str = "single-phase"
    latent_heat_j_per_kg: float | None = None  # two-phase loops
    exit_quality: float = 0.5  # two-phase loops
    pump_specific_energy_j_per_kg: float = 0.0
    fin_efficiency: float = 1.0  # at the binding limit; 1 with a lumped coolant_to_panel override
    panel_drop_k: float = 0.0  # coolant's mean to the radiator's effective temperature

    def coolant_flow_kg_per_s(self, heat_w: float) -> float:
        """Mass flow that carries ``heat_w``: :math:`Q / (c_p \\Delta T)` single-phase, :math:`Q / (x h_{fg})`
        two-phase."""
        if self.loop == "two-phase" and self.latent_heat_j_per_kg is not None:
            return heat_w / (self.exit_quality * self.latent_heat_j_per_kg)
        return heat_w / (self.coolant_specific_heat_j_per_kg_k * self.coolant_rise_k)

    def pump_power_w(self, heat_w: float) -> float:
        """Pump power to carry ``heat_w`` [W]: the flow times the pump's energy per kg circulated."""
        return self.coolant_flow_kg_per_s(heat_w) * self.pump_specific_energy_j_per_kg

    def pump_power_fraction(self) -> float:
        """Pump power per watt carried [-] (the flow, and so the pump, scale with the heat)."""
        return self.pump_power_w(1.0)

    @property
    def binding(self) -> str:
        """The limit that sets the radiator temperature: 'junction', 'hbm', or 'override' when it is given."""
        if self.override_k is not None:
            return "override"
        return "junction" if self.junction_limit_k <= self.hbm_limit_k else "hbm"

    @property
    def limit_k(self) -> float:
        """The highest effective radiator temperature the chips stand [K]."""
        return min(self.junction_limit_k, self.hbm_limit_k)

    @property
    def radiator_temperature_k(self) -> float:
        return self.limit_k if self.override_k is None else self.override_k


@dataclass(frozen=True)
class ChipThermal:
    """The chips' node of the thermal network: limit, rise above the radiator, heat capacity."""

    max_temperature_k: float
    temperature_rise_k: float
    heat_capacity_per_accelerator_j_per_k: float  # scenario, else server mass × structure specific heat
    structure_specific_heat_j_per_kg_k: float
    min_temperature_k: float = 233.15  # survival minimum held by heaters (simulation.chip_min_temperature)


@dataclass(frozen=True)
class Satellite:
    """One compute satellite's parameters, SI."""

    accelerator: Accelerator
    accelerators: int
    host_overhead: float
    bus_power_w: float
    bus_mass_fraction: float
    design_life_s: float
    assembled_in_orbit: bool
    thruster_isp_s: float  # specific impulse of the station-keeping thrusters
    thruster_efficiency: float  # jet power over electric power
    power: PowerSystem
    radiator: Radiator
    chips: ChipThermal
    heat_path: HeatPath
    pump_power_w: float = 0.0  # the coolant pump at rated flow, drawn from the bus and rejected as heat

    @property
    def bus_load_w(self) -> float:
        """The bus's own power and the coolant pump's [W]: what the array carries beside the compute."""
        return self.bus_power_w + self.pump_power_w

    @property
    def accelerator_power_with_host_w(self) -> float:
        """Power of one accelerator with its share of host, memory and network power [W]."""
        return self.accelerator.power_w * (1.0 + self.host_overhead)

    @property
    def design_life_years(self) -> float:
        return self.design_life_s / JULIAN_YEAR_S

    def sizing_inputs(
        self,
        solar_constant_w_per_m2: float,
        period_s: float,
        worst_eclipse_s: float,
        mission_delta_v_m_per_s: float = 0.0,
        propulsion_power_w: float = 0.0,
        comms_mass_kg: float = 0.0,
    ) -> SizingInputs:
        """The inputs of :func:`~skyrack.physics.sizing.size_satellite` for an orbit of this period and eclipse, and
        the mission's Δv the propellant is carried for (``chain.design``: altitude keeping and disposal), and the
        thrusters' mean power against drag, carried as a bus load day and night, and the network terminals' mass
        (``Models.comms_mass_kg``)."""
        pw, rad = self.power, self.radiator
        return SizingInputs(
            accelerators=self.accelerators,
            accelerator_power_w=self.accelerator.power_w,
            host_overhead=self.host_overhead,
            bus_power_w=self.bus_load_w,
            eclipse_load_fraction=pw.eclipse_load_fraction,
            period_s=period_s,
            worst_eclipse_s=worst_eclipse_s,
            solar_constant_w_per_m2=solar_constant_w_per_m2,
            cell_efficiency=pw.cell_efficiency,
            packing_factor=pw.packing_factor,
            cell_temperature_coefficient_per_k=pw.cell_temperature_coefficient_per_k,
            cell_reference_temperature_k=pw.cell_reference_temperature_k,
            array_absorptivity=pw.array_absorptivity,
            array_emissivity=pw.array_emissivity,
            degradation_per_year=pw.degradation_per_year,
            design_life_years=self.design_life_years,
            daylight_path_efficiency=pw.daylight_path_efficiency,
            eclipse_path_efficiency=pw.eclipse_path_efficiency,
            depth_of_discharge=pw.depth_of_discharge,
            battery_discharge_efficiency=pw.battery_discharge_efficiency,
            battery_specific_energy_j_per_kg=pw.battery_specific_energy_j_per_kg,
            array_areal_density_kg_per_m2=pw.array_areal_density_kg_per_m2,
            radiator_temperature_k=rad.temperature_k,
            emissivity=rad.emissivity,
            absorptivity=rad.absorptivity_after(self.design_life_years),  # sized for the end of life
            earth_ir_absorptivity=rad.earth_ir_absorptivity,
            earth_view_factor=rad.earth_view_factor,
            albedo=rad.albedo,
            earth_temperature_k=rad.earth_temperature_k,
            radiating_sides=rad.radiating_sides,
            sunlit_sides=rad.sunlit_sides,
            radiator_areal_density_kg_per_m2=rad.areal_density_kg_per_m2,
            compute_mass_per_accelerator_kg=self.accelerator.server_mass_kg,
            bus_mass_fraction=self.bus_mass_fraction,
            propellant_delta_v_m_per_s=mission_delta_v_m_per_s,
            specific_impulse_s=self.thruster_isp_s,
            propulsion_power_w=propulsion_power_w,
            comms_mass_kg=comms_mass_kg,
        )


# 1 rad = 0.01 Gy (NIST SP 811, 2008).
_GY_PER_KRAD: Final = 1000.0 * 0.01


# When neither the scenario nor a catalog cell gives them: Spectrolab XTJ Prime, whose dVmp/dT and dImp/dT give
# −0.21 %/K of power (catalog solar_cells, [S109]), and GaAs cells' α 0.88, ε 0.80 (Fortescue et al., Spacecraft
# Systems Engineering, 4th ed., Table 11.3 [S108]).
DEFAULT_CELL_TEMPERATURE_COEFFICIENT_PER_K: Final = -0.0021
DEFAULT_ARRAY_ABSORPTIVITY: Final = 0.88
DEFAULT_ARRAY_EMISSIVITY: Final = 0.80


@dataclass(frozen=True)
class Cell:
    """The solar cell's figures: the scenario's keys, else its catalog cell's, else the GaAs defaults above."""

    name: str
    efficiency: float
    temperature_coefficient_per_k: float
    absorptivity: float
    emissivity: float


def cell_model(scenario: Scenario, catalog: Catalog) -> Cell:
    power, sim = scenario.satellite.power, scenario.simulation
    entry = catalog.entry("solar_cells", power.cell, "satellite.power.cell") if power.cell else None

    def pick(given: float | None, parameter: str, unit: str, default: float | None) -> float:
        if given is not None:
            return given
        found = entry.get(parameter, unit) if entry is not None else None
        if found is not None:
            return found
        if default is None:
            raise SkyrackInputError(
                "satellite.power.cell_efficiency", None, f"missing, and the catalog cell {power.cell!r} gives none"
            )
        return default

    return Cell(
        name=power.cell or "",
        efficiency=pick(power.cell_efficiency, "efficiency", "", None),
        temperature_coefficient_per_k=pick(
            sim.cell_temperature_coefficient_per_k, "temperature_coefficient", "1/K",
            DEFAULT_CELL_TEMPERATURE_COEFFICIENT_PER_K,
        ),
        absorptivity=pick(sim.array_absorptivity, "absorptivity", "", DEFAULT_ARRAY_ABSORPTIVITY),
        emissivity=pick(sim.array_emissivity, "emissivity", "", DEFAULT_ARRAY_EMISSIVITY),
    )  # fmt: skip


def heat_path_model(
    thermal: SatelliteThermal, junction_max_k: float, hbm_max_k: float, chip_power_w: float
) -> HeatPath:
    """The heat path of ``[satellite.thermal]`` for a chip of ``chip_power_w`` with these limits.

    The loop's mean sits :math:`P R_{jc} + \\Delta T_{loop}/2` below the junction at its limit (and the HBM's
    :math:`f P R_{jc} + \\Delta T_{loop}/2` below its own); the fin roots sit ``coolant_to_fin_root`` lower; the
    panel emits as an isothermal one at :math:`\\eta^{1/4} T_b` (:func:`~skyrack.physics.radiator.fin_panel_temperature_k`).
    A ``coolant_to_panel`` override replaces the fin root's and the fin's drops by one lumped drop.
    """
    rise = (
        DEFAULT_COOLANT_RISE_K[thermal.loop]
        if thermal.coolant_temperature_rise_k is None
        else (thermal.coolant_temperature_rise_k)
    )
    lumped = thermal.coolant_to_panel_k
    root_drop = thermal.coolant_to_fin_root_k if lumped is None else lumped
    junction_root, hbm_root = heat_path_radiator_limits_k(
        junction_max_k, hbm_max_k, chip_power_w, thermal.cold_plate_resistance_k_per_w, thermal.hbm_rise_fraction,
        rise, root_drop,
    )  # fmt: skip
    to_root = float(chip_rise_above_radiator_k(chip_power_w, thermal.cold_plate_resistance_k_per_w, rise, root_drop))

    def panel(t_root: float) -> tuple[float, float]:
        if lumped is not None:
            return t_root, 1.0
        t, eta = fin_panel_temperature_k(
            t_root, thermal.emissivity, thermal.fin_half_width_m, thermal.fin_thickness_m,
            thermal.fin_conductivity_w_per_m_k, thermal.radiating_sides,
        )  # fmt: skip
        return float(t), float(eta)

    (junction_k, eta_j), (hbm_k, eta_h) = panel(float(junction_root)), panel(float(hbm_root))
    binding_root, t_rad, eta = (
        (float(junction_root), junction_k, eta_j) if junction_k <= hbm_k else (float(hbm_root), hbm_k, eta_h)
    )
    if thermal.radiator_temperature_k is not None:  # the fin root that emits as the override: T_b = T / η(T_b)^¼
        t_rad = thermal.radiator_temperature_k
        binding_root = t_rad
        for _ in range(40):  # η varies slowly with T_b: the fixed point converges in a few steps
            binding_root = t_rad / panel(binding_root)[1] ** 0.25
        eta = panel(binding_root)[1]
    fin_drop = binding_root - t_rad
    coolant, (c_p, freezing, latent) = thermal.coolant, COOLANTS[thermal.coolant]
    return HeatPath(
        junction_limit_k=junction_k,
        hbm_limit_k=hbm_k,
        override_k=thermal.radiator_temperature_k,
        chip_rise_k=to_root + fin_drop,
        coolant=coolant,
        coolant_specific_heat_j_per_kg_k=c_p,
        coolant_freezing_k=freezing,
        coolant_rise_k=rise,
        loop=thermal.loop,
        latent_heat_j_per_kg=latent,
        exit_quality=thermal.two_phase_exit_quality,
        pump_specific_energy_j_per_kg=thermal.pump_specific_energy_j_per_kg,
        fin_efficiency=eta,
        panel_drop_k=root_drop + fin_drop,
    )


def satellite_model(scenario: Scenario, catalog: Catalog, altitude_m: float | None = None) -> Satellite:
    """Resolve the satellite of ``scenario`` against ``catalog`` (scenario values first, then the catalog, then
    the sourced defaults of this module); ``altitude_m``, the fleet's mean altitude, sets the radiator's view of the
    Earth when the scenario gives none."""
    sat, sim = scenario.satellite, scenario.simulation
    power, thermal = sat.power, sat.thermal
    cell = cell_model(scenario, catalog)
    entry = catalog.entry("accelerators", sat.accelerator, "satellite.accelerator")
    mass = sat.compute_mass_per_accelerator_kg
    if mass is None:
        mass = entry.get("mass", "kg", DEFAULT_COMPUTE_MASS_PER_ACCELERATOR_KG)
    t_max = sim.chip_max_temperature_k
    if t_max is None:
        t_max = entry.get("max_temperature", "K", DEFAULT_CHIP_MAX_K)
    assert mass is not None and t_max is not None  # defaults given
    if sim.chip_min_temperature_k >= t_max:
        raise SkyrackInputError(
            "simulation.chip_min_temperature",
            f"{sim.chip_min_temperature_k - 273.15:g} degC",
            f"the heaters' survival minimum must lie below the chips' limit of {t_max - 273.15:g} degC "
            "(spacecraft electronics: -40 degC)",
        )
    power_w = entry.to("power", "W")
    hbm_max = entry.get("hbm_max_temperature", "K", DEFAULT_HBM_MAX_K)
    idle = entry.get("idle_power", "W", DEFAULT_IDLE_FRACTION * power_w)
    assert hbm_max is not None and idle is not None
    accelerator = Accelerator(sat.accelerator, power_w, mass, t_max, entry, hbm_max, idle)
    path = heat_path_model(thermal, t_max, hbm_max, power_w)
    basis = entry.text("power_basis", "chip")
    if basis == "all-in":
        if sat.host_overhead:
            raise SkyrackInputError(
                "satellite.host_overhead",
                sat.host_overhead,
                f"the catalog's power for {sat.accelerator} ({accelerator.power_w:g} W) is already all-in (host, "
                "memory and network included); remove host_overhead, or override the power and set "
                f"catalog.accelerators.{sat.accelerator}.power_basis = 'chip'",
            )
        host_overhead = 0.0
    elif basis == "chip":
        host_overhead = DEFAULT_HOST_OVERHEAD if sat.host_overhead is None else sat.host_overhead
    else:
        raise SkyrackInputError(f"catalog.accelerators.{sat.accelerator}.power_basis", basis, "'chip' or 'all-in'")
    eta_c = sim.battery_charge_efficiency
    if eta_c is None:
        eta_c = min(
            1.0, power.eclipse_path_efficiency / (power.daylight_path_efficiency * power.battery_discharge_efficiency)
        )
    heat_capacity = sim.chip_heat_capacity_per_accelerator_j_per_k
    if heat_capacity is None:
        heat_capacity = mass * sim.structure_specific_heat_j_per_kg_k
    # the pump carries the rated heat, its own included: P = f (Q + P) at f watts of pump per watt carried
    rated_heat_w = sat.accelerators * power_w * (1.0 + host_overhead) + sat.bus_power_w
    pump_fraction = path.pump_power_fraction()
    if pump_fraction >= 0.5:
        raise SkyrackInputError(
            "satellite.thermal.pump_specific_energy",
            f"{thermal.pump_specific_energy_j_per_kg:g} J/kg",
            f"the pump would draw {pump_fraction:.2g} W for every watt it carries; a spacecraft loop's pump draws a "
            "few percent (the ISS's photovoltaic loop: 846 J/kg, 275 W for ~6 kW)",
        )
    return Satellite(
        accelerator=accelerator,
        accelerators=sat.accelerators,
        host_overhead=host_overhead,
        bus_power_w=sat.bus_power_w,
        pump_power_w=pump_fraction * rated_heat_w / (1.0 - pump_fraction),
        bus_mass_fraction=sat.bus_mass_fraction,
        design_life_s=sat.design_life_s,
        assembled_in_orbit=sat.assembled_in_orbit,
        thruster_isp_s=sat.thruster_isp_s,
        thruster_efficiency=sat.thruster_efficiency,
        power=PowerSystem(
            cell_efficiency=cell.efficiency,
            packing_factor=power.packing_factor,
            degradation_per_year=power.degradation_per_year,
            cell_temperature_coefficient_per_k=cell.temperature_coefficient_per_k,
            cell_reference_temperature_k=sim.cell_reference_temperature_k,
            array_absorptivity=cell.absorptivity,
            array_emissivity=cell.emissivity,
            array_loss_per_gy=sim.array_loss_per_krad / _GY_PER_KRAD,
            array_areal_density_kg_per_m2=power.array_areal_density_kg_per_m2,
            max_array_area_m2=power.max_array_area_m2,
            battery_specific_energy_j_per_kg=power.battery_specific_energy_j_per_kg,
            depth_of_discharge=power.depth_of_discharge,
            eclipse_path_efficiency=power.eclipse_path_efficiency,
            daylight_path_efficiency=power.daylight_path_efficiency,
            battery_discharge_efficiency=power.battery_discharge_efficiency,
            battery_charge_efficiency=eta_c,
            eclipse_load_fraction=power.eclipse_load_fraction,
        ),
        radiator=Radiator(
            temperature_k=path.radiator_temperature_k,
            emissivity=thermal.emissivity,
            absorptivity=thermal.absorptivity,
            earth_ir_absorptivity=(
                thermal.emissivity if thermal.earth_ir_absorptivity is None else thermal.earth_ir_absorptivity
            ),
            earth_view_factor=(
                thermal.earth_view_factor
                if thermal.earth_view_factor is not None
                else float(earth_view_factor_edge_on(altitude_m if altitude_m is not None else 650e3))
            ),
            albedo=thermal.albedo,
            earth_temperature_k=thermal.earth_temperature_k,
            radiating_sides=thermal.radiating_sides,
            sunlit_sides=thermal.sunlit_sides,
            areal_density_kg_per_m2=thermal.radiator_areal_density_kg_per_m2,
            absorptivity_rise_per_year=thermal.absorptivity_rise_per_year,
        ),
        chips=ChipThermal(
            max_temperature_k=t_max,
            temperature_rise_k=path.chip_rise_k if sim.chip_temperature_rise_k is None else sim.chip_temperature_rise_k,
            heat_capacity_per_accelerator_j_per_k=heat_capacity,
            structure_specific_heat_j_per_kg_k=sim.structure_specific_heat_j_per_kg_k,
            min_temperature_k=sim.chip_min_temperature_k,
        ),
        heat_path=path,
    )


__all__ = [
    "COOLANTS",
    "DEFAULT_CHIP_MAX_K",
    "DEFAULT_COMPUTE_MASS_PER_ACCELERATOR_KG",
    "DEFAULT_HBM_MAX_K",
    "DEFAULT_HOST_OVERHEAD",
    "DEFAULT_IDLE_FRACTION",
    "Accelerator",
    "ChipThermal",
    "HeatPath",
    "PowerSystem",
    "Radiator",
    "Satellite",
    "satellite_model",
]
