"""the source's document is not in the documents folder.

What it does
    Looks for `source.document` in the documents folder given by
    `--documents` or `[tool.reconcile] documents`.

Why is this bad?
    Without the document no quote can be verified; the claims of that source
    go unchecked until it is found.

Example
    PASS: document: 000_f51ed264183f07aa.txt and the folder has that file.
    FAIL: the file was renamed or never added.

Use instead
    Add the file to the documents folder under the name `source.document`
    gives, or correct `document:` to the file's name; check that
    `--documents` (or `[tool.reconcile] documents`) names the right folder.
"""

from __future__ import annotations

from reconcile.rules._context import finding

CODE = "RC105"
NAME = "document-missing"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "sources"
NEEDS_DOCUMENTS = True


def check(ctx, options):
    prov = ctx.provenance
    for sid, s in prov.sources.items():
        if not s.exists:
            yield finding(
                CODE, NAME,
                f"document {s.document} of source {sid} is not in {ctx.documents.folder}: its claims' quotes cannot be verified.",
                [], location=ctx.source_location(sid, "document"),
            )
