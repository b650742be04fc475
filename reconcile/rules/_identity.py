"""Shared body of the identity rules (RC301, RC302): target = sum of signed terms, per source."""

from __future__ import annotations

from reconcile.causes import identity_cause
from reconcile.numbers import Interval, human_interval
from reconcile.rules._context import figure_name, finding, published
from reconcile.rules._levels import identity_rows


def _broken(rows):
    """Rows whose terms cannot give the target, for targets no other way of compiling the terms gives either.

    A target that says nothing of its basis may be the sum of the Census-basis or the BOP-basis terms; it is
    broken only when neither is.
    """
    broken = (rows["c_lo"] > rows["t_hi"]) | (rows["c_hi"] < rows["t_lo"])
    target = rows["t_ids"].map(lambda ids: ids[0])
    explained = set(target[~broken])
    return rows[broken & ~target.isin(explained)]


def check_identity(ctx, code: str, name: str, identities: list[tuple[str, list[tuple[float, str]]]], formula: str):
    for target, terms in identities:
        rows = identity_rows(ctx, target, terms)
        if rows.empty:
            continue
        for r in _broken(rows).to_dict("records"):
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
