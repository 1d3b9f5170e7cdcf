"""The layering of ``homog_bench``, read from its source with ``ast``.

* no import cycle between its modules (function-level imports included);
* ``measures/`` imports no other project module and nothing from Inspect;
* ``figures/`` (pure code) imports nothing from Inspect nor from the Inspect adapters.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "homog_bench"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path, modules: set[str] | None = None) -> set[str]:
    """Every module ``path`` imports at run time, anywhere in the file (absolute names).

    ``from a.b import c`` imports ``a.b.c`` when that is one of ``modules``, else ``a.b``.
    """
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    return imports_of(ast.parse(path.read_text(encoding="utf-8")), package, modules)


def _type_checking_only(node: ast.AST) -> bool:
    """``if TYPE_CHECKING:`` (its body never runs, so it imports nothing at run time)."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(tree: ast.AST, package: str, modules: set[str] | None = None) -> set[str]:
    """The modules a parsed file imports, resolved against its ``package``."""
    found: set[str] = set()
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if _type_checking_only(node):
            assert isinstance(node, ast.If)
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            for alias in node.names:
                full = f"{prefix}.{alias.name}"
                found.add(full if modules is not None and full in modules else prefix)
    return found


def graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (``from a.b import c`` counts as a.b)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges[name] = {m for m in imported(path, set(modules)) if m in modules and m != name}
    return edges


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, if any (depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_imports_inside_functions_count_and_type_checking_ones_do_not() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from p.a import A\nelse:\n    import p.b\n"
        "def f():\n    from . import c\n    from .d import x\n"
    )
    found = imports_of(tree, "p", {"p.c", "p.d"})
    assert found == {"typing", "p.b", "p.c", "p.d"}


def test_graph_sees_function_level_and_package_imports() -> None:
    edges = graph()
    # cli imports the report modules inside its functions only
    assert "homog_bench.report.summary" in edges["homog_bench.cli"]
    # ``from homog_bench import measures as m``
    assert "homog_bench.measures" in edges["homog_bench.figures.story"]


def test_no_import_cycle() -> None:
    found = cycle(graph())
    assert found is None, "import cycle: " + " → ".join(found or [])


def _project_imports(prefix: str) -> dict[str, set[str]]:
    return {
        module_name(p): imported(p)
        for p in PACKAGE.rglob("*.py")
        if module_name(p).startswith(prefix)
    }


@pytest.mark.parametrize("layer", ["homog_bench.measures"])
def test_measures_are_pure(layer: str) -> None:
    """``measures/`` imports no other project module and nothing from Inspect."""
    for module, names in _project_imports(layer).items():
        stray = {
            n
            for n in names
            if (n.startswith("homog_bench") and not n.startswith(layer)) or n.startswith("inspect")
        }
        assert not stray, f"{module} imports {sorted(stray)}"


def test_figures_are_free_of_inspect() -> None:
    for module, names in _project_imports("homog_bench.figures").items():
        stray = {
            n
            for n in names
            if n.startswith(("inspect_ai", "homog_bench.evals", "homog_bench.report"))
        }
        assert not stray, f"{module} imports {sorted(stray)}"


#: Modules allowed over the size limit: only generated data, never hand-written code
#: (the reader's learned coefficients, one number a line as ``ruff format`` lays them out,
#: written by ``benchmarks/fit_reader.py --write``).
LARGE: tuple[str, ...] = ("homog_bench.structures.protagonist.weights",)
MAX_LINES = 400


def test_no_module_over_the_size_limit() -> None:
    sizes = {
        module_name(p): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    over = {m: n for m, n in sizes.items() if n > MAX_LINES and not m.startswith(LARGE)}
    assert not over, f"modules over {MAX_LINES} lines: {over}"
