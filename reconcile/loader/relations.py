"""The two claim keys that name another figure: a share's total (`of:`) and a residual scope's part (`excluding:`).

Both are small mappings inside a claim. The reader flattens them into columns of
the claim row (`of_subject`, ..., `excluding_product`), each with the line it is
on, so the pandera schemas judge them like any other key and a problem points at
the very line (of.subject, not the claim's first line). ``normalize`` turns the
columns back into one ``FigureRef``.
"""

from __future__ import annotations

from reconcile.loader.yaml_nodes import line_of
from reconcile.numbers import NumberLiteral

OF_KEYS = ("subject", "metric", "period", "product")
EXCLUDING_KEYS = ("product",)
MAPPING_KEYS = {"of": OF_KEYS, "excluding": EXCLUDING_KEYS}
# The flat columns of a claim row, one per nested key.
FLAT_COLUMNS = tuple(f"{outer}_{inner}" for outer, inners in MAPPING_KEYS.items() for inner in inners)
WHAT = {"of": "a share's of:", "excluding": "excluding:"}


def read_mapping(reader, key: str, node, row: dict) -> dict[str, int]:
    """Put the mapping under `key` into `row` (row[key] True when readable) and return its keys' lines."""
    import yaml

    from reconcile.loader.reader import Unreadable

    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        # Written but empty: a share without its total (RC086), an excluding: without its part (RC088).
        row[key] = None if key == "of" else True
        return {}
    fields = reader.mapping(node, WHAT[key], MAPPING_KEYS[key])
    if fields is None:  # not a mapping: reported by the reader, at its line
        row[key] = Unreadable()
        return {}
    row[key] = True
    lines = {}
    for inner, value_node in fields.items():
        value = reader.scalar(value_node, f"{key}.{inner}")
        if inner == "period" and isinstance(value, NumberLiteral):
            value = str(value)  # a bare 2024 is a period, not a number
        row[f"{key}_{inner}"] = value
        lines[f"{key}_{inner}"] = line_of(value_node)
    return lines
