"""`--format junit`: JUnit XML for CI test dashboards.

One testsuite "reconcile"; one testcase per rule (classname "reconcile.rules",
name "CODE name"). A rule's non-accepted findings make its testcase fail, one
finding per line ("file:line message"); a rule without findings passes; a rule
that did not run (disabled, not selected, or needing documents that were not
given) is skipped. Input problems fail a testcase named "input".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SEVERITY_ORDER = {"error": 3, "warning": 2, "info": 1}


def clean(text) -> str:
    return _INVALID_XML.sub("\ufffd", "" if text is None else str(text))


def render(records: dict, result=None, **_) -> str:
    rules_run = set(result.rules_run) if result is not None and getattr(result, "rules_run", None) is not None else None
    checked = records["summary"].get("checked", {})
    active: dict[str, list[dict]] = {}
    accepted: dict[str, int] = {}
    for f in records["findings"]:
        if f["accepted"]:
            accepted[f["code"]] = accepted.get(f["code"], 0) + 1
        else:
            active.setdefault(f["code"], []).append(f)

    rules = dict(records.get("rules") or {})
    for code, found in active.items():  # a finding from a rule the registry does not list
        rules.setdefault(code, {"name": found[0]["name"], "summary": code})

    suite = ET.Element("testsuite", name="reconcile")
    tests = failures = skipped = 0

    problems = records["problems"]
    case = ET.SubElement(suite, "testcase", classname="reconcile", name="input")
    tests += 1
    if problems:
        failures += 1
        failure = ET.SubElement(
            case, "failure", message=clean(f"{len(problems)} problem(s) in the claim files: fix them before the rules can run"), type="error"
        )
        failure.text = clean("\n".join(f"{p['file']}:{p['line']}: {p['code']} {p['message']}" + (f" — {p['hint']}" if p.get("hint") else "") for p in problems))
    else:
        out = ET.SubElement(case, "system-out")
        s = records["summary"]
        out.text = clean(f"{s['claims']} claims from {s['sources']} sources read and valid")

    for code, info in sorted(rules.items()):
        name = info.get("name") or ""
        case = ET.SubElement(suite, "testcase", classname="reconcile.rules", name=clean(f"{code} {name}".strip()))
        tests += 1
        found = active.get(code, [])
        notes = []
        if code in checked:
            notes.append(f"checked {checked[code]} {info.get('checks') or 'item(s)'}")
        if accepted.get(code):
            notes.append(f"{accepted[code]} accepted finding(s) in the baseline")
        if found:
            failures += 1
            worst = max((f["severity"] for f in found), key=lambda s: _SEVERITY_ORDER.get(s, 0))
            counts = {}
            for f in found:
                counts[f["severity"]] = counts.get(f["severity"], 0) + 1
            parts = ", ".join(f"{n} {sev}" for sev, n in sorted(counts.items(), key=lambda kv: -_SEVERITY_ORDER.get(kv[0], 0)))
            failure = ET.SubElement(case, "failure", message=clean(f"{len(found)} finding(s): {parts}"), type=worst)
            failure.text = clean("\n".join(_line(f) for f in found))
        elif problems or (rules_run is not None and code not in rules_run):
            skipped += 1
            reason = "not run: the claim files have problems" if problems else "not run (disabled, not selected, or needs --documents)"
            ET.SubElement(case, "skipped", message=reason)
        if notes:
            out = ET.SubElement(case, "system-out")
            out.text = clean("; ".join(notes))

    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    root = ET.Element("testsuites", name="reconcile", tests=str(tests), failures=str(failures), errors="0", skipped=str(skipped))
    root.append(suite)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _line(f: dict) -> str:
    text = f"{f['file']}:{f['line']}: {f['severity']}: {f['message']}"
    if f.get("cause"):
        text += f" (likely cause: {f['cause']['label']}, {f['cause']['confidence']})"
    return text
