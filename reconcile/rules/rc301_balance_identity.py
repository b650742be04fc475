"""a stated balance must equal stated exports minus imports.

What it does
    For every source that states a balance and both of its flows for the same
    entity, period and product (goods, services, goods and services), checks
    balance = exports − imports with every figure taken as its rounding
    interval. Flows stated from the partner's side ("exports to the U.S.")
    are already stored from the reporter's side by the loader. As in RC302,
    only figures compiled alike (basis, seasonal adjustment) are combined.

Why is this bad?
    The identity holds by definition; when a document's own three numbers
    break it, one of them is mistyped or the flows and the balance come from
    different tables.

Example
    PASS: deficit -$282.7 billion, exports $153.6 billion, imports $436.3 billion (153.6 − 436.3 = −282.7).
    FAIL: deficit -$45.7 billion, exports $51.8 billion, imports $87.4 billion (51.8 − 87.4 = −35.6).

Use instead
    Check the three transcriptions (sign, scale, `perspective:` of partner
    flows). If they are right, the document is inconsistent: find which
    number is wrong, quote the others, and accept the finding in the
    baseline with a reason naming the figure you rely on.
"""

from reconcile.rules._identity import check_identity

CODE = "RC301"
NAME = "balance-identity"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "value claims"

IDENTITIES = [
    (balance, [(1.0, balance.replace("balance", "exports")), (-1.0, balance.replace("balance", "imports"))])
    for balance in ("goods_balance", "services_balance", "gs_balance")
]


def check(ctx, options):
    yield from check_identity(ctx, CODE, NAME, IDENTITIES, "balance = exports − imports")
