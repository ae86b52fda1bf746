"""Output paths checked before any work starts, so that a run or a sweep is not lost at its end
because its file cannot be written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ssrsim.errors import InputError, shorten


def check_output_file(path: Path, *, key: str, suffixes: tuple[str, ...] = ()) -> Path:
    """``path`` if a file can be written there: not a folder, not under a file, in a writable folder."""
    _check_named(path, key)
    if path.name and _is_dir(path, key):  # an empty path is no folder the user named
        raise InputError(
            "the output is a folder, but a file is expected",
            file=shorten(str(path)),
            key=key,
            hint=f"name a file inside it, e.g. {shorten(str(path / ('out' + (suffixes[0] if suffixes else '.csv'))))}.",
        )
    if suffixes and path.suffix.lower() not in suffixes:
        raise InputError(
            f"the output file must end in {' or '.join(suffixes)}",
            file=shorten(str(path)),
            key=key,
            hint="the ending says what the file holds, and readers go by it.",
        )
    _check_writable(path.parent, key, path)
    return path


def check_output_folder(path: Path, *, key: str) -> Path:
    """``path`` if it is, or can become, a folder to write in."""
    _check_named(path, key)
    if str(path) == ".":
        raise InputError(
            "the output folder is empty or the current folder",
            key=key,
            hint=f"name a folder of its own, e.g. {key} results/my_folder.",
        )
    if _exists(path, key) and not _is_dir(path, key):
        raise InputError(
            "the output must be a folder, but this is a file",
            file=shorten(str(path)),
            key=key,
            hint=f"choose another {key}, or remove the file.",
        )
    _check_writable(path, key, path)
    return path


def _check_named(path: Path, key: str) -> None:
    text = str(path)
    if not text.strip() or "\0" in text:
        raise InputError("the output path is empty", key=key, hint="name the file or folder to write.")
    if len(os.fsencode(text)) > 4096 or any(len(os.fsencode(part)) > 255 for part in path.parts):
        raise InputError(
            "the output path is too long",
            file=shorten(text),
            key=key,
            allowed="names of at most 255 bytes in a path of at most 4,096",
        )


def _check_writable(folder: Path, key: str, target: Path) -> None:
    """The nearest existing folder at or above ``folder`` must be a folder this process can write in."""
    existing = folder
    while not _exists(existing, key) and existing != existing.parent:
        existing = existing.parent
    if not _is_dir(existing, key):
        raise InputError(
            f"the output lies under '{shorten(str(existing))}', which is a file, not a folder",
            file=shorten(str(target)),
            key=key,
            hint="choose a path whose folders are folders.",
        )
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        raise InputError(
            f"cannot write in '{shorten(str(existing))}': {exc.strerror or exc}",
            file=shorten(str(target)),
            key=key,
            hint="choose a folder you can write to.",
        ) from None


def _exists(path: Path, key: str) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        raise InputError("the output path cannot be used", file=shorten(str(path)), key=key) from None


def _is_dir(path: Path, key: str) -> bool:
    try:
        return path.is_dir()
    except OSError as exc:
        raise InputError(f"the output path cannot be used: {exc.strerror}", file=shorten(str(path)), key=key) from None
