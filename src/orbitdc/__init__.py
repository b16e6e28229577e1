"""orbitdc: design, simulate and cost AI data centres in orbit beside a ground twin.

The public API lives in :mod:`orbitdc.api` and is re-exported here.
"""

from orbitdc.api import (
    UNCERTAIN_KEYS,
    Breakeven,
    Catalog,
    CatalogEntry,
    CatalogValue,
    Comparison,
    Design,
    OrbitdcInputError,
    OrbitdcInputErrors,
    Passes,
    Scenario,
    Station,
    UncertaintyResult,
    breakeven,
    compare,
    default_catalog,
    design,
    json_safe,
    load_scenario,
    passes,
    scenario_from_dict,
    scenario_json_schema,
    simulate,
    uncertainty,
)

__version__ = "0.1.0"

__all__ = [
    "UNCERTAIN_KEYS",
    "Breakeven",
    "Catalog",
    "CatalogEntry",
    "CatalogValue",
    "Comparison",
    "Design",
    "OrbitdcInputError",
    "OrbitdcInputErrors",
    "Passes",
    "Scenario",
    "Station",
    "UncertaintyResult",
    "__version__",
    "breakeven",
    "compare",
    "default_catalog",
    "design",
    "json_safe",
    "load_scenario",
    "passes",
    "scenario_from_dict",
    "scenario_json_schema",
    "simulate",
    "uncertainty",
]
