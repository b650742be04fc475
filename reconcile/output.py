"""Every file reconcile writes goes through here: whole or not at all, and a clear error when it cannot be written.

``write_atomically(path, text)`` writes a regular file by way of a temporary
file in the same folder, renamed over the target with ``os.replace``: a reader,
a concurrent run or an interrupted one (Ctrl-C, SIGTERM) sees the old file or
the complete new one, never half of it, and no temporary file is left behind.
Special files (``/dev/null``, ``/dev/stdout``, a FIFO) cannot be replaced, so
they are written directly. ``-`` means standard output.

An ``OSError`` on the way (the path is a folder, its parent is a file, no
permission, a full disk) becomes ``OutputError``, whose text is one line of the
problem catalogue (cannot-write-output), so the command line prints it as
``reconcile: RC0xx cannot write PATH: reason`` and exits 2.

``interruptible()`` makes SIGTERM raise ``Terminated`` as SIGINT raises
``KeyboardInterrupt``, so the cleanup here runs on both.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
from pathlib import Path

from reconcile import problems

STDOUT = "-"
_SIGNALS = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s is not None)


class OutputError(Exception):
    """A file reconcile writes (or the baseline it reads) cannot be used; str() is the catalogue's one line."""


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that `finally` and cleanup run (a BaseException: not caught by `except Exception`)."""


def is_stdout(path: str | os.PathLike | None) -> bool:
    return path is None or str(path) == STDOUT


def write_output(text: str, path: str | os.PathLike | None) -> None:
    """Write to standard output (no path, or '-') or atomically to the file."""
    if is_stdout(path):
        sys.stdout.write(text)
        sys.stdout.flush()  # a closed pipe is found now, before anything else is done or said
    else:
        write_atomically(path, text)


def write_atomically(path: str | os.PathLike, text: str) -> None:
    """Write `text` (UTF-8) to `path` whole or not at all; OutputError when it cannot be written."""
    shown = str(path)
    data = text.encode("utf-8")
    try:
        if _is_special(Path(path)):  # /dev/stdout is a link to a pipe that realpath cannot name: open it as given
            _write_directly(Path(path), data)
        else:
            target = Path(os.path.realpath(path))  # write through a symlink, keep the link
            _ensure_folder(target.parent, shown)
            _replace(target, data)
    except OSError as exc:
        raise OutputError(problems.CANNOT_WRITE_OUTPUT.says(path=shown, reason=reason(exc))) from None


def reason(exc: OSError) -> str:
    """The operating system's reason in a few plain words ('it is a folder', 'no space left on device')."""
    words = {
        errno.EISDIR: "it is a folder",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "no space left on device",
        errno.EROFS: "read-only file system",
        errno.EDQUOT: "disk quota exceeded",
    }
    return words.get(exc.errno) or (exc.strerror or str(exc)).lower()


def _is_special(target: Path) -> bool:
    """An existing file that is not a regular file or a folder: a device, a FIFO, a socket."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
    if stat.S_ISREG(mode) and not os.access(target, os.W_OK):
        # Replacing would succeed where writing in place fails: a read-only file stays read-only.
        raise PermissionError(errno.EACCES, "Permission denied", str(target))
    return not stat.S_ISREG(mode)


def _write_directly(target: Path, data: bytes) -> None:
    with open(target, "wb") as out:
        out.write(data)


def _ensure_folder(folder: Path, shown: str) -> None:
    """Create the output's folder as before (reports/ need not exist); a file in the way is an ENOTDIR."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder of the path should be
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", shown) from None


def _replace(target: Path, data: bytes) -> None:
    """Write a temporary file next to the target and rename it over the target; the temporary never outlives this."""
    with _signals_held():  # an interrupt during these few milliseconds is delivered once the file is complete
        temporary = _create_temporary(target)
        try:
            with os.fdopen(temporary[1], "wb") as out:
                out.write(data)
            _keep_permissions(target, temporary[0])
            os.replace(temporary[0], target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary[0])
            raise


def _create_temporary(target: Path) -> tuple[str, int]:
    """A new hidden file in the target's folder, created with 0o666 so the umask applies as to any new file."""
    while True:
        name = target.parent / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            return str(name), os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # another run drew the same name: draw again
            continue


def _keep_permissions(target: Path, temporary: str) -> None:
    """A file that already exists keeps its permissions (a shared report stays group-readable)."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temporary, mode)


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT and SIGTERM back while a file is replaced, so no interrupt lands between write and rename.

    Only around regular files: writing to a FIFO may block for ever, and Ctrl-C must still stop it.
    """
    hold = hasattr(signal, "pthread_sigmask") and _SIGNALS
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS) if hold else None
    try:
        yield
    finally:
        if hold:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def interruptible(restore: bool = True):
    """For the duration, SIGTERM raises Terminated as SIGINT raises KeyboardInterrupt; both handlers are restored after.

    With ``restore=False`` (the process is about to exit: the work is done, every file written) both are ignored
    after instead, so a late signal cannot turn a finished run into a traceback or a death by signal.
    Only in the main thread (Python delivers signals there); elsewhere, and where there is no SIGTERM, nothing changes.
    """
    import threading

    if len(_SIGNALS) < 2 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated()

    previous = {s: signal.getsignal(s) for s in _SIGNALS}
    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            if not restore:
                handler = signal.SIG_IGN
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def ignore_interrupts() -> None:
    """After the first interrupt, further ones are ignored until interruptible() restores the handlers."""
    import threading

    if threading.current_thread() is threading.main_thread():
        for signum in _SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
