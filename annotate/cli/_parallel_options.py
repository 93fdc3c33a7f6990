"""The options of the commands that run on several processes or on Ray (``--jobs``, ``--engine``,
``--ray-address``); the work itself is :mod:`annotate.parallel`, imported only when a command runs."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer


class Engine(str, Enum):
    local = "local"
    ray = "ray"


JobsOption = Annotated[int, typer.Option(
    "--jobs", "-j", min=1, help="Worker processes (local engine) or concurrent Ray tasks; the output is the "
    "same as with 1, byte for byte.")]
EngineOption = Annotated[Engine, typer.Option(
    "--engine", help="local (processes of this machine) or ray (Ray Data; pip install 'eventgold[ray]').")]
RayAddressOption = Annotated[Optional[str], typer.Option(
    "--ray-address", help="Ray cluster to run on (e.g. auto or ray://HOST:10001); default: a local Ray "
    "instance started for the run. Only with --engine ray.")]
