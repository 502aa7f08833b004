"""OS errors in Danish: what went wrong (:func:`os_error_reason`) and the message and exception for it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from katalog.problems import KatalogError

_REASONS = {
    errno.ENOSPC: "der er ikke mere plads på disken",
    errno.EDQUOT: "din diskkvote er brugt op",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.EACCES: "du har ikke adgang (tilladelse nægtet)",
    errno.EPERM: "handlingen er ikke tilladt",
    errno.ENAMETOOLONG: "stien eller et navn i den er for langt",
    errno.ELOOP: "stien indeholder en løkke af symbolske links",
    errno.ENOENT: "stien findes ikke",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.EISDIR: "stien er en mappe",
    errno.EEXIST: "stien findes allerede",
    errno.ENOTEMPTY: "mappen er ikke tom",
    errno.EBUSY: "stien er i brug (måske et monteringspunkt)",
    errno.EXDEV: "stien ligger på et andet filsystem",
    errno.EIO: "læse- eller skrivefejl på disken",
    errno.EMFILE: "der er for mange åbne filer",
    errno.ENFILE: "der er for mange åbne filer på systemet",
    errno.ETXTBSY: "filen er i brug",
    errno.EFBIG: "filen bliver for stor",
    errno.ENXIO: "enheden findes ikke",
    errno.EADDRINUSE: "porten er optaget af et andet program",
    errno.EADDRNOTAVAIL: "adressen findes ikke på denne maskine",
}


def os_error_reason(exc: OSError) -> str:
    """What went wrong, in Danish: 'der er ikke mere plads på disken'."""
    reason = _REASONS.get(exc.errno or 0)
    if reason is not None:
        return reason
    code = errno.errorcode.get(exc.errno or 0)
    return f"systemfejl {code}" if code else "ukendt systemfejl"


def is_environment_error(exc: OSError) -> bool:
    """Whether ``exc`` is the machine's doing (space, permissions, a path), not a bug of ours."""
    return (exc.errno or 0) in _REASONS


def shown_path(path: Path | str) -> str:
    """A path for a message: a very long one (longer than any real one) is shortened in the middle."""
    text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
    return text if len(text) <= 160 else f"{text[:60]}…{text[-60:]} ({len(text)} tegn)"


def os_error_message(exc: OSError, path: Path | str | None, doing: str) -> str:
    """A one-line Danish message: '{path}: kan ikke {doing}: {reason}'."""
    where = path if path is not None else exc.filename
    prefix = f"{shown_path(where)}: " if where is not None else ""
    return f"{prefix}kan ikke {doing}: {os_error_reason(exc)}"


def os_failure(exc: OSError, path: Path | str | None, doing: str, exit_code: int = 1) -> KatalogError:
    """The :class:`KatalogError` to raise for ``exc`` (``raise os_failure(...) from exc``)."""
    return KatalogError(os_error_message(exc, path, doing), exit_code=exit_code)


def current_umask() -> int:
    """The process's umask (the mode bits new files do not get)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fsync_folder(folder: Path) -> None:
    """Make a rename durable; some file systems cannot sync a folder, which is fine."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
