"""Experiments: many runs of the model across scenarios, strategies, parameter designs and seeds.

The API, module by module:

- :mod:`~ssrsim.experiment.spec`: :class:`ExperimentSpec` (from TOML with :func:`load_experiment`,
  or built in code) and its expansion :meth:`ExperimentSpec.runs` into :class:`RunSpec` objects;
  :class:`Design` (grid, Latin hypercube or explicit points, e.g. a SALib sample).
- :mod:`~ssrsim.experiment.runner`: :func:`run_experiment` runs what a store lacks, locally or on Dask.
- :mod:`~ssrsim.experiment.store`: :class:`Store`, the results (``runs()``, ``series()``, ``query()``,
  ``export_csv()``).
- :mod:`~ssrsim.experiment.analysis`: paired effects against the baseline, trajectories, costs.
- :mod:`~ssrsim.experiment.report`: :func:`write_report`, the HTML report and figures.

A typical use::

    spec = load_experiment("experiments/will_x_funding.toml")
    sweep = run_experiment(spec, "results/will_x_funding", workers=2)
    finals = sweep.store.series(["trust"], final_only=True)
"""

from typing import TYPE_CHECKING

from ssrsim.lazy import lazy_attributes

if TYPE_CHECKING:
    from ssrsim.experiment.design import Design, Lhs
    from ssrsim.experiment.runner import Sweep, SweepError, run_experiment
    from ssrsim.experiment.spec import ExperimentSpec, RunSpec, load_experiment
    from ssrsim.experiment.store import Store


__all__ = [
    "Design",
    "ExperimentSpec",
    "Lhs",
    "RunSpec",
    "Store",
    "Sweep",
    "SweepError",
    "load_experiment",
    "run_experiment",
]
__getattr__ = lazy_attributes(
    __name__,
    {
        "Design": "ssrsim.experiment.design",
        "Lhs": "ssrsim.experiment.design",
        "Sweep": "ssrsim.experiment.runner",
        "SweepError": "ssrsim.experiment.runner",
        "run_experiment": "ssrsim.experiment.runner",
        "ExperimentSpec": "ssrsim.experiment.spec",
        "RunSpec": "ssrsim.experiment.spec",
        "load_experiment": "ssrsim.experiment.spec",
        "Store": "ssrsim.experiment.store",
    },
)
