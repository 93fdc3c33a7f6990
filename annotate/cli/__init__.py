"""The ``annotate`` command line: one module per command, each a thin wrapper over a library function.

Command modules in this package register themselves on the app (or a group) from :mod:`._app` when
imported; :func:`main` imports them all, turns library exceptions into one message and an exit code
(see :mod:`annotate.errors`), and never shows a traceback for bad input.
"""


import importlib
import pkgutil
import sys

from ._app import app, event_app, export_app, import_app

_PRIVATE = {"common"}


def load_commands() -> None:
    """Import every command module of this package (each registers its commands)."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and info.name not in _PRIVATE:
            importlib.import_module(f"{__name__}.{info.name}")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``annotate`` console script."""
    from annotate.errors import EXIT_USAGE, EventgoldError

    from .common import quiet_stdout

    load_commands()
    try:
        app(args=argv, prog_name="annotate")
    except SystemExit as exc:
        # click (under typer) answers a closed stdout (`annotate stats | head -1`) with exit 1, which
        # means "invalid data" here; a reader that stopped early is not an error.
        if exc.code == 1 and _stdout_closed():
            quiet_stdout()
            sys.exit(0)
        if exc.code == 130 and isinstance(getattr(exc.__context__, "__cause__", None), KeyboardInterrupt):
            # typer turns Ctrl-C into a silent exit 130; say so, as for an interrupt outside a command
            print("annotate: interrupted", file=sys.stderr)
        raise
    except EventgoldError as exc:
        print(f"annotate: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        quiet_stdout()
        sys.exit(0)
    except KeyboardInterrupt:
        print("annotate: interrupted", file=sys.stderr)
        sys.exit(130)
    except OSError as exc:
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"annotate: error: {name}{exc.strerror or exc}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _stdout_closed() -> bool:
    """Whether click met a closed stdout: it then wraps sys.stdout in PacifyFlushWrapper and exits 1."""
    return type(sys.stdout).__name__ == "PacifyFlushWrapper"  # typer vendors click: match by name


__all__ = ["app", "event_app", "export_app", "import_app", "load_commands", "main"]
