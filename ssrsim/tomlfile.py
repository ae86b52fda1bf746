"""Reading TOML files and turning pydantic's complaints into one-paragraph input errors.

Every scenario, strategy and experiment file passes :func:`read_toml`, which bounds what a file may
hold (bytes, nesting, string and list lengths) and refuses values no parameter can take (nan,
inf), so that a damaged or hostile file is refused with its key instead of hanging or crashing a
run later.
"""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

from ssrsim.errors import InputError

if TYPE_CHECKING:  # pydantic is imported where files are validated, not where they are only read
    from pydantic import BaseModel

#: Limits far above any real input file (the largest shipped one is 30 kB, 5 levels deep, with
#: strings of a few hundred characters), and low enough that checking a file is instant.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 10
MAX_STRING = 10_000
MAX_LIST = 100_000


#: How pydantic names the member of a union in an error's location (``str``, ``dict[str,float]``,
#: ``function-before[...]``): not a key of the file, so left out of the key a message names.
_UNION_TAG = re.compile(r"str|int|float|bool|none|[a-z-]+\[.*\]")


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed file, or an InputError naming the file and what is wrong (the line, or the key)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"the file cannot be read: {exc.strerror or exc}", file=path) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(
            "the file is too large",
            file=path,
            allowed=f"at most {MAX_FILE_BYTES:,} bytes",
            hint="input files are short TOML texts; check that this is the file you meant.",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file is not UTF-8 text (byte {exc.start} cannot be read)",
            file=path,
            hint="save it as UTF-8 text; a binary file is not an input file.",
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"the file is not valid TOML: {exc}",
            file=path,
            hint="check quotes, brackets and '=' signs on that line (https://toml.io).",
        ) from None
    except RecursionError:
        raise _too_deep(path, None) from None
    check_tree(data, file=path)
    return data


def check_tree(data: Any, *, file: Path | None, key: str = "") -> None:
    """Refuse nesting deeper than MAX_DEPTH, strings and lists above their limits, and nan or inf.

    No parameter, share, year or count can be infinite or undefined; a value of nan would pass every
    range check (comparisons with nan are false) and surface as nan outcomes at the end of a run.
    """
    stack: list[tuple[str, Any, int]] = [(key, data, 0)]
    while stack:
        where, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(file, where)
        if isinstance(value, dict):
            for name, item in value.items():
                if len(name) > MAX_STRING:
                    raise _too_long(file, where or None, "a key")
                stack.append((f"{where}.{name}" if where else name, item, depth + 1))
        elif isinstance(value, list):
            if len(value) > MAX_LIST:
                raise InputError(
                    f"the list has {len(value):,} entries", file=file, key=where, allowed=f"at most {MAX_LIST:,}"
                )
            stack.extend((f"{where}.{i}", item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str) and len(value) > MAX_STRING:
            raise _too_long(file, where, "the text")
        elif isinstance(value, float) and not math.isfinite(value):
            raise InputError(
                f"the value {value} is not a finite number",
                file=file,
                key=where,
                allowed="a finite number",
                hint="nan and inf are never valid here; give the number you mean.",
            )


def _too_deep(file: Path | None, key: str | None) -> InputError:
    return InputError(
        "the file nests arrays or tables too deeply",
        file=file,
        key=key,
        allowed=f"at most {MAX_DEPTH} levels",
        hint="input files use a few levels of tables; check the brackets.",
    )


def _too_long(file: Path | None, key: str | None, what: str) -> InputError:
    return InputError(
        f"{what} is too long", file=file, key=key, allowed=f"at most {MAX_STRING:,} characters", hint=None
    )


def validated[M: BaseModel](model: type[M], data: Any, *, file: Path, prefix: str = "") -> M:
    """``data`` checked against a pydantic ``model``; the first problem becomes an InputError."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [part for part in first["loc"] if not (isinstance(part, str) and _UNION_TAG.fullmatch(part))]
        key = ".".join(str(part) for part in (prefix, *loc) if part != "")
        message = _MESSAGES.get(first["type"], first["msg"].removeprefix("Value error, "))
        # a key's own error (missing, unknown) is about the table around it; a wrong type, about the value itself
        whole = first["type"] in _MESSAGES and first["type"] not in ("extra_forbidden", "missing")
        # a validator's own message says what is wrong; the keys of the table around it would mislead
        hint = None if first["type"] == "value_error" else _hint(model, tuple(loc), prefix, whole)
        raise InputError(message, file=file, key=key or None, hint=hint) from None


#: pydantic's messages that would name the project's classes, or say less than they could.
_MESSAGES = {
    "extra_forbidden": "unknown key",
    "missing": "required key is missing",
    "model_type": "a table is expected here, such as { key = value, ... }",
    "dict_type": "a table is expected here",
    "list_type": "a list is expected here (for tables, one [[name]] header per entry)",
    "tuple_type": 'a list is expected here, such as [0.2, 0.4] or ["a", "b"]',
}


def _hint(model: type[BaseModel], loc: tuple[int | str, ...], prefix: str = "", whole: bool = False) -> str:
    """What the table at ``loc`` takes, and what the offending key means if it says. ``whole``: the
    error is about the value at ``loc`` itself (a number where a table belongs), not one of its keys."""
    owner, meaning, depth, listed = model, "", 0, False
    for i, part in enumerate(loc):
        field = owner.model_fields.get(part) if isinstance(part, str) and i >= depth else None
        if field is None:
            continue  # a table's own name (an entry of [parameters]) or a list's index
        meaning = f"'{part}' is {field.description}; " if field.description else ""
        inner = _table_model(field.annotation)
        if inner is not None:  # its tables lie past the names or indices that lead to them
            owner, meaning, listed = inner, "", _holds_list(field.annotation)
            depth = i + 1 + _levels(field.annotation)
    named = len(loc) if whole else len(loc) - 1  # the last part is the key at fault, unless the value is
    table = ".".join(str(part) for part in (prefix, *loc[: min(named, depth)]) if part != "")
    short = depth - named  # levels of names still to come below the table at fault
    if not table:
        where = "the top level of the file"
    elif listed and short <= 0 and isinstance(loc[depth - 1], int):
        where = f"[[{table.rsplit('.', 1)[0]}]] entry {loc[depth - 1] + 1}"
    elif listed:
        where = f"each [[{table}]] entry"
    elif short > 0:
        where = f"in the table '{table}', each {'entry of each ' * (short - 1)}entry"
    else:
        where = f"the table '{table}'"
    return f"{meaning}{where} takes the keys {', '.join(owner.model_fields)}."


def _holds_list(annotation: Any) -> bool:
    """Whether an annotation such as ``list[Phase] | None`` is a list."""
    return get_origin(annotation) is list or any(get_origin(arg) is list for arg in get_args(annotation))


def _levels(annotation: Any) -> int:
    """How many names or indices lie between a key and the tables it holds: 1 for ``dict[str, Entry]``
    or ``list[Phase] | None``, 2 for ``dict[str, dict[str, Entry]]``, 0 for ``Phase``."""
    origin = get_origin(annotation)
    if origin in (dict, list):
        return 1 + _levels(get_args(annotation)[-1])
    return max((_levels(arg) for arg in get_args(annotation)), default=0) if origin is not None else 0


def _table_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as ``Phase``, ``list[Phase]`` or ``Phase | None``."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (found := _table_model(arg)) is not None:
            return found
    return None
