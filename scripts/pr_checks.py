"""Steps of the pull-request workflow that need more than one command, kept here so they can be tested.

    python3 scripts/pr_checks.py scope BASE          data-only=true|false for the files changed since BASE
    python3 scripts/pr_checks.py comment BASE        the comment body (Markdown): artifacts and changed initiatives, also in the run summary
    python3 scripts/pr_checks.py post                post the body in $COMMENT_BODY on pull request $PR_NUMBER with gh
    python3 scripts/pr_checks.py verdict             fail unless every job in $NEEDS (JSON) succeeded or was skipped

Each writes its result to $GITHUB_OUTPUT when that is set, and to stdout. Text from the
pull request (names, ids) is data here: it reaches the comment escaped, and no shell sees it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

# Paths whose changes the fast check covers: the records and the editors' pages. Anything else is code.
DATA_PATHS = ("data/", "docs/")
ROOT = Path(__file__).resolve().parent.parent
DATA = Path("data/initiatives.yaml")
MARKER = "<!-- katalog-pr-kontrol -->"


def data_only(paths: list[str]) -> bool:
    """Whether every changed path is data or documentation (an empty change counts as code: check everything)."""
    return bool(paths) and all(p.startswith(DATA_PATHS) for p in paths)


def changed_paths(base: str, cwd: Path = ROOT) -> list[str]:
    """The files that differ between ``base`` and the checked-out commit."""
    if not base or base.startswith("-"):
        raise SystemExit(f"pr_checks: '{base}' er ikke et commit")
    result = subprocess.run(
        ["git", "diff", "--name-only", "--no-renames", base, "HEAD"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return [line for line in result.stdout.splitlines() if line.strip()]


def markdown_text(text: str) -> str:
    """``text`` for a Markdown comment: no markup, links, mentions or HTML of its own."""
    text = re.sub(r"([\\`*_{}\[\]()#+!|~:-])", r"\\\1", " ".join(text.split()))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")


def comment_body(base: str, env: dict[str, str]) -> str:
    """The comment: where to download the preview, how to open it, and which initiatives changed."""
    sys.path.insert(0, str(ROOT / "src"))
    from katalog.catalogue.changes import changed_records

    changes = changed_records(ROOT / DATA, base)
    run = f"{env.get('GITHUB_SERVER_URL', 'https://github.com')}/{env.get('GITHUB_REPOSITORY', '')}/actions/runs/{env.get('GITHUB_RUN_ID', '')}"
    website = env.get("WEBSITE_URL") or run
    booklet = env.get("BOOKLET_URL") or run
    lines = [
        MARKER,
        "## Forhåndsvisning",
        "",
        f"- [Hæftet som PDF]({booklet}) (pak zip-filen ud, og åbn PDF'en)",
        f"- [Hele websitet]({website}) (zip-fil)",
        "",
        "Sådan ser du websitet med søgning: pak zip-filen ud i en ny mappe, åbn en terminal i mappen, og skriv",
        "`python3 -m http.server 8000`. Åbn så <http://localhost:8000/> i din browser. Søgningen virker kun sådan,",
        "ikke hvis du dobbeltklikker på en HTML-fil. Stop visningen med Ctrl+C.",
        "",
        "## Ændrede indsatser",
        "",
    ]
    entries = [("Ny", rid) for rid in changes.added] + [("Ændret", rid) for rid in changes.changed]
    entries += [("Fjernet", rid) for rid in changes.removed]
    for kind, rid in entries:
        name = markdown_text(changes.names.get(rid, rid))
        page = "" if kind == "Fjernet" else f" — siden `cases/{rid}/index.html`, PDF'en `downloads/indsatser/{rid}.pdf`"
        lines.append(f"- {kind}: **{name}** (`{rid}`){page}")
    if not entries:
        lines.append("Ingen indsatser i `data/initiatives.yaml` er ændret.")
    lines += ["", f"Tjekket: <{run}>", ""]
    return "\n".join(lines)


def verdict(needs: dict[str, dict[str, str]]) -> list[str]:
    """The jobs that neither succeeded nor were skipped (a data-only change skips the full test job)."""
    return [
        f"{job}: {info.get('result')}"
        for job, info in needs.items()
        if info.get("result") not in ("success", "skipped")
    ]


def _output(name: str, value: str) -> None:
    print(value)
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        delimiter = f"slut_{secrets.token_hex(16)}"
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def _post(body: str, env: dict[str, str]) -> None:
    number = env.get("PR_NUMBER", "")
    if not number.isdigit():
        raise SystemExit(f"pr_checks: PR_NUMBER '{number}' er ikke et tal")
    base = ["gh", "pr", "comment", number, "--repo", env["GITHUB_REPOSITORY"], "--body-file", "-"]
    # Edit the check's last comment rather than add one per push; the first push has none to edit.
    edited = subprocess.run([*base, "--edit-last"], input=body, text=True, check=False, timeout=120)
    if edited.returncode != 0:
        subprocess.run(base, input=body, text=True, check=True, timeout=120)


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    env = dict(os.environ)
    if command == "scope" and len(args) == 1:
        paths = changed_paths(args[0])
        print("\n".join(paths), file=sys.stderr)
        _output("data-only", "true" if data_only(paths) else "false")
        return 0
    if command == "comment" and len(args) == 1:
        body = comment_body(args[0], env)
        _output("body", body)
        summary = env.get("GITHUB_STEP_SUMMARY")
        if summary:
            # The run's own page shows it too: a pull request from a fork gets no comment.
            with open(summary, "a", encoding="utf-8") as out:
                out.write(body + "\n")
        return 0
    if command == "post" and not args:
        _post(env.get("COMMENT_BODY", ""), env)
        return 0
    if command == "verdict" and not args:
        failed = verdict(json.loads(env.get("NEEDS", "{}")))
        for line in failed:
            print(f"pr_checks: {line}", file=sys.stderr)
        return 1 if failed else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
