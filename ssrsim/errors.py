"""One error type for everything a user can get wrong, phrased as one readable paragraph."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path


class InputError(ValueError):
    """Bad user input: an unknown name, a value out of range, a malformed file.

    The message names the file, the key, what is allowed and a hint, so the command line can print
    it as it is and exit with code 2 instead of showing a traceback.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | Path | None = None,
        key: str | None = None,
        allowed: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.key = key
        self.allowed = allowed
        self.hint = hint
        super().__init__(self._paragraph())

    def _paragraph(self) -> str:
        where = []
        if self.file:
            where.append(f"in {shorten(self.file, 300)}")
        if self.key:
            where.append(f"at key '{self.key}'")
        text = f"{self.problem}{' (' + ', '.join(where) + ')' if where else ''}."
        if self.allowed:
            text += f" Allowed: {self.allowed}."
        if self.hint:
            text += f" Hint: {self.hint}"
        return printable(text)


def printable(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``), so that a message that
    quotes what a user typed stays one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def did_you_mean(name: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest known names, or None when nothing is close."""
    close = difflib.get_close_matches(name, list(choices), n=3, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, so that a name thousands of characters long does not
    bury the rest of a message."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
