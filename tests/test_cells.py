"""Issue #13 (materials): a scenario's solar cell comes from the catalog with its own family's figures.

The Suncatcher example's 22 % silicon cells used to carry a GaAs triple junction's −0.21 %/K and α 0.88; now the
cell's catalog row sets them unless the scenario gives its own. Expected values are read from the CSV here, not
from the code that uses them.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

import skyrack
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.models import build_models

SUNCATCHER = Path(__file__).resolve().parents[1] / "examples" / "suncatcher.toml"


def _cell_rows(name: str) -> dict[str, float]:
    text = resources.files("skyrack.catalog").joinpath("data/solar_cells.csv").read_text(encoding="utf-8")
    return {r["parameter"]: float(r["value"]) for r in csv.DictReader(text.splitlines())
            if r["name"] == name and r["parameter"] != "description"}  # fmt: skip


def test_the_catalog_cell_sets_its_family_figures() -> None:
    si = _cell_rows("modern-silicon")
    power = build_models(skyrack.load_scenario(SUNCATCHER)).satellite.power
    assert power.cell_temperature_coefficient_per_k == pytest.approx(si["temperature_coefficient"])  # −0.32 %/K
    assert (power.array_absorptivity, power.array_emissivity) == (si["absorptivity"], si["emissivity"])
    assert power.cell_efficiency == 0.22  # the file's own value beats the catalog's
    # silicon loses more power per kelvin than GaAs: a hotter array gives less
    gaas = build_models(skyrack.load_scenario(SUNCATCHER, ['satellite.power.cell="spectrolab-xtj-prime"']))
    assert gaas.satellite.power.cell_temperature_coefficient_per_k == pytest.approx(
        _cell_rows("spectrolab-xtj-prime")["temperature_coefficient"]
    )


def test_scenario_keys_beat_the_cell_and_a_cell_can_give_the_efficiency() -> None:
    given = build_models(skyrack.load_scenario(SUNCATCHER, ['simulation.cell_temperature_coefficient="-0.004 /K"',
                                                            "simulation.array_absorptivity=0.9"]))  # fmt: skip
    assert given.satellite.power.cell_temperature_coefficient_per_k == pytest.approx(-0.004)
    assert given.satellite.power.array_absorptivity == 0.9
    data = skyrack.scenario.read_scenario_toml(SUNCATCHER)
    del data["satellite"]["power"]["cell_efficiency"]
    from_cell = build_models(skyrack.scenario_from_dict(data)).satellite.power
    assert from_cell.cell_efficiency == _cell_rows("modern-silicon")["efficiency"]
    data["satellite"]["power"].pop("cell")
    with pytest.raises((SkyrackInputError, SkyrackInputErrors), match="cell_efficiency"):
        skyrack.scenario_from_dict(data)
    with pytest.raises((SkyrackInputError, SkyrackInputErrors), match=r"satellite\.power\.cell"):
        skyrack.load_scenario(SUNCATCHER, ['satellite.power.cell="no-such-cell"'])
