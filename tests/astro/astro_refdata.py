"""Reference data and helpers shared by the astro tests (real element sets, Skyfield time conversion)."""

from __future__ import annotations

from typing import Any

import numpy as np

# Real ISS element set of 2018-07-03, as used (and checked against JPL HORIZONS) in Skyfield's own test
# suite (skyfield/tests/test_earth_satellites.py).
ISS_TLE = (
    "ISS (ZARYA)",
    "1 25544U 98067A   18184.80969102  .00001614  00000-0  31745-4 0  9993",
    "2 25544  51.6414 295.8524 0003435 262.6267 204.2868 15.54005638121106",
)
# Real Flock 2E-1 element set of 2018-05-15 from CelesTrak (Skyfield test_io_parsing.py sample).
FLOCK_TLE = (
    "FLOCK 2E-1",
    "1 41483U 98067JD  18135.38689952  .00096183  14684-4  28212-3 0  9990",
    "2 41483  51.6270 103.3896 0004826  61.7810 298.3684 15.92672255114129",
)


def tle_text(*sats: tuple[str, str, str]) -> str:
    return "".join(f"{n}\n{a}\n{b}\n" for n, a, b in sats)


def skyfield_time(ts: Any, jd_utc: np.ndarray) -> Any:
    """Skyfield Time at UTC Julian dates, through skyrack's own UTC→TT (leap seconds from IERS)."""
    from skyrack.astro.time import jd_tt_from_utc

    return ts.tt_jd(jd_tt_from_utc(jd_utc))


# MARIO (NORAD 55123) as CelesTrak serves it in OMM (copied in python-sgp4's tests.py).
MARIO_OMM: dict[str, object] = dict(
    OBJECT_NAME="MARIO",
    OBJECT_ID="1998-067UQ",
    EPOCH="2023-04-25T10:45:30.642912",
    MEAN_MOTION=15.99081912,
    ECCENTRICITY=0.0014649,
    INCLINATION=51.6242,
    RA_OF_ASC_NODE=216.2930,
    ARG_OF_PERICENTER=331.8976,
    MEAN_ANOMALY=28.1241,
    EPHEMERIS_TYPE=0,
    CLASSIFICATION_TYPE="U",
    NORAD_CAT_ID=55123,
    ELEMENT_SET_NO=999,
    REV_AT_EPOCH=1839,
    BSTAR=0.1568e-2,
    MEAN_MOTION_DOT=0.787702e-2,
    MEAN_MOTION_DDOT=0.29408e-3,
)
