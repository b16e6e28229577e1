"""skyrack: AI racks in the sky, costed against the ground.

Design, simulate and cost AI data centres in orbit beside a ground twin that runs the same work. The public
API lives in :mod:`skyrack.api` and is re-exported here (its ``__all__`` is the one list of public names).
"""

from skyrack import api
from skyrack._version import __version__
from skyrack.api import *  # noqa: F403  (the names of api.__all__)

__all__ = ["__version__"]
__all__ += api.__all__
