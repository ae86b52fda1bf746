"""Writing a file so that readers, and a process killed half-way, see the old file or the new one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Suffix of files still being written; a store removes leftovers of a killed process on resume.
TEMP_SUFFIX = ".tmp"


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for the block to write; then synced to disk and renamed onto ``path``.

    The rename is atomic within a folder (``os.replace``), so ``path`` is always complete or absent.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        yield temp
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
