"""Which initiatives an editor changed: the records that differ from the same file at a git ref.

Records are compared by id as loaded data, so a change of layout alone (``katalog fmt``)
changes no record. ``katalog validate --changed-from REF`` shows warnings only for these,
and the pull-request check lists them in its comment.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from katalog.catalogue.load import Document, load_bytes, load_file
from katalog.catalogue.messages import unknown_value
from katalog.problems import KatalogError


@dataclass
class Changes:
    """The initiatives added, changed and removed since ``ref``, by id, with their names."""

    ref: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def ids(self) -> set[str]:
        """The records in the working copy an editor touched (added or changed)."""
        return set(self.added) | set(self.changed)


def records(doc: Document) -> dict[str, Any]:
    """The document's initiatives by id (those with a text id; the validator reports the rest)."""
    items = doc.data.get("initiatives") if isinstance(doc.data, dict) else None
    found: dict[str, Any] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
            found.setdefault(item["id"].strip(), item)
    return found


def record_ids(data: Path) -> list[str]:
    """The ids of the initiatives in ``data``, in file order."""
    return list(records(load_file(data)))


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except FileNotFoundError as exc:
        raise KatalogError(
            "git findes ikke på maskinen, og --changed-from bruger git; installer git, eller kør uden --changed-from",
            exit_code=2,
        ) from exc


def read_at(ref: str, data: Path) -> bytes | None:
    """The bytes of ``data`` as committed at ``ref``; ``None`` when the file did not exist there."""
    if not ref or ref.startswith("-") or any(c.isspace() for c in ref):
        raise KatalogError(f"'{ref}' er ikke en git-reference; skriv fx origin/main eller et commit-id", exit_code=2)
    folder = Path(os.path.realpath(data)).parent
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        raise KatalogError(
            f"{data} ligger ikke i et git-arkiv, og --changed-from sammenligner med git; kør uden --changed-from, eller læg filen i et git-arkiv",
            exit_code=2,
        )
    root = Path(top.stdout.decode("utf-8", "replace").strip())
    commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    if commit.returncode != 0:
        raise KatalogError(
            f"git kender ikke referencen '{ref}'; hent den først (fx 'git fetch origin main'), eller skriv et commit-id",
            exit_code=2,
        )
    relative = Path(os.path.realpath(data)).relative_to(root).as_posix()
    shown = _git(["show", f"{commit.stdout.decode().strip()}:{relative}"], root)
    return shown.stdout if shown.returncode == 0 else None


def changed_records(data: Path, ref: str) -> Changes:
    """Compare the initiatives in ``data`` with the same file at ``ref``."""
    before_raw = read_at(ref, data)
    before = records(load_bytes(before_raw, f"{ref}:{data}")) if before_raw is not None else {}
    now = records(load_file(data))
    changes = Changes(ref)
    for rid, item in now.items():
        if rid not in before:
            changes.added.append(rid)
        elif before[rid] != item:
            changes.changed.append(rid)
    changes.removed = [rid for rid in before if rid not in now]
    for rid, item in {**before, **now}.items():
        changes.names[rid] = str(item.get("name") or rid)
    return changes


def selected_ids(data: Path, ids: tuple[str, ...] | list[str], changed_from: str | None) -> list[str] | None:
    """The initiatives ``--id`` and ``--changed-from`` ask about, in file order; ``None`` when neither is given.

    An id the file does not hold is an error (exit 2) with the nearest id, so a typo does not
    quietly hide every warning.
    """
    if not ids and changed_from is None:
        return None
    known = record_ids(data) if data.exists() else []
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KatalogError(unknown_value("indsats-id", unknown[0], known, f"et id fra {data}"), exit_code=2)
    wanted = set(ids)
    if changed_from is not None:
        wanted |= changed_records(data, changed_from).ids
    return [i for i in known if i in wanted]
