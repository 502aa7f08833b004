"""Writing files safely: one atomic writer, the guards on ``--out``, the writers' lock, OS errors in Danish.

Every output goes through here, so nothing the catalogue did not make is ever
replaced: :func:`write_atomic` writes a temporary file beside the target, syncs
it and renames it over the target (a symlink's target is written and the link
kept, with the file's mode and, for root, its owner); :func:`check_site_folder`
lets ``katalog build`` replace only an absent or empty folder or one that holds
the :data:`MARKER` of an earlier build; :func:`check_pdf_file` lets ``katalog
pdf`` replace only a PDF that Typst made; :func:`writer_lock` keeps two
``katalog new``/``fmt`` from writing the data file at once. An :class:`OSError`
becomes a :class:`~katalog.problems.KatalogError` with a Danish reason
(:func:`os_error_message`).

Stopping cleanly: :func:`stop_signals` (the CLI's boundary) turns SIGINT, SIGTERM and
SIGHUP into :class:`Interrupted` in the main thread, so every ``finally`` runs and child
processes started with :func:`subprocess.run` are killed; a second signal while cleaning
up is ignored. Every temporary file and folder this process makes is registered
*before* it exists (:func:`temporary_folder`, :func:`write_atomic`) and swept at the end
on every exit path, and the process's ``tempfile`` folder is a private one that is
removed as a whole, so nothing is left behind in TMPDIR or beside an output.
:func:`uninterrupted` holds a signal back while a few steps must happen together (the
site's swap).
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

from katalog.problems import KatalogError

MARKER = ".katalog-build"
MARKER_TEXT = (
    "Denne mappe er bygget af 'katalog build'.\n"
    "Næste 'katalog build' med samme --out erstatter hele mappen; læg ikke egne filer her.\n"
)
LOCK_TIMEOUT = 30.0
# The folders of a project that hold its data and sources: no output goes into them.
PROTECTED_FOLDERS = ("data", "docs", "src", "overrides", "schema", ".git", ".github")
# A PDF is taken for one of ours when Typst made it (booklet.py compiles every PDF with Typst).
_PDF_MAGIC = b"%PDF-"
_TYPST_CREATORS = (b"/Creator(Typst ", b"<xmp:CreatorTool>Typst ")
_PDF_SCAN = 1 << 20

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


def _fsync_folder(folder: Path) -> None:
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


# --------------------------------------------------------------------------- stopping cleanly

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
# Temporary files and folders of this process, registered before they exist and removed at the end.
_pending: dict[str, None] = {}
# What this process has put in place for good (a file replaced, a site swapped in).
_changed: list[str] = []
_pending_lock = threading.Lock()


class Interrupted(KeyboardInterrupt):
    """A stop signal (Ctrl-C, SIGTERM, SIGHUP), raised in the main thread so that every ``finally`` runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:  # pragma: no cover - every signal we handle has a name
            return str(self.signum)

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM)."""
        return 128 + self.signum


class _Stopping:
    """The signal state of the process: how often a stop was asked for, and one held back."""

    received: int | None = None
    count = 0
    held = 0
    pending: int | None = None


def _on_stop_signal(signum: int, frame: FrameType | None) -> None:
    _Stopping.count += 1
    if _Stopping.received is not None:
        if _Stopping.count >= 3:  # asked three times: stop now, cleaning up what can be cleaned in a moment
            for path in list(_pending):  # no lock: the main thread may hold it, right under this handler
                _remove(path)
            os._exit(128 + signum)
        return  # already stopping: the cleanup must not be cut short
    _Stopping.received = signum
    if _Stopping.held:
        _Stopping.pending = signum
        return
    raise Interrupted(signum)


def stop_requested() -> int | None:
    """The stop signal this process received, if any."""
    return _Stopping.received


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold a stop signal back until the block is done (it is raised as :class:`Interrupted` after it)."""
    _Stopping.held += 1
    try:
        yield
    finally:
        _Stopping.held -= 1
        if not _Stopping.held and _Stopping.pending is not None:
            signum, _Stopping.pending = _Stopping.pending, None
            raise Interrupted(signum)


def _register(path: str) -> None:
    with _pending_lock:
        _pending[path] = None


def _forget(path: str) -> None:
    with _pending_lock:
        _pending.pop(path, None)


def _remove(path: str) -> None:
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass


def remove_temporaries() -> None:
    """Remove every temporary file and folder this process registered and has not put in place."""
    with _pending_lock:
        paths = list(reversed(_pending))
        _pending.clear()
    for path in paths:
        _remove(path)


def _inside_temporary(path: str) -> bool:
    with _pending_lock:
        return any(path.startswith(folder.rstrip(os.sep) + os.sep) for folder in _pending)


def changed_paths() -> list[str]:
    """What this process has put in place for good so far (for the message when it is stopped)."""
    return list(_changed)


def _note_changed(path: str) -> None:
    if not _inside_temporary(path):
        _changed.append(path)


def temporary_folder(parent: Path, prefix: str, suffix: str = "") -> Path:
    """A new private folder ``parent/PREFIX<random>SUFFIX``, registered for removal before it is made.

    Remove it with :func:`remove_temporary` (or let :func:`remove_temporaries` do it at the end).
    """
    for _ in range(100):
        path = os.path.join(parent, f"{prefix}{secrets.token_hex(4)}{suffix}")
        _register(path)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            _forget(path)  # someone else's
            continue
        except OSError:
            _forget(path)
            raise
        return Path(path)
    raise FileExistsError(errno.EEXIST, "no free name for a temporary folder", str(parent))


def remove_temporary(path: Path) -> None:
    """Remove a folder or file made by :func:`temporary_folder`, and forget it."""
    _remove(str(path))
    _forget(str(path))


def keep_temporary(path: Path) -> None:
    """No longer remove ``path`` at the end (it holds something to keep)."""
    _forget(str(path))


def put_in_place(temporary: Path, target: Path) -> None:
    """Rename a registered temporary folder or file to ``target`` (no longer temporary)."""
    with uninterrupted():
        os.rename(temporary, target)
        _forget(str(temporary))
        _note_changed(str(target))


def _quiet_thread_failure(args: threading.ExceptHookArgs) -> None:
    """A background thread's unexpected failure: one Danish line, never a traceback; silent when stopping."""
    if _Stopping.received is not None or issubclass(args.exc_type, (KeyboardInterrupt, SystemExit)):
        return
    if os.environ.get("KATALOG_DEBUG"):
        threading.__excepthook__(args)
        return
    name = args.thread.name if args.thread is not None else "?"
    with suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(
            f"katalog: intern fejl i baggrundstråden {name} ({args.exc_type.__name__}); "
            "meld fejlen til udviklerne med kommandoen og denne besked\n"
        )


@contextmanager
def stop_signals() -> Iterator[None]:
    """Run a command so that a stop signal or any failure leaves nothing behind.

    In the main thread: SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` (a signal
    the parent set to be ignored stays ignored, as under ``nohup``); ``tempfile``'s folder
    is a private one, removed with everything in it at the end; registered temporaries
    are swept; background threads print no traceback. Elsewhere (a test calling the CLI
    from a thread) only the sweep is done.
    """
    if threading.current_thread() is not threading.main_thread():
        try:
            yield
        finally:
            remove_temporaries()
        return
    _changed.clear()
    old_handlers = {}
    for signum in STOP_SIGNALS:
        old = signal.getsignal(signum)
        if old is not signal.SIG_IGN:
            old_handlers[signum] = old
            signal.signal(signum, _on_stop_signal)
    old_hook = threading.excepthook
    threading.excepthook = _quiet_thread_failure
    old_tempdir = tempfile.tempdir
    with suppress(OSError):  # no usable TMPDIR: whoever needs one says so
        tempfile.tempdir = str(temporary_folder(Path(tempfile.gettempdir()), "katalog-"))
    try:
        yield
    finally:
        private, tempfile.tempdir = tempfile.tempdir, old_tempdir
        remove_temporaries()
        if private != old_tempdir and private is not None:
            shutil.rmtree(private, ignore_errors=True)
        threading.excepthook = old_hook
        for signum, handler in old_handlers.items():
            signal.signal(signum, handler)
        _Stopping.received, _Stopping.pending, _Stopping.count = None, None, 0


# --------------------------------------------------------------------------- writing


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
            _forget(temporary)
            _note_changed(str(target))
            temporary = None
        _fsync_folder(target.parent)
    except OSError as exc:
        raise os_failure(exc, path, "skrive filen") from exc
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
            _forget(temporary)


def _new_temporary_file(target: Path) -> str:
    """An empty private file ``.NAME.<random>.tmp`` beside ``target``, registered before it is made."""
    for _ in range(100):
        temporary = os.path.join(target.parent, f".{target.name[:100]}.{secrets.token_hex(4)}.tmp")
        _register(temporary)
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            _forget(temporary)
            continue
        except OSError:
            _forget(temporary)
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


def _ancestors_or_self(path: Path) -> set[Path]:
    return {path, *path.parents}


def _home() -> Path | None:
    try:
        return Path(os.path.realpath(Path.home()))
    except (RuntimeError, KeyError, OSError):
        return None


def _refuse(out: Path, reason: str, todo: str) -> KatalogError:
    return KatalogError(f"{shown_path(out)}: mappen erstattes ikke: {reason}; {todo}", exit_code=2)


def check_site_folder(out: Path, *, root: Path, data: Path) -> Path:
    """The folder ``katalog build`` may replace with the site, resolved; else :class:`KatalogError` (exit 2).

    Only an absent folder, an empty one, or one holding the :data:`MARKER` of an earlier
    build, and never the file system's root, the home folder, a mount point, the project
    (or a folder holding it or the data file), its data or sources, or a folder inside them.
    """
    todo = "vælg en tom eller ny mappe med --out, fx --out site"
    try:
        resolved = Path(os.path.realpath(out))
        given = out
        if os.path.islink(given) and resolved != Path(os.path.abspath(given)):
            out = Path(f"{shown_path(given)} (et symbolsk link til {shown_path(resolved)})")
        project = Path(os.path.realpath(root))
        data_file = Path(os.path.realpath(data))
        if os.path.islink(resolved):
            raise _refuse(out, "stien er en løkke af symbolske links", todo)
        if resolved == Path(resolved.anchor):
            raise _refuse(out, "det er filsystemets rod", todo)
        if resolved == project:
            raise _refuse(out, "det er projektets mappe", todo)
        if resolved in project.parents:
            raise _refuse(out, "den indeholder projektet", todo)
        home = _home()
        if resolved == home:
            raise _refuse(out, "det er din hjemmemappe", todo)
        if home is not None and resolved in home.parents:
            raise _refuse(out, "den indeholder din hjemmemappe", todo)
        for name in PROTECTED_FOLDERS:
            if resolved == project / name:
                raise _refuse(out, f"det er projektets mappe {name}/", todo)
            if resolved.is_relative_to(project / name):
                raise _refuse(out, f"den ligger i projektets mappe {name}/", todo)
        if resolved in _ancestors_or_self(data_file.parent):
            raise _refuse(out, f"den indeholder datafilen {data}", todo)
        if os.path.islink(given) and not os.path.lexists(resolved):
            raise _refuse(out, f"det symbolske link peger på {shown_path(resolved)}, som ikke findes", todo)
        if not os.path.lexists(resolved):
            return resolved
        if os.path.ismount(resolved):
            raise _refuse(out, "det er et monteringspunkt (et filsystem for sig)", todo)
        if not os.path.isdir(resolved):
            raise _refuse(out, "det er en fil, ikke en mappe", todo)
        entries = os.listdir(resolved)
        if entries and not _is_marked(resolved):
            raise _refuse(
                out,
                f"den er ikke tom og er ikke bygget af 'katalog build' (der er ingen {MARKER} i den)",
                f"{todo}. Er det et websted fra en ældre udgave af katalog, så slet det først ('rm -r {shown_path(resolved)}')",
            )
    except OSError as exc:
        raise os_failure(exc, out, "bruge mappen til websitet", exit_code=2) from exc
    return resolved


def _is_marked(folder: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except FileNotFoundError:
        return False


def write_marker(folder: Path) -> None:
    """Mark ``folder`` as made by ``katalog build`` (the next build may replace it)."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def check_pdf_file(out: Path, *, root: Path | None, data: Path) -> Path:
    """The file ``katalog pdf`` may write the booklet to; else :class:`KatalogError` (exit 2).

    Not the data file, no file in the project's data or sources, not a folder or a device,
    not an existing file that is not a PDF made by Typst, and its folder must exist.
    """
    todo = "vælg en anden fil med --out, fx --out inspirationskatalog.pdf"
    try:
        resolved = Path(os.path.realpath(out))
        if os.path.islink(resolved):
            raise KatalogError(f"{shown_path(out)}: stien er en løkke af symbolske links; {todo}", exit_code=2)
        if resolved == Path(os.path.realpath(data)):
            raise KatalogError(
                f"{shown_path(out)}: det er datafilen; PDF'en skrives ikke oven i den; {todo}", exit_code=2
            )
        if root is not None:
            project = Path(os.path.realpath(root))
            for name in PROTECTED_FOLDERS:
                if resolved.is_relative_to(project / name):
                    raise KatalogError(
                        f"{shown_path(out)}: filen ligger i projektets {name}/; PDF'en skrives ikke blandt data og kilder; {todo}",
                        exit_code=2,
                    )
        parent = resolved.parent
        if not os.path.isdir(parent):
            if os.path.lexists(parent):
                raise KatalogError(f"{shown_path(out)}: {shown_path(parent)} er ikke en mappe; {todo}", exit_code=2)
            raise KatalogError(
                f"{shown_path(out)}: mappen {shown_path(parent)} findes ikke; "
                f"opret den først (mkdir -p {shown_path(parent)}), eller {todo}",
                exit_code=2,
            )
        if not os.path.lexists(resolved):
            if not os.access(parent, os.W_OK):
                read_only = os.statvfs(parent).f_flag & os.ST_RDONLY
                code = errno.EROFS if read_only else errno.EACCES
                raise os_failure(OSError(code, os.strerror(code)), out, "skrive PDF'en")
            return resolved
        info = os.stat(resolved)
        if stat.S_ISDIR(info.st_mode):
            raise KatalogError(
                f"{shown_path(out)}: det er en mappe; angiv en fil, fx --out {out}/inspirationskatalog.pdf", exit_code=2
            )
        if not stat.S_ISREG(info.st_mode):
            raise KatalogError(
                f"{shown_path(out)}: det er ikke en almindelig fil (men fx en enhed eller en pipe); {todo}", exit_code=2
            )
        if not is_our_pdf(resolved):
            raise KatalogError(
                f"{shown_path(out)}: filen findes og er ikke en PDF, som katalog har lavet; den overskrives ikke. "
                f"Slet den selv, hvis den kan undværes, eller {todo}",
                exit_code=2,
            )
    except OSError as exc:
        raise os_failure(exc, out, "skrive PDF'en", exit_code=2) from exc
    return resolved


def is_our_pdf(path: Path) -> bool:
    """Whether ``path`` is a PDF that Typst made (every PDF of the catalogue is)."""
    with path.open("rb") as handle:
        head = handle.read(_PDF_SCAN)
        if not head.startswith(_PDF_MAGIC):
            return False
        size = os.fstat(handle.fileno()).st_size
        tail = b""
        if size > _PDF_SCAN:
            handle.seek(max(_PDF_SCAN, size - _PDF_SCAN))
            tail = handle.read(_PDF_SCAN)
    return any(creator in head or creator in tail for creator in _TYPST_CREATORS)
