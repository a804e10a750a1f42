"""Files the app creates in a folder someone else may also write to (the download folder): never through a link.

A ``.part`` or ``.lrc`` name that is a symbolic link (left dangling, or swapped in after a crash) is removed, never
followed; new files are created exclusively; a finished file takes its name only if the name is still free; and the
file that is renamed into place is checked to be the very file that was written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)

#: (st_dev, st_ino) of a file: which file a name pointed at when it was written.
FileId = tuple[int, int]


def regular_size(path: Path) -> int:
    """The size of the regular file at ``path``; 0 when there is none. Anything else there (a symbolic link,
    dangling or not, a fifo, a folder) is removed when it can be, so the caller starts a fresh file."""
    try:
        st = os.lstat(path)
    except OSError:
        return 0
    if stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
        return st.st_size
    if not stat.S_ISDIR(st.st_mode):
        with contextlib.suppress(OSError):
            os.unlink(path)
    return 0


def open_new(path: Path) -> int:
    """A new file at ``path`` for writing (``O_EXCL | O_NOFOLLOW``): a link or a file already there is removed
    first (never written through). Raises OSError (the caller names the folder)."""
    with contextlib.suppress(FileNotFoundError):
        st = os.lstat(path)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "a folder has this name", str(path))
        os.unlink(path)
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY, 0o644)


def open_append(path: Path, expected_size: int) -> int | None:
    """``path`` opened to append, when it is still the regular file of ``expected_size`` bytes this app left
    there; None otherwise (a link, another file, another size: the caller starts again)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | _NOFOLLOW | _CLOEXEC | _BINARY)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
    except OSError:
        os.close(fd)
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1 or st.st_size != expected_size:
        os.close(fd)
        return None
    return fd


def file_id(fd: int) -> FileId:
    st = os.fstat(fd)
    return st.st_dev, st.st_ino


def is_same_file(path: Path, ident: FileId) -> bool:
    """True when the name ``path`` (not followed) still names the regular file ``ident``."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and (st.st_dev, st.st_ino) == ident


def rename_noclobber(src: Path, dst: Path) -> bool:
    """Move ``src`` to ``dst`` only if ``dst`` is free (not even a dangling link there); False when it is not.

    A hard link makes the check and the move one step; file systems without hard links fall back to a check
    just before the rename.
    """
    try:
        os.link(src, dst, follow_symlinks=False)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        if os.path.lexists(dst):
            return False
        os.replace(src, dst)
        return True
    with contextlib.suppress(FileNotFoundError):
        os.unlink(src)
    return True


def write_new(path: Path, data: bytes, *, replace: bool) -> bool:
    """Write ``data`` to ``path`` atomically through an exclusive ``.part``; an existing ``path`` is replaced only
    when ``replace`` (a file this app wrote), else kept and False returned. Raises OSError."""
    tmp = path.with_name(path.name + ".part")
    fd = open_new(tmp)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    os.unlink(path)  # a link put where our file was: replaced, never written through
            os.replace(tmp, path)
            return True
        return rename_noclobber(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def move_noclobber(src: Path, dst: Path) -> bool:
    """Move the file ``src`` to ``dst`` only if ``dst`` is free (not even a dangling link); False when it is not.

    Across file systems the bytes are copied into an exclusive ``.part`` beside ``dst`` (never through a link)
    and renamed into place the same way; ``src`` is removed once the copy stands.
    """
    try:
        return rename_noclobber(src, dst)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    tmp = dst.with_name(dst.name + ".part")
    fd = open_new(tmp)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            for block in iter(lambda: inp.read(1024 * 1024), b""):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if not rename_noclobber(tmp, dst):
            return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    os.unlink(src)
    return True
