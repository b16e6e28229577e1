"""The dose and single-event rates along the orbit: the South Atlantic Anomaly (issue #13)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import skyrack
from skyrack.chain.simulate import simulate
from skyrack.models import Models
from skyrack.models.radiation import trapped_flux_map
from skyrack.physics.radiation import RAD_SI_GY

from .conftest import ECLIPSING, make_scenario

YEAR_S = 365.25 * 86400.0


def test_the_proton_map_peaks_over_the_south_atlantic() -> None:
    # The anomaly is named for where the inner belt dips lowest: over the South Atlantic, off Brazil. The map's
    # > 50 MeV proton peak at 550 km must lie there (10-45° S, 80-10° W), and outside it the AP8 flux is nil.
    grid = trapped_flux_map().at_altitude(550e3)[0]
    i, j = np.unravel_index(np.argmax(grid), grid.shape)
    lat, lon = -90 + 5 * i, -180 + 10 * j
    assert -45 <= lat <= -10 and -80 <= lon <= -10
    assert grid[(45 + 90) // 5, :].max() == 0.0  # 45° N, any longitude: no trapped protons > 50 MeV at 550 km


def test_the_dose_rate_along_the_orbit_shows_the_anomaly_and_keeps_its_mean() -> None:
    # 550 km, 53°: the SAA passes show as spikes of the recorded dose rate, tens of times its mean; over 30 days
    # the accumulated dose is the orbit mean's (the shape is normalised by the time mean over every node; a month
    # samples the nodes to within a few per cent).
    s = make_scenario(*ECLIPSING, 'scenario.duration="30 d"', "fleet.satellites=1", 'radiation.shielding="20 mm"')
    result = simulate(s)
    rate = np.asarray(result.satellites[0]["dose_rate_gy_per_s"], dtype=float)
    mean = Models(s).radiation.dose_rate_gy_per_s
    assert rate.max() > 20 * mean
    assert np.mean(rate < 0.5 * mean) > 0.5  # most of the time far from it
    d = result.to_dict()["radiation"]
    assert d["dose_at_end_rad"] == pytest.approx(mean / RAD_SI_GY * 30 * 86400, rel=0.05)
    assert d["dose_rate_max_rad_per_yr"] == pytest.approx(rate.max() / RAD_SI_GY * YEAR_S, rel=1e-5)  # float32 series


def test_single_events_come_in_the_anomaly() -> None:
    # Behind 20 mm the dose is the protons' (and cosmic rays'), so the single-event rate follows the recorded dose
    # rate. Events (SDC rate raised 50× for counts) must fall in the SAA steps in proportion to the rate there,
    # and their total must match the Poisson expectation of the local rate integrated along the track.
    s = make_scenario(*ECLIPSING, 'scenario.duration="30 d"', "fleet.satellites=1", 'radiation.shielding="20 mm"',
                      'catalog.radiation.tpu-v6e.silent_data_corruption_per_dose="2.9 /rad_Si"',
                      "workload.training=false")  # fmt: skip
    result = simulate(s)
    rad = Models(s).radiation
    assert rad.shape is not None and rad.budget is not None
    rate = np.asarray(result.satellites[0]["dose_rate_gy_per_s"], dtype=float)
    w_e = rad.shape.dose_weights[1]
    assert w_e < 0.02  # little left of the electrons behind 20 mm (their bremsstrahlung: < 1 %)
    faults = np.asarray(result.fleet["faults"], dtype=float)
    relative = rate / rad.dose_rate_gy_per_s  # local over mean: the single-event multiplier (up to w_e)
    dt = 60.0
    sdc = rad.rates.per_slot_per_s[0] * 16  # SDC per satellite per second at the mean rate
    others = float(np.sum(rad.rates.per_slot_per_s[1:4] * rad.rates.slots(16)[1:4]))
    expected = (sdc + others) * float(np.sum(relative)) * dt
    total = faults.sum()
    assert abs(total - expected) < 4 * math.sqrt(expected)
    hot = relative > 5.0
    share = float(np.sum(relative[hot]) / np.sum(relative))
    got = float(faults[hot].sum() / total)
    assert got == pytest.approx(share, abs=4 * math.sqrt(share * (1 - share) / total))
    assert share > 0.5  # most single events of this orbit come in the anomaly


def test_training_can_be_kept_out_of_the_anomaly() -> None:
    base = [*ECLIPSING, 'scenario.duration="2 d"', "fleet.satellites=1"]
    free = simulate(make_scenario(*base)).to_dict()
    kept = simulate(make_scenario(*base, "simulation.saa_pause_training_above=3")).to_dict()
    paused = kept["radiation"]["saa_training_paused_hours"]
    assert free["radiation"]["saa_training_paused_hours"] == 0.0
    assert 0.1 < paused < 12.0  # a few minutes in each of the day's anomaly passes
    lost = free["compute"]["training_gpu_hours"] - kept["compute"]["training_gpu_hours"]
    assert lost == pytest.approx(paused * 16, rel=0.02)  # 16 accelerators idle while paused


def test_a_given_dose_rate_is_even_along_the_orbit() -> None:
    s = make_scenario(
        *ECLIPSING, 'scenario.duration="1 d"', "fleet.satellites=1", 'radiation.dose_rate="150 rad_Si/yr"'
    )
    assert Models(s).radiation.shape is None
    rate = np.asarray(simulate(s).satellites[0]["dose_rate_gy_per_s"], dtype=float)
    assert np.allclose(rate, 150 * RAD_SI_GY / YEAR_S, rtol=1e-6)
    assert skyrack.design(s).satellite.dose_by_source_rad_per_year == {}
