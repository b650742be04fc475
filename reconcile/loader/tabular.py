"""Claims tables (CSV, Parquet) -> the same raw rows as a YAML claim file.

A table holds one claim a row, its columns named like the YAML keys
(``of.subject``, ``excluding.product`` for the nested ones; ``parts`` as
``a;b;c`` in CSV, a list column in Parquet). Everything else a claim file
declares (source, defaults, rankings, skip) is in a sidecar ``NAME.source.yaml``
beside ``NAME.csv``, read by the YAML reader itself. Each row's place is its
file:row: a CSV row's line in the file (where its record starts), a Parquet
row's number counted from 1. The row is the claim's ``line``, so every problem,
finding and output points there, and its ``row`` (``reconcile.claim.Claim``).

Every cell is read as text, never through a float: "35.40" stays "35.40", so
the published digits are known to the rounding-aware rules. The rows then go
through the same schemas and normalize.py as YAML rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reconcile import problems as P
from reconcile.loader.reader import CLAIM_KEYS, MAX_DIGITS, NUMERIC_KEYS, TOP_KEYS, RawCorpus, Unreadable, _FileReader, digit_count
from reconcile.loader.relations import MAPPING_KEYS
from reconcile.loader.yaml_nodes import _YAML_NUMBER
from reconcile.numbers import NumberLiteral

TABULAR_SUFFIXES = (".csv", ".parquet")
SIDECAR_SUFFIX = ".source.yaml"
SIDECAR_KEYS = tuple(k for k in TOP_KEYS if k != "claims")
# Nested YAML keys as columns: of: {subject: X} is the column of.subject.
NESTED_COLUMNS = {f"{outer}.{inner}": f"{outer}_{inner}" for outer, inners in MAPPING_KEYS.items() for inner in inners}
COLUMNS = tuple(k for k in CLAIM_KEYS if k not in MAPPING_KEYS) + tuple(NESTED_COLUMNS)
REQUIRED_COLUMNS = ("id", "value", "quote", "line")  # every claim needs them, and no default supplies them
PARTS_SEPARATOR = ";"


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def sidecar_of(table: Path) -> Path:
    return table.with_name(table.name[: -len(table.suffix)] + SIDECAR_SUFFIX)


def tables_of(sidecar: Path) -> list[Path]:
    """The claims tables a sidecar belongs to (a sidecar named on the command line stands for them)."""
    stem = sidecar.name[: -len(SIDECAR_SUFFIX)]
    return [t for t in (sidecar.with_name(stem + s) for s in TABULAR_SUFFIXES) if t.is_file()]


def read_table(path: Path, raw: RawCorpus, max_bytes: int) -> None:
    """Add one claims table's rows (or the problems that make it unreadable) to `raw`."""
    header = _read_sidecar(path, raw, max_bytes)
    if header is None:  # its problem is reported; rows without their source and defaults would only repeat it
        return
    reader = _FileReader(str(path), raw)
    table = _csv_rows(path, reader, max_bytes) if path.suffix == ".csv" else _parquet_rows(path, reader, max_bytes)
    if table is None:
        return
    columns, rows = table
    if not _usable_columns(columns, reader):
        return
    source, defaults, rankings = header
    for number, cells in rows:
        raw.claims_read += 1
        row = _claim_row(reader, columns, cells, number)
        if row is not None:
            row.update(source=source["id"] if source else None, file=reader.file, line=number, row=number)
            reader.finish_claim(row, source, defaults, rankings)
            row["inherited_lines"] = {}  # a default's line is in the sidecar: the problem is shown at the row that takes it


def _read_sidecar(table: Path, raw: RawCorpus, max_bytes: int) -> tuple[dict | None, dict, dict] | None:
    """(source, defaults, rankings) from NAME.source.yaml, or None when it cannot be read; its problems name the sidecar."""
    path = sidecar_of(table)
    if not path.is_file():
        raw.problems.append(P.SIDECAR_MISSING.at(str(table), 1, sidecar=str(path)))
        return None
    reader = _FileReader(str(path), raw)
    text = reader.text(path, max_bytes)
    root = reader.root_node(text) if text is not None else None
    top = reader.mapping(root, "a source sidecar", SIDECAR_KEYS) if root is not None else None
    if top is None:
        return None
    if "source" not in top:
        reader.problem(P.MISSING_BLOCK, 1, block="source")
    first_ranking = len(raw.rankings)
    header = reader.header(top)
    for ranking in raw.rankings[first_ranking:]:
        ranking["declared_for"] = str(table)  # the table's claims may name the sidecar's rankings
    return header


# --- CSV ---------------------------------------------------------------------------------------


def _csv_rows(path: Path, reader: _FileReader, max_bytes: int) -> tuple[list[str], list] | None:
    text = reader.text(path, max_bytes)  # size limit, UTF-8, empty file: as for YAML
    if text is None or reader.refuses_line_breaks(text):
        return None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        reader.problem(P.UNREADABLE_TABLE, line, variant="nul", column_no=nul - text.rfind("\n", 0, nul))
        return None
    # Excel's "CSV UTF-8" starts with a byte-order mark; it is not part of the first column's name.
    records = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    try:
        return _csv_records(records, reader)
    except csv.Error as exc:
        reader.problem(P.UNREADABLE_TABLE, records.line_num or 1, variant="csv", detail=str(exc))
        return None


def _csv_records(records, reader: _FileReader) -> tuple[list[str], list] | None:
    """(header, [(line, cells)]): blank lines are skipped, a ragged row is a problem at its line."""
    header = next(records, None)
    if header is None:
        reader.problem(P.EMPTY_FILE, 1)
        return None
    rows, ragged, previous_end = [], False, records.line_num
    for cells in records:
        start, previous_end = previous_end + 1, records.line_num
        if not any(c.strip() for c in cells) and len(cells) <= 1:
            continue  # a blank line is no claim
        if len(cells) != len(header):
            shown = ", ".join(header) if len(cells) > len(header) else ", ".join(header[len(cells):]) + " missing"
            reader.problem(P.UNREADABLE_TABLE, start, cells=len(cells), columns=len(header), detail=shown)
            ragged = True
            continue
        rows.append((start, cells))
    return (None if ragged else (header, rows))


# --- Parquet -----------------------------------------------------------------------------------


def _parquet_rows(path: Path, reader: _FileReader, max_bytes: int) -> tuple[list[str], list] | None:
    size = path.stat().st_size
    if size > max_bytes:
        reader.problem(P.FILE_TOO_LARGE, 1, size_mb=size / 1e6, limit_mb=max_bytes / 1e6)
        return None
    try:
        import pyarrow.parquet as pq
    except ImportError:
        reader.problem(P.TABULAR_READER_MISSING, 1)
        return None
    data = path.read_bytes()
    if len(data) < 12 or data[:4] != b"PAR1" or data[-4:] != b"PAR1":
        reader.problem(P.UNREADABLE_TABLE, 1, variant="parquet", detail="it does not start and end with the Parquet marker PAR1")
        return None
    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a damaged file: all mean "not readable"
        reader.problem(P.UNREADABLE_TABLE, 1, variant="parquet", detail=str(exc).splitlines()[0][:200])
        return None
    columns = [_parquet_column(table.column(i), name, reader) for i, name in enumerate(table.column_names)]
    if any(c is None for c in columns):
        return None
    return list(table.column_names), [(i + 1, list(cells)) for i, cells in enumerate(zip(*columns, strict=True))]


def _parquet_column(column, name: str, reader: _FileReader) -> list | None:
    """The column's cells as text (lists of text for a list column); None (reported) for a type that is not exact."""
    import pyarrow as pa

    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
        return column.to_pylist()
    if pa.types.is_integer(kind):
        return [None if v is None else str(v) for v in column.to_pylist()]
    if pa.types.is_decimal(kind):  # exact: decimal(5, 2) keeps 35.40
        return [None if v is None else format(v, "f") for v in column.to_pylist()]
    if (pa.types.is_list(kind) or pa.types.is_large_list(kind)) and (pa.types.is_string(kind.value_type) or pa.types.is_null(kind.value_type)):
        return column.to_pylist()
    reader.problem(P.COLUMN_NOT_TEXT, 1, column=name, detail=str(kind))
    return None


# --- one row -> a raw claim row ----------------------------------------------------------------


def _usable_columns(columns: list[str], reader: _FileReader) -> bool:
    """Every column known and named once, and the required ones present; each problem is at the header (row 1)."""
    ok = True
    for i, name in enumerate(columns):
        if name not in COLUMNS:
            reader.problem(P.UNKNOWN_KEY, 1, key=name, what="the claims table's header", keys=", ".join(COLUMNS),
                           suggest=P.closest(name, COLUMNS))  # fmt: skip
            ok = False
        elif name in columns[:i]:
            reader.problem(P.DUPLICATE_KEY, 1, key=name, what="the claims table's header")
            ok = False
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            reader.problem(P.MISSING_COLUMN, 1, key=name)
            ok = False
    return ok


def _claim_row(reader: _FileReader, columns: list[str], cells: list, number: int) -> dict | None:
    """A raw claim row as the YAML reader makes it: every key, each typed as YAML would type it, on the row's line."""
    row: dict = dict.fromkeys((*CLAIM_KEYS, *NESTED_COLUMNS.values()))
    key_lines: dict[str, int] = {}
    for name, cell in zip(columns, cells, strict=True):
        if cell is None or cell == "":
            continue  # an empty cell is a key not written
        key = NESTED_COLUMNS.get(name, name)
        row[key] = _typed(reader, key, cell, number)
        key_lines["quote_line" if key == "line" else key] = number
    for outer in MAPPING_KEYS:  # of: is "written" when any of its columns is
        if any(row[f"{outer}_{inner}"] is not None for inner in MAPPING_KEYS[outer]):
            row[outer] = True
    row["quote_line"] = _line(row.pop("line"))
    row["key_lines"] = {"id": number, **key_lines}
    return row


def _typed(reader: _FileReader, key: str, cell, number: int):
    """A cell's value: a list for parts, a NumberLiteral for a number key written as a plain number, else the text."""
    if key == "parts":
        items = cell if isinstance(cell, list) else cell.split(PARTS_SEPARATOR)
        return [item.strip() for item in items if item is not None and item.strip()]
    text = cell.strip() if key not in ("quote", "note") else cell
    if key in NUMERIC_KEYS and _YAML_NUMBER.match(text):
        if digit_count(text) > MAX_DIGITS:
            reader.problem(P.NUMBER_TOO_LONG, number, key=key, number=text[:15] + "…", digits=digit_count(text), limit=MAX_DIGITS)
            return Unreadable()
        return NumberLiteral(text)
    return text


def _line(value):
    if isinstance(value, NumberLiteral) and value.isdigit():
        return int(value)
    return value
