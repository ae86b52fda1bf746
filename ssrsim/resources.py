"""Where the shipped scenario, strategy and experiment files live, and how names resolve to files."""

from __future__ import annotations

from pathlib import Path

from ssrsim.errors import InputError, did_you_mean, shorten

#: The longest name of a file (most file systems allow 255 bytes), and of a path.
MAX_NAME = 255
MAX_PATH = 4096

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


def names_a_path(text: str) -> bool:
    """Whether ``text`` is a path to a TOML file rather than a shipped name."""
    return text.endswith(".toml") or "/" in text or "\\" in text


def resolve(name_or_path: str | Path, kind: str) -> Path:
    """A shipped name (``kyrgyzstan``) or a path to a TOML file, as an existing file path."""
    text = str(name_or_path)
    what = SINGULAR[kind]
    if len(text) > MAX_PATH or "\0" in text:
        raise InputError(
            f"the {what} name or path is too long or holds a NUL character: '{shorten(text)}'",
            allowed=f"a shipped name or a path of at most {MAX_PATH} characters",
            hint=f"run 'ssrsim list' to see the {kind}.",
        )
    if names_a_path(text):
        path = Path(text)
        try:
            found = path.is_file()
        except OSError as exc:
            raise InputError(
                f"the {what} file cannot be opened: {exc.strerror}", file=shorten(text), hint="check the path"
            ) from None
        if not found:
            problem = "is a folder, not a file" if path.is_dir() else "does not exist"
            raise InputError(
                f"the {what} file {problem}", file=shorten(text), hint="check the path, or give a shipped name"
            )
        return path
    names = available(kind)
    if len(text) <= MAX_NAME - len(".toml"):
        path = data_dir(kind) / f"{text}.toml"
        if path.is_file():
            return path
    raise InputError(
        f"unknown {what} '{shorten(text)}'",
        allowed=", ".join(names),
        hint=did_you_mean(text, names) or f"run 'ssrsim list' to see the {kind}, or pass a path to a TOML file.",
    )
