"""The browser the report and page tests drive: Debian's Chromium through playwright."""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest


def browser_or_skip(what: str) -> tuple[str, Any]:
    """Debian's Chromium and playwright's sync API for a browser test: skipped where either is missing, a failure
    on CI (``.ci/run`` installs both)."""
    executable = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
                      None)  # fmt: skip
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None  # type: ignore[assignment]
    if executable is None or sync_playwright is None:
        if os.environ.get("CI"):
            pytest.fail(f"{what} needs Debian's chromium package and playwright (.ci/run installs both)")
        pytest.skip("chromium or playwright not installed (apt-get install chromium; pip install playwright)")
    return executable, sync_playwright
