"""orbitdc.astro: astrodynamics and environment kernels (pure numpy, SI units, radians).

Layer 1 of orbitdc (see DESIGN.md): pure, vectorised functions with satellites on a leading axis and time
last; scalars work too; invalid input gives NaN rather than an exception inside vectorised code.

Frames: the common inertial frame ("ECI") is the GCRS ≈ mean equator and equinox of J2000
(:mod:`orbitdc.astro.frames`). Time: kernels take Julian dates in UTC made by :mod:`orbitdc.astro.time`.
"""

from orbitdc.astro.frames import (
    eci_to_ecef_matrix,
    gast_rad,
    precession_matrix,
    rotate,
    teme_to_eci_matrix,
)
from orbitdc.astro.geometry import beta_angle_rad, orbit_normal_eci
from orbitdc.astro.orbits import (
    circular_period_s,
    j2_secular_rates_rad_per_s,
    ltan_hours_from_raan,
    mean_motion_rad_per_s,
    raan_from_ltan_rad,
    sso_inclination_rad,
)
from orbitdc.astro.shadow import (
    beta_critical_rad,
    eclipse_fraction_circular,
    sunlit_fraction_circular,
)
from orbitdc.astro.sun import (
    sun_distance_m,
    sun_position_eci_m,
    sun_right_ascension_rad,
    sun_unit_vector_eci,
)
from orbitdc.astro.time import (
    datetime_to_jd_utc,
    gmst_rad,
    jd_tt_from_utc,
    jd_ut1_from_utc,
    jd_utc_to_datetime,
    julian_date_utc,
    tai_minus_utc_s,
)

__all__ = [
    "beta_angle_rad",
    "beta_critical_rad",
    "circular_period_s",
    "datetime_to_jd_utc",
    "eci_to_ecef_matrix",
    "eclipse_fraction_circular",
    "gast_rad",
    "gmst_rad",
    "j2_secular_rates_rad_per_s",
    "jd_tt_from_utc",
    "jd_ut1_from_utc",
    "jd_utc_to_datetime",
    "julian_date_utc",
    "ltan_hours_from_raan",
    "mean_motion_rad_per_s",
    "orbit_normal_eci",
    "precession_matrix",
    "raan_from_ltan_rad",
    "rotate",
    "sso_inclination_rad",
    "sun_distance_m",
    "sun_position_eci_m",
    "sun_right_ascension_rad",
    "sun_unit_vector_eci",
    "sunlit_fraction_circular",
    "tai_minus_utc_s",
    "teme_to_eci_matrix",
]
