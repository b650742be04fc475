"""Validated raw rows -> ``Claim``, ``Source`` and ``Ranking`` records.

This is where a claim's words become what the rules compare: the entity behind
an alias, the reporter's side of a partner's figure, the scale as a factor, the
interval of true values a rounded and qualified figure allows, the period as
dates. It runs only on rows the schemas accepted, so it does not re-check them.
"""

from __future__ import annotations

import functools

from reconcile.claim import Claim, FigureRef, Quote, Ranking, Source
from reconcile.entities import ranking_group, registry
from reconcile.loader.reader import readable
from reconcile.numbers import Tolerances, claim_interval, parse_literal, parse_period, parse_precision


@functools.lru_cache(maxsize=1)
def _vocab() -> dict:
    from reconcile.schemas.claims import vocabulary

    return vocabulary()


def source(row: dict) -> Source:
    """Made even when the files have problems (reports still name the sources), so a value may be unreadable."""
    row = {k: readable(v) for k, v in row.items()}
    lineage = row["lineage"] if isinstance(row["lineage"], list) else []
    return Source(
        id=row["id"], title=row["title"], publisher=row["publisher"], url=row["url"], published=row["published"],
        document=row["document"], sha256=row["sha256"], lineage=tuple(lineage), reporter=row["reporter"],
        file=row["file"], line=row["line"], key_lines=row["key_lines"],
    )  # fmt: skip


def ranking(row: dict) -> Ranking:
    """Rankings name their subject as written; rules compare entity ids."""
    subject = registry().resolve(row["subject"]).id if isinstance(row["subject"], str) else None
    fields = {k: row[k] for k in ("id", "source", "file", "line", "description", "metric", "period", "order", "over", "quote", "quote_line", "key_lines")}
    return Ranking(**fields, among=_population(row["among"]), subject=subject, subject_as_written=row["subject"])


def _population(among: str) -> str:
    """countries, partners, or the group's id: "EU members" and "European Union" rank within the same population."""
    group = ranking_group(among)
    return group.id if group is not None else among


def claim(row: dict, tol: Tolerances) -> Claim:
    subject = registry().resolve(row["subject"]) if isinstance(row["subject"], str) else None
    metric, flip = _reporter_side(row["metric"], row["perspective"])
    literal, factor = str(row["value"]), float(_vocab()["scales"][row["scale"]])
    precision = parse_precision(row["precision"])
    iv = claim_interval(literal, row["qualifier"], precision, row["unit"] in ("rank", "count") and row["scale"] == "one", tol)
    iv = -iv if flip < 0 else iv
    number = float(parse_literal(literal)) * flip
    period = parse_period(row["period"]) if isinstance(row["period"], str) else None
    of, product = _relative_to(row, subject, metric)
    return Claim(
        id=row["id"], source=row["source"], file=row["file"], line=row["line"], kind=row["kind"],
        subject=subject.id if subject else None, subject_name=subject.name if subject else None,
        subject_as_written=row["subject"], subject_kind=subject.kind if subject else None,
        parts=tuple(registry().resolve(p).id for p in row["parts"]) if isinstance(row["parts"], list) else (),
        metric=metric, stated_metric=row["metric"], period=row["period"], from_period=row["from_period"],
        per=row["per"], ranking=row["ranking"], value=literal, number=number, unit=row["unit"], scale=row["scale"],
        factor=factor, normalized=number * factor, lo=iv.lo * factor, hi=iv.hi * factor, precision=precision,
        qualifier=row["qualifier"], perspective=row["perspective"], product=product,
        lineage=row["lineage"], status=row["status"], provenance=Quote(row["quote"], row["quote_line"]),
        note=_text(row["note"]), period_start=period.start if period else None,
        period_end=period.end if period else None, period_grain=period.grain if period else None,
        defaulted=row["defaulted"], key_lines=row["key_lines"],
        basis=row["basis"], adjustment=row["adjustment"], vintage=row["vintage"],
        of=of, excluding=_text(row["excluding_product"]) or None, row=row.get("row"),
    )  # fmt: skip


def _relative_to(row: dict, subject, metric) -> tuple[FigureRef | None, str]:
    """(the figure the claim is relative to, the claim's product scope).

    A share's total takes the claim's subject, metric and period where of: leaves them out, and the whole
    product scope unless of: names one. A residual ("goods excluding energy") is a product scope of its own,
    so it is never grouped with, or taken as, the whole; its total is the same figure over the written product.
    """
    product = _text(row["product"])
    if row["kind"] == "share" and row["of"] is True:
        total = registry().resolve(row["of_subject"]) if isinstance(row["of_subject"], str) else subject
        return _ref(total, row["of_metric"] or row["metric"], row["of_period"] or row["period"], _text(row["of_product"])), product
    excluded = _text(row["excluding_product"])
    if excluded:
        scope = f"{product} excluding {excluded}" if product else f"excluding {excluded}"
        return _ref(subject, metric, row["period"], product), scope
    return None, product


def _ref(entity, metric, period, product) -> FigureRef | None:
    if entity is None:  # a group share without of.subject: no subject to default to
        return None
    return FigureRef(entity.id, entity.name, metric, period, product)


def _reporter_side(stated_metric: str | None, perspective: str) -> tuple[str | None, float]:
    """(metric, sign) from the reporter's side: a partner's exports to the US are US imports,
    and a partner's surplus is the reporter's deficit."""
    if perspective != "partner" or not isinstance(stated_metric, str):
        return stated_metric, 1.0
    spec = _vocab()["metrics"][stated_metric]
    if "balance_of" in spec:
        return stated_metric, -1.0
    return spec.get("partner_metric", stated_metric), 1.0


def _text(value) -> str:
    return value if isinstance(value, str) else ""
