"""TEME → GCRS and GCRS → ITRS rotations against Skyfield."""

from __future__ import annotations

import numpy as np
from astro_refdata import ISS_TLE, skyfield_time, tle_text

from skyrack.astro import eci_to_ecef_matrix, parse_tle, propagate_satellites_eci, rotate, teme_to_eci_matrix


def test_rotations_are_orthonormal() -> None:
    jd = 2460000.5 + np.linspace(0, 3000, 7)
    for m in (teme_to_eci_matrix(jd), eci_to_ecef_matrix(jd)):
        eye = m @ np.swapaxes(m, -1, -2)
        np.testing.assert_allclose(eye, np.broadcast_to(np.eye(3), eye.shape), atol=1e-14)
        np.testing.assert_allclose(np.linalg.det(m), 1.0, atol=1e-14)


def test_sgp4_gcrs_and_itrs_against_skyfield(skyfield_env: dict) -> None:
    from skyfield.api import EarthSatellite
    from skyfield.framelib import itrs

    ts = skyfield_env["ts"]
    cat = parse_tle(tle_text(ISS_TLE))
    jd = cat.epoch_jd_utc()[0] + np.linspace(0, 3, 400)
    r, _, err = propagate_satellites_eci(cat.satrec_array(), jd)
    assert np.all(err == 0)
    sat = EarthSatellite(ISS_TLE[1], ISS_TLE[2], ISS_TLE[0], ts)
    t = skyfield_time(ts, jd)
    p = sat.at(t)
    # GCRS: Skyfield rotates TEME with the full IAU 2000A nutation; ours uses IAU 1976/1980 truncated
    # (≈ 1″ ≈ 35 m at 7000 km). Measured 2.1 m; bound 10 m.
    assert np.linalg.norm(r[0] - p.position.m.T, axis=-1).max() < 10.0
    # ITRS: ours takes DUT1 = 0 and ignores polar motion; Skyfield's builtin UT1 gave DUT1 ≈ 0.07 s on
    # this date (≈ 35 m along the rotation). Measured 36 m; bound 60 m. With Skyfield's DUT1 passed in,
    # the difference drops to the polar-motion level (< 15 m).
    r_ecef = rotate(eci_to_ecef_matrix(jd), r[0])
    ref = p.frame_xyz(itrs).m.T
    assert np.linalg.norm(r_ecef - ref, axis=-1).max() < 60.0
    dut1 = (t.ut1 - jd) * 86400.0
    r_ecef2 = rotate(eci_to_ecef_matrix(jd, dut1), r[0])
    assert np.linalg.norm(r_ecef2 - ref, axis=-1).max() < 15.0
