"""Shared helpers for rules that check a relational claim against plain levels."""

from __future__ import annotations

from reconcile.model import Cause


def provenance_cause(claim, levels, label_if_same="arithmetic") -> tuple[Cause, bool]:
    """The cause for a relational mismatch, and whether it is 'soft' (levels from other sources)."""
    foreign = sorted({s for lv in levels for s in lv.sources if s != claim["source"]})
    if foreign:
        lineages = sorted({r["lineage"] for lv in levels for r in lv.rows if r["source"] != claim["source"]})
        return Cause(
            "different-source", "medium",
            [f"{claim['source']} does not state the levels itself; they come from {', '.join(foreign)} "
             f"({', '.join(lineages)}), which may measure the figure differently"],
        ), True  # fmt: skip
    return Cause(label_if_same, "medium", [f"all figures are {claim['source']}'s own"]), False
