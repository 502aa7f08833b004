"""The steps of .github/workflows/forslag.yml: a labelled suggestion becomes a pull request or an answer.

Three subcommands, one per job, so each job holds only the access it needs:

- ``check`` (read only): writes the issue body from the event payload to a file, runs
  ``katalog from-issue`` on it, and gives the next jobs, as base64 outputs, whether the record
  is valid, its id, the change to ``data/initiatives.yaml`` as a patch, and the Danish answer.
- ``pull-request`` (contents and pull requests): applies the patch to the default branch on the
  branch ``forslag/<issue>``, commits that one file, pushes, and opens (or updates) a pull request
  that closes the issue.
- ``answer`` (issues): puts the answer on the issue, updating the earlier answer instead of adding
  one more; a valid proposal only updates an earlier answer, with a link to the pull request.

Issue text never reaches a shell: it is read from the event file and passed on as base64 in
outputs and environment variables, and commands are run from argument lists. The ``gh`` and
``git`` of the runner do the talking to GitHub, so tests run this script with a fake ``gh`` on PATH.
Only the standard library is used: ``pull-request`` and ``answer`` run with the runner's python3.
"""

from __future__ import annotations

import base64
import difflib
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = "data/initiatives.yaml"
MARKER = "<!-- katalog from-issue -->"
BOT_LOGIN = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
NOT_A_FORM = (
    f"{MARKER}\n\n### Forslaget kan ikke læses\n\n"
    "Issuet er ikke udfyldt med formularen »Foreslå en indsats«, så kontrollen kan ikke finde felterne. "
    "Opret forslaget igen med formularen (knappen »New issue« og derefter »Foreslå en indsats«), "
    "eller bed redaktionen om at lave posten i hånden.\n"
)


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"forslag: miljøvariablen {name} mangler")
    return value


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode("ascii")


def _unb64(value: str) -> str:
    return base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8", "surrogatepass")


def _output(values: dict[str, str]) -> None:
    """Step outputs: one 'name=value' line each (every value is one line: base64 or a plain word)."""
    with open(_env("GITHUB_OUTPUT"), "a", encoding="utf-8") as out:
        for name, value in values.items():
            assert "\n" not in value and "\r" not in value
            out.write(f"{name}={value}\n")


def _run(*args: str, capture: bool = False) -> str:
    result = subprocess.run(list(args), check=True, text=True, stdout=subprocess.PIPE if capture else None)
    return result.stdout or ""


def patch(old: str, new: str, name: str = DATA) -> str:
    """A unified diff that ``git apply`` takes, also when a line lacks its newline."""
    lines = []
    for line in difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    ):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return f"diff --git a/{name} b/{name}\n" + "".join(lines)


def check() -> int:
    """Run from-issue on the event's issue; outputs valid, record, patch and comment."""
    event = json.loads(Path(_env("GITHUB_EVENT_PATH")).read_text(encoding="utf-8"))
    issue = event["issue"]
    work = Path(tempfile.mkdtemp(prefix="forslag-", dir=os.environ.get("RUNNER_TEMP")))
    body = work / "issue.md"
    body.write_text(issue.get("body") or "", encoding="utf-8", errors="surrogatepass")
    comment = work / "svar.md"
    data = Path(os.environ.get("KATALOG_DATA", DATA))
    katalog = os.environ.get("KATALOG", str(Path(sys.executable).parent / "katalog"))
    old = data.read_bytes().decode("utf-8")
    result = subprocess.run(
        [katalog, "from-issue", str(body), "--data", str(data), "--comment-out", str(comment)],
        check=False,
        text=True,
        capture_output=True,
    )
    # The output quotes the proposal: a line of it must not be read as a workflow command ('::…').
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    sys.stdout.write(result.stdout + result.stderr)
    print(f"::{token}::", flush=True)
    if result.returncode == 2 and not comment.exists():
        _output({"valid": "false", "record": "", "patch": "", "comment": _b64(NOT_A_FORM)})
        return 0
    if result.returncode not in (0, 1):
        return result.returncode
    valid = result.returncode == 0
    new = data.read_bytes().decode("utf-8")
    change = patch(old, new)
    # The id of the record from-issue added: the first added '- id: …' line (an id is a plain slug).
    added = re.search(r"^\+\s*- id: ([a-z0-9-]+)$", change, flags=re.MULTILINE)
    record = added.group(1) if added else ""
    _output(
        {
            "valid": "true" if valid else "false",
            "record": record,
            "patch": _b64(change) if valid else "",
            "comment": _b64(comment.read_text(encoding="utf-8")),
        }
    )
    return 0


def pull_request() -> int:
    """Commit the patch on forslag/<issue> and open or update the pull request that closes the issue."""
    number = int(_env("ISSUE_NUMBER"))
    record = _env("RECORD_ID")
    text = _unb64(_env("PATCH"))
    headers = [line for line in text.splitlines() if line.startswith(("diff --git ", "--- ", "+++ "))]
    if headers != [f"diff --git a/{DATA} b/{DATA}", f"--- a/{DATA}", f"+++ b/{DATA}"]:
        raise SystemExit(f"forslag: ændringen rører andet end {DATA}; intet er gjort")
    branch = f"forslag/{number}"
    base = os.environ.get("BASE_BRANCH") or "main"
    with tempfile.NamedTemporaryFile("w", suffix=".patch", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    _run("git", "apply", "--check", f"--include={DATA}", handle.name)
    _run("git", "switch", "-C", branch)
    _run("git", "apply", f"--include={DATA}", handle.name)
    _run("git", "add", "--", DATA)
    _run(
        "git",
        "-c",
        f"user.name={BOT_LOGIN}",
        "-c",
        f"user.email={BOT_EMAIL}",
        "commit",
        "--quiet",
        "-m",
        f"Ny indsats fra forslag #{number}: {record}",
        "--",
        DATA,
    )
    _run("gh", "auth", "setup-git")
    _run("git", "push", "--force", "--quiet", "origin", f"HEAD:refs/heads/{branch}")
    title = f"Ny indsats fra forslag #{number}: {record}"
    body = (
        f"Posten `{record}` er lavet af `katalog from-issue` ud fra forslaget i #{number}, "
        "og kontrollen har godkendt den. Redaktionen tjekker kilderne, før den flettes.\n\n"
        f"Closes #{number}\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as body_file:
        body_file.write(body)
    found = json.loads(
        _run("gh", "pr", "list", "--head", branch, "--state", "open", "--json", "number,url", capture=True) or "[]"
    )
    if found:
        _run("gh", "pr", "edit", str(found[0]["number"]), "--title", title, "--body-file", body_file.name)
        url = str(found[0]["url"])
    else:
        url = (
            _run(
                "gh",
                "pr",
                "create",
                "--base",
                base,
                "--head",
                branch,
                "--title",
                title,
                "--body-file",
                body_file.name,
                capture=True,
            )
            .strip()
            .splitlines()[-1]
        )
    if "GITHUB_OUTPUT" in os.environ:
        _output({"url": url})
    return 0


def answer() -> int:
    """Put the answer on the issue: update the earlier one, or add it (a valid proposal only updates)."""
    number = int(_env("ISSUE_NUMBER"))
    repository = _env("GITHUB_REPOSITORY")
    valid = os.environ.get("VALID") == "true"
    text = _unb64(_env("COMMENT"))
    url = os.environ.get("PR_URL", "")
    if valid and url:
        text += f"\nPull requesten med posten: {url}\n"
    ids = _run(
        "gh",
        "api",
        "--paginate",
        f"repos/{repository}/issues/{number}/comments",
        "--jq",
        f'.[] | select(.user.login == "{BOT_LOGIN}" and (.body | startswith("{MARKER}"))) | .id',
        capture=True,
    ).split()
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    if ids:
        _run(
            "gh",
            "api",
            "--method",
            "PATCH",
            f"repos/{repository}/issues/comments/{ids[0]}",
            "-F",
            f"body=@{handle.name}",
        )
    elif not valid:
        _run("gh", "issue", "comment", str(number), "--repo", repository, "--body-file", handle.name)
    return 0


def main(argv: list[str]) -> int:
    commands = {"check": check, "pull-request": pull_request, "answer": answer}
    if len(argv) != 2 or argv[1] not in commands:
        print(f"brug: {argv[0]} {{{'|'.join(commands)}}}", file=sys.stderr)
        return 2
    return commands[argv[1]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
