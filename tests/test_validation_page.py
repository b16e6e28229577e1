"""The validation page is generated from the code; it must be current, and every figure within tolerance."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_validation", DOCS / "generate_validation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sections(generator: ModuleType) -> list[tuple[str, list[object]]]:
    result: list[tuple[str, list[object]]] = generator.rows()
    return result


def test_validation_page_is_current(generator: ModuleType, sections: list[tuple[str, list[object]]]) -> None:
    current = (DOCS / "validation.md").read_text(encoding="utf-8")
    assert current == generator.render(sections), "run: python docs/generate_validation.py"


def test_check_mode_passes_on_the_current_page(generator: ModuleType) -> None:
    assert generator.main(["--check"]) == 0, "run: python docs/generate_validation.py"


def test_every_published_figure_is_within_tolerance(sections: list[tuple[str, list[object]]]) -> None:
    rows = [row for _, section in sections for row in section]
    assert len(rows) >= 20
    outside = [row.figure for row in rows if not row.within and not row.known_discrepancy]  # type: ignore[attr-defined]
    assert not outside, f"outside tolerance: {outside}"
