"""The consoles the commands print to.

In a terminal, rich fits tables to its width. Piped into a file or another program, rich would draw
80 columns and cut identifiers short (``kz_poll_…``), which makes a saved log unreadable; there the
tables get a width that keeps names whole, unless ``COLUMNS`` gives another.
"""

from __future__ import annotations

import os

from rich.console import Console

#: Columns for output that goes to a file or a pipe.
PIPE_WIDTH = 200


def console(*, stderr: bool = False) -> Console:
    """A console for standard output (or standard error)."""
    probe = Console(stderr=stderr)
    if probe.is_terminal or os.environ.get("COLUMNS", "").isdigit():
        return probe
    return Console(stderr=stderr, width=PIPE_WIDTH)
