"""Hostile value files: each written to a folder and checked with ``homog-bench values check``.

Every case must end within its time and memory bounds with a one-line error that
names the file (and the field, where there is one), show none of the file's
content when it is not a value file, and print no traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HEAD = "schema: homog-bench/values@1\nname: t\ndescription: d\ncontext: {stakeholder: s}\n"
STRUCT = "structures: [{id: a, kind: pronoun_gender, category: woman}]\n"
SECRET = "s3cr3t-hash-line"


def _bomb(levels: int = 9) -> str:
    lines = ["x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*x{i - 1}"] * 10)
        lines.append(f"x{i}: &x{i} [{refs}]")
    return "\n".join(lines) + "\n"


def _bomb_in(field: str) -> bytes:
    """A ~1 KB value file whose ``description`` or ``target`` names a billion-node alias."""
    anchors = "junk:\n" + "".join("  " + line + "\n" for line in _bomb().splitlines())
    if field == "description":
        return (anchors + HEAD.replace("description: d", "description: *x9") + STRUCT).encode()
    target = "attributes:\n  g: {from: pronoun_gender, target: *x9}\n"
    return (anchors + HEAD + STRUCT + target).encode()


@dataclass
class ValueCase:
    """One hostile value file: how to make it and what the error must (not) say."""

    name: str
    make: Callable[[Path], str]  # writes under the folder, returns the spec to check
    expect: str  # a substring of the one-line error
    never: str | None = None  # must not appear anywhere in the output


def _file(content: bytes, name: str = "values.yaml") -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / name
        path.write_bytes(content)
        return str(path)

    return make


def _fifo(folder: Path) -> str:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return str(path)


def _loop(folder: Path) -> str:
    a, b = folder / "a.yaml", folder / "b.yaml"
    a.symlink_to(b)
    b.symlink_to(a)
    return str(a)


def _dangling(folder: Path) -> str:
    link = folder / "dangling.yaml"
    link.symlink_to(folder / "gone.yaml")
    return str(link)


def _folder(folder: Path) -> str:
    path = folder / "values.yaml"
    path.mkdir()
    return str(path)


def _judge(model: str) -> bytes:
    return (
        f'{HEAD}judge: {{model: "{model}"}}\n'
        "structures: [{id: q, kind: categorical, question: Is it a woman?}]\n"
    ).encode()


VALUE_CASES = [
    ValueCase("alias bomb in description", _file(_bomb_in("description")), "alias bomb"),
    ValueCase("alias bomb in target", _file(_bomb_in("target")), "alias bomb"),
    ValueCase("billion laughs at top level", _file((HEAD + _bomb()).encode()), "alias bomb"),
    ValueCase("self-referencing alias", _file(b"a: &a [*a]\n"), "contains it"),
    ValueCase("duplicate top-level key", _file((HEAD + STRUCT + "name: u\n").encode()),
              "duplicate key 'name'"),
    ValueCase("duplicate nested key",
              _file((HEAD + "structures: [{id: a, id: b, kind: pronoun_gender, "
                     "category: woman}]\n").encode()), "duplicate key 'id'"),
    ValueCase("100k-deep sequence", _file(b"[" * 100_000 + b"]" * 100_000), "nest"),
    ValueCase("100k-deep mapping", _file(b"{a: " * 100_000 + b"}" * 100_000), "nested deeper"),
    ValueCase("100k-deep block mapping",
              _file("".join(f"{' ' * i}k:\n" for i in range(1000)).encode()), "nested deeper"),
    ValueCase("file over the size limit",
              _file((HEAD + STRUCT + "# pad\n" * 400_000).encode()), "larger than the limit"),
    ValueCase("latin-1 bytes", _file((HEAD + STRUCT).replace("d\n", "caf\xe9\n").encode(
        "latin-1")), "not UTF-8 text"),
    ValueCase("UTF-16 file", _file((HEAD + STRUCT).encode("utf-16")), "not UTF-8 text"),
    ValueCase("random binary", _file(bytes(range(256)) * 8), "not UTF-8 text"),
    ValueCase("NUL bytes", _file(HEAD.encode() + b"\x00\x00\n"), "not valid YAML"),
    ValueCase("empty file", _file(b""), "expected a YAML mapping"),
    ValueCase("named pipe", _fifo, "named pipe"),
    ValueCase("symlink loop", _loop, "symbolic link loop"),
    ValueCase("dangling symlink", _dangling, "no such file"),
    ValueCase("folder named .yaml", _folder, "is a folder"),
    ValueCase("empty categories",
              _file((HEAD + STRUCT + "attributes: {g: {from: pronoun_gender, categories: []}}\n")
                    .encode()), "categories: must not be empty"),
    ValueCase("shadow-like file", _file(f"root:{SECRET}:20228:0:99999:7:::\n".encode() * 5),
              "not a homog-bench value file", never=SECRET),
    ValueCase("mapping that is no value file", _file(f"user: {SECRET}\npass: x\n".encode()),
              "not a homog-bench value file", never=SECRET),
    ValueCase("judge file:// URL", _file(_judge("file:///etc/passwd")), "judge.model"),
    ValueCase("judge unknown provider", _file(_judge("nosuch/model")), "not an installed"),
    ValueCase("judge without provider", _file(_judge("claude")), "expected <provider>/<model>"),
    ValueCase("python tag", _file(b"!!python/object/apply:os.system ['echo pwned']\n"),
              "not accepted", never="os.system"),
    ValueCase("ANSI escape in a key",
              _file((HEAD + STRUCT + '"\\e[31mred\\e[0m": 1\n').encode()), "unknown key",
              never="\x1b"),
    ValueCase("newline in a key",
              _file((HEAD + STRUCT + '"x\\nerror: forged": 1\n').encode()), "unknown key"),
    ValueCase("huge key", _file((HEAD + STRUCT + "k" * 500_000 + ": 1\n").encode()),
              "not valid YAML"),
    ValueCase("huge list for a string", _file((HEAD.replace("name: t", "name: [" + "1, " * 100_000
                                                              + "1]") + STRUCT).encode()),
              "100000 nodes"),
]  # fmt: skip
