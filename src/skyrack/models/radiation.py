"""Radiation as parameters in SI: the dose rate at the accelerators, the total-dose limit and the fault rates.

Built from ``[radiation]``, the radiation catalog, the trapped-dose table and the fleet's orbits
(:func:`radiation_model`). The dose at the accelerators is three sourced terms:

* **trapped protons and electrons** (with their bremsstrahlung): the AP8/AE8 + SHIELDOSE-2 table
  (:class:`~skyrack.physics.radiation.TrappedDoseTable`, written by ``design/trapped_dose_table.py``) at the
  fleet's mean altitude and inclination, the shielding and the solar activity (``environment.solar_activity``:
  low = solar minimum, high = maximum, moderate = their geometric mean);
* **galactic cosmic rays**: the dose measured at the ISS orbit (catalog ``gcr-iss``), for every orbit;
* **solar particle events**: ``radiation.solar_events_per_year`` events of the catalog's ``spe-april-1984`` size
  (none unless set).

Single-event effects follow the particles that cause them: the beam tests' per-rad rates are per rad of
protons (Suncatcher's 67 MeV beam), so they apply to the proton, cosmic-ray and solar-event dose; the trapped
electrons, which add dose behind thin shields but hardly any single-event upsets, count for the total dose only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from skyrack.catalog import Catalog
from skyrack.constants import JULIAN_YEAR_S
from skyrack.models.orbits import FleetOrbits
from skyrack.physics.radiation import (
    KIND_PERMANENT,
    RAD_SI_GY,
    DoseRow,
    FaultRates,
    TrappedDoseTable,
    TrappedFluxMap,
    fault_rates,
    orbit_mean_of_map,
)
from skyrack.scenario import Scenario

_DOSE_TABLE_CACHE: dict[tuple[tuple[str, str, float | str, str], ...], list[DoseRow]] = {}
# environment.solar_activity → weight of the solar-maximum models (geometric interpolation in between)
SOLAR_MAX_WEIGHT = {"low": 0.0, "moderate": 0.5, "high": 1.0}


def dose_table(catalog: Catalog) -> list[DoseRow]:
    """The published dose figures (entries named ``dose-*``) of the radiation catalog: validation points."""
    entries = [
        catalog.entry("radiation", name, "radiation") for name in catalog.names("radiation") if name.startswith("dose-")
    ]
    key = tuple(
        sorted((e.name, parameter, value.value, value.unit) for e in entries for parameter, value in e.values.items())
    )
    if key not in _DOSE_TABLE_CACHE:
        _DOSE_TABLE_CACHE[key] = [
            DoseRow(
                e.name,
                e.to("altitude", "m"),
                e.to("inclination", "rad"),
                e.to("shielding", "m"),
                e.to("dose_rate", "Gy/s"),
            )
            for e in entries
        ]
    return list(_DOSE_TABLE_CACHE[key])


@lru_cache(maxsize=1)
def trapped_flux_map() -> TrappedFluxMap:
    """The shipped map of trapped fluxes (``catalog/data/tables/trapped_flux_map.csv``, read once)."""
    text = (resources.files("skyrack.catalog") / "data" / "tables" / "trapped_flux_map.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")][1:]
    maps: dict[tuple[float, int], list[list[float]]] = {}
    for line in lines:
        alt, particle, _lat, *values = line.split(",")
        maps.setdefault((float(alt), 0 if particle == "proton" else 1), []).append([10.0 ** float(v) for v in values])
    alts = sorted({a for a, _ in maps})
    flux = np.array([[maps[(a, k)] for k in (0, 1)] for a in alts])
    flux[flux <= 1e-8] = 0.0  # the file's -9 marks no flux
    return TrappedFluxMap(np.asarray(alts) * 1e3, flux)


@dataclass(frozen=True)
class OrbitShape:
    """The dose and single-event rates along the orbit, relative to their orbit means (the South Atlantic Anomaly
    for the trapped protons, the horns for the electrons; cosmic rays and solar events taken as even)."""

    grids: NDArray[np.float64]  # (2, latitude, longitude): proton and electron maps, each over its orbit mean
    dose_weights: tuple[float, float, float]  # shares of the dose: protons, electrons with bremsstrahlung, even
    see_weights: tuple[float, float]  # shares of the single-event dose: protons, even
    see_max: float  # the largest single-event multiplier on the map (for thinning the fault events)


@lru_cache(maxsize=16)
def orbit_shape(budget: DoseBudget, altitude_m: float, inclination_rad: float) -> OrbitShape:
    """Normalised maps at the fleet's altitude and the shares of the dose terms that follow them (kept for the last
    16 orbits and budgets: a trade study builds the same one at every point that keeps the orbit; read-only)."""
    maps = trapped_flux_map().at_altitude(altitude_m)
    grids = np.zeros_like(maps)
    for k in (0, 1):
        mean = orbit_mean_of_map(maps[k], inclination_rad)
        if mean > 0.0:
            grids[k] = maps[k] / mean
    total, see = budget.total, budget.single_event
    proton = budget.trapped_proton if grids[0].any() else 0.0
    electron = budget.trapped_electron + budget.bremsstrahlung if grids[1].any() else 0.0
    rest = total - proton - electron  # terms whose map is empty stay even
    dose_w = (proton / total, electron / total, rest / total) if total > 0 else (0.0, 0.0, 1.0)
    see_w = (proton / see, 1.0 - proton / see) if see > 0 else (0.0, 1.0)
    grids.setflags(write=False)
    return OrbitShape(grids, dose_w, see_w, float(see_w[0] * grids[0].max() + see_w[1]))


@lru_cache(maxsize=1)
def trapped_dose_table() -> TrappedDoseTable:
    """The shipped AP8/AE8 + SHIELDOSE-2 table (``catalog/data/tables/trapped_dose.csv``, read once)."""
    text = (resources.files("skyrack.catalog") / "data" / "tables" / "trapped_dose.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")][1:]
    rows = []
    for line in lines:
        alt, inc, solar, depth, p, e, b = line.split(",")
        rows.append((float(alt), float(inc), solar, float(depth), float(p), float(e), float(b)))
    return TrappedDoseTable.from_rows(rows)


@dataclass(frozen=True)
class DoseBudget:
    """The dose rate at the accelerators by source [rad(Si)/yr]."""

    trapped_proton: float
    trapped_electron: float
    bremsstrahlung: float
    cosmic_rays: float
    solar_events: float

    @property
    def total(self) -> float:
        return self.trapped_proton + self.trapped_electron + self.bremsstrahlung + self.cosmic_rays + self.solar_events

    @property
    def single_event(self) -> float:
        """The part that drives single-event effects: protons and heavier ions."""
        return self.trapped_proton + self.cosmic_rays + self.solar_events

    def as_dict(self) -> dict[str, float]:
        return {
            "trapped_proton": self.trapped_proton,
            "trapped_electron": self.trapped_electron,
            "bremsstrahlung": self.bremsstrahlung,
            "cosmic_rays": self.cosmic_rays,
            "solar_events": self.solar_events,
        }


def dose_budget(scenario: Scenario, catalog: Catalog, orbits: FleetOrbits) -> DoseBudget:
    """The sourced dose terms at the fleet's mean altitude and inclination behind ``radiation.shielding``."""
    rad = scenario.radiation
    table = trapped_dose_table()
    altitude_m = float(np.mean(orbits.altitude_m))
    trapped = table.dose_rad_per_year(
        altitude_m,
        float(np.mean(orbits.inclination_rad)),
        rad.shielding_m,
        SOLAR_MAX_WEIGHT[scenario.environment.solar_activity],
    )
    gcr = catalog.entry("radiation", "gcr-iss", "radiation").to("dose_rate", "Gy/s") / RAD_SI_GY * JULIAN_YEAR_S
    spe = 0.0
    if rad.solar_events_per_year > 0.0:
        per_event = catalog.entry("radiation", "spe-april-1984", "radiation.solar_events_per_year").to("dose", "Gy")
        spe = rad.solar_events_per_year * per_event / RAD_SI_GY
    return DoseBudget(*trapped.parts(), cosmic_rays=gcr, solar_events=spe)


@dataclass(frozen=True)
class Radiation:
    """Dose and single-event effects at the accelerators of one satellite."""

    dose_rate_gy_per_s: float
    tid_tolerance_gy: float
    rates: FaultRates
    sdc_interrupts: bool
    budget: DoseBudget | None = None  # by source; None when the scenario gives the dose rate
    shape: OrbitShape | None = (
        None  # along the orbit; None for a given dose rate or simulation.south_atlantic_anomaly off
    )

    @property
    def dose_rate_rad_per_year(self) -> float:
        return self.dose_rate_gy_per_s / RAD_SI_GY * JULIAN_YEAR_S

    @property
    def permanent_failure_rate_per_s(self) -> float:
        """Permanent failures per accelerator [1/s] (both sides bear them: see models.economics)."""
        return float(self.rates.per_slot_per_s[KIND_PERMANENT])


def radiation_model(scenario: Scenario, catalog: Catalog, orbits: FleetOrbits, accelerator: str) -> Radiation:
    """Resolve ``[radiation]``: the dose rate (given, else the sourced terms of :func:`dose_budget`) and the
    per-rad fault rates of the accelerator's catalog entry (applied to the single-event part of the dose)."""
    rad = scenario.radiation
    entry_name = rad.catalog_entry or (
        accelerator if accelerator in catalog.names("radiation") else "default-accelerator"
    )
    see = catalog.entry("radiation", entry_name, "radiation.catalog_entry")
    budget: DoseBudget | None = None
    if rad.dose_rate_gy_per_s is not None:
        dose_rate = see_rate = rad.dose_rate_gy_per_s
    else:
        # the fleet's mean altitude and inclination (one dose rate for every satellite)
        budget = dose_budget(scenario, catalog, orbits)
        dose_rate = budget.total * RAD_SI_GY / JULIAN_YEAR_S
        see_rate = budget.single_event * RAD_SI_GY / JULIAN_YEAR_S
    tid = rad.tid_tolerance_gy if rad.tid_tolerance_gy is not None else see.to("tid_tolerance", "Gy")
    permanent = (
        rad.permanent_failure_rate_per_s
        if rad.permanent_failure_rate_per_s is not None
        else see.to("permanent_failure_rate", "1/s")
    )
    per_host = rad.accelerators_per_host or int(see.to("accelerators_per_host", ""))
    per_rad = {
        name: see.to(f"{name}_per_dose", "1/rad_Si")
        for name in ("silent_data_corruption", "hbm_uncorrectable", "functional_interrupt", "host_crash")
    }
    # a host goes down on a CPU crash or on a functional interrupt of its RAM (Suncatcher's beam test: 1 per 450
    # and 1 per 400 rad(Si)); both restart it, so they are one host event rate
    per_rad["host_crash"] += see.get("host_memory_error_per_dose", "1/rad_Si", 0.0) or 0.0
    rates = fault_rates(see_rate, per_rad, permanent, per_host)
    shape = None
    if budget is not None and scenario.simulation.south_atlantic_anomaly:
        altitude_m = float(np.mean(orbits.altitude_m))
        shape = orbit_shape(budget, altitude_m, float(np.mean(orbits.inclination_rad)))
    return Radiation(dose_rate, tid, rates, rad.sdc_interrupts, budget, shape)


__all__ = [
    "SOLAR_MAX_WEIGHT",
    "DoseBudget",
    "Radiation",
    "dose_budget",
    "dose_table",
    "radiation_model",
    "trapped_dose_table",
]
