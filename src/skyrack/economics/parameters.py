"""Units of the cost defaults in ``catalog/data/costs.csv``, keyed by parameter name.

Each ``parameter`` in ``costs.csv`` is named after the dataclass field it fills
(:class:`~skyrack.economics.costs.Finance`, :class:`~skyrack.economics.costs.OrbitParameters`,
:class:`~skyrack.economics.costs.LaunchPlan`, :class:`~skyrack.economics.costs.GroundParameters`)
or, for the ``trend_*`` and ``sso_payload_fraction`` rows, after the argument of the
:mod:`skyrack.economics.launch` kernel it feeds. The loader converts each row's value from its
``unit`` column to the unit below (pint, with the catalog's extra unit ``USD``) before filling the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["COST_PARAMETER_UNITS", "COST_SECTIONS"]

COST_PARAMETER_UNITS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # finance-default -> Finance
        "discount_rate": "dimensionless",
        "horizon_years": "year",
        # launch-default -> LaunchPlan and the launch.py trend / payload kernels
        "price_usd_per_kg": "USD/kg",
        "learning_rate": "dimensionless",
        "max_launches_per_year": "1/year",
        "trend_base_price_usd_per_kg": "USD/kg",
        "trend_base_year": "dimensionless",
        "trend_decline_fraction": "dimensionless",
        "trend_period_years": "year",
        "sso_payload_fraction": "dimensionless",
        # orbit-default -> OrbitParameters
        "server_usd_per_accelerator": "USD",
        "bus_usd_per_kg": "USD/kg",
        "bus_usd_per_w": "USD/W",
        "array_usd_per_w": "USD/W",
        "radiator_usd_per_m2": "USD/m^2",
        "battery_usd_per_wh": "USD/Wh",
        "integration_fraction": "dimensionless",
        "optical_terminal_usd": "USD",
        "ground_station_usd": "USD",
        "operations_fraction_per_year": "1/year",
        "insurance_fraction": "dimensionless",
        "development_usd": "USD",
        "deorbit_usd_per_satellite": "USD",
        "design_life_years": "year",
        "annual_failure_rate": "1/year",
        "launch_co2_kg_per_kg": "kg/kg",
        "production_lead_time_years": "year",
        "optical_terminals_per_satellite": "dimensionless",
        "development_usd_per_w": "USD/W",
        # ground-default -> GroundParameters
        "building_usd_per_w": "USD/W",
        "building_life_years": "year",
        "networking_fraction": "dimensionless",
        "server_life_years": "year",
        "electricity_usd_per_kwh": "USD/kWh",
        "pue": "dimensionless",
        "wue_l_per_kwh": "L/kWh",
        "water_usd_per_m3": "USD/m^3",
        "grid_kg_co2_per_kwh": "kg/kWh",
        "maintenance_fraction_per_year": "1/year",
        "time_to_build_years": "year",
        "insurance_fraction_per_year": "1/year",
        "operations_usd_per_w_year": "USD/W/year",
    }
)

# Which dataclass / kernel each ``name`` in costs.csv fills.
COST_SECTIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "finance-default": "Finance",
        "launch-default": "LaunchPlan",
        "orbit-default": "OrbitParameters",
        "ground-default": "GroundParameters",
    }
)
