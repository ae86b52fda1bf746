"""Where the shipped scenario, strategy and experiment files live, and how names resolve to files."""

from __future__ import annotations

from pathlib import Path

from ssrsim.errors import InputError, did_you_mean

SINGULAR = {"scenarios": "scenario", "strategies": "strategy", "experiments": "experiment"}

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def data_dir(kind: str) -> Path:
    """The folder of shipped ``kind`` files (``scenarios``, ``strategies``, ``experiments``).

    A wheel carries them under ``ssrsim/_data``; a source checkout has them at its top level.
    """
    for candidate in (_PACKAGE / "_data" / kind, _REPO / kind):
        if candidate.is_dir():
            return candidate
    raise InputError(f"the folder of shipped {kind} is missing", file=str(_REPO / kind))


def available(kind: str) -> list[str]:
    """Names of the shipped ``kind`` files, without the ``.toml`` suffix."""
    return sorted(p.stem for p in data_dir(kind).glob("*.toml") if not p.stem.startswith("_"))


def resolve(name_or_path: str | Path, kind: str) -> Path:
    """A shipped name (``kyrgyzstan``) or a path to a TOML file, as an existing file path."""
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text)
        if not path.is_file():
            raise InputError(
                f"the {SINGULAR[kind]} file does not exist", file=text, hint="check the path, or give a shipped name"
            )
        return path
    path = data_dir(kind) / f"{text}.toml"
    if path.is_file():
        return path
    names = available(kind)
    raise InputError(
        f"unknown {SINGULAR[kind]} '{text}'",
        allowed=", ".join(names),
        hint=did_you_mean(text, names) or f"run 'ssrsim list' to see the {kind}, or pass a path to a TOML file.",
    )
