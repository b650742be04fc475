"""RC104 document-changed: the document's sha256 is not the one the source block records.

What it does
    Hashes the document file and compares it with `source.sha256`.

Why
    Claims were transcribed from one exact text. If the file changed, quotes
    and lines may no longer match, and the claims must be reviewed against
    the new text before anyone relies on them.

Example
    PASS: sha256 f6c5ceab... and the file hashes to f6c5ceab...
    FAIL: the file was edited after transcription.
"""

from __future__ import annotations

from reconcile.causes import document_changed_cause
from reconcile.provenance import provenance
from reconcile.rules._context import finding

CODE = "RC104"
NAME = "document-changed"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
NEEDS_DOCUMENTS = True


def check(ctx, options):
    prov = provenance(ctx)
    for sid, s in prov.sources.items():
        if not s.exists:
            continue
        ctx.count(CODE, 1)
        if s.sha256_actual != s.sha256_expected:
            f = finding(
                CODE, NAME,
                f"{s.document} has changed since {sid} was transcribed: sha256 {s.sha256_actual[:12]}…, "
                f"the source block records {s.sha256_expected[:12]}…; review the claims against the new text, then update sha256.",
                [], document_changed_cause(),
                actual_sha256=s.sha256_actual,
            )  # fmt: skip
            f.location = ctx.source_location(sid, "sha256")
            yield f
