"""Problems found in the data, and the one exception type for expected failures.

A :class:`Problem` is what an editor sees: a file position, a severity, the
record and field it concerns, and a Danish message saying what is wrong and
what was expected. Library code returns problems or raises
:class:`KatalogError`; only :mod:`katalog.cli` prints and picks exit codes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, with its position in a source file (1-based line and column)."""

    file: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    record: str | None = field(default=None, compare=False)
    path: str | None = field(default=None, compare=False)

    def text(self) -> str:
        """The compiler-style line: ``FILE:LINE:COL: error: <record> <path>: message``."""
        subject = " ".join(part for part in (self.record, self.path) if part)
        prefix = f"{subject}: " if subject else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {prefix}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class HasProblems:
    """Mixin for a report holding ``problems``: its errors and its warnings."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class KatalogError(Exception):
    """An expected failure (bad input, failed build) that the CLI reports without a traceback."""

    def __init__(self, message: str, problems: list[Problem] | None = None, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.exit_code = exit_code


def format_path(parts: tuple[object, ...]) -> str:
    """Turn a key path into the dotted form editors read: ``results[0].value.percent``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
