"""``np.searchsorted(edges, keys, side="right")`` by table lookup, for edges searched every quarter.

Picking the officer a citizen meets is a search of the officers' cumulative contact weights. With
random keys a binary search mispredicts a branch at almost every step, which made it the slowest
single call of a quarter. Here the range of the edges is cut into cells of width ``h``, a power of two
(so that ``key / h`` is exact) no wider than the smallest gap between distinct edges: a cell then holds
at most one distinct edge value, and the answer for a key is one of two counts precomputed for its
cell, chosen by one comparison with that value. The answers are exactly ``np.searchsorted``'s.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np


class FlatSearch(NamedTuple):
    """A ``RightSearch`` as plain values, for a loop that searches one key at a time (``kernels``)."""

    has_table: bool
    rows: np.ndarray  # a row per cell: the cell's edge value, the count below it, the count up to it
    inverse_width: float
    last_cell: float
    edges: np.ndarray  # searched directly where there is no table


class RightSearch:
    """``np.searchsorted(edges, keys, side="right")`` for ascending, non-negative ``edges`` and
    non-negative ``keys``. Where the table would need more than ``max_cells`` cells (edges very close
    together), it calls ``np.searchsorted`` instead."""

    def __init__(self, edges: np.ndarray, max_cells: int) -> None:
        self.edges = edges
        self.table: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._rows: np.ndarray | None = None  # the table as rows, built when a loop first asks
        gaps = np.diff(np.unique(edges))
        width = 2.0 ** math.floor(math.log2(gaps.min())) if gaps.size else 1.0
        while edges[-1] < max_cells * width:  # as edges[-1] / width < max_cells, without overflow
            if self._build(width):
                return
            width /= 2.0  # rounding left two distinct edges in one cell: try finer cells

    def _build(self, width: float) -> bool:
        """Tables for cells of ``width``; False if some cell holds two distinct edge values."""
        edges = self.edges
        cells = int(edges[-1] / width) + 2  # the last cell lies wholly above the edges
        bounds = np.arange(cells + 1) * width
        below = np.searchsorted(edges, bounds[:-1], side="right")  # edges <= a cell's start
        before_end = np.searchsorted(edges, bounds[1:], side="left")  # edges < a cell's end
        inside = before_end > below
        first = np.append(edges, np.inf)[below]  # the first edge above a cell's start
        if not np.array_equal(edges[before_end[inside] - 1], first[inside]):
            return False
        self.inverse_width = 1.0 / width
        self.last_cell = float(cells - 1)  # keys beyond the table share the last cell's answer, n
        self.table = (below, before_end, first)
        return True

    def flat(self) -> FlatSearch:
        """The search as plain values; its table as rows, so that one cache line answers a key."""
        if self.table is None:
            return FlatSearch(False, np.zeros((1, 3)), 1.0, 0.0, self.edges)
        if self._rows is None:
            below, before_end, first = self.table
            self._rows = np.column_stack([first, below, before_end]).astype(np.float64)
        return FlatSearch(True, self._rows, self.inverse_width, self.last_cell, self.edges)

    def __call__(self, keys: np.ndarray) -> np.ndarray:
        if self.table is None:
            return np.searchsorted(self.edges, keys, side="right")
        below, before_end, first = self.table
        cell = np.minimum(keys * self.inverse_width, self.last_cell).astype(np.intp)
        return np.where(keys >= first.take(cell), before_end.take(cell), below.take(cell))
