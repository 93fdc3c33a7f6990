"""Write a whole output folder atomically: stage it beside the target, then swap it in with one rename.

Commands that write a folder (``export hf``, ``export brat``) build the new version in a hidden staging
folder next to ``OUT_DIR`` (``.OUT_DIR.export-XXXX``, same file system), then replace ``OUT_DIR`` with it
in one step. A reader, a crash or a kill at any moment sees the old folder or the new one, never a mix
and never an empty folder:

- on Linux the swap is ``renameat2(RENAME_EXCHANGE)``: one system call exchanges the two folders, then
  the old one (now at the staging name) is removed;
- elsewhere (or on a file system without it) the old folder is renamed aside (``.OUT_DIR.old-XXXX``),
  the new one renamed in, and the old one removed. A run killed between the two renames leaves the old
  folder aside and no ``OUT_DIR``; the next run into ``OUT_DIR`` puts it back before anything else.

An exclusive lock on ``.OUT_DIR.export.lock`` (beside the folder, so it survives the swap) is held from
the start of staging to the end of the swap, so two runs into one folder never mix: the second one
stops at once with exit 2. Holding the lock, a run removes the staging folders that killed runs left
behind. Entries of the old folder that the new one does not write, and that the command does not own,
are carried over (hard links, so ``.git`` of a Hub clone costs no copy); entries it owns and did not
write this time are dropped.

Library use::

    with replace_folder("out/brat", owned=()) as staging:
        (staging / "a.txt").write_text("...")   # build the whole new folder here
    # out/brat is now the new folder; on an exception it is untouched and the staging is gone
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from .errors import LockedError, StorageError, UsageError
from .jsonl import fsync_directory, make_folder

STAGING_INFIX = ".export-"
ASIDE_INFIX = ".old-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_prefix(target: Path) -> str:
    return f".{target.name}{STAGING_INFIX}"


def aside_prefix(target: Path) -> str:
    return f".{target.name}{ASIDE_INFIX}"


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.export.lock"


class FolderOutput:
    """One atomic replacement of the folder ``target`` (see the module docs).

    ``open()`` takes the lock, recovers or removes what killed runs left, and returns the empty staging
    folder; ``commit()`` carries over the entries to keep, fsyncs and swaps; ``close()`` (always call it,
    e.g. in ``finally``) removes the staging folder if it is still there and releases the lock.
    ``owned`` names the entries of ``target`` this command owns: those it does not write this time are
    dropped instead of carried over (``None``: it owns every entry, nothing is carried over).
    """

    def __init__(self, target: str | Path, *, owned: Collection[str] | None = ()) -> None:
        self.target = Path(target)
        self.owned = owned
        self.staging: Path | None = None
        self._lock_fd: int | None = None

    # -- the steps ---------------------------------------------------------------------------------
    def open(self) -> Path:
        target = self.target
        if target.exists() and not target.is_dir():
            raise UsageError(f"{target}: exists and is not a folder")
        _refuse_current_folder(target)
        try:
            make_folder(target.parent)
        except OSError as exc:
            raise StorageError(f"{target}: cannot write: {exc.strerror or exc}") from exc
        self._lock()
        recover(target)
        try:
            staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
            os.chmod(staging, _folder_mode(target))
        except OSError as exc:
            self.close()
            raise StorageError(f"{target}: cannot write: {exc.strerror or exc}") from exc
        self.staging = staging
        return staging

    def commit(self) -> None:
        staging, target = self.staging, self.target
        if staging is None:
            raise RuntimeError("FolderOutput.commit() before open()")
        try:
            if target.is_dir():
                _carry_over(target, staging, self.owned)
            _fsync_tree(staging)
            swap_in(staging, target)
        except OSError as exc:
            if isinstance(exc, StorageError):
                raise
            raise StorageError(f"{target}: cannot write: {exc.strerror or exc}") from exc
        self.staging = None

    def close(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- the lock ----------------------------------------------------------------------------------
    def _lock(self) -> None:
        path = lock_path(self.target)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StorageError(f"{path}: cannot create lock: {exc.strerror or exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = ""
            with contextlib.suppress(OSError, ValueError):
                pid = int(os.pread(fd, 32, 0).decode().strip() or 0)
                holder = f" (process {pid})" if pid else ""
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise LockedError(f"{self.target}: another command is writing this folder now{holder}; wait for "
                                  "it to finish, or write to another folder") from None
            raise StorageError(f"{path}: cannot lock: {exc.strerror or exc}") from exc
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd


@contextlib.contextmanager
def replace_folder(target: str | Path, *, owned: Collection[str] | None = ()) -> Iterator[Path]:
    """Yield an empty staging folder; when the block ends without an exception, it replaces ``target``
    whole (see :class:`FolderOutput`). On an exception ``target`` is left exactly as it was."""
    output = FolderOutput(target, owned=owned)
    try:
        staging = output.open()
        yield staging
        output.commit()
    finally:
        output.close()


# -- swapping ----------------------------------------------------------------------------------------

_RENAMEAT2: list = []  # [function or None], looked up on first use


def _renameat2() -> Callable[..., int] | None:
    if not _RENAMEAT2:
        try:
            function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28; the process's own libc
            function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            function.restype = ctypes.c_int
        except (OSError, AttributeError, TypeError):
            function = None
        _RENAMEAT2.append(function)
    return _RENAMEAT2[0]


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two existing paths (Linux ``renameat2(RENAME_EXCHANGE)``); False when the
    system or file system cannot (the caller falls back), raises OSError on other failures."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(staging: Path, target: Path) -> None:
    """Make ``staging`` be ``target``, in one step as seen from outside; remove the old ``target``."""
    parent = target.parent
    if not target.exists() and not target.is_symlink():
        os.rename(staging, target)
        fsync_directory(parent)
        return
    if exchange(staging, target):
        fsync_directory(parent)
        shutil.rmtree(staging, ignore_errors=True)  # the old folder, now under the staging name
        return
    aside = Path(tempfile.mkdtemp(prefix=aside_prefix(target), dir=parent))
    os.rmdir(aside)  # a fresh unique name; rename() needs it absent (or empty)
    os.rename(target, aside)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(aside, target)  # put the old one back: the target is never left missing by a failure
        raise
    fsync_directory(parent)
    shutil.rmtree(aside, ignore_errors=True)


def recover(target: Path) -> list[Path]:
    """Undo or clean up what killed runs into ``target`` left behind (call with the lock held).

    When ``target`` is missing and an old version of it was set aside (killed between the two renames
    of the fallback swap), the newest such version is put back. Staging folders and set-aside old
    versions are then removed. Returns the paths removed.
    """
    parent = target.parent
    if not parent.is_dir():
        return []
    aside = sorted((p for p in parent.iterdir() if p.name.startswith(aside_prefix(target)) and p.is_dir()),
                   key=lambda p: p.stat().st_mtime)
    if aside and not target.exists() and not target.is_symlink():
        os.rename(aside.pop(), target)
        fsync_directory(parent)
    removed = []
    for path in [*aside, *(p for p in parent.iterdir() if p.name.startswith(staging_prefix(target)))]:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        removed.append(path)
    return removed


# -- helpers -----------------------------------------------------------------------------------------

def _refuse_current_folder(target: Path) -> None:
    """Swapping the current folder (or one of its parents) would leave the shell in a removed folder."""
    with contextlib.suppress(OSError):
        here, there = Path.cwd().resolve(), target.resolve()
        if there == here or there in here.parents:
            raise UsageError(f"{target}: is the current folder (or contains it); write to a folder inside it "
                             "or elsewhere")


def _folder_mode(target: Path) -> int:
    """Keep an existing folder's permissions; a new one gets 0777 less the umask (mkdtemp's is 0700)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o777 & ~mask


def _carry_over(old: Path, new: Path, owned: Collection[str] | None) -> None:
    """Hard-link (or copy) into ``new`` the entries of ``old`` it lacks and the command does not own."""
    if owned is None:
        return
    for entry in old.iterdir():
        name = entry.name
        if name in owned or (new / name).exists() or (new / name).is_symlink():
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry), new / name)
        elif entry.is_dir():
            shutil.copytree(entry, new / name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, new / name)


def _link_or_copy(source: str | Path, destination: str | Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _fsync_tree(root: Path) -> None:
    """fsync every regular file and folder below ``root`` (the new folder is durable before the swap)."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            with contextlib.suppress(OSError):
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        fsync_directory(Path(folder))


__all__ = ["FolderOutput", "exchange", "recover", "replace_folder", "swap_in"]
