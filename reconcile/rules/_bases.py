"""Expected gaps between figures compiled two ways (Census vs BOP basis, Census vs OEC mirror data).

Shared by the rules that compare figures of one statistic: RC201 across sources, RC202 inside one
document. One declaration of the option, so both read the same measured default bands, and one
lookup of a pair's band, so both treat a pair of bases alike.
"""

from __future__ import annotations

from reconcile.causes import pair_words, side_compiled_as
from reconcile.numbers import apart, band_words
from reconcile.options import Bands
from reconcile.schemas.claims import vocabulary
from reconcile.verdicts import LINEAGE_BASIS

# Measured on the official data; the derivation is in RC201's documentation.
DEFAULT_BANDS = {"census/bop": [0.002, 0.025], "census/oec": [0.0, 0.25]}


def expected_gaps_option() -> Bands:
    """The `expected-gaps` option: a band per pair of bases or lineages, given pairs set over the defaults."""
    terms = set(vocabulary()["lineages"]) | set(vocabulary()["bases"])
    return Bands(
        DEFAULT_BANDS,
        "relative gap [low, high] that figures of two bases or lineages usually differ by (fractions; given pairs are set over the "
        "defaults, [0, 0] expects no gap)",
        terms=tuple(sorted(terms - {"unknown"})),
        aliases={k: v for k, v in LINEAGE_BASIS.items() if k != v},
    )


def band_for(a, b, bands: dict):
    """((term a, term b), (low, high)) when the sides are compiled two ways the table has a band for, else None."""
    x, y = side_compiled_as(a), side_compiled_as(b)
    if not x or not y or x == y:
        return None
    key = "/".join(sorted((LINEAGE_BASIS.get(x, x), LINEAGE_BASIS.get(y, y))))
    return ((x, y), tuple(bands[key])) if key in bands else None


def usual_gap_words(band, metric: str) -> str:
    """'Census-basis vs BOP-basis goods usually differ by 0.2–2.5%'."""
    (x, y), (low, high) = band
    return f"{pair_words(x, y, metric)} usually differ by {band_words(low, high)}"


def beyond_band_words(published: float | None, gap: str, band, metric: str) -> str:
    """How far apart two figures are when the band does not explain it: the gap rounding leaves, and the band."""
    return f"{apart(published)} ({gap} even after rounding); {usual_gap_words(band, metric)}"
