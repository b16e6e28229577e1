"""Orbit normal and beta angle."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from skyrack.astro import beta_angle_rad, elements_to_state_eci, orbit_normal_eci, sun_unit_vector_eci


@given(st.floats(0, 6.3), st.floats(0, 3.14), st.floats(0, 6.3))
def test_normal_is_angular_momentum_direction(raan: float, inc: float, u: float) -> None:
    # ĥ = r × v / |r × v| (definition, Vallado 2013 eq. 5-11).
    r, v = elements_to_state_eci(7e6, 0.0, inc, raan, 0.0, u)
    h = np.cross(r, v)
    np.testing.assert_allclose(orbit_normal_eci(raan, inc), h / np.linalg.norm(h), atol=1e-12)


@given(st.floats(-10, 10), st.floats(-4, 4), st.floats(-1, 1), st.floats(-1, 1), st.floats(-1, 1))
def test_beta_range(raan: float, inc: float, x: float, y: float, z: float) -> None:
    s = np.array([x, y, z])
    if np.linalg.norm(s) < 1e-6:
        return
    b = beta_angle_rad(raan, inc, s / np.linalg.norm(s))
    assert -np.pi / 2 <= b <= np.pi / 2


def test_beta_special_cases_and_broadcasting() -> None:
    # Equatorial prograde orbit (normal = +z) with the Sun at declination δ has β = δ (Rickman 2014).
    s = np.array([np.cos(0.3), 0.0, np.sin(0.3)])
    assert abs(beta_angle_rad(1.234, 0.0, s) - 0.3) < 1e-12
    # Polar orbit whose plane contains the Sun: β = 0; noon-midnight: β = 0; dawn-dusk: |β| = 90°
    assert abs(beta_angle_rad(0.0, np.pi / 2, np.array([1.0, 0, 0]))) < 1e-12
    assert abs(abs(beta_angle_rad(np.pi / 2, np.pi / 2, np.array([1.0, 0, 0]))) - np.pi / 2) < 1e-6
    # (N, 1) satellites × (T, 3) Sun directions → (N, T)
    sun = sun_unit_vector_eci(2460676.5 + np.arange(5.0))
    b = beta_angle_rad(np.linspace(0, 3, 4)[:, None], 0.9, sun)
    assert b.shape == (4, 5)
    ref = np.arcsin(np.einsum("nk,tk->nt", orbit_normal_eci(np.linspace(0, 3, 4), 0.9), sun))
    np.testing.assert_allclose(b, ref, atol=1e-13)
    assert np.isnan(beta_angle_rad(np.nan, 0.9, sun[0]))
