"""Earth view factor and plate loads."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from skyrack.astro import earth_view_factor_plate, plate_loads
from skyrack.constants import ASTRONOMICAL_UNIT_M, SOLAR_CONSTANT_W_PER_M2
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M as RE


def _quadrature_view_factor(r: float, tilt: float) -> float:
    """F = (1/π) ∫ cos θ dΩ over the directions from the plate that hit the Earth (definition)."""
    th = np.linspace(0, np.pi / 2, 401)
    ph = np.linspace(0, 2 * np.pi, 801)
    TH, PH = np.meshgrid(th, ph, indexing="ij")
    d = np.stack([np.sin(TH) * np.cos(PH), np.sin(TH) * np.sin(PH), np.cos(TH)], -1)
    nadir = np.array([np.sin(tilt), 0.0, np.cos(tilt)])
    hit = d @ nadir > np.sqrt(1 - (RE / r) ** 2)
    f = np.cos(TH) * np.sin(TH) * hit / np.pi
    return float(np.trapezoid(np.trapezoid(f, ph, axis=1), th))


def test_view_factor_against_direct_quadrature() -> None:
    # Howell catalogue formula vs numerical integration of the definition (401 × 801 grid); measured
    # 1.05e-3 (quadrature resolution at the Earth’s limb); bound 2e-3. Nadir value is 1/H² exactly
    # (Howell B-13, first case).
    for h in (400e3, 2000e3):
        r = RE + h
        for tilt in np.linspace(0, np.pi, 7):
            assert abs(earth_view_factor_plate(r, tilt) - _quadrature_view_factor(r, tilt)) < 2e-3
        assert abs(earth_view_factor_plate(r, 0.0) - (RE / r) ** 2) < 1e-15


@given(st.floats(RE + 100e3, 5e7), st.floats(0, np.pi), st.floats(0, np.pi))
def test_view_factor_bounds_and_monotonic(r: float, g1: float, g2: float) -> None:
    f1, f2 = earth_view_factor_plate(r, g1), earth_view_factor_plate(r, g2)
    assert 0 <= f1 <= (RE / r) ** 2 + 1e-15
    if g1 < g2:
        assert f1 >= f2 - 1e-12
    assert np.isnan(earth_view_factor_plate(RE * 0.5, g1))


def test_plate_loads_cases() -> None:
    au = ASTRONOMICAL_UNIT_M
    S = SOLAR_CONSTANT_W_PER_M2
    r = np.array([[RE + 650e3, 0.0, 0.0], [-(RE + 650e3), 0.0, 0.0]])  # sub-solar, anti-solar
    v = np.array([[0.0, 7500.0, 0.0], [0.0, -7500.0, 0.0]])
    sun = np.array([au, 0.0, 0.0])
    H2 = ((RE + 650e3) / RE) ** 2
    nadir = plate_loads(r, sun, "nadir", sun_fraction=np.array([1.0, 0.0]))
    # nadir: F = 1/H²; IR = OLR/H²; albedo = ρ S F at the sub-solar point, 0 at night; no direct Sun on
    # an Earth-facing plate at the sub-solar point (Gilmore 2002, ch. 2)
    np.testing.assert_allclose(nadir.earth_view_factor, 1 / H2)
    np.testing.assert_allclose(nadir.earth_ir_w_per_m2, 237.0 / H2)
    np.testing.assert_allclose(nadir.albedo_w_per_m2, [0.30 * S / H2, 0.0])
    np.testing.assert_allclose(nadir.solar_w_per_m2, [0.0, 0.0])
    sunf = plate_loads(r, sun, "sun", sun_fraction=np.array([1.0, 0.0]))
    np.testing.assert_allclose(sunf.solar_w_per_m2, [S, 0.0])
    # sun-facing plate at the sub-solar point faces away from the Earth: F = 0
    assert sunf.earth_view_factor[0] == 0.0
    edge = plate_loads(r, sun, "edge", velocity_eci_m_per_s=v)
    # edge-on: tilt 90°; at 650 km F = 0.2407 (formula and quadrature above)
    np.testing.assert_allclose(edge.earth_view_factor, 0.2407, atol=1e-4)
    np.testing.assert_allclose(edge.solar_w_per_m2, 0.0, atol=1e-9)  # Sun in the plate's plane
    bad = plate_loads(r, sun, "upside-down")
    assert np.all(np.isnan(bad.solar_w_per_m2))
