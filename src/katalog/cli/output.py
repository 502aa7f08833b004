"""What the commands print: every line goes through :func:`say`, so no value can drive the terminal."""

from __future__ import annotations

from typing import Any

import click


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Echo ``text`` with control characters made visible, so no value can drive the terminal."""
    from katalog.catalogue.report import terminal_safe

    click.echo(terminal_safe(text), err=err, nl=nl)


def is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and not stream.closed and bool(stream.isatty())
    except (OSError, ValueError, AttributeError):
        return False


def shown_value(value: Any) -> str:
    """A value from the command line, for a message: a very long one is cut."""
    text = str(value)
    return text if len(text) <= 60 else f"{text[:40]}… ({len(text)} tegn)"
