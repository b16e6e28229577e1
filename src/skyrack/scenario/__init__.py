"""The edge: scenario files (TOML and ``--set`` overrides) in, a validated :class:`Scenario` in SI out.

Quantities with units are parsed once here with pint (:mod:`skyrack.scenario.quantity`); the sections of
later stages (``[simulation]``, ``[radiation]``, ``[workload]``) are in :mod:`skyrack.scenario.operations`.
"""

from skyrack.scenario.model import (
    Scenario,
    apply_overrides,
    check_catalog_references,
    check_scenario_files,
    load_scenario,
    load_tle_satellites,
    parse_override,
    read_scenario_text,
    read_scenario_toml,
    scenario_from_dict,
    scenario_json_schema,
)
from skyrack.scenario.uncertainty import DistributionSpec

__all__ = [
    "DistributionSpec",
    "Scenario",
    "apply_overrides",
    "check_catalog_references",
    "check_scenario_files",
    "load_scenario",
    "load_tle_satellites",
    "parse_override",
    "read_scenario_text",
    "read_scenario_toml",
    "scenario_from_dict",
    "scenario_json_schema",
]
