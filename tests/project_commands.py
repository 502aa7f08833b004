"""Check that a command line the project's tooling runs (a workflow's ``run:``, a pre-commit hook's
``entry``, a command in the pull-request template) names things that exist in the project.

``make`` targets must exist in the Makefile (asked of make itself with a dry run), ``katalog``
subcommands and their options must parse in the click app, and scripts and ``.venv/bin`` tools must
be files in the project. Anything else must be on a short list of system commands.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import click

from katalog.cli import main as katalog_main
from tests.conftest import ROOT

# Commands from the machine, not the project: installing git in the bare CI container.
SYSTEM_COMMANDS = frozenset({"apt-get"})
_SEPARATORS = {"&&", "||", ";", "|"}


def split_commands(script: str) -> list[list[str]]:
    """The simple commands of a shell script: lines joined at backslashes, split at && || ; |."""
    text = re.sub(r"\\\n", " ", script)
    commands: list[list[str]] = []
    for line in text.splitlines():
        words = shlex.split(line, comments=True)
        current: list[str] = []
        for word in words:
            if word in _SEPARATORS:
                if current:
                    commands.append(current)
                current = []
            else:
                current.append(word)
        if current:
            commands.append(current)
    return commands


def _make_problems(args: list[str], root: Path) -> list[str]:
    targets = [a for a in args if not a.startswith("-") and "=" not in a]
    problems = []
    for target in targets or [""]:
        # A dry run asks make itself; it runs nothing but $(shell …) in variable definitions.
        env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
        result = subprocess.run(
            ["make", "--dry-run", *([target] if target else [])],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=60,
        )
        if result.returncode != 0:
            problems.append(f"make {target}: {result.stderr.strip().splitlines()[-1] if result.stderr else 'fejler'}")
    return problems


def _katalog_problems(args: list[str]) -> list[str]:
    if not args:
        return ["katalog uden underkommando"]
    name, rest = args[0], args[1:]
    command = katalog_main.commands.get(name)
    if command is None:
        return [f"katalog {name}: ingen sådan underkommando (har: {', '.join(sorted(katalog_main.commands))})"]
    try:
        # Parse the options as the CLI would, without running the command.
        command.make_context(f"katalog {name}", list(rest))
    except click.ClickException as exc:
        return [f"katalog {name}: {exc.format_message()}"]
    return []


def command_problems(argv: list[str], root: Path = ROOT) -> list[str]:
    """What in one simple command does not exist in the project at ``root`` (empty: all there)."""
    while argv and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", argv[0]):
        argv = argv[1:]  # VAR=value prefixes
    if not argv:
        return []
    program, args = argv[0], argv[1:]
    name = Path(program).name
    if "/" in program and not (root / program).is_file():
        return [f"{program}: ingen sådan fil i projektet"]
    if "/" in program and not os.access(root / program, os.X_OK):
        return [f"{program}: filen kan ikke køres"]
    if name == "katalog":
        return _katalog_problems(args)
    if program == "make":
        return _make_problems(args, root)
    if program in {"bash", "sh", "python", "python3", "node"} or name in {"python", "python3"}:
        scripts = [a for a in args if not a.startswith("-")]
        if not scripts:
            return [f"{program} uden script"]
        return [] if (root / scripts[0]).is_file() else [f"{program} {scripts[0]}: ingen sådan fil i projektet"]
    if "/" in program or program in SYSTEM_COMMANDS:
        return []
    return [f"{program}: ikke et af projektets værktøjer og ikke på listen over systemkommandoer"]
