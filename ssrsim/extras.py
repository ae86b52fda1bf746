"""Optional parts (``pip install ssrsim[app]``, ``[dask]``, ``[ema]``): a clear error where one is missing."""

from __future__ import annotations

import importlib.util

from ssrsim.errors import InputError


def require(module: str, extra: str, purpose: str) -> None:
    """Raise an InputError naming the extra to install when ``module`` is not installed."""
    if importlib.util.find_spec(module) is None:
        raise InputError(
            f"{purpose} needs the optional package '{module}', which is not installed",
            hint=f"install it with: pip install 'ssrsim[{extra}]' (make experiment and make test install every extra).",
        )
