"""The README's layout table and the package tree agree, and no module grows past the size a reader can hold.

The table in README.md ("Pipeline stages in src/katalog/") is where the next engineer finds the pipeline;
every module of the package is named there and every name there exists.
"""

from __future__ import annotations

import re

from .conftest import ROOT

PACKAGE = ROOT / "src" / "katalog"
# The declarative record model is the one module allowed to be long: it is a list of fields.
LONG_ALLOWED = {"catalogue/model.py"}
MAX_LINES = 550


NAMED = re.compile(r"`((?:catalogue|views|site|booklet|editing|cli|files|language)/[a-z_./]+\.(?:py|typ|lua|js))`")


def _table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("Pipeline stages in `src/katalog/`")
    return text[start : text.index("\n## ", start)]


def _modules() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*"):
        if path.suffix in {".py", ".typ", ".lua", ".js"} and path.name not in {"__init__.py", "__main__.py"}:
            found.add(path.relative_to(PACKAGE).as_posix())
    return found


def test_every_module_is_in_the_readme_table() -> None:
    table = _table()
    named = set(NAMED.findall(table)) | set(re.findall(r"^\| `([a-z_]+\.py)` \|", table, re.M))
    # A package row ("**`cli/`**", "**`files/`**") may name its modules by file name in its text.
    for package in ("cli", "files"):
        row = next(line for line in table.splitlines() if f"**`{package}/`**" in line)
        named |= {f"{package}/{name}.py" for name in re.findall(r"`([a-z_]+)(?:\.py)?`", row)}
    missing = sorted(m for m in _modules() if m not in named and not m.startswith(("cli/", "files/")))
    assert not missing, f"modules missing from the README's layout table: {missing}"
    for package in ("cli", "files"):
        for module in sorted(m for m in _modules() if m.startswith(f"{package}/")):
            stem = module.split("/", 1)[1].removesuffix(".py")
            assert module in named or f"`{stem}`" in table or f"`{stem}.py`" in table, module


def test_every_module_the_table_names_exists() -> None:
    named = set(NAMED.findall(_table()))
    gone = sorted(n for n in named if not (PACKAGE / n).is_file())
    assert not gone, f"the README's layout table names modules that do not exist: {gone}"


def test_no_module_is_longer_than_a_reader_can_hold() -> None:
    long = {
        path.relative_to(PACKAGE).as_posix(): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= LONG_ALLOWED, f"modules over {MAX_LINES} lines: {long}"


def test_the_pipeline_shows_in_the_tree() -> None:
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert {"catalogue", "views", "site", "booklet", "editing", "cli", "files"} <= stages
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "problems.py"], top
