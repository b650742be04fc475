"""Declarative schemas: vocabulary.yaml, the pandera schemas in claims.py, the JSON Schema for editors.

Installed as the package ``reconcile.schemas`` (see pyproject.toml's package-dir).
"""
