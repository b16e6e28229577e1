"""The fast fleet path equals the composition of the individual kernels."""

from __future__ import annotations

import numpy as np

from skyrack.astro import (
    FleetEnvironment,
    beta_angle_rad,
    circular_fleet_environment,
    circular_j2_rates_rad_per_s,
    propagate_circular_j2,
    sun_position_eci_m,
    sun_visible_fraction,
    walker_delta_elements,
)
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M as RE

JD0 = 2460676.5


def _reference(el: object, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, inc, raan, u = el  # type: ignore[misc]
    r, _ = propagate_circular_j2(a, inc, raan, u, t)
    sun = sun_position_eci_m(JD0 + t / 86400)
    raan_dot, _ = circular_j2_rates_rad_per_s(a, inc)
    shat = sun / np.linalg.norm(sun, axis=-1, keepdims=True)
    beta = beta_angle_rad(np.asarray(raan)[:, None] + raan_dot[:, None] * t, np.asarray(inc)[:, None], shat)
    return r, sun_visible_fraction(r, sun), beta


def test_fleet_path_equals_kernel_composition() -> None:
    # Same model, three code paths (numpy: block angle-addition + cone classification; numba: rotation
    # recurrence fused per satellite; the direct kernels): positions to 1 mm, sunlight fraction to 1e-6, beta
    # to 1e-12 rad (numpy) or 2e-6 rad (numba: exact every 960 s and linear between, the bound that
    # design/beta_interpolation.py measures over a year), on uniform, padded (T prime) and non-uniform grids,
    # for one-row chunks and two threads.
    el = walker_delta_elements(60, 6, 1, np.deg2rad(53), RE + 550e3)
    args = (el.semi_major_axis_m, el.inclination_rad, el.raan_rad, el.mean_anomaly_rad)
    grids = [
        np.arange(0, 86400.0, 60.0),
        np.arange(0, 1031 * 30.0, 30.0),
        np.sort(np.random.default_rng(0).uniform(0, 86400, 500)),
    ]
    for t in grids:
        r, nu, beta = _reference(args, t)
        for backend, chunk, threads, beta_tol in (("numpy", 1, 1, 1e-12), ("numpy", 1 << 16, 1, 1e-12),
                                                  ("numba", 1, 1, 2e-6), ("numba", 1, 2, 2e-6)):  # fmt: skip
            env = circular_fleet_environment(*args, JD0, t, chunk_elements=chunk, backend=backend, threads=threads)
            assert np.abs(env.position_eci_m - r).max() < 1e-3
            assert np.abs(env.sun_fraction - nu).max() < 1e-6
            assert np.abs(env.beta_rad - beta).max() < beta_tol
            assert ((env.sun_fraction > 0) & (env.sun_fraction < 1)).any()


def test_fleet_out_scalars_and_invalid_rows() -> None:
    t = np.arange(0, 3600.0, 60.0)
    out = FleetEnvironment(
        np.empty((3, t.size, 3)), np.empty((t.size, 3)), np.empty((3, t.size)), np.empty((3, t.size))
    )
    a = np.array([RE + 550e3, RE - 1.0, 2e9])  # valid, inside the Earth, beyond the umbra apex
    for backend in ("numpy", "numba"):
        env = circular_fleet_environment(a, 0.9, 0.0, [0.0, 0.0, np.nan], JD0, t, out=out, backend=backend)
        assert env is out
        assert np.all(np.isfinite(env.position_eci_m[0]))
        assert np.all(np.isnan(env.position_eci_m[1])) and np.all(np.isnan(env.sun_fraction[1]))
        assert np.all(np.isnan(env.beta_rad[2]))
    strided = FleetEnvironment(
        np.empty((3, t.size, 3)), np.empty((t.size, 3)), np.empty((t.size, 3)).T, np.empty((3, t.size))
    )  # a non-contiguous output is filled through a copy
    got = circular_fleet_environment(a, 0.9, 0.0, [0.0, 0.0, np.nan], JD0, t, out=strided)
    np.testing.assert_array_equal(got.sun_fraction, out.sun_fraction)
    one = circular_fleet_environment(RE + 700e3, 1.0, 0.5, 0.1, JD0, 120.0)
    assert one.position_eci_m.shape == (1, 1, 3) and one.sun_fraction.shape == (1, 1)
