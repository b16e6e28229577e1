"""Time scales and conversions: the one place where skyrack turns a UTC epoch plus seconds into dates.

Conventions
-----------
A scenario holds one timezone-aware UTC epoch; kernels see float seconds ``t_s`` elapsed since it.
Everything else in :mod:`skyrack.astro` takes a Julian date in UTC (``jd_utc``) and converts here:

* UTC → TAI with the leap-second table of IERS Bulletin C (valid from 1972; before that the 1972 value is
  used). ``t_s`` is treated as elapsed UTC seconds, so a leap second inside a run shifts later times by 1 s.
* TT = TAI + 32.184 s (IAU 1991 Resolution A4).
* UT1 ≈ UTC + DUT1 with DUT1 = 0 by default (|DUT1| < 0.9 s by IERS definition; an error of at most
  0.9 s × 465 m/s ≈ 0.4 km in the position of an equatorial ground station).
* Greenwich mean sidereal time from the IAU 1982 expression (Aoki et al. 1982) in the form of
  Meeus, *Astronomical Algorithms*, 2nd ed. (1998), eq. 12.4.

Julian dates are float64 (resolution ≈ 40 µs near the present).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from skyrack.astro._typing import FloatArray
from skyrack.constants import JD_J2000

# Seconds in a day [s]; SI day of 86400 s.
SECONDS_PER_DAY: Final = 86400.0
# Julian date of the Unix epoch 1970-01-01T00:00:00 UTC [days]; Meeus (1998), ch. 7.
JD_UNIX_EPOCH: Final = 2440587.5
# Days per Julian century [days]; IAU definition.
DAYS_PER_JULIAN_CENTURY: Final = 36525.0
# TT − TAI [s]; IAU 1991 Resolution A4 (exact).
TT_MINUS_TAI_S: Final = 32.184

# Leap seconds: (Julian date UTC at which TAI−UTC takes the value, TAI−UTC [s]).
# Source: IERS Bulletin C (table "Leap_Second.dat", IERS EOP Centre); no leap second has been announced
# after 2017-01-01 up to Bulletin C 69 (January 2025).
_LEAP_SECONDS: Final = np.array(
    [
        (2441317.5, 10.0),  # 1972-01-01
        (2441499.5, 11.0),  # 1972-07-01
        (2441683.5, 12.0),  # 1973-01-01
        (2442048.5, 13.0),  # 1974-01-01
        (2442413.5, 14.0),  # 1975-01-01
        (2442778.5, 15.0),  # 1976-01-01
        (2443144.5, 16.0),  # 1977-01-01
        (2443509.5, 17.0),  # 1978-01-01
        (2443874.5, 18.0),  # 1979-01-01
        (2444239.5, 19.0),  # 1980-01-01
        (2444786.5, 20.0),  # 1981-07-01
        (2445151.5, 21.0),  # 1982-07-01
        (2445516.5, 22.0),  # 1983-07-01
        (2446247.5, 23.0),  # 1985-07-01
        (2447161.5, 24.0),  # 1988-01-01
        (2447892.5, 25.0),  # 1990-01-01
        (2448257.5, 26.0),  # 1991-01-01
        (2448804.5, 27.0),  # 1992-07-01
        (2449169.5, 28.0),  # 1993-07-01
        (2449534.5, 29.0),  # 1994-07-01
        (2450083.5, 30.0),  # 1996-01-01
        (2450630.5, 31.0),  # 1997-07-01
        (2451179.5, 32.0),  # 1999-01-01
        (2453736.5, 33.0),  # 2006-01-01
        (2454832.5, 34.0),  # 2009-01-01
        (2456109.5, 35.0),  # 2012-07-01
        (2457204.5, 36.0),  # 2015-07-01
        (2457754.5, 37.0),  # 2017-01-01
    ]
)


def _as_utc(epoch: datetime) -> datetime | None:
    if epoch.tzinfo is None or epoch.tzinfo.utcoffset(epoch) is None:
        return None
    return epoch.astimezone(UTC)


def datetime_to_jd_utc(epoch: datetime) -> float:
    """Julian date (UTC) of a timezone-aware datetime.

    Parameters
    ----------
    epoch
        Timezone-aware datetime (any zone; converted to UTC).

    Returns
    -------
    float
        Julian date in the UTC time scale [days]. NaN if ``epoch`` is naive (no timezone).

    Notes
    -----
    JD = 2440587.5 + (seconds since 1970-01-01T00:00Z) / 86400 (Meeus 1998, ch. 7). Leap seconds are not
    counted (as in POSIX time), which is the usual convention for "JD UTC".
    """
    utc = _as_utc(epoch)
    if utc is None:
        return float("nan")
    delta = utc - datetime(1970, 1, 1, tzinfo=UTC)
    # Split days and seconds to keep full float64 precision.
    return JD_UNIX_EPOCH + delta.days + (delta.seconds + delta.microseconds * 1e-6) / SECONDS_PER_DAY


def jd_utc_to_datetime(jd_utc: float) -> datetime:
    """Timezone-aware UTC datetime of a Julian date (UTC), rounded to the microsecond.

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].

    Returns
    -------
    datetime
        UTC datetime. Raises ``ValueError`` for a non-finite date (this is an edge function, not a
        vectorised kernel).
    """
    if not np.isfinite(jd_utc):
        raise ValueError(f"jd_utc must be finite, got {jd_utc!r}")
    days = jd_utc - JD_UNIX_EPOCH
    whole = int(np.floor(days))
    micro = round((days - whole) * SECONDS_PER_DAY * 1e6)
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=whole, microseconds=micro)


def julian_date_utc(epoch: datetime, t_s: ArrayLike) -> FloatArray:
    """Julian dates (UTC) of times given as seconds elapsed since a UTC epoch.

    Parameters
    ----------
    epoch
        Timezone-aware datetime of the scenario epoch (converted to UTC).
    t_s
        Seconds since ``epoch`` [s]; any shape.

    Returns
    -------
    ndarray
        Julian date, UTC [days], same shape as ``t_s``. NaN everywhere if ``epoch`` is naive.

    Notes
    -----
    JD(t) = JD(epoch) + t / 86400 (UTC treated as continuous; see the module notes on leap seconds).
    """
    t = np.asarray(t_s, dtype=np.float64)
    return np.asarray(datetime_to_jd_utc(epoch) + t / SECONDS_PER_DAY, dtype=np.float64)


def tai_minus_utc_s(jd_utc: ArrayLike) -> FloatArray:
    """TAI − UTC from the leap-second table [s].

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].

    Returns
    -------
    ndarray
        TAI − UTC [s]: the IERS Bulletin C value in force at that date (10 s before 1972, 37 s after
        2017-01-01). NaN where ``jd_utc`` is NaN.
    """
    jd = np.asarray(jd_utc, dtype=np.float64)
    idx = np.searchsorted(_LEAP_SECONDS[:, 0], jd, side="right") - 1
    out = _LEAP_SECONDS[np.clip(idx, 0, len(_LEAP_SECONDS) - 1), 1]
    return np.where(np.isnan(jd), np.nan, out)


def jd_tt_from_utc(jd_utc: ArrayLike) -> FloatArray:
    """Julian date in Terrestrial Time from a Julian date in UTC.

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].

    Returns
    -------
    ndarray
        Julian date, TT [days]: JD_TT = JD_UTC + (TAI − UTC + 32.184 s) / 86400 (IAU 1991 Res. A4;
        IERS Bulletin C for TAI − UTC).
    """
    jd = np.asarray(jd_utc, dtype=np.float64)
    return np.asarray(jd + (tai_minus_utc_s(jd) + TT_MINUS_TAI_S) / SECONDS_PER_DAY, dtype=np.float64)


def jd_ut1_from_utc(jd_utc: ArrayLike, dut1_s: ArrayLike = 0.0) -> FloatArray:
    """Julian date in UT1 from a Julian date in UTC.

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].
    dut1_s
        UT1 − UTC [s] (IERS Bulletin A); default 0, an approximation good to 0.9 s by definition of UTC.

    Returns
    -------
    ndarray
        Julian date, UT1 [days]: JD_UT1 = JD_UTC + DUT1 / 86400.
    """
    jd = np.asarray(jd_utc, dtype=np.float64)
    return np.asarray(jd + np.asarray(dut1_s, dtype=np.float64) / SECONDS_PER_DAY, dtype=np.float64)


def julian_centuries_since_j2000(jd: ArrayLike) -> FloatArray:
    """Julian centuries elapsed since J2000.0, T = (JD − 2451545.0) / 36525.

    Parameters
    ----------
    jd
        Julian date in whichever time scale the caller's formula expects [days].

    Returns
    -------
    ndarray
        T [Julian centuries].
    """
    return np.asarray((np.asarray(jd, dtype=np.float64) - JD_J2000) / DAYS_PER_JULIAN_CENTURY)


def gmst_rad(jd_utc: ArrayLike, dut1_s: ArrayLike = 0.0) -> FloatArray:
    """Greenwich mean sidereal time (angle) [rad], in [0, 2π).

    Parameters
    ----------
    jd_utc
        Julian date, UTC [days].
    dut1_s
        UT1 − UTC [s]; default 0 (see module notes).

    Returns
    -------
    ndarray
        GMST [rad].

    Notes
    -----
    IAU 1982 model (Aoki et al. 1982, A&A 105, 359) as written by Meeus (1998), eq. 12.4:

    θ₀ = 280.46061837° + 360.98564736629° d + 0.000387933° T² − T³ / 38 710 000°,

    with d = JD_UT1 − 2451545.0 and T = d / 36525. This is the sidereal angle that SGP4's TEME frame is
    defined with (Vallado et al. 2006, AIAA 2006-6753).
    """
    jd_ut1 = jd_ut1_from_utc(jd_utc, dut1_s)
    d = jd_ut1 - JD_J2000
    T = d / DAYS_PER_JULIAN_CENTURY
    # Split 360.98564736629 d = 360 d + 0.98564736629 d so the large whole-turn part is reduced exactly.
    deg = 280.46061837 + 360.0 * np.mod(d, 1.0) + 0.98564736629 * d + 0.000387933 * T * T - T * T * T / 38710000.0
    return np.asarray(np.deg2rad(np.mod(deg, 360.0)), dtype=np.float64)


__all__ = [
    "DAYS_PER_JULIAN_CENTURY",
    "SECONDS_PER_DAY",
    "datetime_to_jd_utc",
    "gmst_rad",
    "jd_tt_from_utc",
    "jd_ut1_from_utc",
    "jd_utc_to_datetime",
    "julian_centuries_since_j2000",
    "julian_date_utc",
    "tai_minus_utc_s",
]
