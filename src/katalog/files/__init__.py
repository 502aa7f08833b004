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

Stopping cleanly (:mod:`katalog.files.stopping`): :func:`stop_signals` (the CLI's
boundary) turns SIGINT, SIGTERM and SIGHUP into :class:`Interrupted`, and every
temporary file and folder this process makes is registered before it exists and
swept at the end, so nothing is left behind in TMPDIR or beside an output.

The modules: :mod:`~katalog.files.errors` (OS errors in Danish),
:mod:`~katalog.files.stopping` (signals and temporaries), :mod:`~katalog.files.writing`
(the atomic writer and the lock) and :mod:`~katalog.files.outputs` (the ``--out`` guards).
This package is their public face.
"""

from __future__ import annotations

from katalog.files.errors import (
    current_umask,
    is_environment_error,
    os_error_message,
    os_error_reason,
    os_failure,
    shown_path,
)
from katalog.files.outputs import (
    MARKER,
    MARKER_TEXT,
    PROTECTED_FOLDERS,
    check_pdf_file,
    check_site_folder,
    is_our_pdf,
    write_marker,
)
from katalog.files.stopping import (
    STOP_SIGNALS,
    Interrupted,
    changed_paths,
    keep_temporary,
    put_in_place,
    remove_temporaries,
    remove_temporary,
    stop_requested,
    stop_signals,
    temporary_folder,
    uninterrupted,
)

# The signal tests reach into these.
from katalog.files.stopping import _on_stop_signal as _on_stop_signal
from katalog.files.stopping import _Stopping as _Stopping
from katalog.files.writing import LOCK_TIMEOUT, write_atomic, writer_lock
from katalog.files.writing import _new_temporary_file as _new_temporary_file

__all__ = [
    "LOCK_TIMEOUT",
    "MARKER",
    "MARKER_TEXT",
    "PROTECTED_FOLDERS",
    "STOP_SIGNALS",
    "Interrupted",
    "changed_paths",
    "check_pdf_file",
    "check_site_folder",
    "current_umask",
    "is_environment_error",
    "is_our_pdf",
    "keep_temporary",
    "os_error_message",
    "os_error_reason",
    "os_failure",
    "put_in_place",
    "remove_temporaries",
    "remove_temporary",
    "shown_path",
    "stop_requested",
    "stop_signals",
    "temporary_folder",
    "uninterrupted",
    "write_atomic",
    "write_marker",
    "writer_lock",
]
