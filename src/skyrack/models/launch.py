"""The launch vehicle as parameters in SI: payload to the fleet's orbit, price, cadence and price model.

Built once from the scenario, the catalog and the fleet's orbits (:func:`launch_model`): the design bills
launches with it and the cost model gets its :class:`~skyrack.economics.LaunchPlan` from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from skyrack import economics as econ
from skyrack.catalog import Catalog
from skyrack.constants import JULIAN_YEAR_S
from skyrack.errors import SkyrackInputError
from skyrack.models.orbits import FleetOrbits
from skyrack.scenario import Scenario

# Launch vehicles quote their payload to low-inclination LEO (≈ 28.5°, from Florida) and one figure for polar
# and sun-synchronous orbits, which lose most of the Earth's rotation boost (e.g. Arianespace, Ariane 6 User's
# Manual, issue 2 (2021): LEO vs SSO performance; catalog entry 'sso-penalty'). A walker or tle fleet with a
# plane inclined at least this much is costed with the SSO figure: Iridium-like 86.4° and sun-synchronous ~98°
# planes are polar, Starlink-like 53°–70° shells are not (threshold chosen here between the two).
POLAR_PAYLOAD_MIN_INCLINATION_RAD: Final = math.radians(80.0)

# Catalog name of the launch cost defaults (catalog/data/costs.csv).
LAUNCH_DEFAULT: Final = "launch-default"


@dataclass(frozen=True)
class LaunchVehicle:
    """The vehicle flying the fleet.

    ``price_usd_per_kg`` is the price at the start (scenario, else the catalog's price per kg, else its price
    per launch over the payload to this orbit); ``bills_whole_launches`` is true when the price comes from a
    price per launch, so a part-filled launch costs a whole one.
    """

    name: str
    payload_kg: float
    price_usd_per_kg: float
    bills_whole_launches: bool
    plan: econ.LaunchPlan  # the price model over the horizon, for the cost model


def _polar(scenario: Scenario, orbits: FleetOrbits) -> bool:
    if scenario.orbit.kind == "sso":
        return True
    if scenario.orbit.kind in ("walker", "tle"):
        return bool(np.max(orbits.inclination_rad) >= POLAR_PAYLOAD_MIN_INCLINATION_RAD)
    return False


def payload_to_orbit_kg(scenario: Scenario, catalog: Catalog, orbits: FleetOrbits, name: str, where: str) -> float:
    """What vehicle ``name`` carries to the fleet's orbit: its LEO payload, or for a polar fleet its SSO payload
    (else the LEO payload times the catalog's SSO penalty)."""
    vehicle = catalog.entry("launch_vehicles", name, where)
    payload = vehicle.to("payload_leo", "kg")
    if _polar(scenario, orbits):
        sso = vehicle.get("payload_sso", "kg")
        if sso is not None:
            payload = sso
        else:
            penalty = catalog.entry("launch_vehicles", "sso-penalty", where)
            payload *= penalty.to("payload_fraction_sso_vs_leo", "")
    return payload


def launch_model(scenario: Scenario, catalog: Catalog, orbits: FleetOrbits) -> LaunchVehicle:
    """Resolve the launch of ``scenario``: payload to its orbit, price, cadence and the price model."""
    launch = scenario.launch
    vehicle = catalog.entry("launch_vehicles", launch.vehicle, "launch.vehicle")
    payload = payload_to_orbit_kg(scenario, catalog, orbits, launch.vehicle, "launch.vehicle")
    per_kg = vehicle.get("price_per_kg", "USD/kg")
    if launch.price_usd_per_kg is not None:
        price = launch.price_usd_per_kg
    elif per_kg is not None:
        price = per_kg
    else:
        per_launch = vehicle.get("price", "USD")
        if per_launch is None:
            raise SkyrackInputError(
                "launch.price", None, f"the catalog has no price for {vehicle.name!r}; give one, e.g. '1500 USD/kg'"
            )
        price = per_launch / payload
    whole = launch.price_usd_per_kg is None and per_kg is None

    defaults = catalog.entry("costs", LAUNCH_DEFAULT, f"catalog.costs.{LAUNCH_DEFAULT}")
    cadence = launch.launches_per_year
    if cadence is None:
        cadence = vehicle.get("launches_per_year", "1/yr") or defaults.to("max_launches_per_year", "1/yr")
    start = scenario.scenario.start
    start_year = start.year + (start.timetuple().tm_yday - 1) / 365.25
    plan_price, annual_change, learning_rate, reference_mass, industry_rate = price, 0.0, 0.0, math.inf, 0.0
    if launch.price_model == "trend":
        base = defaults.to("trend_base_price_usd_per_kg", "USD/kg")
        base_year = defaults.to("trend_base_year", "")
        decline = defaults.to("trend_decline_fraction", "")
        period = defaults.to("trend_period_years", "yr")
        annual_change = float(econ.annual_change_from_trend(decline, period))
        if launch.price_usd_per_kg is None:
            plan_price = float(econ.trend_launch_price_usd_per_kg(start_year, base, base_year, decline, period))
    elif launch.price_model == "wright":
        learning_rate = launch.learning_rate if launch.learning_rate is not None else defaults.to("learning_rate", "")
        assert launch.cumulative_mass_at_start_kg is not None  # checked by the scenario model
        reference_mass = launch.cumulative_mass_at_start_kg
        industry_rate = (launch.industry_mass_per_year_kg_per_s or 0.0) * JULIAN_YEAR_S
    plan = econ.LaunchPlan(
        payload_kg=payload,
        price_usd_per_kg=plan_price,
        max_launches_per_year=cadence,
        price_annual_change_fraction=annual_change,
        learning_rate=learning_rate,
        reference_cumulative_mass_kg=reference_mass,
        industry_mass_kg_per_year=industry_rate,
        bill_full_vehicle=whole and launch.price_model == "fixed",
    )
    return LaunchVehicle(vehicle.name, payload, price, whole, plan)


__all__ = [
    "LAUNCH_DEFAULT",
    "POLAR_PAYLOAD_MIN_INCLINATION_RAD",
    "LaunchVehicle",
    "launch_model",
    "payload_to_orbit_kg",
]
