"""``ssrsim app``: serve the teaching page with Solara on this machine, offline."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import signal
import socket
import tempfile
import warnings
from pathlib import Path
from typing import Annotated

import typer

from ssrsim.app.assets import installed_assets, link_assets
from ssrsim.app.texts import TITLE
from ssrsim.errors import InputError, shorten
from ssrsim.extras import require

PAGE_MODULE = "ssrsim.app.page"
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """Whether ``host`` keeps the page on this machine (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """What to tell the teacher who serves the page beyond this machine, where anyone can reach it."""
    if is_loopback(host):
        return None
    return (
        f"warning: the app listens on {shorten(host)}, so anyone who can reach this machine can open it: "
        "the page has no login. Leave --host out to keep it on this machine (127.0.0.1)."
    )


def check_address(host: str, port: int) -> None:
    """Fail with a readable message, not a server traceback, when the address cannot be served."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        problem = f"cannot serve the app on {host}:{port}: {exc.strerror or exc}"
        if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
            raise InputError(problem, key="--host", hint="give an address of this machine, e.g. 127.0.0.1.") from None
        raise InputError(
            problem, key="--port", hint="another program may use that port; choose another, e.g. --port 8766."
        ) from None


def configure_solara(assets: Path) -> None:
    """Point Solara's server at the local asset folder and keep it off the internet.

    The local asset proxy is switched on explicitly (Solara switches it off inside VS Code terminals)
    and Solara's usage telemetry off (it would try to reach the internet).
    """
    import solara.settings
    from solara.server import settings

    solara.settings.assets.proxy = True
    settings.assets.proxy_cache_dir = assets
    settings.telemetry.mixpanel_enable = False
    settings.theme.show_banner = False  # it would sit over the charts' corner on a projector
    settings.theme.title = TITLE  # the tab's title before the page sets its own
    # a browser on plain http://127.0.0.1 is what this server is for, not a misconfigured proxy
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")


def serve(host: str, port: int, open_browser: bool) -> None:
    """Run Solara's server on the page until Ctrl-C or SIGTERM, with its assets served locally."""
    check_address(host, port)
    warning = exposure_warning(host)
    if warning is not None:
        typer.echo(warning, err=True)
    import click
    from solara.__main__ import run

    args = [PAGE_MODULE, "--host", host, "--port", str(port), "--production", "--no-check-version"]
    args += ["--no-access-log", "--open" if open_browser else "--no-open"]
    # stop on SIGTERM as on Ctrl-C, so that the asset folder is removed either way
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        with tempfile.TemporaryDirectory(prefix="ssrsim-assets-") as folder:
            configure_solara(link_assets(installed_assets(), Path(folder)))
            with contextlib.suppress(click.exceptions.Abort):  # how Solara's command reports Ctrl-C
                run.main(args=args, standalone_mode=False)
    finally:
        signal.signal(signal.SIGTERM, previous)


def app_command(
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to serve the page on")] = DEFAULT_PORT,
    host: Annotated[str, typer.Option(help="address to listen on; the default keeps it on this machine")] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open", help="open the page in the default web browser")] = False,
) -> None:
    """Start the teaching app: a local web page to steer reform and watch trust and accountability respond."""
    require("solara", "app", "the teaching app")
    serve(host, port, open_browser)
