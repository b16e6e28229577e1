"""How far is the compiled fleet kernel's interpolated beta angle from the exact one?

The numba path of :func:`skyrack.astro.circular_fleet_environment` evaluates β = asin(ĥ·ŝ) exactly every
``BETA_EXACT_EVERY_S`` (960 s) and linearly in between (the arcsine is most of its cost otherwise). This script
runs a year at 60 s for typical shells (a low-inclination 400 km shell, whose node moves fastest; Starlink's
53°; a 70° shell; a dawn-dusk and a noon sun-synchronous orbit, whose β reaches its extremes) and prints the
largest difference from the numpy path (exact at every step), overall and where |β| < 80°, with the effect on
the sunlit projection cos β.

Run: ``python design/beta_interpolation.py``
"""

from __future__ import annotations

import numpy as np

from skyrack.astro import circular_fleet_environment, raan_from_ltan_rad, sso_inclination_rad
from skyrack.astro.twins_nb import BETA_EXACT_EVERY_S
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M as RE

JD0 = 2460676.5  # 2025-01-01T00:00Z
T_S = np.arange(0.0, 365.25 * 86400.0, 60.0)


def main() -> None:
    sso_a = RE + 650e3
    shells = {
        "400 km, 28.5 deg": (RE + 400e3, np.deg2rad(28.5), 0.0),
        "550 km, 53 deg": (RE + 550e3, np.deg2rad(53.0), 1.0),
        "570 km, 70 deg": (RE + 570e3, np.deg2rad(70.0), 2.0),
        "650 km SSO, dawn-dusk": (sso_a, float(sso_inclination_rad(sso_a)), float(raan_from_ltan_rad(18.0, JD0))),
        "650 km SSO, noon": (sso_a, float(sso_inclination_rad(sso_a)), float(raan_from_ltan_rad(12.0, JD0))),
    }
    print(f"beta exact every {BETA_EXACT_EVERY_S:g} s, linear between; a year at 60 s, one satellite per shell")
    print(f"{'shell':24s} {'max |dbeta| [rad]':>18s} {'|beta|<80 deg':>14s} {'max |d cos beta|':>17s}")
    for name, (a, inc, raan) in shells.items():
        fast = circular_fleet_environment(a, inc, raan, 0.0, JD0, T_S, backend="numba")
        exact = circular_fleet_environment(a, inc, raan, 0.0, JD0, T_S, backend="numpy")
        d = np.abs(fast.beta_rad - exact.beta_rad)
        mild = np.abs(exact.beta_rad) < np.deg2rad(80.0)
        dcos = np.abs(np.cos(fast.beta_rad) - np.cos(exact.beta_rad))
        print(f"{name:24s} {d.max():18.2e} {d[mild].max() if mild.any() else float('nan'):14.2e} {dcos.max():17.2e}")
    print(
        "verdict: a few 1e-7 rad (0.00003 deg) where |beta| < 80 deg; beta feeds eclipse and panel sun angles "
        "through cos beta, whose error is below 2e-6: negligible beside the Sun series' 0.01 deg"
    )


if __name__ == "__main__":
    main()
