"""goods-and-services figures must equal goods plus services.

What it does
    For every source that states a goods-and-services figure and both of its
    components for the same entity and period, checks
    goods-and-services = goods + services (for balances, exports and imports),
    within rounding. The identity holds among figures compiled alike: terms
    the document says are on another basis (Census-basis goods with a
    BOP-basis total) or another seasonal adjustment are not summed together,
    and a figure that says neither may be either; it is reported only when no
    way of compiling its terms gives it.

Why is this bad?
    A headline goods-and-services deficit that does not match its own goods
    and services parts usually means one part was taken from another month
    or another release.

Example
    PASS: deficit $71.5 billion, goods deficit $97.5 billion, services surplus $26 billion.
    FAIL: deficit $71.5 billion, goods deficit $97.5 billion, services surplus $16 billion.

Use instead
    Check that the three claims have the right metric (`gs_`, `goods_`,
    `services_`) and period. If they do, find the part that comes from
    another month or release, and accept the finding in the baseline with a
    reason naming the figures you rely on.
"""

from reconcile.rules._identity import check_identity

CODE = "RC302"
NAME = "component-sum"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "value claims"

IDENTITIES = [
    (f"gs_{flow}", [(1.0, f"goods_{flow}"), (1.0, f"services_{flow}")]) for flow in ("balance", "exports", "imports")
]


def check(ctx, options):
    yield from check_identity(ctx, CODE, NAME, IDENTITIES, "goods and services = goods + services")
