"""Finance kernels against closed forms and explicit sums."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skyrack.economics import (
    annuity_factor,
    book_value,
    discount_factor,
    levelized_cost,
    npv,
    present_value,
    present_value_level,
    straight_line_depreciation,
)

rates = st.floats(min_value=0.0, max_value=0.3, allow_nan=False)
years = st.integers(min_value=1, max_value=40)


@given(rate=rates, n=years)
@settings(max_examples=60, deadline=None)
def test_annuity_repays_principal(rate: float, n: int) -> None:
    # closed form: the PV of n end-of-year payments A(r, n) is exactly 1
    a = annuity_factor(rate, n)
    pv = sum(a / (1.0 + rate) ** k for k in range(1, n + 1))
    assert pv == pytest.approx(1.0, rel=1e-9)


def test_annuity_zero_rate_limit() -> None:
    assert annuity_factor(0.0, 8.0) == pytest.approx(1.0 / 8.0)
    assert annuity_factor(1e-14, 8.0) == pytest.approx(1.0 / 8.0)


@given(rate=rates, n=years, start=st.integers(min_value=0, max_value=5))
@settings(max_examples=60, deadline=None)
def test_present_value_level_equals_explicit_sum(rate: float, n: int, start: int) -> None:
    explicit = sum(100.0 / (1.0 + rate) ** (start + k) for k in range(1, n + 1))
    assert present_value_level(100.0, rate, n, start) == pytest.approx(explicit, rel=1e-9)


def test_npv_matches_explicit_sum_and_broadcasts() -> None:
    flows = np.array([[-100.0, 30.0, 40.0, 50.0], [-10.0, 0.0, 0.0, 20.0]])
    rates_ = np.array([0.05, 0.10])
    got = npv(rates_, flows)
    want = [sum(f / (1 + r) ** k for k, f in enumerate(row)) for r, row in zip(rates_, flows, strict=True)]
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert got.shape == (2,)


def test_present_value_time_varying() -> None:
    t = np.array([0.5, 1.5, 2.5])
    c = np.array([10.0, 20.0, 30.0])
    assert present_value(c, 0.08, t) == pytest.approx(float(np.sum(c * 1.08**-t)), rel=1e-12)
    assert discount_factor(0.08, 2.5) == pytest.approx(1.08**-2.5)


def test_levelized_cost_of_constant_ratio_is_the_ratio() -> None:
    t = np.arange(10) + 0.5
    assert levelized_cost(np.full(10, 50.0), np.full(10, 2.0), 0.07, t) == pytest.approx(25.0)


def test_levelized_cost_nan_without_output() -> None:
    assert np.isnan(levelized_cost([1.0, 1.0], [0.0, 0.0], 0.05, [0.5, 1.5]))


def test_straight_line_depreciation_and_book_value() -> None:
    assert straight_line_depreciation(1000.0, 5.0, 100.0) == pytest.approx(180.0)
    ages = np.array([-1.0, 0.0, 2.5, 5.0, 9.0])
    np.testing.assert_allclose(book_value(1000.0, 5.0, ages, 100.0), [1000.0, 1000.0, 550.0, 100.0, 100.0])
    # sum of the yearly charges over the life equals cost - salvage
    assert 5 * straight_line_depreciation(1000.0, 5.0, 100.0) == pytest.approx(900.0)
    assert book_value(1000.0, np.inf, 50.0) == pytest.approx(1000.0)


def test_fast_book_fraction_matches_book_value() -> None:
    from skyrack.economics.costs import _book_fraction

    horizon = np.array([10.0, 7.5])
    t_mid = np.array([[0.5, 4.5, 9.5], [0.5, 3.0, 7.25]])
    life = np.array([5.0, np.inf])
    np.testing.assert_allclose(
        _book_fraction(horizon, t_mid, life),
        book_value(1.0, life[:, None], horizon[:, None] - t_mid),
    )
