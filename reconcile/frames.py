"""DataFrames whose cells are the Python objects they were given, whatever pandas' string settings.

pandas 3 infers a ``str`` dtype for every column that holds only strings
(``future.infer_string``), stored by ``mode.string_storage``: "auto" means
PyArrow when pyarrow is installed. Arrow storage keeps the text but not the
object: a ``NumberLiteral("63.0")`` comes back as a plain ``str`` (the schema
then calls every figure "not a number"), and a ``None`` comes back as NaN. So
the frames this project builds from its records declare ``object`` for every
column whose cells must stay what the loader made, and a float dtype only for
the numeric columns the rules compute on. The results then do not depend on
whether pyarrow is installed or how pandas is configured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd


def object_frame(rows: list[Mapping], columns: list[str]) -> pd.DataFrame:
    """Rows of dicts as a DataFrame of ``object`` columns: every cell is the very value of its row (None stays None)."""
    return pd.DataFrame(rows, columns=columns, dtype=object)


def columns_frame(data: Mapping[str, list], numeric: Iterable[str] = ()) -> pd.DataFrame:
    """Columns of values as a DataFrame: ``numeric`` columns as float64, every other one as ``object``."""
    numeric = set(numeric)
    return pd.DataFrame(
        {col: pd.Series(values, dtype="float64" if col in numeric else object) for col, values in data.items()},
        columns=list(data),
    )
