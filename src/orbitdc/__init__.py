"""orbitdc: design, simulate and cost AI data centres in orbit beside a ground twin.

The public API lives in :mod:`orbitdc.api` and is re-exported here.
"""

from orbitdc.api import (
    Catalog,
    CatalogEntry,
    CatalogValue,
    Design,
    OrbitdcInputError,
    OrbitdcInputErrors,
    Scenario,
    default_catalog,
    design,
    json_safe,
    load_scenario,
    scenario_from_dict,
    scenario_json_schema,
)

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "CatalogEntry",
    "CatalogValue",
    "Design",
    "OrbitdcInputError",
    "OrbitdcInputErrors",
    "Scenario",
    "__version__",
    "default_catalog",
    "design",
    "json_safe",
    "load_scenario",
    "scenario_from_dict",
    "scenario_json_schema",
]
