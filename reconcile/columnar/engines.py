"""The engines the kernels run on: an Ibis backend each, chosen with --engine or `engine` in the configuration.

`python` is the rules' own record-by-record code (no engine); every other name is an Ibis backend that
runs the same kernel expressions. Unknown names, missing packages and engines that do not start are
catalogued input problems (reconcile.problems), never tracebacks.
"""

from __future__ import annotations

import os

from reconcile import problems as P
from reconcile.options import did_you_mean

# python until the kernels beat the record loops (benchmarks/engines.py: duckdb 1.03x at 10^4, 1.33x at 10^5)
DEFAULT = "python"
# name -> (the module that must import, the extra that installs it)
ENGINES = {
    "duckdb": ("ibis.backends.duckdb", "columnar"),
    "pyspark": ("pyspark", "spark"),
    "polars": ("polars", "polars"),
    "python": (None, None),
}


class EngineError(Exception):
    """An engine that cannot be used: the message is the catalogued problem's, with how to fix it."""


def check_name(name: str, where: str) -> str:
    """`name` if it is an engine; UNKNOWN_ENGINE (with a did-you-mean) otherwise."""
    if name in ENGINES:
        return name
    hint = did_you_mean(name, ENGINES)
    raise EngineError(P.UNKNOWN_ENGINE.says(engine=name, where=where, known=", ".join(ENGINES), suggestion=f"{hint} " if hint else ""))


def connect(name: str):
    """An Ibis backend for `name` (None for python): ENGINE_NOT_INSTALLED when its package is missing, ENGINE_FAILED_TO_START when it does not start."""
    module, extra = ENGINES[name]
    if module is None:
        return None
    try:
        __import__(module)
    except ImportError as exc:
        raise EngineError(P.ENGINE_NOT_INSTALLED.says(engine=name, detail=str(exc), extra=extra)) from None
    try:
        return _CONNECT[name]()
    except Exception as exc:  # any failure to start (no Java, a cluster not reached) is the same problem
        raise EngineError(P.ENGINE_FAILED_TO_START.says(engine=name, detail=_first_line(exc))) from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def _duckdb():
    import ibis

    return ibis.duckdb.connect()


def _polars():
    import ibis

    return ibis.polars.connect()


_SESSION = None  # one SparkSession per process: starting Spark costs seconds


def _pyspark():
    """Spark through Ibis: SPARK_REMOTE (Spark Connect) when set, else spark.master (RECONCILE_SPARK_MASTER, default local[2])."""
    global _SESSION
    import ibis
    from pyspark.sql import SparkSession

    if _SESSION is None:
        builder = SparkSession.builder.appName("reconcile")
        if os.environ.get("SPARK_REMOTE"):
            builder = builder.remote(os.environ["SPARK_REMOTE"])
        else:
            builder = builder.master(os.environ.get("RECONCILE_SPARK_MASTER", "local[2]"))
            builder = builder.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        _SESSION = builder.getOrCreate()
        if hasattr(_SESSION, "sparkContext"):  # Spark Connect sessions have none
            _SESSION.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(_SESSION)


_CONNECT = {"duckdb": _duckdb, "pyspark": _pyspark, "polars": _polars}
