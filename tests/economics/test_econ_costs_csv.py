"""The sourced cost defaults in catalog/data/costs.csv: format, units, coverage, and a run on them."""

from __future__ import annotations

import csv
import dataclasses
from importlib import resources
from typing import Any

import numpy as np
import pytest

from skyrack.economics import (
    COST_PARAMETER_UNITS,
    COST_SECTIONS,
    Finance,
    GroundDesign,
    GroundParameters,
    LaunchPlan,
    OrbitDesign,
    OrbitParameters,
    Workload,
    ground_costs,
    orbit_costs,
    trend_launch_price_usd_per_kg,
)
from skyrack.units import unit_registry

# pint's registry is generic over its quantity type; the tests only need it untyped.
Ureg = Any

HEADER = ["name", "parameter", "value", "unit", "source", "year", "status"]
STATUSES = {"R", "R2", "D", "U", "target"}


RANGE_SUFFIXES = ("_low", "_high")


def _all_rows() -> list[dict[str, str]]:
    text = resources.files("skyrack.catalog").joinpath("data/costs.csv").read_text(encoding="utf-8")
    reader = csv.reader(text.splitlines())
    header = next(reader)
    assert header == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in reader]


def _rows() -> list[dict[str, str]]:
    """The value rows (the ranges of estimates, ``<parameter>_low`` / ``_high``, left out)."""
    return [row for row in _all_rows() if not row["parameter"].endswith(RANGE_SUFFIXES)]


def test_every_range_brackets_its_value_in_the_same_dimension(ureg: Ureg) -> None:
    rows = {(r["name"], r["parameter"]): r for r in _all_rows()}
    ranged = [key for key in rows if key[1].endswith("_low")]
    assert len(ranged) >= 7  # the estimates the issue #11 asks to carry a range
    for name, low_parameter in ranged:
        parameter = low_parameter.removesuffix("_low")
        assert (name, parameter) in rows and (name, f"{parameter}_high") in rows, (name, parameter)
        unit = COST_PARAMETER_UNITS[parameter]

        def si(p: str, n: str = name, unit: str = unit) -> float:
            row = rows[(n, p)]
            return float(ureg.Quantity(float(row["value"]), row["unit"]).to(unit).magnitude)

        low, value, high = si(low_parameter), si(parameter), si(f"{parameter}_high")
        assert low <= value <= high and low < high, (name, parameter, low, value, high)


@pytest.fixture(scope="module")
def ureg() -> Ureg:
    return unit_registry()  # the package's one registry, with USD and FLOPS defined


def _si_values(ureg: Ureg) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for row in _rows():
        q = ureg.Quantity(float(row["value"]), row["unit"])
        target = COST_PARAMETER_UNITS[row["parameter"]]
        out.setdefault(row["name"], {})[row["parameter"]] = float(q.to(target).magnitude)
    return out


def test_rows_are_well_formed() -> None:
    rows = _all_rows()
    assert rows
    seen = set()
    for row in rows:
        assert row["status"] in STATUSES, row
        assert row["source"].strip(), row
        assert 1900 <= int(row["year"]) <= 2100, row
        assert np.isfinite(float(row["value"])), row
        key = (row["name"], row["parameter"])
        assert key not in seen, f"duplicate {key}"
        seen.add(key)


def test_units_parse_and_convert_to_the_field_units(ureg: Ureg) -> None:
    for row in _rows():
        assert row["parameter"] in COST_PARAMETER_UNITS, row
        q = ureg.Quantity(float(row["value"]), row["unit"])
        q.to(COST_PARAMETER_UNITS[row["parameter"]])  # raises DimensionalityError when wrong


def test_every_cost_field_has_a_default(ureg: Ureg) -> None:
    values = _si_values(ureg)
    assert set(values) == set(COST_SECTIONS)
    # the sparing policy is the scenario's (fleet.sparing), not a cost default
    # and the downlink terminals are the network's (models.ground_segment), not a cost default
    scenario_decided = {"sparing_in_orbit", "hardware_failure_rate", "downlink_terminal_usd"}
    for section, cls in (("orbit-default", OrbitParameters), ("ground-default", GroundParameters)):
        fields = {f.name for f in dataclasses.fields(cls)} - scenario_decided
        assert fields == set(values[section]), section
    assert {"discount_rate", "horizon_years"} == set(values["finance-default"])


def test_trend_rows_reproduce_nasa_otps_2040(ureg: Ureg) -> None:
    launch = _si_values(ureg)["launch-default"]
    p2040 = trend_launch_price_usd_per_kg(
        2040.0,
        launch["trend_base_price_usd_per_kg"],
        launch["trend_base_year"],
        launch["trend_decline_fraction"],
        launch["trend_period_years"],
    )
    assert p2040 == pytest.approx(615.0, rel=0.005)  # NASA OTPS (2024) SBSP §5.2.2


def test_defaults_run_through_both_kernels(ureg: Ureg) -> None:
    """A 1,000-satellite constellation and its ground twin costed on the catalog defaults."""
    v = _si_values(ureg)
    fin = Finance(
        discount_rate=v["finance-default"]["discount_rate"],
        horizon_years=v["finance-default"]["horizon_years"],
    )
    orbit_params = OrbitParameters(**v["orbit-default"], sparing_in_orbit=0.0)  # fleet.sparing's default
    ground_params = GroundParameters(**v["ground-default"])
    launch = LaunchPlan(
        payload_kg=15_600.0,  # Falcon 9 reusable to LEO, parameters.md [S3]
        price_usd_per_kg=v["launch-default"]["price_usd_per_kg"],
        max_launches_per_year=v["launch-default"]["max_launches_per_year"],
    )
    design = OrbitDesign(
        n_satellites=1_000.0,
        accelerators_per_satellite=16.0,
        satellite_mass_kg=1_500.0,
        it_mass_kg=300.0,
        it_power_w=16 * 1_300.0,
        array_power_w=30_000.0,
        radiator_area_m2=60.0,
        battery_energy_wh=5_000.0,
        availability=0.9,
        ground_stations=10.0,
    )
    workload = Workload(peak_flops_per_accelerator=989.4e12, model_flops_utilization=0.4)
    o = orbit_costs(design, orbit_params, launch, workload, fin)
    g = ground_costs(
        GroundDesign(n_accelerators=16_000.0, it_power_w=16_000 * 1_300.0, availability=0.99),
        ground_params,
        workload,
        fin,
    )
    for res in (o, g):
        assert np.isfinite(res.usd_per_gpu_hour)
        assert res.usd_per_gpu_hour > 0.0
    # at today's ~$3,600/kg the ground is cheaper per GPU-hour (Suncatcher §2.4; SemiAnalysis via [S7])
    assert o.usd_per_gpu_hour > g.usd_per_gpu_hour
