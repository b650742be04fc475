"""The rule registry: one module per rule, found by its code.

A rule module defines ``CODE``, ``NAME``, ``DEFAULT_SEVERITY``, ``OPTIONS`` (the
options and their defaults) and ``check(ctx, options)`` yielding findings; its
docstring says what it does, why, and gives a passing and a failing example
(``reconcile rule CODE`` prints it). Severity is the configuration's business:
the default is only where configuration starts.

Codes by family:
  RC1xx provenance (the quote and the document)
  RC2xx consistency (the same figure told twice)
  RC3xx arithmetic (identities, totals, averages, growth)
  RC4xx ranks, records and counts
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType


@lru_cache(maxsize=1)
def all_rules() -> dict[str, ModuleType]:
    rules = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("rc"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules[module.CODE] = module
    return dict(sorted(rules.items()))


def find(code_or_name: str) -> ModuleType | None:
    key = code_or_name.strip()
    for code, module in all_rules().items():
        if key.upper() == code or key.lower() == module.NAME:
            return module
    return None


def summary(module: ModuleType) -> str:
    """The docstring's first line."""
    return (module.__doc__ or "").strip().splitlines()[0]
