"""Type aliases shared by the astro kernels."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

#: A float64 array; kernels return these (0-d or numpy scalars for scalar input).
FloatArray: TypeAlias = NDArray[np.float64]
#: A boolean array.
BoolArray: TypeAlias = NDArray[np.bool_]
#: An integer array.
IntArray: TypeAlias = NDArray[np.int64]

__all__ = ["BoolArray", "FloatArray", "IntArray"]
