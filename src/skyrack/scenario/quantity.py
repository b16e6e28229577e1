"""Quantity fields for pydantic models: a string with a unit in the file, an SI float inside.

:class:`QuantityOf` is the pydantic metadata that parses ``"650 km"`` into ``650000.0``; the annotated
aliases (``Length``, ``Duration``, ``Power``, …) are the field types of the scenario sections. They live
here, apart from :mod:`skyrack.scenario`, so that section models of later stages (simulation, workload)
can use them without importing the scenario module.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from skyrack import units as u
from skyrack.errors import SkyrackInputError


def _numeric_only(annotation: Any) -> bool:
    """Whether a field of this type holds numbers (or quantity strings) and never a boolean."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _numeric_only(typing.get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (
            bool(members) and all(_numeric_only(a) or a is str for a in members) and not all(a is str for a in members)
        )
    return annotation in (int, float)


_MAX_EXACT_INT = 2**53


class Section(BaseModel):
    """Base of every scenario section: unknown keys refused, values frozen, and numbers kept honest — no infinity
    or NaN (``1e400`` in TOML is infinity) and no boolean read as a number (``discount_rate = false`` is not 0)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_boolean_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, bool | int) and info.field_name is not None:
            field = cls.model_fields.get(info.field_name)
            if field is not None and _numeric_only(field.annotation):
                if isinstance(value, bool):
                    raise PydanticCustomError("bool_number", "expected a number, not true or false")
                if abs(value) > _MAX_EXACT_INT:  # beyond float precision (and, far beyond, float range)
                    raise PydanticCustomError("int_size", "a number of at most 2^53 in size")
        return value


@dataclass(frozen=True)
class QuantityOf:
    """Pydantic metadata: parse a quantity string of ``dimension`` into an SI float.

    In the JSON schema the field is a string, tagged ``x-quantity`` with the dimension's name.
    """

    dimension: u.Dimension

    def _parse(self, value: object) -> float:
        try:
            return u.parse_quantity(value, self.dimension, "")
        except SkyrackInputError as exc:
            raise PydanticCustomError("quantity", "{expected}", {"expected": exc.expected}) from None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self._parse, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {
            "type": "string",
            "x-quantity": self.dimension.name,
            "description": f"{self.dimension.name_with_article()}, e.g. {self.dimension.example}",
        }


def positive(value: float) -> float:
    if not value > 0:
        raise PydanticCustomError("positive", "must be greater than zero")
    return value


def non_negative(value: float) -> float:
    if not value >= 0:
        raise PydanticCustomError("non_negative", "must not be negative")
    return value


def at_most(limit_si: float, shown: str, why: str) -> Any:
    """An AfterValidator refusing values above ``limit_si`` (``shown`` as the user would write it, and why)."""

    def check(value: float) -> float:
        if value > limit_si:
            raise PydanticCustomError("too_large", "at most {shown} ({why})", {"shown": shown, "why": why})
        return value

    return AfterValidator(check)


def above_absolute_zero(value_k: float) -> float:
    if not value_k > 0:
        raise PydanticCustomError("temperature", "must be above absolute zero (-273.15 degC)")
    return value_k


def quantity_field(default_text: str, dimension: u.Dimension, **kwargs: Any) -> Any:
    """A pydantic Field whose default is a quantity string, stored in SI, shown as written in the schema.

    The default is parsed on first use (a ``default_factory``, then remembered), not when the model class is
    defined, so that importing the scenario models does not build the pint registry.
    """
    parsed: list[float] = []

    def default() -> float:
        if not parsed:
            parsed.append(u.parse_quantity(default_text, dimension, "default"))
        return parsed[0]

    return Field(default_factory=default, json_schema_extra={"default": default_text}, **kwargs)


Length = Annotated[float, QuantityOf(u.LENGTH), AfterValidator(positive)]
Duration = Annotated[float, QuantityOf(u.TIME), AfterValidator(positive)]
Power = Annotated[float, QuantityOf(u.POWER), AfterValidator(non_negative)]
Temperature = Annotated[float, QuantityOf(u.TEMPERATURE), AfterValidator(above_absolute_zero)]
Angle = Annotated[float, QuantityOf(u.ANGLE)]
Irradiance = Annotated[float, QuantityOf(u.IRRADIANCE), AfterValidator(positive)]
ArealDensity = Annotated[float, QuantityOf(u.AREAL_DENSITY), AfterValidator(positive)]
SpecificEnergy = Annotated[float, QuantityOf(u.SPECIFIC_ENERGY), AfterValidator(positive)]
PricePerMass = Annotated[float, QuantityOf(u.PRICE_PER_MASS), AfterValidator(non_negative)]
PricePerEnergy = Annotated[float, QuantityOf(u.PRICE_PER_ENERGY), AfterValidator(non_negative)]
Mass = Annotated[float, QuantityOf(u.MASS), AfterValidator(positive)]
Area = Annotated[float, QuantityOf(u.AREA), AfterValidator(positive)]
MassPerEnergy = Annotated[float, QuantityOf(u.MASS_PER_ENERGY), AfterValidator(non_negative)]
VolumePerEnergy = Annotated[float, QuantityOf(u.VOLUME_PER_ENERGY), AfterValidator(non_negative)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
OpenFraction = Annotated[float, Field(gt=0.0, le=1.0)]
