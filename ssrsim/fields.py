"""The number types of input files: finite numbers and whole numbers that refuse what a user did not
mean as one (true, false, quoted text), with a message that says so.

Kept apart from ``tomlfile`` so that reading a file needs no pydantic; validating one does.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from ssrsim.errors import shorten


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, not {_shown(value)}")
    return value


def _whole(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, not {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    """A value as a message quotes it: TOML's spelling of booleans, long texts cut short."""
    if isinstance(value, bool):
        return str(value).lower()
    return shorten(repr(value), 40)


#: A finite number as a file writes it; true, false and quoted text are refused, not converted.
Number = Annotated[float, BeforeValidator(_number), Field(allow_inf_nan=False)]
#: A whole number as a file writes it; true, false, 2.5 and quoted text are refused.
Count = Annotated[int, BeforeValidator(_whole)]
