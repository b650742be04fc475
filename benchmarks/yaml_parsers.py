"""YAML parsers benchmark: libyaml's composer (today's loader) against rapidyaml (ryml) on the scale corpus.

    .venv/bin/python benchmarks/yaml_parsers.py [--sizes 10000 100000] [--runs 5] [--seed 7]

The corpus is benchmarks/synth.py's clean claim set (as in benchmarks/scale.py:
~200 claims per file). Each file's text is read into memory first, so the
figures are parsing alone, no disk. Per size, the median of --runs runs of:

  libyaml compose   reconcile.loader.yaml_nodes.compose: libyaml's C composer
                    building yaml.Node objects with marks (what the walker takes)
  ryml parse only   ryml.parse_in_place into a C++ tree, nothing read back: the
                    lower bound for any ryml path (no value, no line reaches Python)
  ryml read back    parse, then the binding calls any walker needs per node
                    (its type, key and value), building nothing: the floor the
                    SWIG binding sets for a ryml path in Python
  ryml -> nodes     ryml.parse_in_place, then every node read back through the
                    Python binding into the same yaml.Node tree the walker takes,
                    each scalar's line found from its offset in the parse buffer
                    (ryml 0.15's Python binding has no per-node location call)
  full load         reconcile.loader.load of the folder (libyaml), for scale

and the ratio libyaml compose / each ryml path (above 1: ryml is faster).
Needs `pip install rapidyaml` (not a dependency of reconcile: see README
"Why these libraries" for why it was measured and not adopted).
A benchmark that prints figures, not a unit test: it exits 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import bisect
import ctypes
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

from reconcile.loader import load
from reconcile.loader.yaml_nodes import compose

try:
    import ryml
except ImportError:  # the figures for libyaml alone are still worth printing
    ryml = None

CLAIMS_PER_FILE = 200


class _Mark:
    """The one thing the walker reads from a mark: its 0-based line."""

    __slots__ = ("line",)

    def __init__(self, line: int):
        self.line = line


class NotHandled(Exception):
    """A construct this candidate does not map (tag, anchor, alias, empty value): the loader would fall back to libyaml."""


def _buffer_address(view) -> int:
    """Where a read-only memoryview's bytes start. ctypes cannot take a read-only buffer, and ryml's
    binding gives no offsets, so this reads Py_buffer.buf from the memoryview object (CPython 3.11
    layout, checked against a writable buffer in _check_layout)."""
    return ctypes.c_void_p.from_address(id(view) + _VIEW_BUF_OFFSET).value


_VIEW_BUF_OFFSET = 56  # PyObject_VAR_HEAD 24 + mbuf 8 + hash 8 + flags 4 (+4 padding) + exports 8


def _check_layout() -> None:
    probe = bytearray(b"layout")
    expected = ctypes.addressof(ctypes.c_char.from_buffer(probe))
    if _buffer_address(memoryview(probe)) != expected:
        raise SystemExit("this interpreter's memoryview layout differs: the ryml -> nodes figures would be wrong")


def ryml_compose(text: str):
    """The document as the yaml.Node tree compose() gives, built from ryml's tree; raises NotHandled."""
    raw = text.encode("utf-8")
    line_starts = [0]
    find = raw.find
    at = find(b"\n")
    while at != -1:
        line_starts.append(at + 1)
        at = find(b"\n", at + 1)
    data = bytearray(raw)
    tree = ryml.parse_in_place(data)
    base = ctypes.addressof(ctypes.c_char.from_buffer(data))
    end = base + len(data)

    def line_of(view) -> int:
        address = _buffer_address(view)
        if not base <= address < end:
            raise NotHandled("a scalar rewritten outside the buffer")
        return bisect.bisect_right(line_starts, address - base) - 1

    return _build(tree, line_of)


_REFUSED = 0
if ryml is not None:
    _REFUSED = ryml.KEYTAG | ryml.VALTAG | ryml.KEYANCH | ryml.VALANCH | ryml.KEYREF | ryml.VALREF | ryml.KEYNIL | ryml.VALNIL


def _build(tree, line_of):
    """Node ids are allocated in document order, so one pass over them, parents first, builds the tree."""
    size = tree.size()
    nodes: list = [None] * size
    t_type, t_key, t_val, t_parent = tree.type, tree.key, tree.val, tree.parent
    MAP, SEQ, KEY, VAL = ryml.MAP, ryml.SEQ, ryml.KEY, ryml.VAL
    KEYQUO, VALQUO = ryml.KEYQUO, ryml.VALQUO
    STR, SEQ_TAG, MAP_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
    Scalar, Sequence, Mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    root = None
    for i in range(size):
        kind = t_type(i)
        if kind & _REFUSED:
            raise NotHandled(tree.type_str(i))
        key = None
        if kind & KEY:
            view = t_key(i)
            mark = _Mark(line_of(view))
            key = Scalar(STR, bytes(view).decode(), mark, mark, '"' if kind & KEYQUO else None)
        if kind & VAL:
            view = t_val(i)
            mark = _Mark(line_of(view))
            node = Scalar(STR, bytes(view).decode(), mark, mark, '"' if kind & VALQUO else None)
        elif kind & MAP:
            node = Mapping(MAP_TAG, [], None, None)
        elif kind & SEQ:
            node = Sequence(SEQ_TAG, [], None, None)
        else:  # the stream or a document wrapper
            continue
        nodes[i] = node
        parent = nodes[t_parent(i)] if i else None
        if parent is None:
            root = node if root is None else root
        elif key is not None:
            parent.value.append((key, node))
        else:
            parent.value.append(node)
        if key is not None and parent is not None and parent.start_mark is None:
            parent.start_mark = key.start_mark  # a block mapping starts at its first key
    _mark_containers(nodes)
    return root


def _mark_containers(nodes: list) -> None:
    """A sequence starts at its first item; children were appended before their parent is read back."""
    for node in reversed(nodes):
        if node is not None and node.start_mark is None and node.value:
            first = node.value[0]
            node.start_mark = (first[0] if isinstance(first, tuple) else first).start_mark
        elif node is not None and node.start_mark is None:
            raise NotHandled("an empty collection")


def ryml_parse_only(text: str) -> None:
    ryml.parse_in_place(bytearray(text.encode("utf-8")))


def ryml_read_back(text: str) -> None:
    """Parse, then only the three binding calls per node any walker needs (type, key, value): no node, no line."""
    tree = ryml.parse_in_place(bytearray(text.encode("utf-8")))
    t_type, t_key, t_val, KEY, VAL = tree.type, tree.key, tree.val, ryml.KEY, ryml.VAL
    for i in range(tree.size()):
        kind = t_type(i)
        if kind & KEY:
            t_key(i)
        if kind & VAL:
            t_val(i)


def write_corpus(n_claims: int, rng: random.Random, folder: Path) -> list[str]:
    n_sources = max(1, round(n_claims / CLAIMS_PER_FILE))
    world = synth.make_world(rng, n_countries=max(40, min(250, n_sources)), years=list(range(2000, 2025)))
    sources = synth.make_sources(world, rng, n_sources, n_countries=22, prefix="s")
    return [p.read_text(encoding="utf-8") for p in synth.write_sources(sources, folder)]


def median_seconds(work, texts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for text in texts:
            work(text)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def same_lines(texts: list[str]) -> int:
    """How many files' ryml trees differ from libyaml's in a key, a value, a style class or a line."""
    return sum(_shape(compose(text)[0]) != _shape(ryml_compose(text)) for text in texts)


def _shape(node):
    if isinstance(node, yaml.ScalarNode):
        return (node.value, node.start_mark.line, node.style in (None, ""))
    if isinstance(node, yaml.MappingNode):
        return ("map", node.start_mark.line, [(_shape(k), _shape(v)) for k, v in node.value])
    return ("seq", node.start_mark.line, [_shape(item) for item in node.value])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=5, help="runs per parser (the median is reported; default 5)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if ryml is not None:
        _check_layout()
    print(f"ryml {ryml.__version__ if ryml else 'not installed'}, PyYAML {yaml.__version__} (libyaml {yaml.__with_libyaml__})")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="reconcile-yaml-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"n{size}"
            texts = write_corpus(size, rng, folder)
            report(size, folder, texts, args.runs)
    return 0


def report(size: int, folder: Path, texts: list[str], runs: int) -> None:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"\n{size} claims: {len(texts)} files, {megabytes:.1f} MB, median of {runs} runs")
    base = median_seconds(compose, texts, runs)
    print(f"  libyaml compose  {base:7.2f} s")
    if ryml is not None:
        for name, work in (("ryml parse only", ryml_parse_only), ("ryml read back", ryml_read_back), ("ryml -> nodes", ryml_compose)):
            took = median_seconds(work, texts, runs)
            print(f"  {name:16} {took:7.2f} s   libyaml/ryml {base / took:5.2f}x")
        print(f"  files whose ryml tree differs from libyaml's (value, style, line): {same_lines(texts)} of {len(texts)}")
    t = time.perf_counter()
    load([str(folder)])
    print(f"  full load        {time.perf_counter() - t:7.2f} s   (libyaml; one run)")


if __name__ == "__main__":
    raise SystemExit(main())
