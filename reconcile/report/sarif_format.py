"""`--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, VS Code SARIF viewer).

One run; the driver lists every rule of the registry with its documentation.
Each finding is a result located at its first claim (the claim file and line),
the other claims as related locations; accepted findings carry an external
suppression with the baseline's reason. Input problems are results too, with
their own code as ruleId.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from reconcile import rules as rule_registry
from reconcile.options import config_name

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FALLBACK_URI = "https://pypi.org/project/reconcile/"


def render(records: dict, result=None, **_) -> str:
    return json.dumps(sarif_log(records), indent=2, ensure_ascii=False) + "\n"


def sarif_log(records: dict) -> dict:
    rules, index = _rules(records)
    results = [_finding_result(f, index) for f in records["findings"]]
    results += [_problem_result(p, index) for p in records["problems"]]
    s = records["summary"]
    run = {
        "tool": {
            "driver": {
                "name": records["tool"]["name"],
                "version": str(records["tool"]["version"]),
                "informationUri": information_uri(),
                "rules": rules,
            }
        },
        "invocations": [{"executionSuccessful": not records["problems"]}],
        "results": results,
        "properties": {
            "sources": s["sources"],
            "claims": s["claims"],
            "findings": s["findings"],
            "accepted": s["accepted"],
            "staleBaseline": records["stale_baseline"],
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def information_uri() -> str:
    """The project's home page from the package metadata ([project.urls]), if it declares one."""
    try:
        meta = metadata("reconcile")
    except PackageNotFoundError:
        return FALLBACK_URI
    for entry in meta.get_all("Project-URL") or []:
        url = entry.split(",", 1)[-1].strip()
        if url.startswith(("http://", "https://")):
            return url
    home = meta.get("Home-page")
    return home if home and home.startswith(("http://", "https://")) else FALLBACK_URI


def rule_doc(module) -> str:
    """The rule's documentation as `reconcile rule CODE` prints it (sections and options)."""
    from reconcile.rules import _docs

    return _docs.text(rule_registry.spec(module))


def _rule_descriptor(spec) -> dict:
    from reconcile.rules import _docs

    what = spec.sections.get("What it does", "")
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": " ".join(what.split()) or spec.summary},
        "help": {"text": _docs.text(spec), "markdown": _docs.rule_markdown(spec, level=3)},
        "defaultConfiguration": {"level": LEVELS.get(str(spec.default_severity), "warning")},
        "properties": {"options": {config_name(n): _jsonable(o.default) for n, o in spec.options.items()}},
    }


def _rules(records: dict) -> tuple[list[dict], dict[str, int]]:
    descriptors: list[dict] = [_rule_descriptor(spec) for spec in rule_registry.specs().values()]
    # Rules named by findings but unknown to the registry (a plugin, a renamed rule) and problem codes.
    known = {d["id"] for d in descriptors}
    extra = {}
    for f in records["findings"]:
        if f["code"] not in known:
            extra.setdefault(f["code"], (f["name"] or f["code"], f["severity"], f"{f['code']} {f['name']}"))
    for p in records["problems"]:
        if p["code"] not in known:
            extra.setdefault(p["code"], ("input-problem", "error", "the claim files cannot be used as they are"))
    for code, (name, severity, text) in sorted(extra.items()):
        descriptors.append(
            {
                "id": code,
                "name": name,
                "shortDescription": {"text": text},
                "defaultConfiguration": {"level": LEVELS.get(severity, "error")},
            }
        )
    return descriptors, {d["id"]: i for i, d in enumerate(descriptors)}


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def artifact_uri(file: str | None) -> str:
    """A relative URI for a claim file (forward slashes, percent-encoded), absolute only outside the cwd."""
    if not file:
        return "unknown"
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return path.as_uri()
    from urllib.parse import quote

    return quote(path.as_posix(), safe="/._-~")


def _location(file, line, message: str | None = None, ident: int | None = None) -> dict:
    physical = {"artifactLocation": {"uri": artifact_uri(file)}}
    if isinstance(line, int) and line >= 1:
        physical["region"] = {"startLine": line}
    loc: dict = {}
    if ident is not None:
        loc["id"] = ident
    loc["physicalLocation"] = physical
    if message:
        loc["message"] = {"text": message}
    return loc


def _claim_text(c: dict) -> str:
    published = " ".join(str(x) for x in (c.get("value"), c.get("scale") if c.get("scale") not in (None, "one") else None, c.get("unit")) if x)
    return f"{c.get('source')} ({c.get('id')}): {published} for {c.get('subject')} {c.get('metric')} {c.get('period')} — \u201c{c.get('quote')}\u201d"


def _finding_result(f: dict, index: dict[str, int]) -> dict:
    text = f["message"]
    if f["cause"]:
        text += f" Likely cause: {f['cause']['label']} ({f['cause']['confidence']})."
    primary_file, primary_line = f["file"], f["line"]
    related = []
    for n, c in enumerate(f["claims"]):
        if n == 0 and c.get("file") == primary_file and c.get("line") == primary_line:
            continue  # the primary location itself
        related.append(_location(c.get("file"), c.get("line"), _claim_text(c), ident=len(related) + 1))
    result = {
        "ruleId": f["code"],
        "ruleIndex": index[f["code"]],
        "level": LEVELS.get(f["severity"], "warning"),
        "message": {"text": text},
        "locations": [_location(primary_file, primary_line)],
    }
    if related:
        result["relatedLocations"] = related
    if f["fingerprint"]:
        result["partialFingerprints"] = {"reconcile/v1": f["fingerprint"]}
    if f["accepted"]:
        result["suppressions"] = [{"kind": "external", "state": "accepted", "justification": f["accepted_reason"] or ""}]
    props = {"claims": [c.get("id") for c in f["claims"]]}
    if f["cause"]:
        props["cause"] = f["cause"]
    if f["details"]:
        props["details"] = _jsonable(f["details"])
    result["properties"] = props
    return result


def _problem_result(p: dict, index: dict[str, int]) -> dict:
    text = p["message"] + (f" — {p['hint']}" if p.get("hint") else "")
    key = json.dumps([p["code"], p["file"], p["line"], p["message"]])
    return {
        "ruleId": p["code"],
        "ruleIndex": index[p["code"]],
        "level": "error",
        "message": {"text": text},
        "locations": [_location(p["file"], p["line"])],
        "partialFingerprints": {"reconcile/v1": hashlib.sha256(key.encode()).hexdigest()[:16]},
        "properties": {"problem": True},
    }
