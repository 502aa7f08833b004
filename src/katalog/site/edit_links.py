"""Where each record lies in the data file, for the 'Se posten' and 'Ret posten' links on its page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from katalog.catalogue.validate import ValidCatalogue
from katalog.site.templating import esc, md


@dataclass(frozen=True)
class EditLink:
    """Where a record can be viewed and edited: a repository URL and the record's lines in the data file."""

    repository: str | None
    path: str
    first: int
    last: int

    def markdown(self) -> str:
        where = f"{self.path}, linje {self.first}–{self.last}"
        if not self.repository:
            # HTML, not a Markdown code span: a backtick in a file name would end the span early.
            return f"Posten står i <code>{esc(where)}</code>."
        base = self.repository.rstrip("/")
        view = f"{base}/blob/main/{quote(self.path)}#L{self.first}-L{self.last}"
        edit = f"{base}/edit/main/{quote(self.path)}"
        return f"[Se posten i {md(self.path)} (linje {self.first}–{self.last})]({view}) · [Ret posten]({edit})"


def edit_links(catalogue: ValidCatalogue, data: Path, root: Path, repository: str | None) -> dict[str, EditLink]:
    """Each record's lines in the data file, for its 'Se posten'/'Ret posten' links.

    A repository link is made only for a data file inside the project (the one the repository holds).
    """
    doc = catalogue.document
    inside = data.is_relative_to(root)
    path = data.relative_to(root).as_posix() if inside else data.name
    lines = doc.text.splitlines()
    records = doc.data["initiatives"]
    starts = [doc.position(("initiatives", n))[0] for n in range(len(records))]
    links = {}
    # The model's ids, in file order (the catalogue exists only when every record passed).
    ids = [item.id for item in catalogue.initiatives]
    if len(ids) != len(records):
        ids = [str(raw["id"]) for raw in records]
    for n, record_id in enumerate(ids):
        last = (starts[n + 1] - 1) if n + 1 < len(starts) else len(lines)
        # Trailing blank lines and the next record's leading comments belong to no record.
        while last > starts[n] and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
            last -= 1
        links[record_id] = EditLink(repository if inside else None, path, starts[n], last)
    return links
