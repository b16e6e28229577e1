"""skyrack: design, simulate and cost AI data centres in orbit beside a ground twin.

The public API lives in :mod:`skyrack.api` and is re-exported here.
"""

from skyrack.api import (
    UNCERTAIN_KEYS,
    Breakeven,
    Catalog,
    CatalogEntry,
    CatalogValue,
    Comparison,
    Design,
    Passes,
    Scenario,
    SkyrackInputError,
    SkyrackInputErrors,
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
    "Passes",
    "Scenario",
    "SkyrackInputError",
    "SkyrackInputErrors",
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
