"""YAML (and JSON, which is YAML) from a client, parsed within bounds.

`yaml.safe_load` is safe from code execution but not from size: an alias is a shared
reference that every encoder writes out in full, so 13 KiB of nested aliases can become
megabytes once stored ("billion laughs"), and a recursive alias never ends. Here the node
graph is composed first and measured as it would be written out, before anything is built:
too big, too deep, recursive, or expanding past `MAX_EXPANSION` times the text is refused
with the limit named.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from alur.core.errors import TooLargeError, ValidationError

MAX_DOCUMENT_BYTES = 512 * 1024
"""The largest SOP document in the seed books is 26 KiB; twenty times that is plenty."""
MAX_DEPTH = 40
"""An SOP document nests six levels deep; a hand-edited one might add a few."""
MAX_EXPANSION = 2.0
"""Written out with every alias expanded, a document may be at most this many times its text."""
_SLACK = 1024  # tiny documents: node overhead alone may exceed twice a few bytes


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _measure(root: Node, budget: int) -> None:
    """Expanded size and depth without recursion; a node reached twice (an alias) counts
    each time it would be written, but is walked once."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            kids = _children(node)
            size[key] = 2 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            if size[key] > budget:
                raise ValidationError(
                    f"dokumen mengembang melebihi {MAX_EXPANSION:g}× ukurannya saat alias YAML"
                    " diuraikan; tulis nilainya tanpa alias",
                    field="document",
                )
            if depth[key] > MAX_DEPTH:
                raise ValidationError(
                    f"dokumen terlalu dalam (lebih dari {MAX_DEPTH} tingkat)", field="document"
                )
            continue
        if key in size:
            continue
        if isinstance(node, ScalarNode):
            size[key] = 2 + len(node.value)
            depth[key] = 1
            continue
        if key in on_path:
            raise ValidationError("alias YAML merujuk ke dirinya sendiri", field="document")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node) if id(k) not in size)


def load_bounded(text: str) -> Any:
    """The document's data, or a 413/422 naming the bound it broke."""
    length = len(text.encode("utf-8", errors="surrogatepass"))
    if length > MAX_DOCUMENT_BYTES:
        raise TooLargeError(f"dokumen melebihi {MAX_DOCUMENT_BYTES // 1024} KiB", field="document")
    # The pure-Python loader on purpose: libyaml's composer recurses in C and crashes the
    # process on a deep enough flow collection, where Python's raises RecursionError.
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise ValidationError(
                f"dokumen terlalu dalam (lebih dari {MAX_DEPTH} tingkat)", field="document"
            ) from None
        if node is None:
            return None
        _measure(node, int(MAX_EXPANSION * length) + _SLACK)
        return loader.construct_document(node)
    finally:
        loader.dispose()
