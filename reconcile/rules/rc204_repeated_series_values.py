"""the same value repeats across periods of one series.

What it does
    Within each source, looks at each series (entity, metric, product) of
    plain values over periods and reports a published value that occurs in
    `min-repeats` or more different periods of a series of at least
    `min-series` periods, when the figure is exact and has at least
    `min-digits` significant digits (so "1.7" or a round "100" twice is not
    suspicious, but "–$959 billion" three times is).

Why is this bad?
    Real statistics do not repeat to the last digit year after year; repeats
    are the mark of a table filled by copy and paste.

Example
    PASS: 2017 –$552 billion, 2018 –$628 billion, 2019 –$577 billion.
    FAIL: 2017 –$959 billion, 2019 –$959 billion, 2022 –$959 billion.

Use instead
    Check the repeated cells against the publisher's primary source. Claims
    stay as published: if the table is wrong, do not quote it for those
    periods, and accept the finding in the baseline with a reason that gives
    the right figures.
"""

from __future__ import annotations

from reconcile.causes import copy_paste_cause
from reconcile.options import Option
from reconcile.rules._context import figure_name, finding, published

CODE = "RC204"
NAME = "repeated-series-values"
DEFAULT_SEVERITY = "warning"
OPTIONS = {
    "min_repeats": Option(int, 2, "periods that must share one value", min=2),
    "min_digits": Option(int, 3, "significant digits a value needs (two or more trailing zeros of a round number do not count)", min=1),
    "min_series": Option(int, 3, "periods the series must state (two equal years alone prove little)", min=2),
}
CHECKS = "value claims"


def check(ctx, options):
    for rows in _repeated(ctx, int(options["min_repeats"]), int(options["min_digits"]), int(options["min_series"])):
        first = rows[0]
        periods_said = ", ".join(sorted({r["period"] for r in rows}))
        yield finding(
            CODE, NAME,
            f"{first['source']} gives the same value {published(first)} for {len({r.period for r in rows})} different periods "
            f"of {figure_name(first).rsplit(' ', 1)[0]} ({periods_said}): real series do not repeat to the last digit.",
            [r["id"] for r in rows],
            copy_paste_cause(rows),
            key=str(first["value"]),
        )  # fmt: skip


def _repeated(ctx, min_repeats: int, min_digits: int, min_series: int) -> list[list]:
    """The claims of each (source, series, value) that repeats, by period: on the run's engine, or in pandas."""
    if ctx.columnar is not None:
        groups = ctx.columnar.repeated_series(min_repeats, min_digits, min_series)
        return [sorted(g, key=lambda c: c.period) for g in groups]  # stable, as pandas sorts a small group
    return list(_repeated_pandas(ctx, min_repeats, min_digits, min_series))


def _repeated_pandas(ctx, min_repeats: int, min_digits: int, min_series: int):
    v = ctx.value_table
    if v.empty:
        return
    series = ["source", "subject", "metric", "product"]
    # The series' length counts every period it states, whatever its figures look like.
    v = v.assign(series_len=v.groupby(series)["period"].transform("nunique"))
    # Only exact figures with enough significant digits can be suspicious: a round
    # "100" (its trailing zeros are rounding) or an "about 100" repeats innocently.
    whole = ~v["value"].str.contains(".", regex=False)
    digits = v["value"].str.replace(r"\D", "", regex=True).str.lstrip("0")
    # Two or more trailing zeros mark a round number ("100", "1,000"); one may be a digit ("860").
    digits = digits.where(~(whole & digits.str.endswith("00")), digits.str.rstrip("0")).str.len()
    v = v[(digits >= min_digits) & (v["qualifier"] == "exact")]
    keys = [*series, "value"]
    periods = v.groupby(keys)["period"].transform("nunique")
    repeated = v[(periods >= min_repeats) & (v["series_len"] >= min_series)]
    for _, group in repeated.groupby(keys, sort=True):
        yield [ctx.claim(i) for i in group.sort_values("period")["id"]]
