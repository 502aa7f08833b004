"""Writing a file all or nothing (:func:`write_atomic`), and the lock two writers of the data file take turns on."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from katalog.files.errors import current_umask, fsync_folder, os_error_reason, os_failure, shown_path
from katalog.files.stopping import forget_temporary, note_changed, register_temporary, uninterrupted
from katalog.problems import KatalogError

LOCK_TIMEOUT = 30.0


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: all or nothing, never half-written.

    A temporary file beside the file is written, synced, given the file's mode (and, for
    root, its owner) and renamed over it; the folder is synced. A symlink's target is
    written and the link kept. On any failure the temporary file is removed, the file is
    as it was, and an :class:`OSError` becomes a :class:`KatalogError` with a Danish reason.
    """
    target = Path(os.path.realpath(path))
    temporary: str | None = None
    try:
        try:
            old: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            old = None
        if old is not None and not stat.S_ISREG(old.st_mode):
            raise KatalogError(f"{path}: er ikke en almindelig fil; den overskrives ikke", exit_code=2)
        temporary = _new_temporary_file(target)
        with open(temporary, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if old is not None:
            os.chmod(temporary, stat.S_IMODE(old.st_mode))
            if os.geteuid() == 0 and (old.st_uid, old.st_gid) != (0, 0):
                os.chown(temporary, old.st_uid, old.st_gid)
        else:
            os.chmod(temporary, 0o666 & ~current_umask())
        with uninterrupted():
            os.replace(temporary, target)
            forget_temporary(temporary)
            note_changed(str(target))
            temporary = None
        fsync_folder(target.parent)
    except OSError as exc:
        raise os_failure(exc, path, "skrive filen") from exc
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
            forget_temporary(temporary)


def _new_temporary_file(target: Path) -> str:
    """An empty private file ``.NAME.<random>.tmp`` beside ``target``, registered before it is made."""
    for _ in range(100):
        temporary = os.path.join(target.parent, f".{target.name[:100]}.{secrets.token_hex(4)}.tmp")
        register_temporary(temporary)
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            forget_temporary(temporary)
            continue
        except OSError:
            forget_temporary(temporary)
            raise
        return temporary
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(target.parent))


@contextmanager
def writer_lock(data: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of ``data`` (``.NAME.lock`` beside the file it resolves to) while writing it.

    Two ``katalog new`` or ``fmt`` at once then take turns; each reads the file again under
    the lock, so neither writes over the other's record.
    """
    from filelock import FileLock, Timeout

    target = Path(os.path.realpath(data))
    lock_file = target.parent / f".{target.name}.lock"
    lock = FileLock(lock_file, timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise KatalogError(
            f"{shown_path(data)}: en anden 'katalog new' eller 'katalog fmt' skriver i filen og er ikke færdig efter "
            f"{timeout:g} sekunder; prøv igen om lidt (låsen er {lock_file})"
        ) from exc
    except OSError as exc:
        raise KatalogError(
            f"{shown_path(data)}: kan ikke låse datafilen til skrivning: {os_error_reason(exc)} "
            f"(låsefilen {lock_file.name} skal ligge i samme mappe)"
        ) from exc
    try:
        yield
    finally:
        lock.release()
