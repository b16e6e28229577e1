"""Compilation settings shared by the simulator's numba kernels."""

from __future__ import annotations

from typing import Final

# LLVM fast-math flags allowed in the kernels: fused multiply-add, reassociation, reciprocal and approximate
# functions, no signed zeros. Not "nnan"/"ninf": the kernels use inf and NaN as values (unlimited demand, an
# infinite checkpoint interval), which those flags would make undefined.
FASTMATH: Final = {"contract", "reassoc", "arcp", "afn", "nsz"}
