"""Reading TOML files and turning pydantic's complaints into one-paragraph input errors."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ssrsim.errors import InputError


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed file, or an InputError naming the file and the line that does not parse."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"the file is not valid TOML: {exc}",
            file=path,
            hint="check quotes, brackets and '=' signs on that line (https://toml.io).",
        ) from None
    except OSError as exc:
        raise InputError(f"the file cannot be read: {exc.strerror}", file=path) from None


def validated[M: BaseModel](model: type[M], data: Any, *, file: Path, prefix: str = "") -> M:
    """``data`` checked against a pydantic ``model``; the first problem becomes an InputError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in (prefix, *first["loc"]) if part != "")
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = "unknown key"
        elif first["type"] == "missing":
            message = "required key is missing"
        raise InputError(message, file=file, key=key or None, hint=_hint(model)) from None


def _hint(model: type[BaseModel]) -> str:
    fields = ", ".join(model.model_fields)
    return f"a {model.__name__} takes the keys {fields}."
