"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=claims/a.yaml,line=12,title=RC201 cross-source-conflict::message

error/warning/notice follow the finding's severity (info → notice). Accepted
findings are not annotated. Messages are escaped as the runner expects
(% → %25, CR → %0D, LF → %0A; in properties also : → %3A and , → %2C).
The last line is a plain summary.
"""

from __future__ import annotations

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
MAX_RELATED = 8  # other claims listed under an annotation


def escape_data(text) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props) -> str:
    given = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v is not None and v != "")
    return f"::{kind}{' ' + given if given else ''}::{escape_data(message)}"


def render(records: dict, result=None, **_) -> str:
    lines: list[str] = []
    for p in records["problems"]:
        message = p["message"] + (f" — {p['hint']}" if p.get("hint") else "")
        lines.append(command("error", message, file=p["file"], line=p["line"], title=f"{p['code']} input problem"))
    for f in records["findings"]:
        if f["accepted"]:
            continue
        message = f["message"]
        if f.get("cause"):
            message += f"\nLikely cause: {f['cause']['label']} ({f['cause']['confidence']})"
        others = [c for c in f["claims"] if (c.get("file"), c.get("line")) != (f["file"], f["line"])]
        for c in others[:MAX_RELATED]:
            message += f"\n  also {c.get('file')}:{c.get('line')} ({c.get('source')}): {c.get('quote')}"
        if len(others) > MAX_RELATED:
            message += f"\n  … and {len(others) - MAX_RELATED} more claims"
        lines.append(command(COMMANDS.get(f["severity"], "warning"), message, file=f["file"], line=f["line"], title=f"{f['code']} {f['name']}"))
    lines.append(summary_line(records))
    return "\n".join(lines) + "\n"


def summary_line(records: dict) -> str:
    s = records["summary"]
    if records["problems"]:
        return f"reconcile: {len(records['problems'])} problem(s) in the claim files; {s['claims_read']} claims read. Fix them first: the rules need valid claims."
    sev = s["by_severity"]
    extra = ""
    if s.get("accepted"):
        extra += f", {s['accepted']} accepted in the baseline"
    if s.get("stale_baseline"):
        extra += f", {s['stale_baseline']} stale baseline entries"
    return (
        f"reconcile: {s['claims']} claims from {s['sources']} sources: {s['findings']} findings "
        f"({sev['error']} errors, {sev['warning']} warnings, {sev['info']} info){extra}."
    )
