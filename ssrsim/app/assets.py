"""Solara's front-end files, served from this machine so that the page works offline.

``solara-assets`` installs Solara's CDN files under versioned folder names (``vega@5.21.0``), but
Solara's chart widget asks for major-version paths (``vega@5/build/vega.min.js``); Solara fetches
any path it does not hold from the internet, so offline every chart stays blank. The app serves a
folder of links instead: each installed asset under its own name and under its major version.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from ssrsim.errors import InputError

DISTRIBUTION = "solara-assets"


def installed_assets() -> Path:
    """The folder of CDN files that ``solara-assets`` installed (``<prefix>/share/solara/cdn``)."""
    try:
        dist = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise InputError(
            f"the package {DISTRIBUTION} is not installed, so the page would need the internet",
            hint="reinstall ssrsim (pip install -e .), which brings it in.",
        ) from None
    for file in dist.files or ():
        parts = file.parts
        for i in range(len(parts) - 2):
            if parts[i : i + 3] == ("share", "solara", "cdn"):
                return Path(dist.locate_file(Path(*parts[: i + 3])))
    raise InputError(f"the package {DISTRIBUTION} holds no share/solara/cdn folder", hint="reinstall it.")


def major_aliases(names: list[str]) -> dict[str, str]:
    """``{"vega@5": "vega@5.21.0", ...}``: for each package, its newest version per major version."""
    best: dict[str, tuple[tuple[int, ...], str]] = {}
    for name in names:
        package, at, version = name.rpartition("@")
        if not package or not at:
            continue
        try:
            numbers = tuple(int(part) for part in version.split("."))
        except ValueError:
            continue
        alias = f"{package}@{numbers[0]}"
        if alias not in names and (alias not in best or numbers > best[alias][0]):
            best[alias] = (numbers, name)
    return {alias: name for alias, (_, name) in best.items()}


def link_assets(source: Path, target: Path) -> Path:
    """Fill ``target`` with links to every asset in ``source`` and to its major-version aliases."""
    names = sorted(entry.name for entry in source.iterdir())
    for name in names:
        (target / name).symlink_to(source / name, target_is_directory=(source / name).is_dir())
    for alias, name in major_aliases(names).items():
        (target / alias).symlink_to(source / name, target_is_directory=True)
    return target
