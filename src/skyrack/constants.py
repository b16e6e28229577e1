"""Physical and astronomical constants used across skyrack, SI units, each with its source.

Every kernel imports its constants from here so that a value is defined once.
"""

from typing import Final

# Stefan–Boltzmann constant [W m^-2 K^-4]; CODATA 2018 (exact since the 2019 SI redefinition).
STEFAN_BOLTZMANN_W_PER_M2_K4: Final = 5.670374419e-8

# Earth gravitational parameter [m^3 s^-2]; WGS-84 (NIMA TR8350.2, 3rd ed., 2000).
MU_EARTH_M3_PER_S2: Final = 3.986004418e14

# Earth equatorial radius [m]; WGS-84 (NIMA TR8350.2, 2000).
EARTH_EQUATORIAL_RADIUS_M: Final = 6378137.0

# WGS-84 flattening [-]; NIMA TR8350.2 (2000).
EARTH_FLATTENING: Final = 1.0 / 298.257223563

# Second zonal harmonic J2 [-]; EGM96 / WGS-84 value used by Vallado (2013), Table D-1.
EARTH_J2: Final = 1.08262668e-3

# Earth rotation rate [rad/s]; WGS-84 (NIMA TR8350.2, 2000).
EARTH_ROTATION_RATE_RAD_PER_S: Final = 7.292115e-5

# Astronomical unit [m]; IAU 2012 Resolution B2 (exact).
ASTRONOMICAL_UNIT_M: Final = 149597870700.0

# Mean solar radius [m]; IAU 2015 Resolution B3 nominal solar radius.
SUN_RADIUS_M: Final = 6.957e8

# Tropical year [days]; Astronomical Almanac (mean tropical year, J2000).
TROPICAL_YEAR_DAYS: Final = 365.24219

# Julian year [s]; IAU definition (365.25 days of 86400 s).
JULIAN_YEAR_S: Final = 365.25 * 86400.0

# Mean rate of the Sun's apparent motion in right ascension [rad/s]: 2*pi per tropical year.
SUN_MEAN_MOTION_RAD_PER_S: Final = 2.0 * 3.141592653589793 / (TROPICAL_YEAR_DAYS * 86400.0)

# Julian date of the J2000.0 epoch (2000-01-01 12:00 TT) [days]; IAU.
JD_J2000: Final = 2451545.0

# Solar constant (total solar irradiance at 1 au) [W/m^2]; Kopp & Lean (2011), GRL 38, L01706.
SOLAR_CONSTANT_W_PER_M2: Final = 1361.0
