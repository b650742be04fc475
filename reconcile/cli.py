"""Command line: check, validate, coverage, draft, baseline, rule/explain, rules, problems.

Exit codes: 0 clean; 1 findings at or above --fail-on (or coverage below target);
2 unusable input, usage error or an output that cannot be written; 130 interrupted
(SIGINT), 143 terminated (SIGTERM), 141 when the reader of a pipe has gone.
Never a traceback for bad input. Every file is written by reconcile.output
(whole or not at all); `-o -` is standard output.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reconcile import output, problems
from reconcile import rules as rule_registry

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_UNUSABLE
    # argv None: this process is reconcile (the console script, python -m reconcile), which exits when main returns.
    with output.interruptible(restore=argv is not None):
        return _run(args)


def _run(args) -> int:
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers, not in the interpreter's last flush
        return code
    except KeyboardInterrupt:
        return _stopped("interrupted", 130)
    except output.Terminated:
        return _stopped("terminated", 143)
    except BrokenPipeError:
        return _reader_gone()
    except (_Unusable, output.OutputError) as exc:
        print(f"reconcile: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE


def _stopped(what: str, code: int) -> int:
    """Ctrl-C or SIGTERM: one line, no traceback (files being written were removed on the way out), 128 + signal."""
    output.ignore_interrupts()  # a second Ctrl-C while saying so must not print a traceback
    print(f"reconcile: {what}", file=sys.stderr)
    return code


def _reader_gone() -> int:
    """`reconcile ... | head`: the reader has gone; exit quietly as Unix tools do (128 + SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere, not into an error at exit
    return 141


class _Unusable(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="reconcile", description="Find where published figures disagree, and say why.")
    sub = p.add_subparsers(dest="command")

    c = sub.add_parser("check", help="validate claims and run every rule")
    c.add_argument("paths", nargs="+", help="claim files or folders")
    c.add_argument("--format", choices=["text", "json", "sarif", "junit", "github", "html"], help="output format (default text; github under GitHub Actions)")
    c.add_argument("-o", "--output", help="write the output to this file instead of stdout ('-': stdout)")
    c.add_argument("--documents", help="folder of source documents (default: [tool.reconcile] documents)")
    _reference_arguments(c)
    c.add_argument("--fail-on", choices=["error", "warning", "info"], help="lowest severity that fails (default error)")
    c.add_argument("--baseline", help="baseline file of accepted discrepancies")
    c.add_argument("--no-baseline", action="store_true", help="ignore the baseline: report every finding")
    c.add_argument("--changed-since", metavar="REF", help="report only findings involving claims changed since this git ref")
    _selection_arguments(c)
    c.add_argument("--html", metavar="PATH", help="also write the HTML report here (default reports/discrepancies.html)")
    c.add_argument("--no-html", action="store_true", help="do not write the HTML report")
    c.add_argument("--engine", metavar="NAME", help="where the rules' kernels run: python (default: the rules' own loops), duckdb, pyspark or polars")
    c.add_argument("-v", "--verbose", action="store_true", help="show the evidence behind each likely cause")
    c.set_defaults(func=cmd_check)

    v = sub.add_parser("validate", help="check claim files against the schemas (and, with --documents, against their documents)")
    v.add_argument("paths", nargs="+")
    v.add_argument("--show-defaults", action="store_true", help="list the values each claim took from defaults")
    v.add_argument("--documents", metavar="DIR", help="also check each claim's provenance (quote, line, value, document hash) "
                   "against the documents in DIR, without the reconciliation rules")  # fmt: skip
    v.add_argument("--format", choices=["text", "json", "sarif", "junit", "github"], help="output format with --documents (default text)")
    v.add_argument("-o", "--output", help="with --documents: write the output to this file instead of stdout ('-': stdout)")
    v.add_argument("--fail-on", choices=["error", "warning", "info"], help="with --documents: lowest severity that fails (default error)")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("baseline", help="record current findings as accepted discrepancies")
    b.add_argument("paths", nargs="+")
    b.add_argument("--documents")
    b.add_argument("--baseline", help="baseline file (default: [tool.reconcile] baseline)")
    b.add_argument("--reason", help="reason for entries that have none yet")
    _reference_arguments(b)
    _selection_arguments(b)
    b.set_defaults(func=cmd_baseline)

    cov = sub.add_parser("coverage", help="list every number in each document with the claim or skip that covers it")
    cov.add_argument("paths", nargs="+")
    cov.add_argument("--documents")
    cov.add_argument("--min", type=float, default=100.0, help="fail below this coverage percentage (default 100)")
    cov.add_argument("--all", action="store_true", help="list covered numbers too, not only the gaps")
    cov.set_defaults(func=cmd_coverage)

    d = sub.add_parser("draft", help="write a claim-file skeleton for a new document")
    d.add_argument("document")
    d.add_argument("--source-id", help="id for the source block (default: from the file name)")
    d.add_argument("-o", "--output", help="write here instead of stdout ('-': stdout)")
    d.add_argument("--against", metavar="CLAIMS_FILE",
                   help="compare the draft with this hand transcription of the same document and print the accuracy table")
    d.add_argument("--list", type=int, default=20, metavar="N",
                   help="with --against: list at most N missed, extra and wrong items each (-1: all)")
    d.set_defaults(func=cmd_draft)

    r = sub.add_parser("rule", help="explain a rule: what it does, why, examples, options")
    r.add_argument("code", help="rule code (RC201) or name (cross-source-conflict)")
    r.set_defaults(func=cmd_rule)
    ex = sub.add_parser("explain", help="explain a rule or an input problem, by code or name")
    ex.add_argument("code", help="rule or input-problem code or name")
    ex.set_defaults(func=cmd_rule)

    sc = sub.add_parser("schema", help="print the JSON Schema of claim files (for editors)")
    sc.set_defaults(func=cmd_schema)

    rs = sub.add_parser("rules", help="list every rule with its code, name and default severity")
    rs.add_argument("--markdown", action="store_true", help="print every rule's documentation as Markdown (docs/rules.md)")
    rs.set_defaults(func=cmd_rules)

    ps = sub.add_parser("problems", help="list every input-problem code (RC0xx) with its name and title")
    ps.set_defaults(func=cmd_problems)
    return p


def _selection_arguments(p: argparse.ArgumentParser) -> None:
    forms = "a code (RC201), a name (cross-source-conflict) or a family prefix (RC2, RC20); repeatable"
    p.add_argument("--select", action="append", metavar="RULE", help=f"run only these rules: {forms}")
    p.add_argument("--ignore", action="append", metavar="RULE", help=f"do not run these rules: {forms}")


# --- shared steps ---------------------------------------------------------------


def _config():
    from reconcile.config import ConfigError, find_config

    try:
        return find_config()
    except ConfigError as exc:
        raise _Unusable(str(exc)) from None


def _load(paths, config, documents: str | None = None):
    """The corpus; with the documents folder, each source's document confined to it (document-link-outside-folder otherwise)."""
    from reconcile.loader import UsageError, load

    try:
        return load(paths, config.tolerances, documents=documents)
    except UsageError as exc:
        raise _Unusable(str(exc)) from None


def _selection(args) -> frozenset[str]:
    """The codes --select/--ignore leave to run, checked before anything is loaded (unknown-rule for an unknown rule)."""
    from reconcile.config import ConfigError

    try:
        return rule_registry.resolve_selection(args.select, args.ignore)
    except ConfigError as exc:
        raise _Unusable(str(exc)) from None


def _documents(args, config) -> str | None:
    folder = args.documents or config.resolve(config.documents)
    if folder is None:
        return None
    if not Path(folder).is_dir():
        origin = "--documents" if args.documents else f"documents in {config.path}"
        variant = "not-a-folder" if Path(folder).exists() else None
        raise _Unusable(problems.DOCUMENTS_FOLDER_MISSING.says(variant=variant, folder=folder, origin=origin))
    return folder


def _reference_arguments(p) -> None:
    p.add_argument("--references", metavar="DIR", help="folder of official data files (default: [tool.reconcile] references)")
    p.add_argument("--no-references", action="store_true", help="do not judge the claims by the official tables")


def _references(args, config):
    """The official tables to judge the claims by (None with --no-references or when none are configured)."""
    sources = config.resolve(config.reference_sources) if config.reference_sources else None
    if args.no_references or not sources or not any(Path(sources).glob("*.yaml")):
        return None
    folder = args.references or config.resolve(config.references)
    if not folder or not Path(folder).is_dir():
        origin = "--references" if args.references else (f"references in {config.path}" if config.references else "not configured")
        raise _Unusable(problems.REFERENCES_FOLDER_MISSING.says(folder=folder or "(none)", origin=origin))
    from reconcile import references

    return references.load(Path(sources), Path(folder), Path.cwd())


def _print_problems(corpus, problems=None) -> None:
    """The problems (by default the corpus's own) and how many claims were read."""
    problems = corpus.problems if problems is None else problems
    for problem in problems:
        print(problem, file=sys.stdout)
    print(
        f"{len(problems)} problem(s) in {len(corpus.files)} file(s); {corpus.claims_read} claims read. "
        "Fix them first: the rules need valid claims.",
        file=sys.stdout,
    )


# --- commands -------------------------------------------------------------------


def cmd_validate(args) -> int:
    config = _config()
    documents = _documents(args, config) if args.documents else None  # plain validate stays schema-only
    _refuse_provenance_options_without_documents(args)
    corpus = _load(args.paths, config)
    if not corpus.ok:
        _print_problems(corpus)
        return EXIT_UNUSABLE
    if documents is not None:
        return _validate_provenance(args, config, corpus, documents)
    _print_defaults(corpus, args.show_defaults)
    _print_claim_counts(corpus)
    return EXIT_OK


def _refuse_provenance_options_without_documents(args) -> None:
    """--format, -o and --fail-on shape the provenance report: without --documents there is none, so say so."""
    given = [name for name, value in (("--format", args.format), ("-o", args.output), ("--fail-on", args.fail_on)) if value]
    if given and not args.documents:
        needs = "--documents DIR (plain validate checks the schemas only)"
        raise _Unusable(problems.OPTION_NOT_APPLICABLE.says(option=", ".join(given), needs=needs))
    if args.show_defaults and args.documents and output.is_stdout(args.output) and (args.format or "text") != "text":
        needs = f"text output on stdout: write the --format {args.format} report with -o FILE"
        raise _Unusable(problems.OPTION_NOT_APPLICABLE.says(option="--show-defaults", needs=needs))


def _validate_provenance(args, config, corpus, documents: str) -> int:
    """`validate --documents`: the provenance rules only (engine.PROVENANCE_RULES), reported as check reports."""
    from reconcile import engine
    from reconcile.report import render

    _print_defaults(corpus, args.show_defaults)
    result = engine.run(corpus, config, documents, select=list(engine.PROVENANCE_RULES))
    fmt = args.format or "text"
    output.write_output(render(result, fmt, colour=_colour(fmt, args.output)), args.output)
    return _exit_code(result, args.fail_on, config)


def _print_defaults(corpus, show: bool) -> None:
    if not show:
        return
    for c in corpus.claims:
        if c.defaulted:
            taken = ", ".join(f"{k}={getattr(c, k, '')} ({origin})" for k, origin in c.defaulted.items())
            print(f"{c.file}:{c.line}: {c.id}: {taken}")


def _print_claim_counts(corpus) -> None:
    per_file: dict[str, int] = {}
    for c in corpus.claims:
        per_file[c.file] = per_file.get(c.file, 0) + 1
    for file, n in sorted(per_file.items()):
        print(f"{file}: {n} claims")
    print(f"valid: {len(corpus.claims)} claims from {len(corpus.sources)} sources ({corpus.claims_read} read).")


def cmd_check(args) -> int:
    from reconcile import engine
    from reconcile.report import render

    _selection(args)
    config = _config()
    engine_name = _engine(args, config)
    documents = _documents(args, config)
    corpus = _load(args.paths, config, documents)
    baseline, baseline_problems = _baseline(args, config)
    changed = _changed(args, corpus)
    refs = _references(args, config) if corpus.ok else None
    from reconcile.columnar import EngineError
    from reconcile.config import ConfigError

    try:
        result = engine.run(corpus, config, documents, baseline, changed, args.select, args.ignore, references=refs, engine_name=engine_name)
    except ConfigError as exc:
        raise _Unusable(str(exc)) from None
    except EngineError as exc:
        raise _Unusable(str(exc)) from None
    result.problems.extend(baseline_problems)

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    output.write_output(render(result, fmt, colour=_colour(fmt, args.output), verbose=args.verbose), args.output)
    _problems_to_stderr(result, fmt, args.output)
    _write_html(args, config, result, fmt)
    return _exit_code(result, args.fail_on, config)


def _engine(args, config) -> str:
    """The engine --engine or the configuration names (an unknown one is UNKNOWN_ENGINE, before anything is loaded)."""
    from reconcile.columnar import EngineError, check_name

    where = "--engine" if args.engine else f"engine in {config.path.name if config.path else 'the configuration'}"
    try:
        return check_name(args.engine or config.engine, where)
    except EngineError as exc:
        raise _Unusable(str(exc)) from None


def _colour(fmt: str, path: str | None) -> bool:
    return fmt == "text" and output.is_stdout(path) and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _exit_code(result, fail_on: str | None, config) -> int:
    """2 with problems; 1 with a finding not accepted at or above --fail-on (or the configured fail-on); else 0."""
    from reconcile.model import Severity

    if result.problems:
        return EXIT_UNUSABLE
    lowest = Severity.parse(fail_on) if fail_on else config.fail_on
    failing = [f for f in result.findings if not f.accepted and f.severity >= lowest]
    return EXIT_FINDINGS if failing else EXIT_OK


def _problems_to_stderr(result, fmt: str, path: str | None) -> None:
    """Problems must be seen whatever -o and --format are: unless the text output is on stdout (it lists them), say them on stderr."""
    if not result.problems or (fmt == "text" and output.is_stdout(path)):
        return
    for problem in result.problems:
        print(problem, file=sys.stderr)
    print(f"{len(result.problems)} problem(s): fix them first, the rules need valid claims.", file=sys.stderr)


def _baseline(args, config):
    """The baseline to compare with (None with --no-baseline or none configured), and the problems reading it."""
    from reconcile import engine

    path = None if args.no_baseline else (args.baseline or config.resolve(config.baseline))
    return engine.Baseline.read(Path(path)) if path else (None, [])


def _changed(args, corpus) -> set[str] | None:
    """With --changed-since, the claims an edit touched; otherwise None (every finding is reported)."""
    from reconcile import changes

    if not (args.changed_since and corpus.ok):
        return None
    unreadable: list[tuple[str, str]] = []
    try:
        changed = changes.changed_claims(corpus, args.changed_since, unreadable)
    except changes.ChangedSinceError as exc:
        raise _Unusable(str(exc)) from None
    for file, why in unreadable:
        print(f"reconcile: note: {file} at {args.changed_since} cannot be read ({why}): every claim in it counts as changed", file=sys.stderr)
    return changed


def _write_html(args, config, result, fmt: str) -> None:
    """Also write the HTML report (unless --no-html, or the output already is HTML, or the claims are unusable)."""
    from reconcile.report import render

    html_path = args.html or (config.resolve(config.report) if config.report else None)
    if fmt == "html" or args.no_html or not html_path or not result.usable:
        return
    html = render(result, "html")
    output.write_output(html, html_path)
    if fmt == "text" and not output.is_stdout(html_path):
        print(f"HTML report: {html_path} ({len(html.encode('utf-8')) / 1024:.0f} KB)", file=sys.stderr)


def cmd_baseline(args) -> int:
    from reconcile import engine

    selected = _selection(args)
    config = _config()
    documents = _documents(args, config)
    corpus = _load(args.paths, config, documents)
    if not corpus.ok:
        _print_problems(corpus)
        return EXIT_UNUSABLE
    path = Path(args.baseline or config.resolve(config.baseline) or "reconcile-baseline.yaml")
    baseline, found = engine.Baseline.read(path)
    # Entries without a reason are what this command helps fill in; an unreadable
    # baseline must not be overwritten and its examined reasons lost.
    unreadable = [p for p in found if p.code != problems.BASELINE_ENTRY_WITHOUT_REASON.code]
    if unreadable:
        for problem in unreadable:
            print(problem)
        return EXIT_UNUSABLE
    # Reasons already written survive even when an entry lacks one elsewhere.
    result = engine.run(corpus, config, documents, None, select=args.select, ignore=args.ignore, references=_references(args, config))
    if result.problems:  # a skip pattern too slow over its document: no rule ran, so nothing may be overwritten
        _print_problems(corpus, result.problems)
        return EXIT_UNUSABLE
    # Rules left out by --select/--ignore did not look: their accepted entries stay as they are.
    kept = _entries_outside(baseline, selected)
    missing = baseline.write([*result.findings, *kept], args.reason)
    print(f"wrote {len(result.findings)} accepted findings to {path}" + (f" (kept {len(kept)} of rules not run)" if kept else ""))
    if missing:
        print(f"{missing} entries have no reason yet: write what was examined for each before committing", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _entries_outside(baseline, selected: frozenset[str]) -> list:
    """Baseline entries of rules the selection leaves out, shaped as the findings Baseline.write takes."""
    from types import SimpleNamespace

    return [
        SimpleNamespace(fingerprint=fp, code=e.get("code"), subject=e.get("claims") or [], message=e.get("message") or "")
        for fp, e in baseline.entries.items()
        if e.get("code") in rule_registry.specs() and e.get("code") not in selected
    ]


def cmd_coverage(args) -> int:
    from reconcile.coverage import coverage, render_coverage, skip_spans
    from reconcile.documents import DocumentStore

    config = _config()
    documents = _documents(args, config)
    if documents is None:
        raise _Unusable(problems.DOCUMENTS_FOLDER_MISSING.says(variant="not-given"))
    corpus = _load(args.paths, config, documents)
    if not corpus.ok:
        _print_problems(corpus)
        return EXIT_UNUSABLE
    store = DocumentStore(documents)
    skips = skip_spans(corpus, store)
    if skips.problems:
        _print_problems(corpus, skips.problems)
        return EXIT_UNUSABLE
    reports = coverage(corpus, store, skips=skips)
    print(render_coverage(reports, show_all=args.all), end="")
    worst = min((r.percent for r in reports), default=100.0)
    return EXIT_OK if worst >= args.min else EXIT_FINDINGS


def cmd_draft(args) -> int:
    from reconcile.draft import draft

    path = Path(args.document)
    if not path.is_file():
        raise _Unusable(problems.PATH_NOT_FOUND.says(variant="document", path=args.document))
    text = draft(path, args.source_id)
    if args.against:
        return _draft_against(text, path, args)
    output.write_output(text, args.output)
    return EXIT_OK


def _draft_against(text: str, document: Path, args) -> int:
    """The accuracy table of the draft against a hand transcription, which must itself be a valid claim file."""
    from reconcile.draft.against import compare, render

    corpus = _load([args.against], _config())
    if not corpus.ok:
        _print_problems(corpus)
        return EXIT_UNUSABLE
    output.write_output(render(compare(text, Path(args.against), document), args.list), args.output)
    return EXIT_OK


def cmd_rule(args) -> int:
    from reconcile.rules import _docs

    if ptype := problems.find(args.code):
        return _explain_problem(ptype)
    module = rule_registry.find(args.code)
    if module is None:
        raise _Unusable(_unknown_code(args.code))
    sys.stdout.write(_docs.text(rule_registry.spec(module)))
    return EXIT_OK


def _explain_problem(ptype) -> int:
    sys.stdout.write(problems.explain(ptype))
    return EXIT_OK


def _unknown_code(code: str) -> str:
    """Neither a rule nor an input problem: say so, with the closest codes or names of both."""
    rules = rule_registry.all_rules()
    words = [*rules, *(m.NAME for m in rules.values()), *problems.CATALOGUE, *(t.name for t in problems.CATALOGUE.values())]
    close = problems.close_matches(code, words, n=3)
    guess = f" — did you mean {' or '.join(repr(c) for c in close)}?" if close else ""  # as every "did you mean" reads
    return (
        f"{problems.UNKNOWN_RULE.code} unknown rule {code!r}: no rule or input problem has this code or name{guess} "
        f"(rules: {', '.join(rules)}; input problems: `reconcile problems`)"
    )


def cmd_schema(args) -> int:
    from reconcile.jsonschema import render

    sys.stdout.write(render())
    return EXIT_OK


def cmd_rules(args) -> int:
    from reconcile.rules import _docs

    if args.markdown:
        sys.stdout.write(_docs.markdown())
        return EXIT_OK
    for code, spec in rule_registry.specs().items():
        print(f"{code}  {spec.name:<32} {spec.default_severity!s:<8} {spec.summary}")
    return EXIT_OK


def cmd_problems(args) -> int:
    for code, ptype in problems.CATALOGUE.items():
        print(f"{code}  {ptype.name:<32} {ptype.title}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
