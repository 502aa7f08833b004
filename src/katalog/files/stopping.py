"""Stopping cleanly: stop signals become :class:`Interrupted`, and no temporary file or folder is left behind.

:func:`stop_signals` (the CLI's boundary) turns SIGINT, SIGTERM and SIGHUP into
:class:`Interrupted` in the main thread, so every ``finally`` runs and child processes
started with :func:`subprocess.run` are killed; a second signal while cleaning up is
ignored. Every temporary file and folder this process makes is registered *before* it
exists (:func:`temporary_folder`, :func:`register_temporary`) and swept at the end on
every exit path, and the process's ``tempfile`` folder is a private one that is removed
as a whole. :func:`uninterrupted` holds a signal back while a few steps must happen
together (the site's swap).
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

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


def register_temporary(path: str) -> None:
    with _pending_lock:
        _pending[path] = None


def forget_temporary(path: str) -> None:
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


def note_changed(path: str) -> None:
    if not _inside_temporary(path):
        _changed.append(path)


def temporary_folder(parent: Path, prefix: str, suffix: str = "") -> Path:
    """A new private folder ``parent/PREFIX<random>SUFFIX``, registered for removal before it is made.

    Remove it with :func:`remove_temporary` (or let :func:`remove_temporaries` do it at the end).
    """
    for _ in range(100):
        path = os.path.join(parent, f"{prefix}{secrets.token_hex(4)}{suffix}")
        register_temporary(path)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            forget_temporary(path)  # someone else's
            continue
        except OSError:
            forget_temporary(path)
            raise
        return Path(path)
    raise FileExistsError(errno.EEXIST, "no free name for a temporary folder", str(parent))


def remove_temporary(path: Path) -> None:
    """Remove a folder or file made by :func:`temporary_folder`, and forget it."""
    _remove(str(path))
    forget_temporary(str(path))


def keep_temporary(path: Path) -> None:
    """No longer remove ``path`` at the end (it holds something to keep)."""
    forget_temporary(str(path))


def put_in_place(temporary: Path, target: Path) -> None:
    """Rename a registered temporary folder or file to ``target`` (no longer temporary)."""
    with uninterrupted():
        os.rename(temporary, target)
        forget_temporary(str(temporary))
        note_changed(str(target))


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
