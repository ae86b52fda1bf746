"""Global sensitivity analysis with SALib over the free parameters, through the experiment runner.

- :mod:`~ssrsim.sensitivity.analysis`: the sensitivity file, Morris screening, Sobol indices;
- :mod:`~ssrsim.sensitivity.figures`: bar plots with confidence intervals;
- :mod:`~ssrsim.sensitivity.commands`: ``ssrsim sensitivity``.
"""

from typing import TYPE_CHECKING

from ssrsim.lazy import lazy_attributes

if TYPE_CHECKING:
    from ssrsim.sensitivity.analysis import SensitivitySpec, free_parameters, load_sensitivity, morris, sobol


__all__ = ["SensitivitySpec", "free_parameters", "load_sensitivity", "morris", "sobol"]
__getattr__ = lazy_attributes(
    __name__,
    {
        "SensitivitySpec": "ssrsim.sensitivity.analysis",
        "free_parameters": "ssrsim.sensitivity.analysis",
        "load_sensitivity": "ssrsim.sensitivity.analysis",
        "morris": "ssrsim.sensitivity.analysis",
        "sobol": "ssrsim.sensitivity.analysis",
    },
)
