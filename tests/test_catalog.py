"""The shipped catalog: well-formed, every value sourced, every unit understood, the issue's entries present."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

import skyrack
from skyrack.catalog import COLUMNS, KINDS, STATUSES
from skyrack.errors import SkyrackInputError
from skyrack.units import unit_registry

DATA = resources.files("skyrack.catalog") / "data"
CSV_FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".csv"))


def test_every_csv_is_a_known_kind() -> None:
    assert CSV_FILES, "no catalog data shipped"
    for name in CSV_FILES:
        assert name.removesuffix(".csv") in KINDS


@pytest.mark.parametrize("filename", CSV_FILES)
def test_rows_are_sourced_and_parse(filename: str) -> None:
    ureg = unit_registry()
    rows = list(csv.reader((DATA / filename).read_text(encoding="utf-8").splitlines()))
    assert tuple(rows[0]) == COLUMNS
    seen: set[tuple[str, str]] = set()
    for line_number, row in enumerate(rows[1:], start=2):
        assert len(row) == len(COLUMNS), f"{filename}:{line_number}"
        name, parameter, value, unit, source, year, status = row
        assert (name, parameter) not in seen, f"{filename}:{line_number} duplicate {name}.{parameter}"
        seen.add((name, parameter))
        assert source.strip(), f"{filename}:{line_number} has no source"
        assert status in STATUSES, f"{filename}:{line_number} status {status!r}"
        assert year.isdigit() and 1950 <= int(year) <= 2026, f"{filename}:{line_number} year {year!r}"
        if unit:
            float(value)
            ureg.Unit(unit)  # raises if pint cannot read it


def test_issue_entries_are_present() -> None:
    catalog = skyrack.default_catalog()
    vehicles = {
        "stoke-nova", "falcon9-reusable", "falcon9-expendable", "falcon9-rideshare", "falcon-heavy",
        "starship", "new-glenn", "electron", "neutron", "terran-r", "vulcan-vc6", "ariane-62", "ariane-64",
        "longshot",
    }  # fmt: skip
    assert vehicles <= set(catalog.names("launch_vehicles"))
    accelerators = {"h100-sxm", "b200", "gb200", "b300", "tpu-v6e", "tpu7x", "mi300x", "mi355x"}
    assert accelerators <= set(catalog.names("accelerators"))
    for kind in ("solar_cells", "coatings", "batteries", "ground_sites"):
        assert catalog.names(kind), kind
    for name in accelerators:
        assert catalog.entry("accelerators", name, "x").to("power", "W") > 0


@pytest.mark.parametrize(
    ("kind", "name", "parameter", "unit", "expected", "rel"),
    [
        # parameters.md §2: H100 SXM TDP 700 W; BF16 dense 989.4 TFLOPS (Klockwood [S38])
        ("accelerators", "h100-sxm", "power", "W", 700.0, 1e-9),
        ("accelerators", "h100-sxm", "bf16_dense", "TFLOPS", 989.4, 0.01),
        # parameters.md §2: TPU v6e BF16 918 TFLOPS (Google Cloud docs [S51])
        ("accelerators", "tpu-v6e", "bf16_dense", "TFLOPS", 918.0, 1e-9),
        # parameters.md §1: Falcon 9 expendable 22,800 kg to LEO (NASA/Jones ICES-2018-81)
        ("launch_vehicles", "falcon9-expendable", "payload_leo", "kg", 22800.0, 1e-9),
        # parameters.md §3: AZ-93 α 0.15, ε 0.91
        ("coatings", "az-93", "absorptivity", "", 0.15, 1e-9),
        ("coatings", "az-93", "emissivity", "", 0.91, 1e-9),
    ],
)
def test_catalog_values_match_the_sourced_reference(
    kind: str, name: str, parameter: str, unit: str, expected: float, rel: float
) -> None:
    value = skyrack.default_catalog().entry(kind, name, "x").to(parameter, unit)
    assert value == pytest.approx(expected, rel=rel)


def test_scenario_overrides_and_additions() -> None:
    catalog = skyrack.default_catalog().with_overrides(
        {"accelerators": {"tpu-v6e": {"power": "300 W"}, "my-chip": {"power": "0.45 kW", "vendor": "me"}}}
    )
    assert catalog.entry("accelerators", "tpu-v6e", "x").to("power", "W") == 300.0
    assert catalog.entry("accelerators", "tpu-v6e", "x").values["power"].status == "scenario"
    assert catalog.entry("accelerators", "my-chip", "x").to("power", "W") == 450.0
    # untouched values keep their source
    assert catalog.entry("accelerators", "tpu-v6e", "x").values["bf16_dense"].status != "scenario"


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(SkyrackInputError, match="did you mean 'starship'"):
        skyrack.default_catalog().entry("launch_vehicles", "starshp", "launch.vehicle")


def test_wrong_unit_in_override_is_reported() -> None:
    # refused when the override is applied (issue #12), not first when the value is used
    with pytest.raises(SkyrackInputError, match=r"catalog\.accelerators\.tpu-v6e\.power.*convertible to 'W'"):
        skyrack.default_catalog().with_overrides({"accelerators": {"tpu-v6e": {"power": "300 kg"}}})
