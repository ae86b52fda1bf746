"""The quick commands stay quick: the command line loads heavy libraries only in the commands that use them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("mesa", "duckdb", "pyarrow", "SALib", "solara", "dask", "distributed", "ema_workbench", "matplotlib", "scipy")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    assert not _loaded_after("import ssrsim.cli") & set(HEAVY)


def test_list_and_show_load_no_heavy_library() -> None:
    code = (
        "from ssrsim.cli import app\n"
        "for args in (['list', '--json'], ['show', 'kyrgyzstan', '--json']):\n"
        "    app(args, standalone_mode=False)\n"
    )
    assert not _loaded_after(code) & set(HEAVY)


def test_import_ssrsim_is_light_until_the_model_is_used() -> None:
    assert "mesa" not in _loaded_after("import ssrsim")
    assert "mesa" in _loaded_after("import ssrsim; ssrsim.SSRModel")
