"""What does the closed-form cylindrical eclipse model miss, against the time-resolved conical shadow?

skyrack's static design uses the closed-form cylindrical eclipse fraction f(β, a) (Rickman 2014);
the simulator uses the conical umbra + penumbra shadow with the visible fraction of the solar disc
(Montenbruck & Gill 2000). For typical orbits over 2025 (10 s samples, J2-secular circular orbits, Sun
from the Astronomical Almanac series) this script prints

* the annual eclipse fraction: closed-form cylinder at the instantaneous β, conical (1 − mean ν), umbra
  only (ν = 0) and any shadow (ν < 1);
* the per-orbit eclipse duration: cylinder vs the conical "Sun centre hidden" boundary, and the
  penumbra crossing time;
* the sunlit energy error of the cylinder (what array and battery sizing see);

then a one-line verdict.

Run: ``python design/cylindrical_vs_conical_shadow.py``
"""

from __future__ import annotations

import numpy as np

from skyrack.astro import (
    circular_fleet_environment,
    circular_j2_rates_rad_per_s,
    circular_period_s,
    eclipse_fraction_circular,
    eclipse_intervals,
    raan_from_ltan_rad,
    sso_inclination_rad,
)
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M as RE

DEG = np.pi / 180
JD0 = 2460676.5  # 2025-01-01T00:00Z


def study(name: str, alt_m: float, inc: float, raan: float) -> tuple[float, float]:
    a = RE + alt_m
    t = np.arange(0.0, 365.25 * 86400, 10.0)
    env = circular_fleet_environment(a, inc, raan, 0.0, JD0, t)
    nu = env.sun_fraction[0]
    beta = env.beta_rad[0]
    f_cyl = eclipse_fraction_circular(beta, a)
    f_con = 1 - nu.mean()
    print(f"\n{name}: a = R⊕ + {alt_m / 1e3:.0f} km, i = {np.rad2deg(inc):.2f}°")
    print(
        f"  annual eclipse fraction: cylinder {f_cyl.mean():.5f}   conical {f_con:.5f}   "
        f"umbra {np.mean(nu == 0):.5f}   any shadow {np.mean(nu < 1):.5f}"
    )
    # per-orbit durations (one month of 10 s samples is enough for the statistics)
    m = t < 30 * 86400
    iv = eclipse_intervals(t[m], env.position_eci_m[:, m], env.sun_eci_m[m], "half")
    ivp = eclipse_intervals(t[m], env.position_eci_m[:, m], env.sun_eci_m[m], "penumbra")
    ivu = eclipse_intervals(t[m], env.position_eci_m[:, m], env.sun_eci_m[m], "umbra")
    ok = ~(iv.start_clipped | iv.end_clipped)
    rel_err = 0.0
    if ok.any():
        _, u_dot = circular_j2_rates_rad_per_s(a, inc)
        period = 2 * np.pi / float(u_dot)  # draconic period of the J2 orbit (the conical one's clock)
        mid = 0.5 * (iv.start_s[ok] + iv.end_s[ok])
        f_mid = eclipse_fraction_circular(np.interp(mid, t, beta), a)
        diff = iv.duration_s[ok] - f_mid * period
        pen = (
            ivp.duration_s[~(ivp.start_clipped | ivp.end_clipped)].mean()
            - ivu.duration_s[~(ivu.start_clipped | ivu.end_clipped)].mean()
        ) / 2
        print(
            f"  per orbit (first 30 days, {ok.sum()} eclipses): conical 'half' − cylinder "
            f"{diff.mean():+.2f} s mean, {np.abs(diff).max():.2f} s max; penumbra crossing {pen:.1f} s "
            f"each side (Keplerian period {float(circular_period_s(a)) / 60:.2f} min)"
        )
    else:
        print("  no eclipse in the first 30 days")
    sun_cyl = 1 - f_cyl.mean()
    energy = (nu.mean() - sun_cyl) / sun_cyl
    print(f"  sunlit energy, conical vs cylinder: {energy * 100:+.4f} %")
    rel_err = abs(f_con - f_cyl.mean())
    return rel_err, abs(energy)


def main() -> None:
    sso650 = float(sso_inclination_rad(RE + 650e3))
    cases = [
        ("Starlink-like shell", 550e3, 53 * DEG, 0.0),
        ("Suncatcher dawn–dusk SSO (LTAN 06:00)", 650e3, sso650, float(raan_from_ltan_rad(6.0, JD0))),
        ("mid-morning SSO (LTAN 10:30)", 650e3, sso650, float(raan_from_ltan_rad(10.5, JD0))),
        ("1200 km near-polar", 1200e3, 87.9 * DEG, 1.0),
    ]
    worst_frac = worst_energy = 0.0
    for c in cases:
        f, e = study(*c)
        worst_frac, worst_energy = max(worst_frac, f), max(worst_energy, e)
    print(
        f"\nVERDICT: the closed-form cylinder matches the conical shadow's annual eclipse fraction to "
        f"{worst_frac:.1e} and sunlit energy to {worst_energy * 100:.3f} % (the penumbra, 8–40 s per "
        "crossing, splits evenly about the cylinder's edge) and per-orbit eclipse length to a few seconds — "
        "adequate for static sizing; the simulator keeps the conical model for eclipse timing and partial Sun."
    )


if __name__ == "__main__":
    main()
