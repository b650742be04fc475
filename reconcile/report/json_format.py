"""`--format json`: the contract itself (see reconcile.report)."""

from __future__ import annotations

import json


def render(records: dict, result=None, **_) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n"
