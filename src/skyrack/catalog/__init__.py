"""The catalog: sourced assumptions (launch vehicles, accelerators, cells, coatings, batteries,
ground sites, costs) kept as data files inside the package, one value a row.

Each CSV under ``catalog/data`` has the columns ``name,parameter,value,unit,source,year,status``.
A value is kept as written (magnitude and unit) and converted on demand with
:meth:`CatalogEntry.to`, so a row never loses its unit. ``status`` tells how well it is verified:
``R`` read in a primary source, ``R2`` read in a secondary source citing the primary, ``D`` derived
by arithmetic, ``U`` unverified, ``target`` a vendor's or developer's stated target, and
``scenario`` for a value a scenario file set.
"""

from __future__ import annotations

import csv
import difflib
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.units import convert, is_unit, split_quantity

COLUMNS = ("name", "parameter", "value", "unit", "source", "year", "status")
STATUSES = ("R", "R2", "D", "U", "target", "scenario")
# Rows ``<parameter>_low`` / ``<parameter>_high`` give the range of an estimate (:meth:`CatalogEntry.estimate_range`).
RANGE_SUFFIXES = ("_low", "_high")
KINDS = (
    "launch_vehicles",
    "accelerators",
    "solar_cells",
    "coatings",
    "batteries",
    "ground_sites",
    "costs",
    "radiation",
    "optical_terminals",
    "race",
    "ground_stations",
    "downlink_terminals",
    "user_regions",
    "traffic",
)


@dataclass(frozen=True)
class CatalogValue:
    """One sourced value: a number with its unit, or a text."""

    value: float | str
    unit: str
    source: str
    year: int | None
    status: str

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, float)

    def display(self) -> str:
        """The value as a person would write it (``"700 W"``)."""
        if isinstance(self.value, float):
            unit = "" if self.unit in ("", "1") else f" {self.unit}"
            return f"{self.value:g}{unit}"
        return self.value


@dataclass(frozen=True)
class CatalogEntry:
    """One catalog entry (a launch vehicle, an accelerator, …) and its sourced values."""

    kind: str
    name: str
    values: Mapping[str, CatalogValue] = field(default_factory=dict)

    def has(self, parameter: str) -> bool:
        return parameter in self.values

    def _field(self, parameter: str) -> str:
        return f"catalog.{self.kind}.{self.name}.{parameter}"

    def to(self, parameter: str, unit: str) -> float:
        """The numeric value of ``parameter`` converted to ``unit``.

        Raises
        ------
        SkyrackInputError
            When the entry has no such value, it is text, or its unit cannot convert to ``unit``.
        """
        if parameter not in self.values:
            known = ", ".join(sorted(self.values)) or "none"
            raise SkyrackInputError(
                self._field(parameter),
                None,
                f"missing; this entry has: {known}. Add it under [catalog.{self.kind}.{self.name}] in the scenario",
            )
        item = self.values[parameter]
        if not isinstance(item.value, float):
            raise SkyrackInputError(self._field(parameter), item.value, "expected a number")
        try:
            return convert(item.value, item.unit, unit)
        except ValueError as exc:
            raise SkyrackInputError(
                self._field(parameter), item.display(), f"expected a value convertible to {unit!r}"
            ) from exc

    def get(self, parameter: str, unit: str, default: float | None = None) -> float | None:
        """Like :meth:`to` but returns ``default`` when the parameter is absent."""
        return self.to(parameter, unit) if parameter in self.values else default

    def given(self, parameter: str) -> bool:
        """Whether a scenario set ``parameter`` (an explicit value beats every shipped one)."""
        item = self.values.get(parameter)
        return item is not None and item.status == "scenario"

    def estimate_range(self, parameter: str, unit: str) -> tuple[float, float] | None:
        """The range ``(low, high)`` shipped beside an estimate, as the rows ``<parameter>_low`` and
        ``<parameter>_high``, in ``unit``; None when the entry has none or a scenario set the value (a given value
        is not an estimate). The uncertainty analysis draws such estimates from a triangular distribution."""
        low, high = f"{parameter}{RANGE_SUFFIXES[0]}", f"{parameter}{RANGE_SUFFIXES[1]}"
        if self.given(parameter) or not (self.has(parameter) and self.has(low) and self.has(high)):
            return None
        return self.to(low, unit), self.to(high, unit)

    def text(self, parameter: str, default: str = "") -> str:
        item = self.values.get(parameter)
        return default if item is None else str(item.value)


_USED_ENTRIES: ContextVar[dict[tuple[str, str], CatalogEntry] | None] = ContextVar("skyrack_catalog_used", default=None)


@contextmanager
def record_catalog_use() -> Iterator[dict[tuple[str, str], CatalogEntry]]:
    """Collect every catalog entry looked up (via :meth:`Catalog.entry`) inside the block.

    >>> with record_catalog_use() as used:  # doctest: +SKIP
    ...     skyrack.design(scenario)
    >>> sorted(used)  # [(kind, name), ...] with the entries as values (overrides applied)  # doctest: +SKIP
    """
    used: dict[tuple[str, str], CatalogEntry] = {}
    token = _USED_ENTRIES.set(used)
    try:
        yield used
    finally:
        _USED_ENTRIES.reset(token)


def did_you_mean(word: str, choices: Iterator[str] | list[str] | tuple[str, ...]) -> str:
    """``" (did you mean 'x'?)"`` for the closest choice, or ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_cell(text: str, unit: str) -> float | str:
    """A CSV value: a float when the unit column is set, otherwise the text itself."""
    if unit == "":
        return text
    return float(text)


@dataclass(frozen=True)
class Catalog:
    """All catalog entries by kind and name."""

    entries: Mapping[str, Mapping[str, CatalogEntry]]

    def kinds(self) -> list[str]:
        return list(self.entries)

    def names(self, kind: str) -> list[str]:
        return sorted(self.entries.get(kind, {}))

    def entry(self, kind: str, name: str, field_name: str) -> CatalogEntry:
        """The entry ``name`` of ``kind``; an unknown name is reported against ``field_name``."""
        by_name = self.entries.get(kind, {})
        if name not in by_name:
            choices = sorted(by_name)
            raise SkyrackInputError(
                field_name, name, f"not in the {kind} catalog{did_you_mean(name, choices)}; known: {', '.join(choices)}"
            )
        found = by_name[name]
        used = _USED_ENTRIES.get()
        if used is not None:
            used[(kind, name)] = found
        return found

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> Catalog:
        """A new catalog with a scenario's ``[catalog.KIND.NAME]`` values applied.

        A value is a number (dimensionless), a text, or a quantity string (``"250 W"``).
        New names add entries; known names change only the parameters given.
        """
        merged: dict[str, dict[str, CatalogEntry]] = {k: dict(v) for k, v in self.entries.items()}
        problems: list[SkyrackInputError] = []
        for kind, by_name in overrides.items():
            if kind not in merged:
                raise SkyrackInputError(
                    f"catalog.{kind}",
                    None,
                    f"unknown catalog kind{did_you_mean(kind, KINDS)}; known: {', '.join(KINDS)}",
                )
            if not isinstance(by_name, Mapping):
                raise SkyrackInputError(f"catalog.{kind}", by_name, "a table of entries, e.g. [catalog.kind.name]")
            shapes = _parameter_shapes(kind, self.entries.get(kind, {}))
            for name, params in by_name.items():
                if not isinstance(params, Mapping):
                    raise SkyrackInputError(f"catalog.{kind}.{name}", params, "a table of parameter = value")
                base = merged[kind].get(name, CatalogEntry(kind=kind, name=name))
                values = dict(base.values)
                for parameter, raw in params.items():
                    where = f"catalog.{kind}.{name}.{parameter}"
                    try:
                        value = _override_value(where, raw)
                        _check_override(where, parameter, value, raw, shapes, costs=kind == "costs")
                    except SkyrackInputError as exc:
                        problems.append(exc)
                        continue
                    values[parameter] = value
                merged[kind][name] = replace(base, values=values)
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise SkyrackInputErrors(problems)
        return Catalog(entries=merged)


def _dimensionless(unit: str) -> bool:
    try:
        convert(1.0, unit, "")
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class _Shape:
    """What the shipped rows of one parameter look like across a kind: units, and whether all are > 0 / >= 0."""

    units: frozenset[str]
    positive: bool
    non_negative: bool
    numeric: bool
    largest: float = math.inf  # the largest shipped value, in ``min(units)`` (or as a number)


# A catalog override more than this many times every shipped value of its parameter is taken for a typing error
# (a 1e30 kg payload made the launch schedule NaN, issue #12); a thousand times leaves room for any what-if.
PLAUSIBLE_FACTOR = 1000.0

# Parameters the code reads, with a default, that no shipped entry of the kind carries.
_EXTRA_PARAMETERS: dict[str, dict[str, _Shape]] = {
    "accelerators": {
        "max_temperature": _Shape(frozenset({"K"}), True, True, True),
        "hbm_max_temperature": _Shape(frozenset({"K"}), True, True, True),
    },
}


def _parameter_shapes(kind: str, entries: Mapping[str, CatalogEntry]) -> dict[str, _Shape]:
    rows: dict[str, list[CatalogValue]] = {}
    for entry in entries.values():
        for parameter, value in entry.values.items():
            rows.setdefault(parameter, []).append(value)
    shapes = {}
    for parameter, values in rows.items():
        units = frozenset(v.unit for v in values if v.is_number and v.unit not in ("", "1"))
        numbers = [v for v in values if v.is_number]
        largest = math.inf
        if numbers and len(units) <= 1:
            unit = min(units) if units else ""
            try:
                largest = max(abs(convert(float(v.value), v.unit if unit else "", unit)) for v in numbers)
            except ValueError:
                largest = math.inf
        shapes[parameter] = _Shape(
            units=units,
            positive=all(v.is_number and float(v.value) > 0 for v in values),
            non_negative=all(v.is_number and float(v.value) >= 0 for v in values),
            numeric=len(numbers) == len(values),
            largest=largest,
        )
    for parameter, shape in _EXTRA_PARAMETERS.get(kind, {}).items():
        shapes.setdefault(parameter, shape)
    return shapes


def _check_override(
    where: str, parameter: str, value: CatalogValue, raw: object, shapes: Mapping[str, _Shape], costs: bool = False
) -> None:
    """A scenario's catalog value must be a parameter the catalog knows, of its dimension, finite, and of the sign
    every shipped value has (a negative mass or a zero payload is refused, issue #12). Cost rows may be zero (a
    what-if without failures or insurance), and their names are checked by the cost model."""
    base = parameter.removesuffix(RANGE_SUFFIXES[0]).removesuffix(RANGE_SUFFIXES[1])
    shape = shapes.get(parameter) or shapes.get(base)
    if shape is None:
        if costs:
            return
        raise SkyrackInputError(
            where, raw, f"unknown parameter{did_you_mean(parameter, list(shapes))}; it would be ignored"
        )
    if not value.is_number:
        if shape.numeric:
            raise SkyrackInputError(
                where, raw, "expected a number" + (f" in {min(shape.units)}" if shape.units else "")
            )
        return
    number = float(value.value)
    if not math.isfinite(number):
        raise SkyrackInputError(where, raw, "expected a finite number")
    if shape.units:
        unit = min(shape.units)
        if value.unit in ("", "1") and not _dimensionless(unit):
            raise SkyrackInputError(where, raw, f"a unit is needed, e.g. '{number:g} {unit}'")
        try:
            convert(number, value.unit, unit)
        except ValueError:
            raise SkyrackInputError(where, raw, f"expected a finite quantity convertible to {unit!r}") from None
    in_unit = convert(number, value.unit, min(shape.units)) if shape.units else number
    if not costs and abs(in_unit) > PLAUSIBLE_FACTOR * shape.largest > 0:  # a dear what-if is still a cost
        raise SkyrackInputError(
            where, raw, f"more than {PLAUSIBLE_FACTOR:,.0f} times the largest value the catalog ships "
            f"({shape.largest:g} {min(shape.units) if shape.units else ''}".rstrip() + "); a typing error?"
        )  # fmt: skip
    if shape.positive and not costs and not number > 0:
        raise SkyrackInputError(where, raw, "must be greater than zero")
    if shape.non_negative and not number >= 0:
        raise SkyrackInputError(where, raw, "must not be negative")


def _override_value(field_name: str, raw: object) -> CatalogValue:
    if isinstance(raw, bool):
        return CatalogValue("yes" if raw else "no", "", "scenario file", None, "scenario")
    if isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError:  # an integer beyond float range
            raise SkyrackInputError(field_name, raw, "a finite number") from None
        return CatalogValue(number, "1", "scenario file", None, "scenario")
    if isinstance(raw, str):
        split = split_quantity(raw)
        if split is not None and split[1]:
            number, unit = split
            if not is_unit(unit):
                raise SkyrackInputError(field_name, raw, f"unknown unit {unit!r}")
            return CatalogValue(number, unit, "scenario file", None, "scenario")
        if split is not None:
            return CatalogValue(split[0], "1", "scenario file", None, "scenario")
        return CatalogValue(raw, "", "scenario file", None, "scenario")
    raise SkyrackInputError(field_name, raw, "expected a number, a text or a quantity like '250 W'")


def read_catalog_csv(kind: str, text: str) -> dict[str, CatalogEntry]:
    """Parse one catalog CSV; every problem names the kind, row and column."""
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise SkyrackInputError(f"{kind}.csv header", reader.fieldnames, f"expected {','.join(COLUMNS)}")
    values: dict[str, dict[str, CatalogValue]] = {}
    for row_number, row in enumerate(reader, start=2):
        where = f"{kind}.csv line {row_number}"
        try:
            year = int(row["year"]) if row["year"] else None
            value = parse_cell(row["value"], row["unit"])
        except (ValueError, TypeError) as exc:
            raise SkyrackInputError(where, row, "expected a numeric value and a 4-digit year") from exc
        if row["status"] not in STATUSES:
            raise SkyrackInputError(where, row["status"], f"status must be one of {STATUSES}")
        values.setdefault(row["name"], {})[row["parameter"]] = CatalogValue(
            value=value, unit=row["unit"], source=row["source"], year=year, status=row["status"]
        )
    return {name: CatalogEntry(kind, name, params) for name, params in values.items()}


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The catalog shipped with skyrack (read once)."""
    data = resources.files("skyrack.catalog") / "data"
    entries: dict[str, Mapping[str, CatalogEntry]] = {}
    for kind in KINDS:
        path = data / f"{kind}.csv"
        if path.is_file():
            entries[kind] = read_catalog_csv(kind, path.read_text(encoding="utf-8"))
    return Catalog(entries=entries)
