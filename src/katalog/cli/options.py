"""Options and parameter types several commands share, with their complaints in Danish."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from katalog.cli.output import shown_value

DEFAULT_DATA = Path("data/initiatives.yaml")
_F = TypeVar("_F", bound=Callable[..., Any])


class DanishChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose complaint is in Danish."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        self.fail(f"'{value}' kan ikke bruges her; vælg en af: {', '.join(map(str, self.choices))}", param, ctx)


class PositiveNumber(click.ParamType):  # type: ignore[type-arg]
    """A whole or decimal number above zero and at most ``maximum``, complained about in Danish."""

    def __init__(self, kind: type[int] | type[float], maximum: float, unit: str = "") -> None:
        self.kind = kind
        self.maximum = maximum
        self.unit = unit
        self.name = "heltal" if kind is int else "tal"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import math

        try:
            number = self.kind(value)
        except (TypeError, ValueError, OverflowError):
            number = None
        if number is None or not math.isfinite(number) or number <= 0 or number > self.maximum:
            limit = f"{self.maximum:g}".replace(".", ",") + (f" {self.unit}" if self.unit else "")
            expected = f"et heltal fra 1 til {limit}" if self.kind is int else f"et tal over 0 og højst {limit}"
            self.fail(f"'{shown_value(value)}' kan ikke bruges her; skriv {expected}", param, ctx)
        return number


def data_option(help_text: str) -> Callable[[_F], _F]:
    """``--data FIL``, the data file a command reads (default: data/initiatives.yaml)."""
    return click.option(
        "--data",
        "data",
        type=click.Path(path_type=Path),
        metavar="FIL",
        default=DEFAULT_DATA,
        show_default=True,
        help=help_text,
    )


FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=DanishChoice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Uddataformat.",
)
