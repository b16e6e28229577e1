"""Small hand-built inputs shared by the economics tests (not defaults from the catalog)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from skyrack.economics import (
    Finance,
    GroundDesign,
    GroundParameters,
    LaunchPlan,
    OrbitDesign,
    OrbitParameters,
    Workload,
)


def bare_orbit_parameters(**overrides: Any) -> OrbitParameters:
    """Every cost zero except what a test switches on; no failures, 5-year life."""
    base = OrbitParameters(
        server_usd_per_accelerator=0.0,
        bus_usd_per_kg=0.0,
        bus_usd_per_w=0.0,
        array_usd_per_w=0.0,
        radiator_usd_per_m2=0.0,
        battery_usd_per_wh=0.0,
        integration_fraction=0.0,
        optical_terminal_usd=0.0,
        ground_station_usd=0.0,
        operations_fraction_per_year=0.0,
        insurance_fraction=0.0,
        sparing_in_orbit=0.0,
        development_usd=0.0,
        deorbit_usd_per_satellite=0.0,
        design_life_years=5.0,
        annual_failure_rate=0.0,
        launch_co2_kg_per_kg=0.0,
    )
    return replace(base, **overrides)


def typical_orbit_parameters(**overrides: Any) -> OrbitParameters:
    """Non-zero values of the same order as the catalog defaults (test inputs, not defaults)."""
    base = OrbitParameters(
        server_usd_per_accelerator=30_000.0,
        bus_usd_per_kg=1_000.0,
        bus_usd_per_w=0.0,
        array_usd_per_w=1.0,
        radiator_usd_per_m2=500.0,
        battery_usd_per_wh=0.5,
        integration_fraction=0.1,
        optical_terminal_usd=100_000.0,
        ground_station_usd=1.0e6,
        operations_fraction_per_year=0.02,
        insurance_fraction=0.08,
        sparing_in_orbit=1.0,
        development_usd=1.0e8,
        deorbit_usd_per_satellite=10_000.0,
        design_life_years=5.0,
        annual_failure_rate=0.03,
        launch_co2_kg_per_kg=20.0,
    )
    return replace(base, **overrides)


def typical_orbit_design(**overrides: Any) -> OrbitDesign:
    base = OrbitDesign(
        n_satellites=100.0,
        accelerators_per_satellite=32.0,
        satellite_mass_kg=2_000.0,
        it_mass_kg=500.0,
        it_power_w=32 * 1_200.0,
        array_power_w=50_000.0,
        radiator_area_m2=100.0,
        battery_energy_wh=10_000.0,
        availability=0.9,
        ground_stations=4.0,
    )
    return replace(base, **overrides)


def typical_launch(**overrides: Any) -> LaunchPlan:
    base = LaunchPlan(payload_kg=15_600.0, price_usd_per_kg=3_600.0, max_launches_per_year=12.0)
    return replace(base, **overrides)


def typical_ground_parameters(**overrides: Any) -> GroundParameters:
    base = GroundParameters(
        building_usd_per_w=11.7,
        building_life_years=20.0,
        server_usd_per_accelerator=30_000.0,
        networking_fraction=0.1,
        server_life_years=6.0,
        electricity_usd_per_kwh=0.08,
        pue=1.5,
        wue_l_per_kwh=1.8,
        water_usd_per_m3=1.0,
        grid_kg_co2_per_kwh=0.37,
        maintenance_fraction_per_year=0.03,
        time_to_build_years=2.0,
    )
    return replace(base, **overrides)


def bare_ground_parameters(**overrides: Any) -> GroundParameters:
    base = typical_ground_parameters(
        building_usd_per_w=0.0,
        server_usd_per_accelerator=0.0,
        networking_fraction=0.0,
        server_life_years=np.inf,
        electricity_usd_per_kwh=0.0,
        pue=1.0,
        wue_l_per_kwh=0.0,
        water_usd_per_m3=0.0,
        grid_kg_co2_per_kwh=0.0,
        maintenance_fraction_per_year=0.0,
        time_to_build_years=0.0,
    )
    return replace(base, **overrides)


def typical_ground_design(**overrides: Any) -> GroundDesign:
    base = GroundDesign(n_accelerators=3_200.0, it_power_w=3_200 * 1_200.0, availability=0.99)
    return replace(base, **overrides)


WORKLOAD = Workload(peak_flops_per_accelerator=989.4e12, model_flops_utilization=0.4)
FINANCE = Finance(discount_rate=0.07, horizon_years=10.0)
