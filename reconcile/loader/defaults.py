"""What a claim leaves out, filled in — and a record of where each filled value came from.

The order is the analyst's: what the claim says, then its ranking, then the
file's `defaults:`, then the source block, then built-in defaults. `reconcile
validate --show-defaults` prints the record, so no value appears from nowhere.
"""

from __future__ import annotations

import functools

KIND_UNITS = {"growth": "percent", "share": "percent", "rank": "rank", "count": "count"}
UNSCALED_UNITS = {"percent", "rank", "count"}


@functools.lru_cache(maxsize=1)
def _metric_units() -> dict:
    from reconcile.schemas.claims import vocabulary

    return {m: spec.get("unit") for m, spec in vocabulary()["metrics"].items()}


def apply_defaults(row: dict, defaults: dict, lineage: list, rankings: dict) -> dict[str, str]:
    """Fill the claim row in place; returns {key: where its value came from}."""
    came_from: dict[str, str] = {}

    def fill(key, value, origin):
        if row.get(key) is None and value is not None:
            row[key] = value
            came_from[key] = origin

    fill("kind", "value", "built-in default")
    _from_ranking(row, rankings, fill)
    for key in ("qualifier", "period", "lineage", "perspective", "status", "basis", "adjustment", "vintage"):
        fill(key, defaults.get(key), "defaults")
    fill("qualifier", "exact", "built-in default")
    fill("perspective", "reporter", "built-in default")
    fill("status", "actual", "built-in default")
    fill("lineage", lineage[0] if lineage else "unknown", "source.lineage")
    _unit_and_scale(row, defaults, fill)
    return came_from


def _from_ranking(row: dict, rankings: dict, fill) -> None:
    """A rank claim inherits its ranking's metric and period (and subject, for a ranking over periods)."""
    ranking = rankings.get(row.get("ranking")) if row.get("ranking") else None
    if not ranking:
        return
    fill("metric", ranking.get("metric"), f"ranking {ranking['id']}")
    fill("period", ranking.get("period"), f"ranking {ranking['id']}")
    if ranking.get("over") == "periods":
        fill("subject", ranking.get("subject"), f"ranking {ranking['id']}")


def _unit_and_scale(row: dict, defaults: dict, fill) -> None:
    """The unit follows the kind (growth is in percent), then the metric, then defaults; scale follows the unit."""
    fill("unit", KIND_UNITS.get(row["kind"]), f"kind {row['kind']}")
    metric = row.get("metric")
    if row["kind"] not in KIND_UNITS and isinstance(metric, str):
        fill("unit", _metric_units().get(metric), f"metric {metric}")
    fill("unit", defaults.get("unit"), "defaults")
    if row.get("unit") in UNSCALED_UNITS:
        fill("scale", "one", f"unit {row['unit']}")
    elif row.get("unit") == defaults.get("unit") or "unit" not in defaults:
        fill("scale", defaults.get("scale"), "defaults")
