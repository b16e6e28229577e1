"""skyrack.economics: vectorised finance, launch-logistics and cost kernels for orbit and ground.

Every function takes floats or numpy arrays that broadcast, so one call evaluates one scenario or a
whole Monte Carlo sample set. See :mod:`~skyrack.economics.finance`, :mod:`~skyrack.economics.launch`
and :mod:`~skyrack.economics.costs`.
"""

from skyrack.economics.costs import (
    CostSummary,
    Finance,
    GroundDesign,
    GroundParameters,
    LaunchPlan,
    OrbitDesign,
    OrbitParameters,
    Workload,
    energy_cost_usd_per_kw_year,
    ground_costs,
    launch_cost_usd_per_kw_year,
    orbit_costs,
    satellite_unit_cost_usd,
    usd_per_used_unit,
)
from skyrack.economics.finance import (
    annuity_factor,
    book_value,
    discount_factor,
    levelized_cost,
    npv,
    present_value,
    present_value_level,
    straight_line_depreciation,
)
from skyrack.economics.launch import (
    LaunchSchedule,
    annual_change_from_trend,
    cumulative_launches,
    deployment_duration_years,
    launch_bill,
    launch_price_by_year_usd_per_kg,
    launch_schedule,
    launches_needed,
    payload_to_orbit_kg,
    satellites_per_launch,
    trend_launch_price_usd_per_kg,
    wright_launch_price_usd_per_kg,
)
from skyrack.economics.parameters import COST_PARAMETER_UNITS, COST_SECTIONS

__all__ = [
    "COST_PARAMETER_UNITS",
    "COST_SECTIONS",
    "CostSummary",
    "Finance",
    "GroundDesign",
    "GroundParameters",
    "LaunchPlan",
    "LaunchSchedule",
    "OrbitDesign",
    "OrbitParameters",
    "Workload",
    "annual_change_from_trend",
    "annuity_factor",
    "book_value",
    "cumulative_launches",
    "deployment_duration_years",
    "discount_factor",
    "energy_cost_usd_per_kw_year",
    "ground_costs",
    "launch_bill",
    "launch_cost_usd_per_kw_year",
    "launch_price_by_year_usd_per_kg",
    "launch_schedule",
    "launches_needed",
    "levelized_cost",
    "npv",
    "orbit_costs",
    "payload_to_orbit_kg",
    "present_value",
    "present_value_level",
    "satellite_unit_cost_usd",
    "satellites_per_launch",
    "straight_line_depreciation",
    "trend_launch_price_usd_per_kg",
    "usd_per_used_unit",
    "wright_launch_price_usd_per_kg",
]
