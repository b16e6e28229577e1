"""Radiation: the AP8/AE8 dose table against SPENVIS and published points, Poisson fault counts, total-dose failures, determinism."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import poisson

import skyrack
from skyrack.chain.simulate import simulate
from skyrack.chain.simulate.engine import prepare
from skyrack.errors import SkyrackInputError
from skyrack.models import Models
from skyrack.models.radiation import dose_table, trapped_dose_table
from skyrack.physics.radiation import RAD_SI_GY, TrappedDose

from .conftest import make_scenario

YEAR_S = 365.25 * 86400.0
SUNCATCHER = Path(__file__).resolve().parents[2] / "examples" / "suncatcher.toml"


def _rad_per_yr(gy_per_s: float) -> float:
    return gy_per_s / RAD_SI_GY * YEAR_S


def _trapped(alt_km: float, inc_deg: float, mm: float, solar_max_weight: float) -> TrappedDose:
    return trapped_dose_table().dose_rad_per_year(alt_km * 1e3, math.radians(inc_deg), mm * 1e-3, solar_max_weight)


# SPENVIS 4.6.11, SHIELDOSE-2 at the centre of Al spheres, Si, AP-8 MIN: trapped-proton dose over 5 years at
# 550 km (Pfandzelter & Bermbach, LEO-NET '23, github.com/pfandzelter/leo-edge-failure-models,
# compute-failure/results/<inclination>.txt), divided by 5 → rad(Si)/yr; keyed (inclination°, mm Al).
SPENVIS_550KM_PROTON = {
    (30, 5): 285.6,
    (30, 10): 238.4,
    (30, 20): 181.5,
    (50, 5): 221.7,
    (50, 10): 173.7,
    (50, 20): 126.0,
    (95, 5): 136.7,
    (95, 10): 108.5,
    (95, 20): 79.3,
}
# the same runs' trapped electrons behind 1 mm (AE-8, the README's "solar maximum")
SPENVIS_550KM_ELECTRON_1MM = {30: 524.4, 50: 3276.8, 95: 5816.2}


@pytest.mark.parametrize(("inc", "mm"), sorted(SPENVIS_550KM_PROTON))
def test_trapped_protons_agree_with_spenvis(inc: int, mm: int) -> None:
    # Same models (AP8 MIN, SHIELDOSE-2, Al spheres, Si) run independently; they differ in the field epoch
    # (IGRF 2023.0 against 2024.5), the orbit sampling (SPENVIS: a 30-day trajectory; here every node) and the
    # table's interpolation (≤ 4 %, design/trapped_dose_table.py): the measured spread is −10 … +13 %, so 20 %.
    got = _trapped(550, inc, mm, 0.0).proton_rad_per_year
    assert got == pytest.approx(SPENVIS_550KM_PROTON[(inc, mm)], rel=0.20)


@pytest.mark.parametrize("inc", sorted(SPENVIS_550KM_ELECTRON_1MM))
def test_trapped_electrons_agree_with_spenvis_within_the_models_spread(inc: int) -> None:
    # AE8 at low altitude depends strongly on the field used for its horns, and the SPENVIS run's electron
    # model phase is ambiguous (its README says "solar maximum (AE8-MIN)"): within a factor of 3 at either phase.
    ref = SPENVIS_550KM_ELECTRON_1MM[inc]
    got = [_trapped(550, inc, 1, w).electron_rad_per_year for w in (0.0, 1.0)]
    assert any(ref / 3 <= g <= ref * 3 for g in got), (got, ref)


def test_dose_meets_the_published_points() -> None:
    rows = {r.name: r for r in dose_table(skyrack.default_catalog())}
    gcr = 91.1e-6 * 100 * 365.25  # R3DE galactic cosmic rays at the ISS orbit, µGy/d → rad/yr (catalog gcr-iss)
    # Suncatcher (arXiv 2511.19468): ~150 rad(Si)/yr "for the target sun-synchronous LEO" behind ~10 mm Al,
    # protons and GCRs; at moderate activity 145 + 3 rad/yr here. 20 %: AP8's own uncertainty is a factor ~2.
    sso = rows["dose-suncatcher-650km-sso"]
    got = _trapped(650, math.degrees(sso.inclination_rad), 10, 0.5).total_rad_per_year + gcr
    assert got == pytest.approx(_rad_per_yr(sso.dose_rate_gy_per_s), rel=0.20)
    # Barrett's AP8 figures behind a 4 mm hull (1996): 170 rad/yr at 500 km, 28.5°; 150 at 400 km, 52°.
    # Between solar minimum and maximum the table spans 152-256 and 118-146 rad/yr: 30 % at moderate activity.
    for name, alt, inc in (("dose-barrett-500km-28deg-4mm", 500, 28.5), ("dose-barrett-400km-52deg-4mm", 400, 52)):
        ref = _rad_per_yr(rows[name].dose_rate_gy_per_s)
        assert _trapped(alt, inc, 4, 0.5).total_rad_per_year == pytest.approx(ref, rel=0.30)


def test_dose_inside_the_iss_agrees_with_its_dosimeters() -> None:
    # Kibo's pressurised module, 2015-2018 (declining phase into the minimum, ISS near 400 km, 51.6°): 82 ± 1 mGy/yr
    # from passive dosimeters; their simulation puts ~26 g/cm² of shielding between the module and the exposed
    # facility (Kodaira et al., Astrobiology 21(12), 2021) — about 96 mm of Al. Trapped dose at moderate activity
    # plus the cosmic rays (R3DE, 91.1 µGy/d): within a factor of 1.5, for the module's uneven shielding, the
    # dosimeters' own material against Si, and AP8's factor-of-2 uncertainty.
    gcr = 91.1e-6 * 100 * 365.25
    got = _trapped(400, 51.6, 96, 0.5).total_rad_per_year + gcr
    measured = 82e-3 * 100  # 82 mGy/yr → rad/yr
    assert measured / 1.5 < got < measured * 1.5


def test_dose_follows_the_solar_cycle_and_altitude() -> None:
    # Mir (400 km, 51.6°): crew dose rates ~450 µGy/d at solar minimum and "approximately half this value" at
    # maximum (Badhwar et al., Radiat. Meas. 35, 2002): the atmosphere, denser at maximum, sweeps the SAA's
    # protons. Behind heavy shielding the table's minimum/maximum ratio must fall in 1.3-2.5.
    low, high = (_trapped(400, 51.6, 20, w).total_rad_per_year for w in (0.0, 1.0))
    assert 1.3 <= low / high <= 2.5
    # Closer to the inner belt, more dose (10 mm, polar), up to the top of the table
    doses = [_trapped(alt, 90, 10, 0.5).total_rad_per_year for alt in (400, 650, 800, 1000, 1400, 2000)]
    assert all(a < b for a, b in itertools.pairwise(doses))
    # Thicker shielding, less dose (550 km, 50°)
    depths = [_trapped(550, 50, mm, 0.5).total_rad_per_year for mm in (0.5, 1, 2, 5, 10, 20, 30, 50, 100)]
    assert all(a > b for a, b in itertools.pairwise(depths))


def test_dose_table_refuses_outside_its_range() -> None:
    with pytest.raises(SkyrackInputError, match=r"orbit\.altitude.*300–2000 km.*radiation\.dose_rate"):
        _trapped(2500, 90, 10, 0.5)
    with pytest.raises(SkyrackInputError, match=r"radiation\.shielding.*0\.5–100 mm"):
        _trapped(650, 98, 150, 0.5)
    # an 800 km orbit, refused before the table existed (issue #13), now has its dose
    s = make_scenario('orbit.altitude="800 km"', 'scenario.duration="1 h"', "fleet.satellites=1")
    design = skyrack.design(s)
    assert 150 < design.satellite.dose_rate_rad_per_year < 600


def test_single_events_follow_the_protons_not_the_electrons() -> None:
    # Behind 1 mm at 800 km polar, trapped electrons dominate the dose; the per-rad beam-test rates (67 MeV
    # protons) apply to the proton, cosmic-ray and solar-event part only.
    s = make_scenario('orbit.altitude="800 km"', 'radiation.shielding="1 mm"', 'scenario.duration="1 h"')
    rad = Models(s).radiation
    assert rad.budget is not None
    assert rad.budget.trapped_electron > rad.budget.trapped_proton
    sdc_per_rad = (
        skyrack.default_catalog()
        .entry("radiation", "default-accelerator", "x")
        .to("silent_data_corruption_per_dose", "1/rad_Si")
    )
    expected = sdc_per_rad * rad.budget.single_event / YEAR_S
    assert rad.rates.per_slot_per_s[0] == pytest.approx(expected, rel=1e-12)
    assert rad.dose_rate_rad_per_year == pytest.approx(rad.budget.total, rel=1e-12)


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
