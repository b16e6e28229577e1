"""Launch price models and logistics against closed forms and conservation of satellites."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skyrack.economics import (
    cumulative_launches,
    launch_price_by_year_usd_per_kg,
    launch_schedule,
    launches_needed,
    payload_to_orbit_kg,
    satellites_per_launch,
    wright_launch_price_usd_per_kg,
)


@given(
    lr=st.floats(min_value=0.0, max_value=0.5),
    doublings=st.integers(min_value=0, max_value=8),
    p0=st.floats(min_value=10.0, max_value=1e5),
)
@settings(max_examples=80, deadline=None)
def test_wright_doubling_multiplies_price_by_one_minus_lr(lr: float, doublings: int, p0: float) -> None:
    # Wright (1936): each doubling of cumulative quantity multiplies unit cost by (1 - LR)
    m0 = 1.0e6
    got = wright_launch_price_usd_per_kg(p0, m0 * 2.0**doublings, m0, lr)
    assert got == pytest.approx(p0 * (1.0 - lr) ** doublings, rel=1e-9)


def test_wright_reference_point_and_no_learning() -> None:
    assert wright_launch_price_usd_per_kg(3600.0, 5e6, 5e6, 0.2) == pytest.approx(3600.0)
    assert wright_launch_price_usd_per_kg(3600.0, 9e9, 5e6, 0.0) == pytest.approx(3600.0)
    # a fixed price needs no reference mass at all
    assert launch_price_by_year_usd_per_kg(3600.0, 7.0) == pytest.approx(3600.0)


def test_learning_and_trend_combine() -> None:
    got = launch_price_by_year_usd_per_kg(
        1000.0,
        2.0,
        annual_change_fraction=-0.1,
        learning_rate=0.2,
        reference_cumulative_mass_kg=1e6,
        added_cumulative_mass_kg=1e6,
    )
    assert got == pytest.approx(1000.0 * 0.9**2 * 0.8)


def test_payload_to_orbit_sso() -> None:
    leo = np.array([10_350.0, 22_800.0, 22_800.0])
    sso = np.array([7_200.0, np.nan, np.nan])
    got = payload_to_orbit_kg(leo, sso, 0.70, np.array([True, True, False]))
    np.testing.assert_allclose(got, [7_200.0, 0.70 * 22_800.0, 22_800.0])


def test_satellites_per_launch_mass_and_volume_limits() -> None:
    assert satellites_per_launch(15_600.0, 575.0) == 27.0  # floor(27.13)
    assert satellites_per_launch(1150.0, 575.0) == 2.0  # exact multiple is not rounded down
    assert satellites_per_launch(15_600.0, 575.0, 100.0, 5.0) == 20.0  # volume-limited
    assert satellites_per_launch(500.0, 575.0) == 0.0
    assert launches_needed(60.0, 20.0) == 3.0
    assert launches_needed(61.0, 20.0) == 4.0
    assert np.isnan(launches_needed(10.0, 0.0))  # infeasible -> NaN, not an exception


def test_cumulative_launches_ramp() -> None:
    t = np.array([0.0, 1.0, 2.0, 2.5, 3.0])
    np.testing.assert_allclose(cumulative_launches(t, 10.0, 4.0), [0.0, 4.0, 8.0, 10.0, 10.0])
    np.testing.assert_allclose(cumulative_launches(t, 10.0, np.inf), [0.0, 10.0, 10.0, 10.0, 10.0])


def test_deployment_timeline_by_year() -> None:
    s = launch_schedule(200.0, 1000.0, 20_000.0, 4.0, np.inf, 0.0, 6.0)
    assert s.satellites_per_launch == 20.0
    assert s.initial_launches == 10.0
    assert s.deployment_years == pytest.approx(2.5)
    np.testing.assert_allclose(s.launches_initial, [4.0, 4.0, 2.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(s.satellites_initial.sum(), 200.0)
    # satellite-years: ramp integral 200 * (2.5/2) over deployment, then 200 per year
    np.testing.assert_allclose(s.satellite_years.sum(), 200.0 * (6.0 - 2.5) + 200.0 * 2.5 / 2.0)


def test_end_of_life_block_replacement() -> None:
    # instant deployment at t=0, 5-year life: refresh at t=5 only for H=10, at 5 and 10 for H=10.5
    s10 = launch_schedule(100.0, 100.0, 1_000.0, np.inf, 5.0, 0.0, 10.0)
    assert s10.satellites_end_of_life.sum() == pytest.approx(100.0)
    assert s10.satellites_end_of_life[5] == pytest.approx(100.0)
    s105 = launch_schedule(100.0, 100.0, 1_000.0, np.inf, 5.0, 0.0, 10.5)
    assert s105.satellites_end_of_life.sum() == pytest.approx(200.0)
    assert s105.launches_end_of_life.sum() == pytest.approx(20.0)


def test_failure_replacements_are_poisson_rate_times_exposure() -> None:
    # constant hazard 0.1/yr, 50 satellites for 10 years, no ageing: expected 0.1 * 50 * 10 = 50
    s = launch_schedule(50.0, 100.0, 1_000.0, np.inf, np.inf, 0.1, 10.0)
    assert s.satellites_failures.sum() == pytest.approx(50.0)
    assert s.launches_failures.sum() == pytest.approx(5.0)
    assert s.satellites_end_of_life.sum() == 0.0


@given(
    n=st.integers(min_value=1, max_value=500),
    mass=st.floats(min_value=50.0, max_value=5_000.0),
    cadence=st.floats(min_value=0.5, max_value=50.0),
    life=st.floats(min_value=1.0, max_value=12.0),
    rate=st.floats(min_value=0.0, max_value=0.2),
    horizon=st.floats(min_value=1.0, max_value=20.0),
)
@settings(max_examples=60, deadline=None)
def test_schedule_conservation(n: int, mass: float, cadence: float, life: float, rate: float, horizon: float) -> None:
    s = launch_schedule(float(n), mass, 20_000.0, cadence, life, rate, horizon)
    spl = float(s.satellites_per_launch)
    assert spl * mass <= 20_000.0 + 1e-6
    assert float(s.initial_launches) * spl >= n
    # satellites launched = launches x average fill, for every reason and year
    fill = n / float(s.initial_launches)
    np.testing.assert_allclose(s.satellites_initial, s.launches_initial * fill, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(s.satellites_end_of_life, s.launches_end_of_life * fill, rtol=1e-9, atol=1e-9)
    # never more initial satellites than the fleet; satellite-years bounded by fleet x horizon
    assert s.satellites_initial.sum() <= n * (1 + 1e-9)
    assert s.satellite_years.sum() <= n * horizon * (1 + 1e-9)
    assert np.all(s.launches >= -1e-12)


def test_schedule_vectorises_over_samples() -> None:
    n = np.array([10.0, 100.0, 1000.0])
    s = launch_schedule(n, 500.0, 10_000.0, np.array([1.0, 5.0, 50.0]), 5.0, 0.05, np.array([3.0, 7.5, 12.0]))
    assert s.launches.shape == (3, 12)
    for i in range(3):
        si = launch_schedule(n[i], 500.0, 10_000.0, [1.0, 5.0, 50.0][i], 5.0, 0.05, [3.0, 7.5, 12.0][i])
        k = si.launches.shape[-1]
        np.testing.assert_allclose(s.launches[i, :k], si.launches, rtol=1e-12)
        np.testing.assert_allclose(s.launches[i, k:], 0.0)
