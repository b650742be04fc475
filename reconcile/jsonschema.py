"""The JSON Schema of a claim file, generated from the same vocabulary as the pandera schemas.

`reconcile schema > schemas/claim-file.schema.json` regenerates the committed copy;
a test fails when the two drift apart.
"""

from __future__ import annotations

import json

from reconcile.loader import DEFAULT_KEYS
from reconcile.loader.reader import REQUIRED_SOURCE_KEYS
from reconcile.patterns import MAX_PATTERN_LENGTH
from reconcile.schemas.claims import KIND_NEEDS, RANKING_AXES, RANKING_ORDERS, RANKING_POPULATIONS, vocabulary

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"  # the form; the loader also refuses days the calendar lacks (2023-02-29)
PERIOD = r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?|-Q[1-4]|-H[12])?(\.\.\d{4}(-(0[1-9]|1[0-2])(-\d{2})?|-Q[1-4]|-H[12])?)?$"

# What reconcile.documents.document_name_fault allows, for editors: a relative name with no '', '.' or '..' part,
# no drive letter, backslash or control character (the loader also refuses other invisible characters).
DOCUMENT_NAME = {
    "type": "string",
    "description": "the document's file name inside the documents folder (relative; no '..', absolute path or backslash)",
    "pattern": r"^(?![A-Za-z]:)(?!/)(?!(?:[^/]*/)*\.{1,2}(?:/|$))(?!.*//)(?!.*/$)[^\\\x00-\x1f\x7f-\x9f]+$",
}


def claim_file_schema() -> dict:
    v = vocabulary()

    def enum(name):
        return {"enum": list(v[name])}

    string = {"type": "string", "minLength": 1}
    line = {"type": "integer", "minimum": 1}
    period = {"type": ["string", "integer"], "pattern": PERIOD}
    claim_props = {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"},
        "kind": enum("kinds"),
        "subject": string,
        "parts": {"type": "array", "items": string, "minItems": 2},
        "metric": enum("metrics"),
        "period": period,
        "from_period": period,
        "per": enum("pers"),
        "ranking": string,
        "value": {"type": "number"},
        "unit": enum("units"),
        "scale": enum("scales"),
        "qualifier": enum("qualifiers"),
        "perspective": enum("perspectives"),
        "product": string,
        "of": {
            "type": "object",
            "description": "a share's total: the figure it is a share of (subject, metric, period default to the claim's; product to all goods)",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {"subject": string, "metric": enum("metrics"), "period": period, "product": string},
        },
        "excluding": {
            "type": "object",
            "description": "a residual scope: the product left out of the claim's total (a goods balance excluding energy)",
            "additionalProperties": False,
            "required": ["product"],
            "properties": {"product": string},
        },
        "lineage": enum("lineages"),
        "basis": enum("bases"),
        "adjustment": enum("adjustments"),
        "vintage": {"type": "string", "format": "date", "pattern": DATE_PATTERN},
        "precision": {"type": "number", "minimum": 0},
        "status": enum("statuses"),
        "quote": string,
        "line": line,
        "note": {"type": "string"},
    }
    conditions = [
        {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": {"required": list(needs)}}
        for kind, needs in KIND_NEEDS.items()
        if kind != "value"
    ] + [
        # A share names its total, and its part once: one figure (subject) or a group (parts); of: is for shares only.
        {"if": {"properties": {"kind": {"const": "share"}}, "required": ["kind"]},
         "then": {"required": ["of"], "oneOf": [{"required": ["subject"]}, {"required": ["parts"]}]},
         "else": {"not": {"required": ["of"]}}},
        {"if": {"required": ["excluding"]}, "then": {"properties": {"kind": {"const": "value"}}}},
    ]  # fmt: skip
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/reconcile/reconcile/schemas/claim-file.schema.json",
        "title": "reconcile claim file",
        "description": "One source document's figures as claims with provenance. See README.md.",
        "type": "object",
        "required": ["source", "claims"],
        "additionalProperties": False,
        "properties": {
            "source": {
                "type": "object",
                "required": list(REQUIRED_SOURCE_KEYS),
                "additionalProperties": False,
                "properties": {
                    "id": claim_props["id"], "title": string, "publisher": string,
                    "url": {"type": "string", "format": "uri"},
                    "published": {"type": ["string", "null"], "format": "date"},
                    "document": DOCUMENT_NAME, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "lineage": {"type": "array", "items": enum("lineages")}, "reporter": string,
                },  # fmt: skip
            },
            "defaults": {
                "type": "object",
                "additionalProperties": False,
                "properties": {k: claim_props[k] for k in DEFAULT_KEYS},
            },
            "rankings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "metric", "quote", "line"],
                    "additionalProperties": False,
                    "properties": {
                        "id": claim_props["id"], "description": {"type": "string"}, "metric": enum("metrics"),
                        "period": period, "order": {"enum": list(RANKING_ORDERS)},
                        "over": {"enum": list(RANKING_AXES)}, "among": {"anyOf": [{"enum": list(RANKING_POPULATIONS)}, {**string, "description": "a group from reconcile/data/entities.yaml with members (EU, ASEAN, Asia, USMCA)"}]},
                        "subject": string, "quote": string, "line": line,
                    },  # fmt: skip
                },
            },
            "skip": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["reason"],
                    "additionalProperties": False,
                    "properties": {"line": line, "text": string, "pattern": {**string, "maxLength": MAX_PATTERN_LENGTH}, "reason": string},
                },
            },
            "claims": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "value", "quote", "line"],
                    "additionalProperties": False,
                    "properties": claim_props,
                    "allOf": conditions,
                },
            },
        },
    }


def render() -> str:
    return json.dumps(claim_file_schema(), indent=2, ensure_ascii=False) + "\n"
