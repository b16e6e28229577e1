"""Radiation as parameters in SI: the dose rate at the accelerators, the total-dose limit and the fault rates.

Built from ``[radiation]``, the radiation catalog and the fleet's orbits (:func:`radiation_model`). The dose
table and its interpolation are the kernels of :mod:`skyrack.physics.radiation`; this module reads the table
from the catalog and resolves the defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from skyrack.catalog import Catalog
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M
from skyrack.models.orbits import FleetOrbits
from skyrack.physics.radiation import (
    KIND_PERMANENT,
    DoseRow,
    FaultRates,
    fault_rates,
    interpolate_dose_rate_gy_per_s,
)
from skyrack.scenario import Scenario

_DOSE_TABLE_CACHE: dict[tuple[tuple[str, str, float | str, str], ...], list[DoseRow]] = {}


def dose_table(catalog: Catalog) -> list[DoseRow]:
    """The dose rows (entries named ``dose-*``) of the radiation catalog (unit conversions cached by content)."""
    # looked up through Catalog.entry, so a run records the table among the catalog values it used
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


def saturation_shielding_m(catalog: Catalog) -> float:
    """Shielding beyond which the LEO dose no longer falls (catalog ``shielding-saturation``, else infinite)."""
    if "shielding-saturation" in catalog.names("radiation"):
        return catalog.entry("radiation", "shielding-saturation", "radiation").to("shielding", "m")
    return math.inf


@dataclass(frozen=True)
class Radiation:
    """Dose and single-event effects at the accelerators of one satellite."""

    dose_rate_gy_per_s: float
    tid_tolerance_gy: float
    rates: FaultRates
    sdc_interrupts: bool

    @property
    def permanent_failure_rate_per_s(self) -> float:
        """Permanent failures per accelerator [1/s] (both sides bear them: see models.economics)."""
        return float(self.rates.per_slot_per_s[KIND_PERMANENT])


def radiation_model(scenario: Scenario, catalog: Catalog, orbits: FleetOrbits, accelerator: str) -> Radiation:
    """Resolve ``[radiation]``: the dose rate (given, else the catalog table at the fleet's mean altitude and
    inclination and the shielding) and the per-rad fault rates of the accelerator's catalog entry."""
    rad = scenario.radiation
    entry_name = rad.catalog_entry or (
        accelerator if accelerator in catalog.names("radiation") else "default-accelerator"
    )
    see = catalog.entry("radiation", entry_name, "radiation.catalog_entry")
    if rad.dose_rate_gy_per_s is not None:
        dose_rate = rad.dose_rate_gy_per_s
    else:
        # the fleet's mean altitude and inclination (one dose rate for every satellite)
        dose_rate = interpolate_dose_rate_gy_per_s(
            dose_table(catalog),
            float(np.mean(orbits.semi_major_axis_m)) - EARTH_EQUATORIAL_RADIUS_M,
            float(np.mean(orbits.inclination_rad)),
            rad.shielding_m,
            saturation_shielding_m(catalog),
        )
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
    return Radiation(dose_rate, tid, fault_rates(dose_rate, per_rad, permanent, per_host), rad.sdc_interrupts)


__all__ = ["Radiation", "dose_table", "radiation_model", "saturation_shielding_m"]
