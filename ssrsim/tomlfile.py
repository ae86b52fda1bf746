"""Reading TOML files and turning pydantic's complaints into one-paragraph input errors."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from ssrsim.errors import InputError

if TYPE_CHECKING:  # pydantic is imported where files are validated, not where they are only read
    from pydantic import BaseModel


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
    from pydantic import ValidationError

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
        raise InputError(message, file=file, key=key or None, hint=_hint(model, first["loc"])) from None


def _hint(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """What the innermost table at ``loc`` takes, and what the offending key means if it says."""
    owner, meaning = model, ""
    for part in loc:
        field = owner.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            continue
        meaning = f"'{part}' is {field.description}; " if field.description else ""
        inner = _table_model(field.annotation)
        if inner is not None:
            owner, meaning = inner, ""
    return f"{meaning}a {owner.__name__} takes the keys {', '.join(owner.model_fields)}."


def _table_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as ``Phase``, ``list[Phase]`` or ``Phase | None``."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (found := _table_model(arg)) is not None:
            return found
    return None
