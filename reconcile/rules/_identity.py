"""Shared body of the identity rules (RC301, RC302): target = sum of signed terms, per source."""

from __future__ import annotations

from reconcile.causes import identity_cause
from reconcile.numbers import Interval, human_interval
from reconcile.rules._context import figure_name, finding, published
from reconcile.rules._levels import identity_rows


def check_identity(ctx, code: str, name: str, identities: list[tuple[str, list[tuple[float, str]]]], formula: str):
    for target, terms in identities:
        rows = identity_rows(ctx, target, terms)
        if rows.empty:
            continue
        bad = rows[(rows["c_lo"] > rows["t_hi"]) | (rows["c_hi"] < rows["t_lo"])]
        for r in bad.to_dict("records"):
            stated = ctx.claim(r["t_ids"][0])
            term_rows = [ctx.claim(r[f"ids{n}"][0]) for n in range(len(terms))]
            computed = Interval(r["c_lo"], r["c_hi"])
            cause = identity_cause(
                computed, Interval(r["t_lo"], r["t_hi"]), formula,
                [f"{t[1]} {published(tr)}" for t, tr in zip(terms, term_rows)], stated["unit"], published(stated),
            )  # fmt: skip
            terms_said = " and ".join(f"{t[1].replace('_', ' ')} {published(tr)}" for t, tr in zip(terms, term_rows))
            ids = list(r["t_ids"]) + [i for n in range(len(terms)) for i in r[f"ids{n}"]]
            yield finding(
                code, name,
                f"{r['source']}: {figure_name(stated)} is stated as {published(stated)}, but {terms_said} give "
                f"{human_interval(computed, stated['unit'])} ({formula}).",
                ids, cause,
                computed=human_interval(computed, stated["unit"]), computed_lo=r["c_lo"], computed_hi=r["c_hi"],
            )  # fmt: skip
