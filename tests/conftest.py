"""Shared fixtures."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture()
def suncatcher_path() -> Path:
    return EXAMPLES / "suncatcher.toml"


@pytest.fixture(scope="session")
def skyfield_env() -> Iterator[dict[str, Any]]:
    """Skyfield loader, timescale and DE421 ephemeris from the skyfield-data package (offline)."""
    pytest.importorskip("skyfield")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skyfield-data warns that its finals2000A.all is old
        from skyfield.api import Loader
        from skyfield_data import get_skyfield_data_path

        load = Loader(get_skyfield_data_path(), verbose=False)
        ts = load.timescale(builtin=True)
        eph = load("de421.bsp")
    yield {"ts": ts, "eph": eph}
    eph.close()
