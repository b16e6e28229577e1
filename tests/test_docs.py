"""The scenario reference is generated from the schema; it must be current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_scenario_reference_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen", DOCS / "generate_scenario_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (DOCS / "scenario-reference.md").read_text(encoding="utf-8")
    assert current == module.render(), "run: python docs/generate_scenario_reference.py"
