"""Read a user's input file safely: a regular file, bounded in size, valid UTF-8.

Every refusal is a one-line :class:`~homog_bench._errors.HomogBenchError` that names
the file and says what was expected; nothing of the file's content is shown.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> read_text_file(folder, "values", limit=10)
Traceback (most recent call last):
homog_bench._errors.HomogBenchError: values: ...: is a folder, expected a file
>>> path = os.path.join(folder, "latin1.yaml")
>>> _ = open(path, "wb").write(b"name: caf\\xe9\\n")
>>> read_text_file(path, "values", limit=100)
Traceback (most recent call last):
homog_bench._errors.HomogBenchError: values: ...latin1.yaml: not UTF-8 text (invalid byte 0xe9 ...)
"""

from __future__ import annotations

import errno
import os
import stat

from homog_bench._errors import HomogBenchError


def describe_path(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be read as a regular file, or None when it can.

    Distinguishes a missing file from a folder, a FIFO or device, a symlink loop
    and a path that cannot be inspected (permissions), which all look like "no
    such file" to :meth:`pathlib.Path.is_file`.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return _os_problem(exc)
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, expected a file"
    if stat.S_ISFIFO(info.st_mode):
        return "is a named pipe (FIFO), expected a regular file"
    if stat.S_ISSOCK(info.st_mode):
        return "is a socket, expected a regular file"
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        return "is a device, expected a regular file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    return None


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.ELOOP:
        return "is a symbolic link loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOTDIR:
        return "no such file (a parent is not a folder)"
    if exc.errno == errno.ENAMETOOLONG:
        return "the path is too long"
    return f"cannot be read ({os.strerror(exc.errno or 0) or type(exc).__name__})"


def read_bytes_file(path: str | os.PathLike[str], what: str, *, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; else a one-line error.

    The file is opened without blocking (a FIFO swapped in after the check does
    not hang) and read at most ``limit + 1`` bytes, whatever its claimed size.
    """
    shown = str(path)
    problem = describe_path(path)
    if problem is not None:
        raise HomogBenchError(f"{what}: {shown}: {problem}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise HomogBenchError(f"{what}: {shown}: {_os_problem(exc)}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise HomogBenchError(f"{what}: {shown}: is not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise HomogBenchError(f"{what}: {shown}: {_os_problem(exc)}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise HomogBenchError(
            f"{what}: {shown}: larger than the limit of {_size(limit)} for this kind of file"
        )
    return b"".join(chunks)


def decode_utf8(data: bytes, what: str, shown: str) -> str:
    """``data`` as UTF-8 text (a leading BOM dropped); else a one-line error with the offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        raise HomogBenchError(
            f"{what}: {shown}: not UTF-8 text (invalid byte 0x{data[start]:02x} at offset "
            f"{start}, line {line})"
        ) from None


def read_text_file(path: str | os.PathLike[str], what: str, *, limit: int) -> str:
    """A regular UTF-8 text file of at most ``limit`` bytes; else a one-line error."""
    return decode_utf8(read_bytes_file(path, what, limit=limit), what, str(path))


def _size(limit: int) -> str:
    """
    >>> _size(1 << 20), _size(64 << 20), _size(1000)
    ('1 MiB', '64 MiB', '1000 bytes')
    """
    if limit >= 1 << 20 and limit % (1 << 20) == 0:
        return f"{limit >> 20} MiB"
    return f"{limit} bytes"
