"""Global sensitivity analysis with SALib over the free parameters, through the experiment runner.

- :mod:`~ssrsim.sensitivity.analysis`: the sensitivity file, Morris screening, Sobol indices;
- :mod:`~ssrsim.sensitivity.figures`: bar plots with confidence intervals;
- :mod:`~ssrsim.sensitivity.commands`: ``ssrsim sensitivity``.
"""

from ssrsim.sensitivity.analysis import SensitivitySpec, free_parameters, load_sensitivity, morris, sobol

__all__ = ["SensitivitySpec", "free_parameters", "load_sensitivity", "morris", "sobol"]
