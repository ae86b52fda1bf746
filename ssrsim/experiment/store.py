"""The results store: a folder of Parquet parts, written as runs finish and read with DuckDB.

Layout::

    DIR/manifest.json            the experiment (file text, hash, effective spec), fingerprint, versions, time
    DIR/parts/<hash>.parquet     one part per finished batch: a row per run and quarter (schema in worker.py)
    DIR/report/                  what ``ssrsim report`` writes
    DIR/damaged/                 parts that could not be read, set aside by a resumed sweep

A part is written under a temporary name in the same folder and renamed into place, so it is
complete or absent, and a run is stored exactly when its rows are in a part. The parts hold only
the outcomes the experiment keeps; a failed run is one row with ``step`` NULL and its error.

A part damaged after it was written (a disk full, a copy cut short) is refused by every reader with
its name; resuming the sweep sets it aside in ``DIR/damaged/`` and runs its runs again. The parts are
listed in Python and handed to DuckDB as Arrow datasets, never as a glob pattern, so a store folder
may have any legal name (``st[1]``, ``*``) and a query never reads another folder's files.

Reading::

    store = Store("results/donor_strategies")
    store.runs()                                   # a row per run: ids, seed, status, error, the parameters set
    store.series(["trust"], final_only=True)       # a row per run and quarter (here only the last one)
    store.query("SELECT strategy, avg(trust) FROM results WHERE step = horizon GROUP BY ALL")
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from pydantic import ValidationError

from ssrsim.errors import InputError, shorten
from ssrsim.experiment.files import TEMP_SUFFIX, replacing
from ssrsim.experiment.identity import digest
from ssrsim.experiment.manifest import FORMAT, build_manifest, fingerprint
from ssrsim.experiment.schema import PARAMETER_PREFIX, RUN_COLUMNS
from ssrsim.experiment.spec import ExperimentSpec, RunSpec
from ssrsim.paths import check_output_file

#: The order of runs (and, with ``step``, of rows) in every listing and export.
ORDER = "scenario, strategy, point, replication"
_LOCK = ".lock"
#: What every manifest holds, with the type of each entry.
_MANIFEST_KEYS: dict[str, type] = {"format": int, "spec": dict, "varied": list, "fingerprint": str}
_REBUILD = "run the experiment again with --fresh to rebuild the store"


class Store:
    """The results of one experiment in the folder ``root``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.parts = self.root / "parts"
        self.manifest_path = self.root / "manifest.json"
        self._sound: dict[Path, tuple[int, int]] = {}  # parts whose footer reads, by size and time stamp

    # ------------------------------------------------------------------ reading
    @functools.cached_property
    def manifest(self) -> dict[str, Any]:
        """The manifest; an InputError when the folder is no store or its manifest is damaged."""
        try:
            is_file = self.root.exists() and not self.root.is_dir()
        except OSError as exc:
            raise InputError(f"the store's path cannot be used: {exc.strerror}", file=self.root) from None
        if is_file:
            raise InputError(
                "this is a file, not an experiment store (a folder)",
                file=self.root,
                hint="point at the folder given as --out to 'ssrsim experiment'.",
            )
        try:
            text = self.manifest_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if not self.root.exists():
                raise InputError(
                    "the experiment store does not exist",
                    file=self.root,
                    hint="check the path: it is the folder given as --out to 'ssrsim experiment'.",
                ) from None
            raise InputError(
                "the folder is not an experiment store: it has no manifest.json",
                file=self.root,
                hint="run 'ssrsim experiment FILE --out DIR' first, then point at DIR.",
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"the manifest cannot be read: {getattr(exc, 'strerror', None) or exc}",
                file=self.manifest_path,
                hint=f"{_REBUILD}.",
            ) from None
        try:
            manifest = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"the manifest is damaged: it is not JSON ({exc.msg} at line {exc.lineno})",
                file=self.manifest_path,
                hint=f"it was cut short or edited; {_REBUILD} (without it the parts cannot be matched to an "
                "experiment).",
            ) from None
        _check_manifest(manifest, self.manifest_path)
        return manifest

    @property
    def varied(self) -> list[str]:
        """The parameters the experiment's design varied."""
        return list(self.manifest["varied"])

    @functools.cached_property
    def spec(self) -> ExperimentSpec:
        """The experiment as it was run (after any ``--replications``)."""
        try:
            return ExperimentSpec.model_validate(self.manifest["spec"])
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InputError(
                f"the manifest is damaged: its experiment is not valid ({first['msg']})",
                file=self.manifest_path,
                key="spec." + ".".join(map(str, first["loc"])),
                hint=f"{_REBUILD}.",
            ) from None

    def query(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None) -> pd.DataFrame:
        """``sql`` run by DuckDB over the view ``results``: every part, a row per run and quarter."""
        with self._connect() as con:
            try:
                return con.execute(sql, parameters).df()
            except (duckdb.IOException, duckdb.InvalidInputException, pa.ArrowException, OSError) as exc:
                raise self._unreadable(str(exc)) from None

    def runs(self) -> pd.DataFrame:
        """One row per stored run: run_id, scenario, strategy, point, replication, seed, horizon, status
        (``ok`` or ``error``), error_type, error_message, then ``param_<name>`` for each parameter the runs set
        (the fixed overrides and the design's)."""
        return self.query(
            f"SELECT {sql_names([*RUN_COLUMNS, *self._parameter_columns()])} FROM results "
            f"WHERE coalesce(step, 0) = 0 ORDER BY {ORDER}"
        )

    def series(self, outcomes: Sequence[str] | None = None, *, final_only: bool = False) -> pd.DataFrame:
        """The successful runs' outcomes per quarter: run_id, scenario, strategy, point, replication, step and
        ``outcomes`` (default: all that were kept); with ``final_only``, only each run's last quarter."""
        kept = tuple(self.spec.outcomes)
        chosen = kept if outcomes is None else tuple(outcomes)
        for name in chosen:
            if name not in kept:
                raise InputError(
                    f"the store did not keep the outcome '{name}'", file=self.root, allowed=", ".join(kept)
                )
        final = " AND step = horizon" if final_only else ""
        return self.query(
            f"SELECT run_id, scenario, strategy, point, replication, step, {sql_names(chosen)} FROM results "
            f"WHERE status = 'ok'{final} ORDER BY {ORDER}, step"
        )

    def damaged(self) -> list[tuple[Path, str]]:
        """The parts that cannot be read as Parquet (cut short, empty, overwritten), with the reason.

        A part found sound is not read again while its size and time stamp stay the same, so the
        many queries of a report cost one look at each part.
        """
        found = []
        for part in self._part_files():
            stat = part.stat()
            stamp = (stat.st_size, stat.st_mtime_ns)
            if self._sound.get(part) == stamp:
                continue
            try:
                pq.read_metadata(part)
            except (pa.ArrowException, OSError) as exc:
                found.append((part, shorten(str(exc), 120)))
            else:
                self._sound[part] = stamp
        return found

    def done(self) -> set[str]:
        """Ids of the runs stored, successful or not."""
        if not self._part_files():
            return set()
        return set(self.query("SELECT DISTINCT run_id FROM results")["run_id"])

    def export_csv(self, path: str | Path) -> int:
        """Every successful run's quarters as CSV, in a fixed order; the number of rows written.

        Columns: run_id, scenario, strategy, seed, replication, point, step, the parameters the runs set
        (fixed overrides, then the design's), the outcomes. The order and DuckDB's shortest round-trip
        number format make the file byte-identical whatever engine or number of workers produced the store.
        """
        path = check_output_file(Path(path), key="--csv", suffixes=(".csv",))
        path.parent.mkdir(parents=True, exist_ok=True)
        columns = ["run_id", "scenario", "strategy", "seed", "replication", "point", "step"]
        columns += [*self._parameter_columns(), *self.spec.outcomes]
        select = f"SELECT {sql_names(columns)} FROM results WHERE status = 'ok' ORDER BY {ORDER}, step"
        with replacing(path) as temp, self._connect() as con:
            written = con.execute(f"COPY ({select}) TO {_literal(temp)} (FORMAT csv, HEADER)").fetchone()
        return int(written[0]) if written else 0

    # ------------------------------------------------------------------ writing
    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store for one sweep; a second sweep into the same folder is refused, not interleaved."""
        import fcntl  # POSIX only, and only writing needs it

        if self.root.exists() and not self.root.is_dir():
            raise InputError("the store must be a folder, but this is a file", file=self.root, key="--out")
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / _LOCK).open("w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InputError(
                    "another sweep is writing to this store",
                    file=self.root,
                    hint="wait for it to finish, or choose another --out.",
                ) from None
            yield

    def prepare(self, spec: ExperimentSpec, runs: Sequence[RunSpec], *, fresh: bool) -> tuple[Path, ...]:
        """Start a store for ``manifest``'s experiment, or resume it; ``fresh`` discards what is there.

        Leftover temporary files of a killed sweep are removed, and damaged parts are moved to
        ``DIR/damaged/`` so that their runs count as missing; the moved parts are returned. Resuming
        a store of another experiment (another fingerprint) is refused rather than mixing results,
        unless the experiment only asks for more replications: the store then grows.
        """
        manifest = build_manifest(spec, runs)
        if fresh:
            self._clear()
        if self.manifest_path.exists():
            if self.manifest["fingerprint"] != manifest["fingerprint"]:
                if not self._grows_into(spec, runs):
                    raise InputError(
                        "the store holds the results of another experiment, or of other inputs",
                        file=self.root,
                        hint="add --fresh to discard them and start over, or choose another --out (only more "
                        "replications of the same experiment add to a store).",
                    )
                self._write_manifest(self._grown(manifest))
        elif any(entry.name != _LOCK for entry in self.root.iterdir()):
            raise InputError(
                "the folder is not empty and is not an experiment store",
                file=self.root,
                hint="choose a new or empty folder with --out.",
            )
        else:
            self._write_manifest(manifest)
        self.parts.mkdir(exist_ok=True)
        for leftover in self.parts.iterdir():
            if leftover.name.startswith(".") and leftover.name.endswith(TEMP_SUFFIX):
                leftover.unlink()
        moved = []
        for part, _ in self.damaged():
            target = self.root / "damaged" / part.name
            target.parent.mkdir(exist_ok=True)
            part.replace(target)
            moved.append(target)
        return tuple(moved)

    def write(self, table: pa.Table) -> Path:
        """Store one batch's table as a part named after its runs."""
        ids = list(dict.fromkeys(table.column("run_id").to_pylist()))
        path = self.parts / f"{digest(ids)[:16]}.parquet"
        with replacing(path) as temp:
            pq.write_table(table, temp, compression="zstd")
        return path

    def _grows_into(self, spec: ExperimentSpec, runs: Sequence[RunSpec]) -> bool:
        """Whether ``spec`` is this store's experiment with more replications. Replication k's seed
        depends only on the base seed and k, so the first replications of ``runs`` are then the runs
        stored (the fingerprint proves it: same ids, same code and inputs), and the store grows
        instead of starting over."""
        before = self.spec
        others = before.model_dump(mode="json") | {"replications": spec.replications}
        if spec.replications <= before.replications or others != spec.model_dump(mode="json"):
            return False
        first = [run for run in runs if run.replication < before.replications]
        return fingerprint(spec, first) == self.manifest["fingerprint"]

    def _grown(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """The manifest of a store that grew: made when it was, with the software of each growth."""
        growth = {"at": manifest["created"], "runs": manifest["runs"], "versions": manifest["versions"]}
        kept = {key: self.manifest[key] for key in ("created", "versions")}
        return manifest | kept | {"grown": [*self.manifest.get("grown", []), growth]}

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        with replacing(self.manifest_path) as temp:
            temp.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        self._forget()

    def _forget(self) -> None:
        """Drop the manifest and spec read before, after the manifest changed."""
        self.__dict__.pop("manifest", None)
        self.__dict__.pop("spec", None)

    def _clear(self) -> None:
        self.manifest_path.unlink(missing_ok=True)
        self._forget()
        for folder in (self.parts, self.root / "report"):
            shutil.rmtree(folder, ignore_errors=True)

    # ------------------------------------------------------------------ helpers
    def _parameter_columns(self) -> list[str]:
        """Every parameter the runs set, as recorded when the store was made (not as today's files say):
        the experiment's fixed overrides, then the design's, so that the rows say how to repeat each run."""
        names = dict.fromkeys([*self.spec.overrides, *self.manifest["varied"]])
        return [PARAMETER_PREFIX + name for name in names]

    def _part_files(self) -> list[Path]:
        """The parts, listed by name (never by a pattern, which the folder's own name could contain)."""
        if not self.parts.is_dir():
            return []
        return sorted(p for p in self.parts.iterdir() if p.suffix == ".parquet" and not p.name.startswith("."))

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        files = self._part_files()
        if not files:
            raise InputError(
                "the store holds no runs yet", file=self.root, hint="run 'ssrsim experiment FILE --out DIR' first."
            )
        damaged = self.damaged()
        if damaged:
            part, reason = damaged[0]
            raise self._unreadable(
                f"{len(damaged)} of its {len(files)} parts cannot be read (the first: {part.name}: {reason})"
            )
        con = duckdb.connect()
        try:
            con.register("parts", ds.dataset([str(f) for f in files], format="parquet"))
            con.execute("CREATE VIEW results AS SELECT * FROM parts")
            yield con
        finally:
            con.close()

    def _unreadable(self, problem: str) -> InputError:
        return InputError(
            f"the store is damaged: {problem}",
            file=self.root,
            hint="run the same 'ssrsim experiment' command again: it sets damaged parts aside in "
            f"{self.root / 'damaged'} and runs their runs again; the intact runs are kept.",
        )


def sql_names(names: Iterable[str]) -> str:
    """Column names quoted for SQL, comma-separated."""
    return ", ".join('"' + name.replace('"', '""') + '"' for name in names)


def _literal(path: Path) -> str:
    """A path as an SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def _check_manifest(manifest: Any, path: Path) -> None:
    """A manifest of this format with every entry a store needs, of the right type."""
    if not isinstance(manifest, dict):
        raise InputError(
            f"the manifest is damaged: it holds a JSON {type(manifest).__name__}, not an object",
            file=path,
            hint=f"{_REBUILD}.",
        )
    if manifest.get("format") != FORMAT:
        raise InputError(
            f"the store was written in format {shorten(str(manifest.get('format')), 20)}, this version reads "
            f"format {FORMAT}",
            file=path,
            key="format",
            hint=f"{_REBUILD}.",
        )
    for key, kind in _MANIFEST_KEYS.items():
        if not isinstance(manifest.get(key), kind):
            raise InputError(
                f"the manifest is damaged: '{key}' is missing or not a JSON {kind.__name__}",
                file=path,
                key=key,
                hint=f"{_REBUILD}.",
            )
