"""Terminal output: `file:line: CODE severity message`, grouped by file, colour only on a TTY."""

from __future__ import annotations

from itertools import groupby

COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def render(records: dict, result=None, colour: bool = False, verbose: bool = False, **_) -> str:
    def paint(text, code):
        return f"{code}{text}{RESET}" if colour else text

    lines: list[str] = []
    for p in records["problems"]:
        hint = f" — {p['hint']}" if p["hint"] else ""
        lines.append(f"{p['file']}:{p['line']}: {p['code']} {paint('error', COLOURS['error'])} {p['message']}{hint}")
    active = [f for f in records["findings"] if not f["accepted"]]
    for file, group in groupby(active, key=lambda f: f["file"]):
        lines.append(paint(file, BOLD))
        for f in group:
            sev = paint(f"{f['severity']:<7}", COLOURS.get(f["severity"], ""))
            lines.append(f"{f['file']}:{f['line']}: {f['code']} {sev} {f['message']}")
            if f["cause"]:
                lines.append(paint(f"    likely cause: {f['cause']['label']} ({f['cause']['confidence']})", DIM))
                if verbose:
                    for ev in f["cause"]["evidence"]:
                        lines.append(paint(f"      - {ev}", DIM))
            if f.get("verdicts") and f["code"][:3] != "RC5":  # RC5xx findings are verdicts themselves
                lines.append(paint(f"    official: {_verdicts(f['verdicts'])}", DIM))
    for e in records["stale_baseline"]:
        lines.append(f"baseline: entry {e['fingerprint']} ({e['code']}) no longer occurs — remove it from the baseline")
    s = records["summary"]
    sev = s["by_severity"]
    if records["problems"]:
        lines.append(
            f"{len(records['problems'])} problem(s) in the claim files: fix them before the rules can run "
            f"({s['claims_read']} claims read)."
        )
    else:
        accepted = f", {s['accepted']} accepted in the baseline" if s["accepted"] else ""
        stale = f", {s['stale_baseline']} stale baseline entries" if s["stale_baseline"] else ""
        lines.append(
            f"{s['claims']} claims from {s['sources']} sources: {s['findings']} findings "
            f"({sev['error']} errors, {sev['warning']} warnings, {sev['info']} info){accepted}{stale}."
        )
        lines += _verdict_lines(records)
    return "\n".join(lines) + "\n"


def _verdicts(verdicts: dict[str, str], most: int = 3) -> str:
    """'cdi-germany-2024 confirmed; usid-germany-2024 contradicted' — which side the official table backs."""
    by_status: dict[str, list[str]] = {}
    for claim_id, status in verdicts.items():
        by_status.setdefault(status, []).append(claim_id)
    parts = []
    for status in ("confirmed", "contradicted", "unverified"):
        ids = by_status.get(status, [])
        if ids:
            more = f" and {len(ids) - most} more" if len(ids) > most else ""
            parts.append(f"{status} {', '.join(ids[:most])}{more}")
    return "; ".join(parts)


def _verdict_lines(records: dict) -> list[str]:
    """The verdicts in one line, and each source's record: what an editor reads first."""
    refs = records["summary"].get("references")
    if not refs:
        return []
    v = records["summary"]["verdicts"]
    out = [
        f"Verdicts against {refs['figures']:,} official figures: {v.get('confirmed', 0)} confirmed, "
        f"{v.get('contradicted', 0)} contradicted, {v.get('unverified', 0)} unverified."
    ]
    for source in records["sources"]:
        r = source.get("reliability")
        if r:
            out.append(f"  {source['id']}: {r['confirmed']} of {r['checked']} checked figures confirmed "
                       f"({r['unverified']} unverified), reliability {r['score']:.2f}")  # fmt: skip
    return out
