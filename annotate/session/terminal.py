"""Input and output of the session: rich for output (markup, colours when the terminal has them), plain
``input()`` prompts for input, so that pexpect, screen readers and pipes can drive it."""

from __future__ import annotations

import sys
from collections.abc import Callable

__all__ = ["Cancel", "QuitSession", "Terminal"]


class Cancel(Exception):
    """The annotator typed ``!``: abandon the current question (nothing is saved)."""


class QuitSession(Exception):
    """End of input (Ctrl-D) or ``q``."""


class Terminal:
    """Output through rich (markup, colours when the terminal has them), input through ``input()``."""

    def __init__(self, *, plain: bool = False, width: int | None = None,
                 input_fn: Callable[[str], str] = input) -> None:
        from rich.console import Console

        self.console = Console(highlight=False, emoji=False, width=width, soft_wrap=False,
                               force_terminal=False if plain else None, no_color=plain or None)
        self.input_fn = input_fn

    @property
    def width(self) -> int:
        return max(40, min(self.console.width, 120))

    def say(self, markup: str = "") -> None:
        self.console.print(markup, overflow="fold")

    def text(self, text: str = "", style: str | None = None) -> None:
        """Print plain text (never interpreted as markup)."""
        self.console.print(text, markup=False, style=style, overflow="fold")

    def error(self, text: str) -> None:
        self.text(text, style="bold red")

    def ask(self, prompt: str) -> str:
        self.console.file.flush()
        sys.stdout.flush()
        try:
            return self.input_fn(prompt).strip()
        except EOFError:
            raise QuitSession() from None
