"""Quantities with units, parsed once at the edge with pint and converted to SI floats.

Scenario files and catalog rows write quantities as strings (``"650 km"``, ``"20 degC"``,
``"160 W h/kg"``, ``"200 USD/kg"``). :func:`parse_quantity` turns one into a float in the SI
unit of the expected dimension, or raises :class:`~skyrack.errors.SkyrackInputError` naming the
field, the value and what would be valid.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from skyrack.errors import SkyrackInputError

if TYPE_CHECKING:
    import pint

_NUMBER_THEN_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")

# Unit expressions are parsed by pint, which evaluates exponents: "km**1000" overflows, "d**(10**10)" hangs
# (issue #12). A unit as people write them is short and its exponents are small integers or halves.
MAX_UNIT_CHARS = 64
MAX_UNIT_EXPONENT = 12
_EXPONENT = re.compile(r"(\*\*|\^)\s*(\S*)")
_SMALL_EXPONENT = re.compile(r"^[-+]?\d{1,2}(?:\.\d)?(?![\d.eE])")


def unit_text_problem(unit_text: str) -> str | None:
    """Why pint should not be given ``unit_text`` (too long, a large or computed exponent), or None."""
    if len(unit_text) > MAX_UNIT_CHARS:
        return f"a unit of at most {MAX_UNIT_CHARS} characters"
    for match in _EXPONENT.finditer(unit_text):
        exponent = _SMALL_EXPONENT.match(match.group(2))
        if exponent is None or abs(float(exponent.group(0))) > MAX_UNIT_EXPONENT:
            return f"unit exponents that are plain numbers of at most {MAX_UNIT_EXPONENT}, e.g. 'm^2' or 's**-1'"
        rest = match.group(2)[exponent.end() :]
        if rest[:1] in ("*", "^", "("):
            return "unit exponents that are plain numbers, not expressions"
    return None


def _new_registry() -> pint.UnitRegistry[float]:
    """A pint registry of the default definitions, from pint's disk cache when it can be used.

    Parsing pint's definition file takes ~0.2 s; ``cache_folder=":auto:"`` keeps the parsed result in the user
    cache folder (``~/.cache/pint`` on Linux) and later loads take ~0.02 s. When that folder cannot be created,
    written or read (read-only home, a corrupt or half-written cache), the registry is built without a cache.
    """
    import pint

    try:
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=":auto:")
    except Exception:  # OSError for a folder we cannot use, pickle or parse errors for a bad cache file
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True)


@lru_cache(maxsize=1)
def unit_registry() -> pint.UnitRegistry[float]:
    """The one pint registry of skyrack, with currency, FLOP and rad(Si) added.

    Built on first use, not at import, so that ``import skyrack`` and ``skyrack --help`` do not pay for it.
    """
    ureg = _new_registry()
    ureg.define("USD = [currency] = usd = dollar")
    ureg.define("EUR = 1.08 USD = eur")  # ECB reference rate 2024 annual average, 1 EUR = 1.082 USD (ECB 2025)
    ureg.define("FLOP = [computation] = flop")
    ureg.define("FLOPS = FLOP / second = flops")
    ureg.define("rad_Si = 0.01 * gray = radSi")  # 1 rad = 0.01 Gy (NIST SP 811, 2008)
    ureg.define("tCO2 = 1000 * kg")
    ureg.define("MMBtu = 1e6 * Btu")  # a million British thermal units, the unit of US gas prices (EIA)
    return ureg


@dataclass(frozen=True)
class Dimension:
    """A physical dimension expected by a field, with its SI unit and an example for messages."""

    name: str
    si_unit: str
    example: str

    def name_with_article(self) -> str:
        """``"a length"``, ``"an angle"``."""
        return ("an " if self.name[0] in "aeiou" else "a ") + self.name


LENGTH = Dimension("length", "m", "'650 km'")
TIME = Dimension("time", "s", "'60 s' or '365 d' or '5 yr'")
POWER = Dimension("power", "W", "'1.2 MW' or '700 W'")
ENERGY = Dimension("energy", "J", "'10 kWh'")
MASS = Dimension("mass", "kg", "'575 kg'")
TEMPERATURE = Dimension("temperature", "K", "'20 degC' or '293 K'")
ANGLE = Dimension("angle", "rad", "'51.6 deg'")
AREA = Dimension("area", "m^2", "'105 m^2'")
IRRADIANCE = Dimension("irradiance", "W/m^2", "'1361 W/m^2'")
AREAL_DENSITY = Dimension("areal density", "kg/m^2", "'1.5 kg/m^2'")
SPECIFIC_ENERGY = Dimension("specific energy", "J/kg", "'160 W h/kg'")
SPECIFIC_POWER = Dimension("specific power", "W/kg", "'100 W/kg'")
PRICE_PER_MASS = Dimension("price per mass", "USD/kg", "'200 USD/kg'")
PRICE_PER_ENERGY = Dimension("price per energy", "USD/J", "'0.06 USD/kWh'")
PRICE_PER_POWER = Dimension("price per power", "USD/W", "'11.7 MUSD/MW'")
PRICE = Dimension("price", "USD", "'25000 USD'")
RATE_PER_TIME = Dimension("rate per time", "1/s", "'0.005 /yr'")
PER_KELVIN = Dimension("coefficient per kelvin", "1/K", "'-0.0035 /K'")
COMPUTE_RATE = Dimension("compute rate", "FLOPS", "'918 TFLOPS'")
DATA_SIZE = Dimension("data size", "byte", "'80 GB'")
DATA_RATE = Dimension("data rate", "byte/s", "'3.35 TB/s'")
BIT_RATE = Dimension("bit rate", "bit/s", "'100 Gbit/s'")
DOSE = Dimension("absorbed dose", "Gy", "'15 krad_Si'")
VOLUME_PER_ENERGY = Dimension("volume per energy", "m^3/J", "'1.8 L/kWh'")
MASS_PER_ENERGY = Dimension("mass per energy", "kg/J", "'400 g/kWh'")
VELOCITY = Dimension("velocity", "m/s", "'7.5 km/s'")
MASS_RATE = Dimension("mass per time", "kg/s", "'1500 t/yr'")
POWER_RATE = Dimension("power per time", "W/s", "'16.6 GW/yr'")
PRICE_PER_TIME = Dimension("price per time", "USD/s", "'2.35 USD/h'")
DIMENSIONLESS = Dimension("dimensionless number", "", "0.3")

ALL_DIMENSIONS: tuple[Dimension, ...] = (
    LENGTH,
    TIME,
    POWER,
    ENERGY,
    MASS,
    TEMPERATURE,
    ANGLE,
    AREA,
    IRRADIANCE,
    AREAL_DENSITY,
    SPECIFIC_ENERGY,
    SPECIFIC_POWER,
    PRICE_PER_MASS,
    PRICE_PER_ENERGY,
    PRICE_PER_POWER,
    PRICE,
    RATE_PER_TIME,
    PER_KELVIN,
    COMPUTE_RATE,
    DATA_SIZE,
    DATA_RATE,
    BIT_RATE,
    DOSE,
    VOLUME_PER_ENERGY,
    MASS_PER_ENERGY,
    VELOCITY,
)


def _describe_dimension(quantity: Any) -> str:
    ureg = unit_registry()
    if quantity.dimensionless:
        return "dimensionless"
    for dim in ALL_DIMENSIONS:
        if quantity.dimensionality == ureg.Quantity(1.0, dim.si_unit).dimensionality:
            return f"a {dim.name}"
    return f"of dimension {quantity.dimensionality}"


def split_quantity(text: str) -> tuple[float, str] | None:
    """``"650 km"`` → ``(650.0, "km")``; ``"0.3"`` → ``(0.3, "")``; ``None`` when the text does not start with a
    number. The unit comes back as written (``"/yr"`` for "0.005 /yr")."""
    match = _NUMBER_THEN_UNIT.match(text)
    if match is None:
        return None
    return float(match.group(1)), match.group(2)


def _pint_unit(unit_text: str) -> str:
    """The unit as pint reads it: ``""`` is dimensionless; ``"/yr"`` (per year) is ``"1 /yr"``.

    Raises
    ------
    ValueError
        When the text is not a unit expression pint can be trusted with (:func:`unit_text_problem`).
    """
    problem = unit_text_problem(unit_text)
    if problem is not None:
        raise ValueError(f"expected {problem}")
    if not unit_text:
        return "dimensionless"
    return "1 " + unit_text if unit_text.startswith("/") else unit_text


def convert(number: float, unit_text: str, to_unit: str, difference: bool = False) -> float:
    """``number`` in ``unit_text`` converted to ``to_unit`` (``""`` for a pure number) with the one registry.

    ``difference`` reads an offset unit as a difference (a spread of "5 degC" is 5 K, not 278 K).

    Raises
    ------
    ValueError
        When a unit is unknown or the two are not of the same dimension (the caller names the field).
    """
    import pint

    if not math.isfinite(number):
        raise ValueError(f"{number} is not a finite number")
    given = _pint_unit(unit_text)
    if difference and given in ("degC", "degF", "celsius", "fahrenheit"):
        given = f"delta_{given}"
    try:
        scale = _scale(given, _pint_unit(to_unit))
        if scale is None:  # an offset unit (degC to K): pint converts the number itself
            result = float(unit_registry().Quantity(number, given).to(_pint_unit(to_unit)).magnitude)
        else:
            result = number * scale
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError, OverflowError) as exc:
        raise ValueError(f"{number:g} {unit_text} cannot be read as {to_unit or 'a number'}: {exc}") from exc
    if not math.isfinite(result):
        raise ValueError(f"{number:g} {unit_text} is not a finite number in {to_unit or 'plain numbers'}")
    return result


@lru_cache(maxsize=1024)
def _scale(given: str, to: str) -> float | None:
    """The factor from ``given`` to ``to`` when the conversion is a pure scaling (None for offset units such as
    degC): parsing units with pint takes ~0.1 ms, and a model build converts the same few dozen pairs again and
    again (errors are not cached: pint raises them afresh at every call)."""
    q = unit_registry().Quantity
    if float(q(0.0, given).to(to).magnitude) != 0.0:
        return None
    return float(q(1.0, given).to(to).magnitude)


def is_unit(unit_text: str) -> bool:
    """Whether pint knows ``unit_text`` as a unit (``"USD/kg"``, ``"W"``)."""
    try:
        unit_registry().Quantity(1.0, _pint_unit(unit_text))
    except Exception:  # pint raises several error types for a bad unit
        return False
    return True


def parse_quantity(text: object, dimension: Dimension, field: str) -> float:
    """Parse ``"650 km"`` into a float in the SI unit of ``dimension``.

    Parameters
    ----------
    text
        The value as written: a string with a number and a unit. A bare number is accepted
        only for a dimensionless field.
    dimension
        The dimension the field must have.
    field
        Dotted field name, used in the error message.

    Returns
    -------
    float
        The magnitude in ``dimension.si_unit`` (kelvin for temperatures, radians for angles).

    Raises
    ------
    SkyrackInputError
        When the text is not a number with a unit of the expected dimension.
    """
    expected = f"expected {dimension.name_with_article()} such as {dimension.example}"
    if isinstance(text, bool):
        raise SkyrackInputError(field, text, expected)
    if isinstance(text, int | float):
        try:
            number = float(text)  # an int beyond float range raises OverflowError
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise SkyrackInputError(field, text, f"not a finite number; {expected}")
        if dimension is DIMENSIONLESS:
            return number
        raise SkyrackInputError(field, text, f"a unit is needed: {expected}")
    if not isinstance(text, str):
        raise SkyrackInputError(field, text, expected)
    split = split_quantity(text)
    if split is None:
        raise SkyrackInputError(field, text, f"not a number followed by a unit; {expected}")
    number, unit_text = split
    if not math.isfinite(number):
        raise SkyrackInputError(field, text, f"not a finite number; {expected}")
    if not unit_text and dimension is not DIMENSIONLESS:
        raise SkyrackInputError(field, text, f"a unit is needed: {expected}")
    problem = unit_text_problem(unit_text)
    if problem is not None:
        raise SkyrackInputError(field, text, f"expected {problem}")
    import pint

    ureg = unit_registry()
    try:
        quantity = ureg.Quantity(number, _pint_unit(unit_text))
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        AttributeError,
        TypeError,
        ValueError,
        AssertionError,
        KeyError,
        OverflowError,
        RecursionError,
    ) as exc:
        raise SkyrackInputError(field, text, f"unknown unit {unit_text!r}; {expected}") from exc
    try:
        value = float(quantity.to(dimension.si_unit or "dimensionless").magnitude)
    except pint.errors.DimensionalityError as exc:
        raise SkyrackInputError(field, text, f"{unit_text!r} is {_describe_dimension(quantity)}; {expected}") from exc
    except (OverflowError, ZeroDivisionError, ArithmeticError) as exc:
        raise SkyrackInputError(field, text, f"not a finite number in {dimension.si_unit or 'plain numbers'}") from exc
    if not math.isfinite(value):
        raise SkyrackInputError(field, text, f"not a finite number in {dimension.si_unit or 'plain numbers'}")
    return value


def format_quantity(value_si: float, dimension: Dimension, unit: str) -> str:
    """Format an SI float in ``unit`` (``format_quantity(650e3, LENGTH, "km") == "650 km"``)."""
    ureg = unit_registry()
    magnitude = ureg.Quantity(value_si, dimension.si_unit or "dimensionless").to(unit).magnitude
    return f"{magnitude:g} {unit}"
