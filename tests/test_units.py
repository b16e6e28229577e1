"""Quantity parsing at the edge: SI values, and clear errors for wrong units."""

from __future__ import annotations

import pytest

from skyrack import units as u
from skyrack.errors import SkyrackInputError


@pytest.mark.parametrize(
    ("text", "dimension", "expected_si"),
    [
        ("650 km", u.LENGTH, 650e3),
        ("20 degC", u.TEMPERATURE, 293.15),  # 0 degC = 273.15 K (SI Brochure, 9th ed., 2019)
        ("-20 degC", u.TEMPERATURE, 253.15),
        ("160 W h/kg", u.SPECIFIC_ENERGY, 160 * 3600.0),  # 1 W h = 3600 J
        ("200 USD/kg", u.PRICE_PER_MASS, 200.0),
        ("0.06 USD/kWh", u.PRICE_PER_ENERGY, 0.06 / 3.6e6),
        ("365 d", u.TIME, 365 * 86400.0),
        ("5 yr", u.TIME, 5 * 365.25 * 86400.0),  # pint's year is the Julian year
        ("1.2 MW", u.POWER, 1.2e6),
        ("51.6 deg", u.ANGLE, 0.9005898940290741),
        ("0.005 /yr", u.RATE_PER_TIME, 0.005 / (365.25 * 86400.0)),
        ("918 TFLOPS", u.COMPUTE_RATE, 918e12),
        ("15 krad_Si", u.DOSE, 150.0),  # 1 rad = 0.01 Gy
        ("30 %", u.DIMENSIONLESS, 0.3),
    ],
)
def test_parse_quantity_to_si(text: str, dimension: u.Dimension, expected_si: float) -> None:
    assert u.parse_quantity(text, dimension, "f") == pytest.approx(expected_si, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("650 kg", "'kg' is a mass"),
        ("650", "a unit is needed"),
        (650, "a unit is needed"),
        ("abc km", "not a number"),
        ("650 furlongz", "unknown unit 'furlongz'"),
    ],
)
def test_bad_quantity_names_field_value_and_expectation(text: object, fragment: str) -> None:
    with pytest.raises(SkyrackInputError) as info:
        u.parse_quantity(text, u.LENGTH, "orbit.altitude")
    message = str(info.value)
    assert message.startswith("orbit.altitude")
    assert fragment in message
    assert "'650 km'" in message  # an example of what would be valid
