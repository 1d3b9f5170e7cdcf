"""A YAML loader for files written by others: bounded depth, aliases, size; no duplicate keys.

``yaml.safe_load`` builds no arbitrary objects, but it accepts a 1 KB "billion
laughs" file whose aliases expand to billions of nodes, recurses once per level
of nesting (100,000 nested brackets raise ``RecursionError``) and lets a
repeated key silently replace the first. :func:`load_yaml` checks the event
stream before anything is built:

- nesting deeper than :data:`MAX_DEPTH` levels is refused (counted on the
  events, without recursion);
- more than :data:`MAX_ALIASES` aliases, or a document whose nodes, counted with
  every alias expanded, exceed :data:`MAX_EXPANDED_NODES`, is refused, and so is
  an alias that refers to the node that contains it;
- a mapping that repeats a key is refused, naming the key's line.

Aliases within the budget stay shared Python objects, as with ``safe_load``.

>>> load_yaml("a: [1, 2]\\nb: {c: d}")
{'a': [1, 2], 'b': {'c': 'd'}}
>>> load_yaml("a: 1\\nb: 2\\na: 3")
Traceback (most recent call last):
homog_bench.values.safe_yaml.YamlError: line 3: duplicate key 'a' (first on line 1)
>>> load_yaml("[" * 1000 + "]" * 1000)
Traceback (most recent call last):
homog_bench.values.safe_yaml.YamlError: line 1: nested deeper than 64 levels
>>> bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
...     f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\\n"
...     for p, c in zip("abcdefgh", "bcdefghi"))
>>> load_yaml(bomb)
Traceback (most recent call last):
homog_bench.values.safe_yaml.YamlError: more than 100000 nodes once aliases are expanded (...)
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    NodeEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from homog_bench._errors import HomogBenchError

#: Deepest nesting of mappings and sequences accepted (value files use fewer than 8).
MAX_DEPTH = 64
#: Most aliases (``*name``) in one document.
MAX_ALIASES = 1_000
#: Most nodes a document may have, counting each alias as a copy of what it names.
MAX_EXPANDED_NODES = 100_000

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
_TOO_MANY = f"more than {MAX_EXPANDED_NODES} nodes once aliases are expanded (an alias bomb?)"
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(HomogBenchError):
    """A YAML text that could not be read safely; ``where`` is a line (or empty)."""

    def __init__(self, where: str, problem: str, *, quotes: bool = False) -> None:
        self.where, self.problem = where, problem
        #: whether ``problem`` quotes the text (a key): not shown for a file of unknown kind
        self.quotes = quotes
        super().__init__(f"{where}: {problem}" if where else problem)


def _line(node_or_event: Node | Event) -> str:
    mark = node_or_event.start_mark
    return f"line {mark.line + 1}" if mark is not None else ""


def _check_events(text: str) -> None:
    """Depth, alias count and tags, from the parser's flat event stream (no recursion)."""
    depth = 0
    aliases = 0
    nodes = 0  # before any alias is expanded: a large flat document is refused here
    for event in yaml.parse(text, Loader=_Loader):
        tag = getattr(event, "tag", None)
        if isinstance(event, NodeEvent) and tag not in (None, "!") and tag not in _PLAIN_TAGS:
            raise YamlError(
                _line(event),
                "YAML tags other than !!str, !!int, !!float, !!bool, !!null, !!seq and !!map "
                "are not accepted",
            )
        if isinstance(event, NodeEvent) and not isinstance(event, AliasEvent):
            nodes += 1
            if nodes > MAX_EXPANDED_NODES:
                raise YamlError(_line(event), _TOO_MANY)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(_line(event), f"nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlError(_line(event), f"more than {MAX_ALIASES} aliases (*name)")


def _check_graph(root: Node) -> None:
    """Expanded size (memoized per node), alias cycles and duplicate keys, iteratively."""
    sizes: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_stack.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            if sizes[key] > MAX_EXPANDED_NODES:
                raise YamlError("", _TOO_MANY)
            continue
        if key in sizes:
            continue
        if key in on_stack:
            raise YamlError(_line(node), "an alias refers to a node that contains it")
        on_stack.add(key)
        if isinstance(node, MappingNode):
            _check_keys(node)
        stack.append((node, True))
        for child in _children(node):
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_keys(node: MappingNode) -> None:
    seen: dict[tuple[str, str], Node] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            continue
        ident = (str(key_node.tag), str(key_node.value))
        first = seen.get(ident)
        if first is not None:
            shown = repr(key_node.value) if len(key_node.value) <= 60 else "(a long key)"
            raise YamlError(
                _line(key_node),
                f"duplicate key {shown} (first on {_line(first) or 'line ?'})",
                quotes=True,
            )
        seen[ident] = key_node


def load_yaml(text: str) -> Any:
    """Parse one YAML document safely (see the module docstring); ``None`` when empty."""
    try:
        _check_events(text)
        root = yaml.compose(text, Loader=_Loader)
        if root is None:
            return None
        _check_graph(root)
        loader = _Loader("")
        try:
            return loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise YamlError(where, f"not valid YAML ({problem})") from None
