"""Time scales, Julian dates and sidereal time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from skyrack.astro import time as astro_time


def test_j2000_epoch_julian_date() -> None:
    # 2000-01-01T12:00 is JD 2451545.0 (Meeus 1998, ch. 7); exact to float precision.
    jd = astro_time.julian_date_utc(datetime(2000, 1, 1, 12, tzinfo=UTC), 0.0)
    assert abs(float(jd) - 2451545.0) < 1e-9


def test_meeus_example_7a() -> None:
    # Meeus (1998) example 7.a: 1957 October 4.81 → JD 2436116.31 (±1e-6 d).
    epoch = datetime(1957, 10, 4, tzinfo=UTC) + timedelta(days=0.81)
    assert abs(astro_time.datetime_to_jd_utc(epoch) - 2436116.31) < 1e-6


def test_seconds_advance_and_timezones() -> None:
    epoch = datetime(2025, 6, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))  # = 00:00 UTC
    jd = astro_time.julian_date_utc(epoch, np.array([0.0, 86400.0, 43200.0]))
    # 2025-06-01T00:00Z = JD 2460827.5 (Meeus 1998 algorithm 7.1 gives the same).
    np.testing.assert_allclose(jd, [2460827.5, 2460828.5, 2460828.0], atol=1e-9)


def test_naive_datetime_gives_nan() -> None:
    assert np.all(np.isnan(astro_time.julian_date_utc(datetime(2025, 1, 1), [0.0, 1.0])))


def test_tt_minus_utc_from_leap_second_table() -> None:
    # IERS Bulletin C: TAI−UTC = 37 s since 2017-01-01, 36 s in 2016, 32 s in 2000; TT = TAI + 32.184 s.
    jd = np.array([2457754.5 + 100, 2457754.5 - 1, 2451545.0])
    tt_minus_utc = (astro_time.jd_tt_from_utc(jd) - jd) * 86400
    # tolerance: float64 resolution of a Julian date near 2.46e6 d is 40 µs
    np.testing.assert_allclose(tt_minus_utc, [69.184, 68.184, 64.184], atol=1e-4)


def test_gmst_vallado_example_3_5() -> None:
    # Vallado (2013) Example 3-5: 1992 Aug 20, 12:14:00 UT1 → GMST = 152.578 787 886° (±1e-6°).
    jd = astro_time.datetime_to_jd_utc(datetime(1992, 8, 20, 12, 14, tzinfo=UTC))
    assert abs(np.rad2deg(astro_time.gmst_rad(jd)) - 152.578787886) < 1e-6


def test_gmst_against_skyfield(skyfield_env: dict) -> None:
    # Skyfield's Time.gmst (IAU 1982 GMST of UT1) with UT1 set to our UTC (DUT1 = 0) agrees to 1e-8 h.
    ts = skyfield_env["ts"]
    jd = 2458849.5 + np.linspace(0, 3650, 50)
    sky = ts.ut1_jd(jd).gmst  # hours
    ours = np.rad2deg(astro_time.gmst_rad(jd)) / 15.0
    diff = (ours - sky + 12) % 24 - 12
    assert np.max(np.abs(diff)) < 1e-8 * 3600  # < 36 µs of sidereal time


@given(st.floats(min_value=2415020.5, max_value=2488069.5))
def test_datetime_round_trip(jd: float) -> None:
    back = astro_time.datetime_to_jd_utc(astro_time.jd_utc_to_datetime(jd))
    assert abs(back - jd) * 86400 < 1e-5  # microsecond rounding plus float64 resolution
