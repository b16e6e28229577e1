"""Radiation: the sourced dose table, Poisson fault counts, total-dose failures, determinism."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import poisson

import skyrack
from skyrack.chain.simulate import simulate
from skyrack.chain.simulate.engine import prepare
from skyrack.errors import SkyrackInputError
from skyrack.models.radiation import dose_table
from skyrack.physics.radiation import RAD_SI_GY, interpolate_dose_rate_gy_per_s

from .conftest import make_scenario

YEAR_S = 365.25 * 86400.0
SUNCATCHER = Path(__file__).resolve().parents[2] / "examples" / "suncatcher.toml"


def _rad_per_yr(gy_per_s: float) -> float:
    return gy_per_s / RAD_SI_GY * YEAR_S


def test_dose_table_reproduces_its_sources() -> None:
    rows = dose_table(skyrack.default_catalog())
    # Suncatcher (arXiv 2511.19468): ~150 rad(Si)/yr at 650 km SSO behind ~10 mm Al
    sso = interpolate_dose_rate_gy_per_s(rows, 650e3, math.radians(97.99), 10e-3)
    assert _rad_per_yr(sso) == pytest.approx(150.0, rel=1e-6)
    # Barrett "Orbital Rads" (AP8): 170 rad/yr at 500 km, 28.5°, 4 mm Al; 150 at 400 km, 52°
    assert _rad_per_yr(interpolate_dose_rate_gy_per_s(rows, 500e3, math.radians(28.5), 4e-3)) == pytest.approx(170)
    assert _rad_per_yr(interpolate_dose_rate_gy_per_s(rows, 400e3, math.radians(52), 4e-3)) == pytest.approx(150)
    # between 0 and 4 mm the dose falls log-linearly from the unshielded 17 krad/yr to 170 rad/yr
    two_mm = _rad_per_yr(interpolate_dose_rate_gy_per_s(rows, 500e3, math.radians(28.5), 2e-3))
    assert two_mm == pytest.approx(math.sqrt(17000 * 170), rel=1e-6)


def test_dose_interpolation_stays_within_the_data_and_refuses_outside() -> None:
    rows = dose_table(skyrack.default_catalog())
    for alt_km in (350, 450, 550, 600):
        for inc in (0, 45, 70, 98):
            d = _rad_per_yr(interpolate_dose_rate_gy_per_s(rows, alt_km * 1e3, math.radians(inc), 10e-3))
            assert 150.0 - 1e-6 <= d <= 170.0 + 1e-6  # IDW never leaves the range of the table
    # above the table (the inner belt's steep rise, parameters.md): no invented number
    with pytest.raises(SkyrackInputError, match=r"radiation\.dose_rate"):
        interpolate_dose_rate_gy_per_s(rows, 1000e3, math.radians(98), 10e-3)
    # thinner than any row of the orbits that have only thick rows: falls back on those with thin rows
    thin = _rad_per_yr(interpolate_dose_rate_gy_per_s(rows, 500e3, math.radians(28.5), 1e-3))
    assert thin > 170.0


def test_scenario_dose_rate_overrides_the_table() -> None:
    s = make_scenario('scenario.duration="1 h"', "fleet.satellites=1", 'radiation.dose_rate="1 krad_Si/yr"')
    setup = prepare(s, skyrack.design(s))
    assert _rad_per_yr(setup.dose_rate_gy_per_s) == pytest.approx(1000.0 * 365.25 / 365.25, rel=1e-3)


def test_fault_counts_agree_with_poisson_expectation() -> None:
    # Single-event effects are Poisson processes with the per-rad rates of Suncatcher's Trillium beam tests
    # (radiation catalog); counts over 200 satellites × 1 day at a high dose rate must fall inside the
    # central 99.9% Poisson interval of their expectation λ × exposure (each of 5 kinds; family ≥ 99.5%).
    dose = "36525 rad_Si/yr"  # 100 rad/day: thousands of events, still far below the 15 krad tolerance
    s = make_scenario(
        'scenario.duration="1 d"',
        "fleet.satellites=200",
        f'radiation.dose_rate="{dose}"',
        'radiation.permanent_failure_rate="2 /yr"',
        "simulation.record_satellites=[]",
        "workload.training=false",
    )
    design = skyrack.design(s)
    setup = prepare(s, design)
    result = simulate(s, design)
    faults = result.to_dict()["faults"]
    dt = setup.dt_s
    chip_exposure_s = float(np.sum(result.fleet["accelerators_alive"].astype(np.float64))) * dt
    hosts = 200 * math.ceil(setup.accelerators / setup.fault_rates.accelerators_per_host)
    rates = setup.fault_rates.per_slot_per_s
    expected = {
        "silent_data_corruption": rates[0] * chip_exposure_s,
        "hbm_uncorrectable": rates[1] * chip_exposure_s,
        "functional_interrupt": rates[2] * chip_exposure_s,
        "host_crash": rates[3] * hosts * setup.steps * dt,
        "permanent_failures": rates[4] * chip_exposure_s,
    }
    # the per-rad rates themselves: 1/44 (HBM UE), 1/17.2 (SDC), 1/5000 (SEFI), 1/450 (host) per rad(Si)
    rad_per_s = 100.0 / 86400.0
    assert rates[1] == pytest.approx(rad_per_s / 44.0, rel=1e-4)
    assert rates[0] == pytest.approx(rad_per_s / 17.2, rel=1e-3)
    for kind, mean in expected.items():
        lo, hi = poisson.interval(0.999, mean)
        assert lo <= faults[kind] <= hi, (kind, faults[kind], mean)
    assert faults["accelerators_failed"] == faults["permanent_failures"]


def test_total_dose_beyond_tolerance_fails_the_accelerators() -> None:
    # Accumulated dose against the TID tolerance: at 1 krad/day a 2.5 krad tolerance is crossed on day 3.
    s = make_scenario(
        'scenario.duration="3 d"',
        "fleet.satellites=2",
        'radiation.dose_rate="365.25 krad_Si/yr"',
        'radiation.tid_tolerance="2.5 krad_Si"',
        'radiation.permanent_failure_rate="0 /yr"',
    )
    result = simulate(s)
    d = result.to_dict()
    assert d["faults"]["tid_failures"] == 2 * 16
    assert d["compute"]["accelerators_alive_at_end"] == 0
    alive = result.fleet["accelerators_alive"]
    t_fail = result.t_s[np.argmax(alive == 0)]
    assert t_fail / 86400.0 == pytest.approx(2.5, abs=1 / 1440 * 1.01)


def test_simulation_is_deterministic_for_a_seed() -> None:
    args = ('scenario.duration="6 h"', "fleet.satellites=20", 'radiation.dose_rate="20 krad_Si/yr"')
    a = simulate(make_scenario(*args)).to_dict()
    b = simulate(make_scenario(*args)).to_dict()
    c = simulate(make_scenario(*args, "scenario.seed=7")).to_dict()
    assert a == b
    assert a["faults"] != c["faults"]


def test_host_events_include_host_ram_interrupts() -> None:
    # Issue #13 (beam-test rates completed): Suncatcher's Trillium beam test (arXiv 2511.19468) found host CPU
    # crashes 1 per 450 rad(Si) and host RAM functional interrupts 1 per 400; both restart the host. At 150 rad/yr
    # that is 150 / 450 + 150 / 400 = 0.708 host events per host-year (0.333 with the CPU alone).
    from skyrack.models import build_models

    scenario = skyrack.load_scenario(SUNCATCHER, ['radiation.dose_rate="150 rad_Si/yr"'])
    rates = build_models(scenario).radiation.rates.per_slot_per_s
    per_host_year = float(rates[3]) * 365.25 * 86400.0
    assert per_host_year == pytest.approx(150.0 / 450.0 + 150.0 / 400.0, rel=1e-4)  # catalog rows to 5 digits
