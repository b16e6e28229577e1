"""``[race]`` as SI inputs: the production line, the vehicles' cadence year by year, the queue for grid power.

Defaults come from the catalog's ``race`` rows (Starlink's production rate and its growth, the Falcon payload load
factors, LBNL's queue figures, the forecast of new US data-centre power, the value of a GPU-hour), the launch
history table (``catalog/data/tables/launch_history.csv``) and each vehicle's cadence target, and the ledger's own
lead times (the orbit's production lead time, the ground's time to build) so that every command shares them.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

import numpy as np
from numpy.typing import NDArray

from skyrack.catalog import Catalog
from skyrack.constants import JULIAN_YEAR_S
from skyrack.economics.ramp import cadence_by_year
from skyrack.errors import SkyrackInputError
from skyrack.models.launch import LaunchVehicle, payload_to_orbit_kg
from skyrack.models.orbits import FleetOrbits
from skyrack.scenario import Scenario

# Catalog names of the race's defaults (catalog/data/race.csv).
ORBIT_RAMP: Final = "orbit-ramp"
GROUND_RAMP: Final = "ground-ramp"
PAYLOAD_LOADS: Final = "payload-loads"
VALUE: Final = "value"
# The race's default length when the scenario gives no race.by.
DEFAULT_YEARS: Final = 25
# Which load class each item of a satellite is taken to belong to (catalog 'payload-loads'): the passive radiator
# panels and the propellant are the rugged items a kinetic launcher may carry; everything with electronics, cells
# or deployables is qualified for rocket loads only. (The bus is counted whole: no sourced split of structure
# from avionics was found.)
ITEM_LOADS: Final = {
    "compute": "rocket_qualified",
    "solar array": "rocket_qualified",
    "battery": "rocket_qualified",
    "bus": "rocket_qualified",
    "radiator": "rugged",
    "propellant": "rugged",
}
# The normal quantile of 0.9: a range read as the 10th to 90th percentile of a lognormal.
Z90: Final = 1.2815515655446004


@dataclass(frozen=True)
class RaceVehicle:
    """A vehicle the manifest may use, with its cadence in each year of the race and where that comes from."""

    name: str
    payload_kg: float
    price_usd_per_kg: float
    max_acceleration_m_per_s2: float
    launches_per_year: NDArray[np.float64]
    cadence_basis: str


@dataclass(frozen=True)
class RaceInputs:
    """Everything the race needs besides the design, in SI (times in years from the start)."""

    start_year: float  # calendar year of the start, with its fraction
    years: NDArray[np.float64]  # calendar year of each step of the grid (the step covers [y, y + 1))
    target_w: float | None
    value_usd_per_gpu_hour: float
    samples: int
    seed: int
    production_rate_per_year: float
    production_growth: float
    production_lead_years: float
    launch_share: float
    assembly_per_year: float  # inf when nothing flies in parts
    load_tolerance_m_per_s2: dict[str, float]
    vehicles: tuple[RaceVehicle, ...]
    interconnection_wait_years: float
    interconnection_sigma: float  # log-spread of a site's wait (from the catalog's range as P10-P90)
    completion_fraction: float
    site_power_w: float
    new_power_w_per_year: float
    build_years: float
    discount_rate: float
    power: str  # 'grid' (the queue) or 'onsite-gas' (the turbines' lead time and supply)
    turbine_lead_years: float
    turbine_it_w_per_year: float  # IT power the turbines delivered a year can carry (turbine power / PUE)


@lru_cache(maxsize=1)
def launch_history() -> dict[str, tuple[tuple[int, int], ...]]:
    """Launches per calendar year by vehicle from the shipped table (read once)."""
    text = (resources.files("skyrack.catalog") / "data" / "tables" / "launch_history.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    out: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        out.setdefault(row["vehicle"], []).append((int(row["year"]), int(row["launches"])))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _vehicle(
    scenario: Scenario, catalog: Catalog, orbits: FleetOrbits, main: LaunchVehicle, name: str, where: str,
    years: NDArray[np.float64],
) -> RaceVehicle:  # fmt: skip
    entry = catalog.entry("launch_vehicles", name, where)
    accel = entry.get("max_acceleration", "m/s^2")
    if accel is None:
        raise SkyrackInputError(
            where, name, f"the catalog gives no max_acceleration for {name!r}; give one with "
            f'catalog.launch_vehicles.{name}.max_acceleration = "6 g0" (the Falcon payload design load)',
        )  # fmt: skip
    if name == main.name:
        payload, price = main.payload_kg, main.price_usd_per_kg
    else:
        payload = payload_to_orbit_kg(scenario, catalog, orbits, name, where)
        per_kg = entry.get("price_per_kg", "USD/kg")
        per_launch = entry.get("price", "USD")
        if per_kg is None and per_launch is None:
            raise SkyrackInputError(where, name, f"the catalog has no price for {name!r}; give price_per_kg")
        price = per_kg if per_kg is not None else float(per_launch) / payload  # type: ignore[arg-type]
    history = launch_history().get(name, ())
    hy = np.array([y for y, _ in history], dtype=float)
    hl = np.array([n for _, n in history], dtype=float)
    given = scenario.launch.launches_per_year if name == scenario.launch.vehicle else None
    first = entry.get("first_flight", "")
    target = entry.get("cadence_target", "1/yr")
    target_year = entry.get("cadence_target_year", "")
    if given is not None:
        cadence = np.full(years.shape, given * JULIAN_YEAR_S)
        basis = f"launch.launches_per_year = {given * JULIAN_YEAR_S:g} a year (scenario)"
    else:
        current = entry.get("launches_per_year", "1/yr")
        if current is None and not hy.size:
            raise SkyrackInputError(
                where, name, f"no launch cadence for {name!r}: neither the launch history nor the catalog has one; "
                f'give catalog.launch_vehicles.{name}.launches_per_year = "12 1/yr"',
            )  # fmt: skip
        current = current if current is not None else float(hl[np.argmax(hy)])
        if first is None and not hy.size and entry.text("status") == "concept":
            raise SkyrackInputError(
                where, name, f"{name!r} is a concept with no first flight; give "
                f"catalog.launch_vehicles.{name}.first_flight = 2032 (the year the race may use it from)",
            )  # fmt: skip
        cadence = cadence_by_year(
            years, hy, hl, current, math.nan if first is None else first,
            math.nan if target is None else target, math.nan if target_year is None else target_year,
        )  # fmt: skip
        parts = [f"history {int(hy.min())}-{int(hy.max())}"] if hy.size else []
        if target is not None and target_year is not None:
            parts.append(f"then toward the stated {target:,.0f} a year by {target_year:.0f} (target)")
        else:
            parts.append(f"{current:,.0f} a year from {first:.0f}" if first is not None else f"{current:,.0f} a year")
        basis = ", ".join(parts)
    return RaceVehicle(name, payload, price, accel, np.asarray(cadence, dtype=float), basis)


def race_model(
    scenario: Scenario, catalog: Catalog, orbits: FleetOrbits, launch: LaunchVehicle, discount_rate: float,
    production_lead_years: float, build_years: float, pue: float,
) -> RaceInputs:  # fmt: skip
    """Resolve ``[race]`` (and ``launch.vehicles``) with the catalog's defaults."""
    race = scenario.race
    start = scenario.scenario.start
    start_year = start.year + (start.timetuple().tm_yday - 1 + start.hour / 24.0) / 365.25
    last = race.by_year or math.floor(start_year) + DEFAULT_YEARS
    if last < start_year:
        raise SkyrackInputError("race.by", last, f"a year after the start ({start.year})")
    years = np.arange(math.floor(start_year), last + 1, dtype=float)
    o = catalog.entry("race", ORBIT_RAMP, "race.orbit")
    g = catalog.entry("race", GROUND_RAMP, "race.ground")
    loads_entry = catalog.entry("race", PAYLOAD_LOADS, "race")
    loads = {k: loads_entry.to(k, "m/s^2") for k in ("rocket_qualified", "rugged")}
    names = scenario.launch.vehicles or [scenario.launch.vehicle]
    if len(set(names)) != len(names):
        raise SkyrackInputError("launch.vehicles", names, "each vehicle once")
    vehicles = tuple(
        _vehicle(scenario, catalog, orbits, launch, n, f"launch.vehicles[{i}]", years) for i, n in enumerate(names)
    )
    kinetic = [v.name for v in vehicles if v.max_acceleration_m_per_s2 > loads["rocket_qualified"]]
    assembly = race.orbit.assembly_rate_per_s
    if kinetic and assembly is None:
        raise SkyrackInputError(
            "race.orbit.assembly_rate", None, f"{', '.join(kinetic)} can carry only the rugged items, so the "
            "satellites are assembled in orbit: give how many a year, e.g. '500 /yr' (no sourced rate exists)",
        )  # fmt: skip
    rate = race.orbit.production_rate_per_s
    low, high = g.to("interconnection_wait_low", "yr"), g.to("interconnection_wait_high", "yr")
    value = race.value_per_gpu_hour_usd_per_s
    return RaceInputs(
        start_year=start_year,
        years=years,
        target_w=race.target_w,
        value_usd_per_gpu_hour=value * 3600.0
        if value is not None
        else catalog.entry("race", VALUE, "race").to("gpu_hour", "USD/h"),
        samples=race.samples,
        seed=scenario.scenario.seed,
        production_rate_per_year=rate * JULIAN_YEAR_S if rate is not None else o.to("production_rate", "1/yr"),
        production_growth=race.orbit.production_growth
        if race.orbit.production_growth is not None
        else o.to("production_growth", "1/yr"),
        production_lead_years=production_lead_years,
        launch_share=race.orbit.launch_share if race.orbit.launch_share is not None else o.to("launch_share", ""),
        assembly_per_year=math.inf if not kinetic else float(assembly or 0.0) * JULIAN_YEAR_S,
        load_tolerance_m_per_s2=loads,
        vehicles=vehicles,
        interconnection_wait_years=(race.ground.interconnection_wait_s / JULIAN_YEAR_S)
        if race.ground.interconnection_wait_s is not None
        else g.to("interconnection_wait", "yr"),
        interconnection_sigma=math.log(high / low) / (2.0 * Z90),
        completion_fraction=race.ground.completion_fraction
        if race.ground.completion_fraction is not None
        else g.to("completion_fraction", ""),
        site_power_w=race.ground.site_power_w if race.ground.site_power_w is not None else g.to("site_power", "W"),
        new_power_w_per_year=race.ground.new_power_per_year_w_per_s * JULIAN_YEAR_S
        if race.ground.new_power_per_year_w_per_s is not None
        else g.to("new_power_per_year", "W/yr"),
        build_years=build_years,
        discount_rate=discount_rate,
        power=scenario.ground.power,
        turbine_lead_years=g.to("turbine_lead_time", "yr"),
        turbine_it_w_per_year=g.to("turbine_power_per_year", "W/yr") / pue,
    )


__all__ = ["ITEM_LOADS", "RaceInputs", "RaceVehicle", "launch_history", "race_model"]
