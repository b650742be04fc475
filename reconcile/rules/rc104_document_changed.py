"""the document's sha256 is not the one the source block records.

What it does
    Hashes the document file and compares it with `source.sha256`.

Why is this bad?
    Claims were transcribed from one exact text. If the file changed, quotes
    and lines may no longer match, and the claims must be reviewed against
    the new text before anyone relies on them.

Example
    PASS: sha256 f6c5ceab... and the file hashes to f6c5ceab...
    FAIL: the file was edited after transcription.

Use instead
    Restore the transcribed file if it should not have changed. Otherwise
    review every claim of the source against the new text (quotes, lines,
    values), then write the new file's hash (`sha256sum FILE`) in
    `source.sha256`.
"""

from __future__ import annotations

from reconcile.causes import document_changed_cause
from reconcile.rules._context import finding

CODE = "RC104"
NAME = "document-changed"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "sources"
NEEDS_DOCUMENTS = True


def check(ctx, options):
    prov = ctx.provenance
    for sid, s in prov.sources.items():
        if not s.exists:
            continue
        if s.sha256_actual != s.sha256_expected:
            yield finding(
                CODE, NAME,
                f"{s.document} has changed since {sid} was transcribed: sha256 {s.sha256_actual[:12]}…, "
                f"the source block records {s.sha256_expected[:12]}…; review the claims against the new text, then update sha256.",
                [], document_changed_cause(),
                actual_sha256=s.sha256_actual, location=ctx.source_location(sid, "sha256"),
            )  # fmt: skip
