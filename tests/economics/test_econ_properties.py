"""Hypothesis property tests: monotonicity, positivity and vectorised = scalar loop."""

from __future__ import annotations

import numpy as np
from _econ_fixtures import (
    typical_ground_design,
    typical_ground_parameters,
    typical_launch,
    typical_orbit_design,
    typical_orbit_parameters,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from skyrack.economics import Finance, Workload, ground_costs, orbit_costs

prices = st.floats(min_value=10.0, max_value=20_000.0, allow_nan=False)


@given(p1=prices, p2=prices, rate=st.floats(min_value=0.0, max_value=0.15))
@settings(max_examples=60, deadline=None)
def test_orbit_cost_monotonic_in_launch_price(p1: float, p2: float, rate: float) -> None:
    lo, hi = sorted((p1, p2))
    fin = Finance(discount_rate=rate, horizon_years=10.0)
    w = Workload(989.4e12, 0.4)
    res = orbit_costs(
        typical_orbit_design(),
        typical_orbit_parameters(),
        typical_launch(price_usd_per_kg=np.array([lo, hi])),
        w,
        fin,
    )
    assert res.usd_per_gpu_hour[0] <= res.usd_per_gpu_hour[1] * (1 + 1e-12)
    assert res.capex_usd[0] <= res.capex_usd[1] * (1 + 1e-12)


@given(
    n_sat=st.integers(min_value=1, max_value=2_000),
    price=prices,
    rate=st.floats(min_value=0.0, max_value=0.2),
    horizon=st.floats(min_value=1.0, max_value=25.0),
    availability=st.floats(min_value=0.05, max_value=1.0),
    failure=st.floats(min_value=0.0, max_value=0.2),
    cadence=st.floats(min_value=1.0, max_value=200.0),
    elec=st.floats(min_value=0.01, max_value=0.5),
    build=st.floats(min_value=0.0, max_value=0.9),
)
@settings(max_examples=60, deadline=None)
def test_levelised_cost_positive(
    n_sat: int,
    price: float,
    rate: float,
    horizon: float,
    availability: float,
    failure: float,
    cadence: float,
    elec: float,
    build: float,
) -> None:
    fin = Finance(discount_rate=rate, horizon_years=horizon)
    w = Workload(989.4e12, 0.4)
    o = orbit_costs(
        typical_orbit_design(n_satellites=float(n_sat), availability=availability),
        typical_orbit_parameters(annual_failure_rate=failure),
        typical_launch(price_usd_per_kg=price, max_launches_per_year=cadence),
        w,
        fin,
    )
    # build time below one year, so the ground twin always runs within a >= 1 yr horizon
    g = ground_costs(
        typical_ground_design(availability=availability),
        typical_ground_parameters(electricity_usd_per_kwh=elec, time_to_build_years=build),
        w,
        fin,
    )
    for res in (o, g):
        assert res.usd_per_gpu_hour > 0.0
        assert res.usd_per_mwh_it > 0.0
        assert res.usd_per_eflop > 0.0


@st.composite
def sample_sets(draw: st.DrawFn) -> dict[str, np.ndarray]:
    n = draw(st.integers(min_value=1, max_value=6))

    def col(lo: float, hi: float) -> np.ndarray:
        return np.array(draw(st.lists(st.floats(lo, hi), min_size=n, max_size=n)))

    return {
        "price": col(50.0, 10_000.0),
        "lr": col(0.0, 0.3),
        "rate": col(0.0, 0.15),
        "horizon": col(1.0, 15.0),
        "n_sat": np.floor(col(1.0, 500.0)),
        "mass": col(200.0, 8_000.0),
        "life": col(2.0, 10.0),
        "failure": col(0.0, 0.1),
        "cadence": col(1.0, 100.0),
        "elec": col(0.02, 0.3),
        "pue": col(1.05, 2.0),
        "build": col(0.0, 3.0),
    }


def _evaluate(s: dict[str, np.ndarray], i: int | None) -> tuple[np.ndarray, np.ndarray]:
    def v(name: str) -> np.ndarray:
        return s[name] if i is None else s[name][i]

    fin = Finance(discount_rate=v("rate"), horizon_years=v("horizon"))
    w = Workload(989.4e12, 0.4)
    o = orbit_costs(
        typical_orbit_design(n_satellites=v("n_sat"), satellite_mass_kg=v("mass")),
        typical_orbit_parameters(design_life_years=v("life"), annual_failure_rate=v("failure")),
        typical_launch(
            price_usd_per_kg=v("price"),
            learning_rate=v("lr"),
            reference_cumulative_mass_kg=2e6,
            industry_mass_kg_per_year=5e5,
            max_launches_per_year=v("cadence"),
        ),
        w,
        fin,
    )
    g = ground_costs(
        typical_ground_design(),
        typical_ground_parameters(electricity_usd_per_kwh=v("elec"), pue=v("pue"), time_to_build_years=v("build")),
        w,
        fin,
    )
    return o.usd_per_gpu_hour, g.usd_per_gpu_hour


@given(s=sample_sets())
@settings(max_examples=40, deadline=None)
def test_vectorised_equals_scalar_loop(s: dict[str, np.ndarray]) -> None:
    vec_o, vec_g = _evaluate(s, None)
    n = len(s["price"])
    loop = [_evaluate(s, i) for i in range(n)]
    np.testing.assert_allclose(vec_o, [o for o, _ in loop], rtol=1e-10, equal_nan=True)
    np.testing.assert_allclose(vec_g, [g for _, g in loop], rtol=1e-10, equal_nan=True)
