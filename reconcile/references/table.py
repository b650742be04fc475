"""Reading the data files reference sources describe, into one columnar table of figures.

Data files are read by DuckDB (CSV, JSON arrays of records, Parquet), never
through YAML: the shipped set is ~90,000 figures and a user's extract may be
millions. Each file becomes parallel numpy columns; a figure is a row of
``ReferenceTable``. Nothing is dropped without a count and a reason: a file's
cells are figures, or dropped rows/subjects (with the spec's reason), or empty
cells — and ``ReadCounts`` adds them up.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile import problems as P
from reconcile.entities import registry
from reconcile.numbers import parse_period
from reconcile.references.spec import DROPPED, Field, ReferenceSpec, SpecError, ValueColumn

MONTHS = 12
FIGURE_COLUMNS = (
    "source", "subject", "metric", "period", "number", "basis", "adjustment", "vintage", "release", "lineage",
    "data", "row", "column",
)  # fmt: skip


@dataclass
class ReadCounts:
    """What one reference source's data gave: cells read = figures + cells dropped (by reason) + empty cells."""

    files: int = 0
    rows: int = 0
    cells: int = 0
    figures: int = 0
    empty: int = 0
    dropped: Counter = field(default_factory=Counter)  # reason -> cells

    @property
    def balanced(self) -> bool:
        return self.cells == self.figures + self.empty + sum(self.dropped.values())


@dataclass
class FileFigures:
    """The figures of one data file, as columns (arrays of the same length)."""

    columns: dict[str, np.ndarray]


class _DataError(Exception):
    def __init__(self, ptype: P.ProblemType, **fields):
        super().__init__(ptype.code)
        self.ptype, self.fields = ptype, fields


def read_source(spec: ReferenceSpec, folder: Path, con) -> tuple[list[FileFigures], ReadCounts]:
    """Every figure of a reference source's data files; raises SpecError with the problem."""
    counts = ReadCounts()
    try:
        out = []
        for path in data_files(spec.data, folder):
            out.append(_read_file(spec, path, path.relative_to(folder.resolve()).as_posix(), con, counts))
        return out, counts
    except _DataError as exc:
        fields = dict(exc.fields)
        line = spec.line_of(fields.pop("_key", "data"))
        raise SpecError(exc.ptype.at(spec.file, line, **fields)) from None


def data_files(pattern: str, folder: Path) -> list[Path]:
    """The files a `data:` path or glob names, each inside the references folder once symlinks are resolved."""
    root = folder.resolve()
    try:
        matches = sorted(folder.glob(pattern)) if any(ch in pattern for ch in "*?[") else [folder / pattern]
    except (ValueError, OSError) as exc:
        raise _DataError(P.REFERENCE_DATA_UNREADABLE, data=pattern, detail=f"is not a usable path ({exc})", folder=str(folder)) from None
    files = [p for p in matches if p.is_file()]
    if not files:
        raise _DataError(P.REFERENCE_DATA_UNREADABLE, data=pattern, detail="no such file", folder=str(folder))
    for p in files:
        if not p.resolve().is_relative_to(root):
            raise _DataError(P.REFERENCE_DATA_UNREADABLE, data=pattern, detail=f"{p.name} resolves outside the references folder (a symlink?); it is not read", folder=str(folder))
    return [p.resolve() for p in files]


def _query(con, path: Path, fmt: str) -> dict[str, np.ndarray]:
    reader = {"csv": "read_csv(?, all_varchar = true, header = true)", "json": "read_json(?, format = 'array')", "parquet": "read_parquet(?)"}[fmt]
    import duckdb

    try:
        return {name: _unmasked(column) for name, column in con.execute(f"select * from {reader}", [str(path)]).fetchnumpy().items()}
    except duckdb.Error as exc:
        detail = str(exc).splitlines()[0][:200]
        raise _DataError(P.REFERENCE_DATA_UNREADABLE, data=path.name, detail=f"cannot be read as {fmt.upper()}: {detail}", folder=str(path.parent)) from None


def _unmasked(column: np.ndarray) -> np.ndarray:
    """DuckDB hands NULLs over as a masked array: NaN in numbers, None elsewhere, so one test finds empties."""
    if not isinstance(column, np.ma.MaskedArray):
        return column
    mask = np.ma.getmaskarray(column)
    if column.dtype.kind in "fiu":
        out = np.asarray(column.data, dtype=float)
        out[mask] = np.nan
        return out
    out = np.asarray(column.data, dtype=object).copy()
    out[mask] = None  # filled(None) would write the array's fill value ('?'), not None
    return out


def _read_file(spec: ReferenceSpec, path: Path, shown: str, con, counts: ReadCounts) -> FileFigures:
    table = _query(con, path, spec.format)
    _require_columns(table, spec, shown)
    rows = len(next(iter(table.values()))) if table else 0
    counts.files += 1
    counts.rows += rows
    keep = _row_mask(spec, table, rows, counts)
    subjects = _subjects(spec, table, rows, keep, counts, shown)
    periods = _texts(spec.period, table, rows)
    attrs = {name: _texts(getattr(spec, name), table, rows) for name in ("basis", "adjustment", "vintage", "release", "lineage")}
    parts = [_value_column(spec, v, table, keep & (subjects != None), subjects, periods, attrs, shown, counts) for v in spec.values]  # noqa: E711
    return FileFigures({name: _joined([part[name] for part in parts]) for name in FIGURE_COLUMNS})


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    """One array of several; a single one as it is (np.concatenate would copy it)."""
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def _require_columns(table: dict, spec: ReferenceSpec, shown: str) -> None:
    for column in spec.columns():
        if column not in table:
            raise _DataError(P.REFERENCE_COLUMN_MISSING, data=shown, column=column, known=", ".join(table) or "none",
                             suggest=P.closest(column, table), _key="values")  # fmt: skip


def _texts(f: Field, table: dict, rows: int) -> np.ndarray:
    """A field's text for every row: the constant, or the column's values as text, recoded."""
    if f.constant is not None or not f.column:
        return _repeated(f.constant, rows)
    raw = [_as_text(x) for x in table[f.column]]
    return np.array([f.recode.get(x, x) for x in raw], dtype=object)


def _repeated(value, n: int) -> np.ndarray:
    """n references to one object. np.full(n, text, dtype=object) makes n copies of the text: 70 MB a column
    of 10^6 figures."""
    out = np.empty(n, dtype=object)
    out[:] = value
    return out


def _as_text(x) -> str | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, (float, np.floating)) and float(x).is_integer():
        return str(int(x))
    return str(x)


def _row_mask(spec: ReferenceSpec, table: dict, rows: int, counts: ReadCounts) -> np.ndarray:
    keep = np.ones(rows, dtype=bool)
    cells_per_row = sum(MONTHS if v.months else 1 for v in spec.values)
    counts.cells += rows * cells_per_row
    for rule in spec.drop_rows:
        hit = np.ones(rows, dtype=bool)
        for column, wanted in rule.where.items():
            hit &= np.array([_as_text(x) == wanted for x in table[column]], dtype=bool)
        counts.dropped[rule.reason] += int((hit & keep).sum()) * cells_per_row
        keep &= ~hit
    return keep


def _subjects(spec: ReferenceSpec, table: dict, rows: int, keep: np.ndarray, counts: ReadCounts, shown: str) -> np.ndarray:
    """The entity id of each row's subject; None where the row is dropped (counted with its reason)."""
    written = _texts(spec.subject.field, table, rows)
    cells_per_row = sum(MONTHS if v.months else 1 for v in spec.values)
    resolved: dict[str, str | None] = {}
    unknown = []
    rows_of = Counter(w for w, k in zip(written, keep, strict=True) if k)
    for code, n in rows_of.items():
        entity, reason = _subject_of(spec, code)
        resolved[code] = entity
        if entity is None and reason is None:
            unknown.append(code)
        elif entity is None:
            counts.dropped[reason] += n * cells_per_row
    if unknown:
        shown_codes = ", ".join(repr(c) for c in unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        raise _DataError(P.UNMAPPED_REFERENCE_SUBJECT, data=shown, codes=shown_codes, _key="subject")
    return np.array([resolved.get(w) if k else None for w, k in zip(written, keep, strict=True)], dtype=object)


def _subject_of(spec: ReferenceSpec, written: str | None) -> tuple[str | None, str | None]:
    """(entity id, None) for a subject; (None, reason) when it is dropped; (None, None) when nothing knows it."""
    if written is None:
        return None, "no subject in the row"
    mapped = spec.subject.map.get(written)
    if mapped == DROPPED:
        return None, f"subject {written} mapped to drop"
    if mapped is not None:
        entity = registry().resolve(mapped)
        return (entity.id, None) if entity else (None, None)
    for drop in spec.subject.drops:
        if drop.matches(written):
            return None, drop.reason
    entity = registry().resolve(written)
    # An alpha-3 column holds codes: a longer text that happens to name a country is not one of them.
    if entity is None or (spec.subject.codes == "alpha-3" and len(written) != 3 and entity.kind == "country"):
        return None, None
    return entity.id, None


def _value_column(spec, value: ValueColumn, table, keep, subjects, periods, attrs, shown, counts) -> dict[str, np.ndarray]:
    """The figures of one value column (12 a row for monthly arrays), as columns; empty cells are counted.

    Only the filled cells get a figure row, and the texts repeated across figures (a month's period, a
    cell's column) are made once and shared: at 10^6 figures a string per cell is ~100 MB."""
    rows = np.flatnonzero(keep)
    numbers, _ = _numbers(value, table[value.column], rows, shown)
    per_row = MONTHS if value.months else 1
    filled = ~np.isnan(numbers)
    counts.empty += int((~filled).sum())
    counts.figures += int(filled.sum())
    cells = np.flatnonzero(filled)
    at, month = rows[cells // per_row], cells % per_row
    n = len(at)
    if value.months:
        period = _month_periods(periods[at], month)
        column = np.array([f"{value.column}[{m}]" for m in range(1, MONTHS + 1)], dtype=object)[month]
    else:
        period, column = periods[at], _repeated(value.column, n)
    return {
        "source": _repeated(spec.id, n), "subject": subjects[at],
        "metric": np.array(_metrics(spec, value, table, len(keep)), dtype=object)[at], "period": period,
        "number": numbers[filled], "row": at + 1, "column": column, "data": _repeated(shown, n),
        **{name: v[at] for name, v in attrs.items()},
    }  # fmt: skip


def _month_periods(years: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Each figure's month of its row's year ("2024-01" for 2024 and month 0), one string per distinct month."""
    codes, uniques = pd.factorize(years, use_na_sentinel=False)
    table = np.empty((len(uniques), MONTHS), dtype=object)
    for i, year in enumerate(uniques.tolist()):
        table[i] = [None if year is None else f"{year}-{m:02d}" for m in range(1, MONTHS + 1)]
    return table[codes, month]


def _numbers(value: ValueColumn, cells: np.ndarray, rows: np.ndarray, shown: str) -> tuple[np.ndarray, int]:
    """The cells of the kept rows as floats (NaN where empty), monthly arrays flattened row by row."""
    picked = cells[rows]
    if not value.months:
        return _as_floats(picked, rows, value.column, shown), 1
    lengths = np.fromiter((len(x) if isinstance(x, (list, tuple, np.ndarray)) else -1 for x in picked), dtype=int, count=len(picked))
    if (lengths != MONTHS).any():
        bad = int(np.flatnonzero(lengths != MONTHS)[0])
        raise _DataError(P.REFERENCE_CELL_NOT_A_NUMBER, data=shown, row=int(rows[bad]) + 1, column=value.column, value=_short(picked[bad]), _key="values")
    if len(picked) and all(isinstance(x, np.ndarray) and x.dtype.kind in "fiu" for x in picked):
        return np.stack(picked).astype(float).ravel(), MONTHS  # numbers throughout: no per-cell work
    flat = np.concatenate([np.asarray(x, dtype=object) for x in picked]) if len(picked) else np.empty(0, dtype=object)
    return _as_floats(flat, np.repeat(rows, MONTHS), value.column, shown, months=True), MONTHS


def _as_floats(cells: np.ndarray, rows: np.ndarray, column: str, shown: str, months: bool = False) -> np.ndarray:
    if cells.dtype.kind in "fiu":
        out = cells.astype(float)
    else:
        out = np.fromiter((_number(x) for x in cells), dtype=float, count=len(cells))
    bad = np.flatnonzero(np.isinf(out) | (np.isnan(out) & ~_empty(cells)))
    if len(bad):
        i = int(bad[0])
        where = f"{column}[{i % MONTHS + 1}]" if months else column
        raise _DataError(P.REFERENCE_CELL_NOT_A_NUMBER, data=shown, row=int(rows[i]) + 1, column=where, value=_short(cells[i]), _key="values")
    return out


def _empty(cells: np.ndarray) -> np.ndarray:
    if cells.dtype.kind in "fiu":
        return np.isnan(cells.astype(float))
    return np.fromiter((x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, str) and not x.strip()) for x in cells),
                       dtype=bool, count=len(cells))  # fmt: skip


def _metrics(spec: ReferenceSpec, value: ValueColumn, table: dict, rows: int) -> list[str]:
    names = value.template_columns()
    if not names:
        return [value.metric] * rows
    texts = {n: [spec.recode.get(n, {}).get(_as_text(x), _as_text(x)) for x in table[n]] for n in names}
    return [value.metric.format(**{n: texts[n][i] for n in names}) for i in range(rows)]


def _number(x) -> float:
    """A cell's number; NaN when it is empty or not a number (told apart by ``_empty``)."""
    if isinstance(x, (bool, np.bool_)) or x is None:
        return math.nan
    try:
        return float(x.replace(",", "")) if isinstance(x, str) else float(x)
    except (TypeError, ValueError):
        return math.nan


def _short(x) -> str:
    text = str(x)
    return text if len(text) <= 40 else text[:37] + "..."


def check_periods(figures: FileFigures, spec: ReferenceSpec) -> None:
    """Every period a figure names must be a period reconcile reads (2024, 2024-05)."""
    for period in dict.fromkeys(figures.columns["period"]):
        if period is None or parse_period(period) is None:
            raise SpecError(P.INVALID_REFERENCE_VALUE.at(spec.file, spec.line_of("period"), key="period", value=period,
                                                         detail="is not a valid period", choices="write 2024, 2024-05 or 2024-Q2"))  # fmt: skip
