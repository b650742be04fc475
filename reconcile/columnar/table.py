"""The claims as one Arrow table: a columnar view of the ``Claim`` records, joined back by id.

Built once per run from the records (never from the files), so ``Claim`` stays the one
representation; a kernel returns claim ids and the rule reads the records again.
"""

from __future__ import annotations

import re

import pyarrow as pa

# Key columns never hold null: SQL joins and group-bys treat null unlike pandas (null never equals
# null in a join), so a missing key is this sentinel, which no entity, metric or period can be.
MISSING = "\x00"
KEY_COLUMNS = ("source", "subject", "metric", "period", "product", "status", "share_of", "unit", "period_grain", "qualifier")
FLOAT_COLUMNS = ("lo", "hi")


def claims_table(claims) -> pa.Table:
    """One row per claim, in claim order (`row`), with what the kernels group, join and compare on."""
    columns: dict[str, list] = {"row": list(range(len(claims))), "id": [c.id for c in claims], "kind": [c.kind for c in claims]}
    for name in KEY_COLUMNS:
        columns[name] = [_key(getattr(c, name)) for c in claims]
    for name in FLOAT_COLUMNS:
        columns[name] = [float(getattr(c, name)) for c in claims]
    columns["value"] = [str(c.value) for c in claims]
    columns["year"] = [c.period_start.year if c.period_start is not None else None for c in claims]
    columns["sig_digits"] = [significant_digits(str(c.value)) for c in claims]
    return pa.table(columns, schema=_SCHEMA)


_SCHEMA = pa.schema(
    [("row", pa.int64()), ("id", pa.string()), ("kind", pa.string()), *((n, pa.string()) for n in KEY_COLUMNS),
     *((n, pa.float64()) for n in FLOAT_COLUMNS), ("value", pa.string()), ("year", pa.int64()), ("sig_digits", pa.int64())]
)  # fmt: skip


def _key(value) -> str:
    return MISSING if value is None else str(value)


_NOT_DIGIT = re.compile(r"\D")


def significant_digits(value: str) -> int:
    """The digits a published literal commits to: leading zeros never count, and two or more trailing
    zeros of a whole number mark a round figure ("100", "1,000"); one may be a digit ("860")."""
    digits = _NOT_DIGIT.sub("", value).lstrip("0")
    if "." not in value and digits.endswith("00"):
        digits = digits.rstrip("0")
    return len(digits)
