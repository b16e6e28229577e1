"""Walker delta and star constellation geometry."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from skyrack.astro import propagate_circular_j2, walker_delta_elements, walker_star_elements
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M as RE


def _wrap(x: np.ndarray) -> np.ndarray:
    return (x + np.pi) % (2 * np.pi) - np.pi


def test_galileo_like_walker_delta() -> None:
    # Walker (1984) notation i: T/P/F; Galileo is 56°: 24/3/1 (ESA): planes 120° apart, 8 satellites
    # 45° apart in each plane, adjacent planes offset by 360° F / T = 15°.
    el = walker_delta_elements(24, 3, 1, np.deg2rad(56), RE + 23222e3)
    raan = np.rad2deg(el.raan_rad).reshape(3, 8)
    u = np.rad2deg(el.mean_anomaly_rad).reshape(3, 8)
    np.testing.assert_allclose(raan[:, 0], [0, 120, 240])
    np.testing.assert_allclose(np.diff(u, axis=1), 45.0)
    np.testing.assert_allclose(u[1, 0] - u[0, 0], 15.0)
    np.testing.assert_allclose(u[2, 0] - u[1, 0], 15.0)
    assert np.all(el.eccentricity == 0) and np.allclose(el.inclination_rad, np.deg2rad(56))


def test_walker_star_spans_180_degrees() -> None:
    # Iridium-like 86.4°: 66/6/2 (Adams & Rider 1987): planes 30° apart over 180° of RAAN.
    el = walker_star_elements(66, 6, 2, np.deg2rad(86.4), RE + 780e3)
    raan = np.unique(np.round(np.rad2deg(el.raan_rad), 9))
    np.testing.assert_allclose(raan, np.arange(6) * 30.0)


@given(st.integers(1, 12), st.integers(1, 12), st.data())
def test_walker_delta_symmetry(planes: int, per_plane: int, data: st.DataObject) -> None:
    # Walker's defining symmetry: advancing time by 1/T of a period while rotating RAAN by 2π/P maps
    # the pattern onto itself (as a set of satellites) for the phasing relation u = 2πk/S + 2πFj/T.
    total = planes * per_plane
    F = data.draw(st.integers(0, planes - 1))
    el = walker_delta_elements(total, planes, F, 0.9, RE + 1000e3)
    assert el.raan_rad.size == total
    # set invariance of (Ω, u) under (Ω + 2π/P, u + 2πF/T) modulo the slot spacing
    pts = np.stack([el.raan_rad, el.mean_anomaly_rad], -1)
    moved = np.stack([el.raan_rad + 2 * np.pi / planes, el.mean_anomaly_rad + 2 * np.pi * F / total], -1)
    d = np.abs(_wrap(moved[:, None, :] - pts[None, :, :])).max(-1)
    assert np.all(d.min(axis=1) < 1e-9)


def test_equal_rates_preserve_geometry() -> None:
    # All members share a and i, so J2 drift is common: inter-satellite distances repeat after 1 orbit.
    el = walker_delta_elements(12, 3, 1, np.deg2rad(53), RE + 550e3)
    r, _ = propagate_circular_j2(el.semi_major_axis_m, el.inclination_rad, el.raan_rad, el.mean_anomaly_rad, [0.0])
    d0 = np.linalg.norm(r[:, None, 0] - r[None, :, 0], axis=-1)
    assert np.all(d0[~np.eye(12, dtype=bool)] > 1e5)


def test_invalid_walker_is_nan() -> None:
    el = walker_delta_elements(10, 3, 1, 0.9, RE + 500e3)  # 3 does not divide 10
    assert el.raan_rad.size == 10 and np.all(np.isnan(el.raan_rad))
    assert walker_delta_elements(0, 1, 0, 0.9, 7e6).raan_rad.size == 0
