"""How far does skyrack's J2-secular propagation drift from SGP4 for typical LEO orbits?

Design orbits (circular / eccentric with J2 secular drift of Ω, ω, M) are what skyrack's static design and
fast fleet path use. This script starts J2-secular propagation from the same Brouwer mean elements SGP4 uses
(python-sgp4 ``Satrec``: no_unkozai, ecco, inclo, nodeo, argpo, mo) and compares positions in TEME (the
frame does not matter for a like-for-like comparison) over 7 days, for

* the real ISS element set of 2018-07-03 (as in Skyfield's tests), with drag;
* a Starlink-like shell, 550 km 53°, light drag (B* = 1e-4);
* a 10:30 LTAN sun-synchronous orbit at 650 km, B* = 3e-5 (eclipsing every orbit);
* the same SSO without drag (B* = 0), isolating the gravity model difference.

(python-sgp4 exposes the un-Kozai'd Brouwer mean motion as ``Satrec.no`` and the mean semi-major axis
as ``Satrec.a`` in WGS-72 Earth radii.)

It prints the position error (total, radial, along-track, cross-track), the equivalent along-track timing
error, the error of the orbit-plane orientation (what beta angles depend on), and the eclipse-entry timing
difference from the conical shadow, then a one-line verdict.

Run: ``python design/j2_vs_sgp4.py``
"""

from __future__ import annotations

import numpy as np
from sgp4.api import WGS72, Satrec, SatrecArray

from skyrack.astro import (
    OrbitalElements,
    eclipse_intervals,
    propagate_j2_secular,
    propagate_teme,
    raan_from_ltan_rad,
    sso_inclination_rad,
    sun_position_eci_m,
)
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M as RE
from skyrack.constants import MU_EARTH_M3_PER_S2

DEG = np.pi / 180
ISS = (
    "1 25544U 98067A   18184.80969102  .00001614  00000-0  31745-4 0  9993",
    "2 25544  51.6414 295.8524 0003435 262.6267 204.2868 15.54005638121106",
)


# Epoch of the synthetic element sets: 27394 days after 1949-12-31 (sgp4init's origin) = JD 2460675.5.
EPOCH_DAYS = 27394.0
EPOCH_JD = 2433281.5 + EPOCH_DAYS


def _synthetic(alt_m: float, inc_rad: float, bstar: float, raan: float = 0.3) -> Satrec:
    a = RE + alt_m
    n_rad_min = np.sqrt(MU_EARTH_M3_PER_S2 / a**3) * 60.0
    s = Satrec()
    # e = 1e-4, ω = 0, M = 0
    s.sgp4init(WGS72, "i", 99999, EPOCH_DAYS, bstar, 0.0, 0.0, 1e-4, 0.0, inc_rad, 0.0, n_rad_min, raan)
    return s


def _mean_elements(s: Satrec) -> OrbitalElements:
    a = s.a * s.radiusearthkm * 1000.0  # Brouwer mean semi-major axis [m]
    return OrbitalElements(
        np.array([a]),
        np.array([s.ecco]),
        np.array([s.inclo]),
        np.array([s.nodeo]),
        np.array([s.argpo]),
        np.array([s.mo]),
    )


def _rsw(r: np.ndarray, v: np.ndarray, d: np.ndarray) -> np.ndarray:
    rh = r / np.linalg.norm(r, axis=-1, keepdims=True)
    h = np.cross(r, v)
    wh = h / np.linalg.norm(h, axis=-1, keepdims=True)
    sh = np.cross(wh, rh)
    return np.stack([np.sum(d * rh, -1), np.sum(d * sh, -1), np.sum(d * wh, -1)], -1)


def compare(name: str, sat: Satrec) -> tuple[float, float, float]:
    t = np.arange(0.0, 7 * 86400.0 + 1, 30.0)
    jd0 = sat.jdsatepoch + sat.jdsatepochF
    r_sgp, v_sgp, err = propagate_teme(SatrecArray([sat]), sat.jdsatepoch, sat.jdsatepochF + t / 86400)
    r_j2, _ = propagate_j2_secular(_mean_elements(sat), t)
    d = r_j2[0] - r_sgp[0]
    rsw = _rsw(r_sgp[0], v_sgp[0], d)
    speed = np.linalg.norm(v_sgp[0], axis=-1)
    h_sgp = np.cross(r_sgp[0], v_sgp[0])
    # plane orientation from the SGP4 normal vs the J2 model's mean normal
    r1, v1 = propagate_j2_secular(_mean_elements(sat), t)
    h_j2 = np.cross(r1[0], v1[0])
    cosang = np.sum(h_sgp * h_j2, -1) / np.linalg.norm(h_sgp, axis=-1) / np.linalg.norm(h_j2, axis=-1)
    plane_deg = np.rad2deg(np.arccos(np.clip(cosang, -1, 1)))
    print(f"\n{name}  (SGP4 errors: {int(np.count_nonzero(err))})")
    print("   t      |Δr| km   radial km  along km  cross km  along-track s  plane °")
    for hours in (1, 6, 24, 72, 168):
        k = np.searchsorted(t, hours * 3600.0)
        w = slice(max(0, k - 200), k + 1)  # max over the preceding 100 min (one orbit)
        dn = np.linalg.norm(d[w], axis=-1)
        print(
            f"{hours:4d} h  {dn.max() / 1e3:9.2f}  {np.abs(rsw[w, 0]).max() / 1e3:9.2f}"
            f"  {np.abs(rsw[w, 1]).max() / 1e3:8.2f}  {np.abs(rsw[w, 2]).max() / 1e3:8.2f}"
            f"  {np.abs(rsw[w, 1] / speed[w]).max():13.2f}  {plane_deg[w].max():7.3f}"
        )
    # eclipse entry timing (conical "half" boundary) with each propagator; frame: both in TEME, the Sun
    # direction error of using the GCRS Sun here is common to both and cancels in the difference.
    sun = sun_position_eci_m(jd0 + t / 86400)
    e_sgp = eclipse_intervals(t, r_sgp[0], sun, "half")
    e_j2 = eclipse_intervals(t, r_j2[0], sun, "half")
    day1 = e_sgp.start_s[(e_sgp.start_s < 86400) & ~e_sgp.start_clipped]
    day7 = e_sgp.start_s[(e_sgp.start_s > 6 * 86400) & ~e_sgp.start_clipped]
    j2s = e_j2.start_s[~e_j2.start_clipped]

    def worst(starts: np.ndarray) -> float:
        if starts.size == 0 or j2s.size == 0:
            return float("nan")
        return float(np.max([np.min(np.abs(j2s - x)) for x in starts]))

    w1, w7 = worst(day1), worst(day7)
    if np.isfinite(w1):
        print(f"   eclipse entry timing: day 1 ≤ {w1:.1f} s, day 7 ≤ {w7:.1f} s")
    else:
        print("   no eclipses in this window")
    ecl = max(w1, w7) if np.isfinite(w1) else 0.0
    return float(np.linalg.norm(d[t <= 86400], axis=-1).max()), float(plane_deg.max()), ecl


def main() -> None:
    sso_i = float(sso_inclination_rad(RE + 650e3))
    raan_1030 = float(raan_from_ltan_rad(10.5, EPOCH_JD))
    cases = [
        ("ISS 2018-07-03 (real TLE, with drag)", Satrec.twoline2rv(*ISS, WGS72)),
        ("Starlink-like 550 km 53°, B*=1e-4", _synthetic(550e3, 53 * DEG, 1e-4)),
        ("SSO 650 km LTAN 10:30, B*=3e-5", _synthetic(650e3, sso_i, 3e-5, raan_1030)),
        ("SSO 650 km LTAN 10:30, no drag", _synthetic(650e3, sso_i, 0.0, raan_1030)),
    ]
    worst_day1 = 0.0
    worst_plane = 0.0
    worst_ecl = 0.0
    for name, sat in cases:
        d1, pl, ecl = compare(name, sat)
        worst_day1 = max(worst_day1, d1)
        worst_plane = max(worst_plane, pl)
        worst_ecl = max(worst_ecl, ecl)
    print(
        f"\nVERDICT: J2-secular is off SGP4 by up to {worst_day1 / 1e3:.0f} km within a day (short-period J2 "
        f"terms, then drag-driven along-track drift), keeps the orbit plane within {worst_plane:.2f}° and "
        f"eclipse entries within {worst_ecl:.0f} s over 7 days — good for design-level beta, eclipse and power "
        "statistics; use the TLE/SGP4 path for pass times and conjunction-level positions."
    )


if __name__ == "__main__":
    main()
