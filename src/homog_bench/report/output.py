"""Safe output: files written atomically and never over an input, text escaped for where it goes.

Log fields (model names, sample ids, log paths, names read from generations) come
from whoever wrote the log. Before they reach a terminal, a Markdown table or a
spreadsheet they pass through :func:`terminal_text`, :func:`markdown_text` or
:func:`csv_cell`.

>>> terminal_text("gpt\\x1b[2J-4\\u202e")
'gpt\\\\x1b[2J-4\\\\u202e'
>>> markdown_text("<img src=x onerror=alert(1)> | a")
'&lt;img src=x onerror=alert(1)&gt; \\\\| a'
>>> [csv_cell(v) for v in ("=HYPERLINK(\\"http://x\\")", "-0.5", "@SUM(A1)", "model", 3)]
['\\'=HYPERLINK("http://x")', "'-0.5", "'@SUM(A1)", 'model', 3]
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from homog_bench._errors import HomogBenchError

#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def terminal_text(text: object) -> str:
    """``text`` with control, format and bidirectional-override characters shown escaped.

    Newlines are escaped too: one log field stays on one line.
    """
    out = []
    for ch in str(text):
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch != " ":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def markdown_text(text: object) -> str:
    """:func:`terminal_text`, then HTML-escaped (``& < >``) and ``|`` escaped for table cells."""
    safe = terminal_text(text)
    safe = safe.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return safe.replace("|", "\\|").replace("`", "'")


def csv_cell(value: object) -> object:
    """A text cell a spreadsheet will not run as a formula (prefixed with ``'``); others as is."""
    if isinstance(value, str):
        value = terminal_text(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def write_output(
    path: Path,
    text: str | bytes,
    *,
    force: bool = False,
    inputs: Iterable[str] = (),
    option: str = "--out",
) -> None:
    """Write ``text`` to ``path`` atomically (temp file in the same folder, then rename).

    Refused with a one-line error naming ``option``: whatever :func:`check_output` refuses.
    """
    shown = f"{option} {terminal_text(path)}"
    target = check_output(path, force=force, inputs=inputs, option=option)
    folder = target.parent
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise HomogBenchError(f"{shown}: cannot write ({exc.strerror})") from None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        _remove(temp)
        raise HomogBenchError(f"{shown}: cannot write ({exc.strerror})") from None
    except BaseException:
        _remove(temp)
        raise


def check_output(
    path: Path, *, force: bool = False, inputs: Iterable[str] = (), option: str = "--out"
) -> Path:
    """The absolute target, or a one-line error: one of ``inputs`` (even with ``force``),
    a symbolic link, a folder or other non-regular file, an existing file without
    ``force``, a missing parent folder.

    Called before the (slow) work that produces the text, and again when writing.
    """
    shown = f"{option} {terminal_text(path)}"
    target = Path(os.path.abspath(path))
    for log in inputs:
        if "://" not in log and _same_file(target, Path(log)):
            raise HomogBenchError(f"{shown}: is one of the input logs; choose another file")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise HomogBenchError(f"{shown}: cannot write ({exc.strerror})") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise HomogBenchError(f"{shown}: is a symbolic link; refusing to write through it")
        if stat.S_ISDIR(info.st_mode):
            raise HomogBenchError(f"{shown}: is a folder; expected a file name")
        if not stat.S_ISREG(info.st_mode):
            raise HomogBenchError(f"{shown}: is not a regular file")
        if not force:
            raise HomogBenchError(f"{shown}: the file exists; add --force to replace it")
    if not target.parent.is_dir():
        raise HomogBenchError(f"{shown}: no such folder {terminal_text(target.parent)}")
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
