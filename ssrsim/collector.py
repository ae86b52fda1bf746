"""Mesa's DataCollector, reading every outcome from one dict of floats.

Mesa's generic ``collect`` calls and deep-copies each reporter's value, which suits arbitrary
reporters; the model's outcomes are plain floats measured together each quarter, so appending them
directly does the same job at a fraction of the cost. Tables and every accessor are Mesa's own.
"""

from __future__ import annotations

from typing import Any

import mesa


class OutcomeCollector(mesa.DataCollector):
    """Collects ``outcomes[name]`` for every name, plus Mesa tables."""

    def __init__(self, outcomes: dict[str, float], names: tuple[str, ...], tables: dict[str, list[str]]) -> None:
        super().__init__(model_reporters={name: [outcomes.__getitem__, [name]] for name in names}, tables=tables)
        self._outcomes = outcomes
        self._series = [(self.model_vars[name], name) for name in names]

    def collect(self, model: Any) -> None:
        self._collection_steps.append(model.time)
        values = self._outcomes
        for series, name in self._series:
            series.append(values[name])
