"""Rules' relational heavy lifting on a columnar engine (Ibis over DuckDB by default, or Spark, or Polars).

``Columnar`` is what a rule reaches through ``ctx.columnar``: the run's claims as Arrow tables, built
once, and one method per kernel that runs the kernel's Ibis expression on the engine and hands back
claim ids in the order the rule's Python code would have found them, so findings stay byte-identical.
"""

from __future__ import annotations

from functools import cached_property

from reconcile.columnar.engines import DEFAULT, ENGINES, EngineError, check_name, connect

__all__ = ["DEFAULT", "ENGINES", "Columnar", "EngineError", "check_name", "connect"]


def _kernels():
    """Ibis is imported on first use (about 0.4 s): a run on the python engine, or one that stops at an input problem, never pays it."""
    from reconcile.columnar import kernels

    return kernels


class Columnar:
    def __init__(self, ctx, engine: str = DEFAULT) -> None:
        self.ctx, self.engine = ctx, engine

    @cached_property
    def backend(self):
        return connect(self.engine)

    @cached_property
    def values(self):
        """The plain value claims, as an Ibis table on the engine."""
        return self._table(self.ctx.values)

    @cached_property
    def figures(self):
        """Value and share claims: every claim that states one figure another source may state too."""
        shares = self.ctx.of_kind("share")
        return self._table([*self.ctx.values, *shares]) if shares else self.values

    def close(self) -> None:
        """Let go of the engine's connection once the rules ran: a DuckDB connection holds threads until closed.

        Spark's session is kept: it is one per process, and starting it again costs seconds."""
        backend = self.__dict__.pop("backend", None)
        if backend is not None and self.engine != "pyspark":
            backend.disconnect()

    def _table(self, claims):
        # Imported here, not at the top: the python engine (the default) must run where pyarrow is not installed.
        import ibis

        from reconcile.columnar.table import claims_table

        return ibis.memtable(claims_table(claims))

    def _rows(self, expr) -> list[dict]:
        return self.backend.to_pyarrow(expr).to_pylist()

    def conflict_groups(self, keys: list[str], figures: bool = False) -> list[list]:
        """Claims grouped by `keys` whose intervals cannot all hold, groups in key order, members in claim order."""
        claims = [*self.ctx.values, *self.ctx.of_kind("share")] if figures else self.ctx.values
        rows = sorted(r["row"] for r in self._rows(_kernels().conflict_members(self.figures if figures else self.values, keys)))
        return _grouped([claims[i] for i in rows], keys)

    def repeated_series(self, min_repeats: int, min_digits: int, min_series: int) -> list[list]:
        """RC204's groups (source, series, value), in key order; members in claim order."""
        expr = _kernels().repeated_series_members(self.values, min_repeats, min_digits, min_series)
        rows = sorted(r["row"] for r in self._rows(expr))
        return _grouped([self.ctx.values[i] for i in rows], ["source", "subject", "metric", "product", "value"])

    def implausible_changes(self, bound: float) -> list[dict]:
        """RC203's pairs of sides (series, year, source a, source b), with where each side first appears."""
        return self._rows(_kernels().implausible_changes(self.values, bound))


def _grouped(claims: list, keys: list[str]) -> list[list]:
    """Claims by key, groups sorted by key as pandas sorts them (a missing key last), members kept in order."""
    groups: dict[tuple, list] = {}
    for c in claims:
        groups.setdefault(tuple(getattr(c, k) for k in keys), []).append(c)
    return [groups[k] for k in sorted(groups, key=lambda k: tuple((v is None, "" if v is None else v) for v in k))]
