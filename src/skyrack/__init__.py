"""skyrack: AI racks in the sky, costed against the ground.

Design, simulate and cost AI data centres in orbit beside a ground twin that runs the same work. The public
API lives in :mod:`skyrack.api` and is re-exported here (its ``__all__`` is the one list of public names). It is
imported on first use of a name, so ``import skyrack`` and ``skyrack --help`` stay fast.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from skyrack._version import __version__ as __version__

if TYPE_CHECKING:
    from skyrack.api import *  # noqa: F403  (the names of skyrack.api.__all__)


def __getattr__(name: str) -> Any:
    if name.startswith("__") and name != "__all__":
        raise AttributeError(name)
    if importlib.util.find_spec(f"{__name__}.{name}") is not None:
        # a submodule (``from skyrack import units``): let the import system load it, without the API
        raise AttributeError(name)
    api = importlib.import_module("skyrack.api")

    if name == "__all__":
        return ["__version__", *api.__all__]
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'skyrack' has no attribute {name!r}")


def __dir__() -> list[str]:
    api = importlib.import_module("skyrack.api")
    return sorted({*globals(), *api.__all__})
