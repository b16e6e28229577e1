"""Shared helpers of the simulator tests: short scenarios built from examples/suncatcher.toml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import skyrack
from skyrack.scenario import Scenario

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "suncatcher.toml"

# Orbit with a deep eclipse every orbit: 550 km, 53° (Starlink-like shell); β sweeps through 0 within weeks.
ECLIPSING = ['orbit.kind="circular"', 'orbit.altitude="550 km"', 'orbit.inclination="53 deg"']


def make_scenario(*overrides: str) -> Scenario:
    """examples/suncatcher.toml with ``--set``-style overrides (a short duration is the caller's job)."""
    return skyrack.load_scenario(EXAMPLE, list(overrides))


@pytest.fixture()
def scenario() -> Callable[..., Scenario]:
    return make_scenario
