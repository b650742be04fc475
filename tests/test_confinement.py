"""Confinement: a claim file can make reconcile read only documents inside the documents folder, and a
claims folder only what lies inside the paths given; a refused file is never read, hashed or quoted.

Each attack puts a secret beside the project ("hunter2", "7713.9 billion"): if any of it were read, its
number would surface in an RC106 finding, an RC104 hash, a coverage line or an unknown-key problem. The
tests assert the problem (code, file:line, exit 2) and that the secret is in no output at all.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import run_cli, sha256_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile import problems as P
from reconcile.documents import DocumentOutsideFolder, DocumentStore, document_name_fault, is_inside, real_path
from reconcile.loader import load

# The issue's reproduction used 35.4 billion, but that is the README's and RC201's own example figure (the SARIF
# output carries the rule docs): a number no documentation states makes a leak unmistakable.
SECRET = "SECRET=hunter2 value 7713.9 billion\n"
LEAKS = ("hunter2", "7713.9")
DOC = "Germany: the goods deficit was 85 billion in 2024.\n"
DOCUMENT_LINE = 5  # the line of `document:` in CLAIM

CLAIM = """\
source:
  id: {sid}
  title: "{title}"
  publisher: Publisher
  document: {document}
  sha256: "{sha}"
  lineage: [census]
defaults: {{unit: USD, scale: billion}}
claims:
  - id: {sid}-germany
    subject: Germany
    metric: goods_balance
    period: "2024"
    value: {value}
    quote: "{quote}"
    line: 1
    note: "{note}"
"""


def claim_file(document: str, sid: str = "alpha", value: str = "-85", title: str = "Alpha",
               quote: str = "the goods deficit was 85 billion", note: str = "as published") -> str:  # fmt: skip
    dumped = yaml.safe_dump(document, default_style='"', width=10**9).split("\n")[0]  # one line, every character escaped
    return CLAIM.format(sid=sid, document=dumped, sha=sha256_text(DOC), value=value, title=title, quote=quote, note=note)


@pytest.fixture
def project(tmp_path) -> Path:
    """tmp/{docs/ok.txt, claims/, private/{secret.txt, notes.yaml, claims/beta.yaml}}; the CLI runs in tmp."""
    private = tmp_path / "private"
    (private / "claims").mkdir(parents=True)
    (private / "secret.txt").write_text(SECRET, encoding="utf-8")
    # A YAML file elsewhere whose keys would be quoted back by an unknown-key problem if it were read.
    (private / "notes.yaml").write_text("SECRET_hunter2: 7713.9\n", encoding="utf-8")
    (private / "claims" / "beta.yaml").write_text(claim_file("ok.txt", sid="beta"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ok.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "claims").mkdir()
    return tmp_path


def write_claims(project: Path, document: str = "ok.txt") -> None:
    (project / "claims" / "alpha.yaml").write_text(claim_file(document), encoding="utf-8")


# Each attack: set the project up, return (file, line, problem type) of the problem it must raise.
def relative_climb(p):
    write_claims(p, "../private/secret.txt")
    return "claims/alpha.yaml", DOCUMENT_LINE, P.DOCUMENT_OUTSIDE_FOLDER


def climb_through_a_folder(p):
    write_claims(p, "ok/../../private/secret.txt")
    return "claims/alpha.yaml", DOCUMENT_LINE, P.DOCUMENT_OUTSIDE_FOLDER


def absolute_path(p):
    write_claims(p, str(p / "private" / "secret.txt"))
    return "claims/alpha.yaml", DOCUMENT_LINE, P.DOCUMENT_OUTSIDE_FOLDER


def symlinked_document(p):
    os.symlink("../private/secret.txt", p / "docs" / "report.txt")
    write_claims(p, "report.txt")
    return "claims/alpha.yaml", DOCUMENT_LINE, P.DOCUMENT_LINK_OUTSIDE_FOLDER


def document_under_a_symlinked_folder(p):
    os.symlink("../private", p / "docs" / "archive")
    write_claims(p, "archive/secret.txt")
    return "claims/alpha.yaml", DOCUMENT_LINE, P.DOCUMENT_LINK_OUTSIDE_FOLDER


def symlinked_claim_file(p):
    write_claims(p)
    os.symlink("../private/notes.yaml", p / "claims" / "notes.yaml")
    return "claims/notes.yaml", 1, P.CLAIM_LINK_OUTSIDE_PATHS


def symlinked_claim_folder(p):
    write_claims(p)
    os.symlink("../private", p / "claims" / "more")
    return "claims/more", 1, P.CLAIM_LINK_OUTSIDE_PATHS


ATTACKS = [relative_climb, climb_through_a_folder, absolute_path, symlinked_document, document_under_a_symlinked_folder,
           symlinked_claim_file, symlinked_claim_folder]  # fmt: skip
NEEDS_DOCUMENTS = {symlinked_document, document_under_a_symlinked_folder}  # only a run with the documents can see these


def assert_no_leak(project: Path, *outputs: str) -> None:
    """The secret is in no output, and in no file the run wrote (reports, -o files, baselines)."""
    for text in outputs:
        for leak in LEAKS:
            assert leak not in text, text
    for path in project.rglob("*"):
        if "private" in path.relative_to(project).parts or path.is_symlink() or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for leak in LEAKS:
            assert leak not in text, f"{path} holds {leak!r}"


def where(file: str, line: int, ptype) -> str:
    return f"{file}:{line}: {ptype.code}"


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.__name__ for a in ATTACKS])
def test_check_in_text_refuses_and_reads_nothing(project, attack):
    file, line, ptype = attack(project)
    result = run_cli(["check", "claims", "--documents", "docs", "--html", "report.html"], cwd=project)
    assert result.code == 2, result.text
    assert where(file, line, ptype) in result.out
    assert not (project / "report.html").exists()  # unusable claims write no report
    assert_no_leak(project, result.out, result.err)


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.__name__ for a in ATTACKS])
def test_check_in_json_sarif_junit_github_and_html_refuses(project, attack):
    file, line, ptype = attack(project)
    outputs = []
    for fmt in ("json", "sarif", "junit", "github", "html"):
        out = project / f"out.{fmt}"
        result = run_cli(["check", "claims", "--documents", "docs", "--format", fmt, "-o", out, "--html", "report.html"], cwd=project)
        assert result.code == 2, (fmt, result.text)
        outputs += [result.out, result.err, out.read_text(encoding="utf-8")]
    problems = json.loads((project / "out.json").read_text(encoding="utf-8"))["problems"]
    assert [(p["file"], p["line"], p["code"]) for p in problems] == [(file, line, ptype.code)]
    sarif = json.loads((project / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    [hit] = [r for r in sarif if r["ruleId"] == ptype.code]
    physical = hit["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith(file) and physical["region"]["startLine"] == line
    assert f"file={file},line={line},title={ptype.code}" in (project / "out.github").read_text(encoding="utf-8")
    assert ptype.code in (project / "out.html").read_text(encoding="utf-8")
    assert_no_leak(project, *outputs)


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.__name__ for a in ATTACKS])
def test_coverage_refuses_and_lists_no_number_of_the_secret(project, attack):
    file, line, ptype = attack(project)
    result = run_cli(["coverage", "claims", "--documents", "docs", "--all"], cwd=project)
    assert result.code == 2, result.text
    assert where(file, line, ptype) in result.out
    assert_no_leak(project, result.out, result.err)


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.__name__ for a in ATTACKS])
def test_baseline_and_validate_refuse_too(project, attack):
    file, line, ptype = attack(project)
    baseline = run_cli(["baseline", "claims", "--documents", "docs", "--baseline", "accepted.yaml", "--reason", "r"], cwd=project)
    assert baseline.code == 2 and where(file, line, ptype) in baseline.out, baseline.text
    assert not (project / "accepted.yaml").exists()
    validate = run_cli(["validate", "claims"], cwd=project)  # schemas only: it never opens a document
    if attack in NEEDS_DOCUMENTS:
        assert validate.code == 0, validate.text
    else:
        assert validate.code == 2 and where(file, line, ptype) in validate.out, validate.text
    assert_no_leak(project, baseline.out, baseline.err, validate.out, validate.err)


def test_the_messages_name_the_link_and_where_it_points(project):
    symlinked_document(project)
    result = run_cli(["check", "claims", "--documents", "docs", "--no-html"], cwd=project)
    secret = real_path(project / "private" / "secret.txt")
    assert f"document 'report.txt' resolves outside the documents folder, to {secret}" in result.out
    os.symlink("../private", project / "claims" / "more")
    result = run_cli(["check", "claims", "--documents", "docs", "--no-html"], cwd=project)
    assert f"claims/more is a symbolic link to {real_path(project / 'private')}, outside the paths given" in result.out
    climbing = run_cli(["validate", "claims/more/claims/beta.yaml"], cwd=project)  # named on the command line: read
    assert climbing.code == 0, climbing.text


# --- what stays allowed ------------------------------------------------------------------------------


def test_links_that_stay_inside_are_followed(project):
    write_claims(project, "same.txt")
    os.symlink("ok.txt", project / "docs" / "same.txt")  # a document linked to another inside the folder
    os.symlink("docs", project / "linked-docs")  # the folder given is the user's choice, link or not
    result = run_cli(["check", "claims", "--documents", "linked-docs", "--no-html", "--format", "json"], cwd=project)
    assert result.code == 0, result.text
    assert json.loads(result.out)["summary"]["claims"] == 1


def test_a_file_named_on_the_command_line_is_read_even_through_a_link(project):
    write_claims(project)
    os.symlink("../private/claims/beta.yaml", project / "claims" / "beta.yaml")
    refused = run_cli(["validate", "claims"], cwd=project)
    assert refused.code == 2 and where("claims/beta.yaml", 1, P.CLAIM_LINK_OUTSIDE_PATHS) in refused.out
    for argv in (["claims", "claims/beta.yaml"], ["claims", "private/claims"]):  # named, or its folder given too
        result = run_cli(["validate", *argv], cwd=project)
        assert result.code == 0, result.text
        assert "valid: 2 claims from 2 sources" in result.out


def test_link_loops_end_and_each_file_is_read_once(project):
    write_claims(project)
    os.symlink(".", project / "claims" / "again")  # a loop inside the folder: walked once
    os.symlink("loop.yaml", project / "claims" / "loop.yaml")  # a link to itself
    os.symlink("gone.yaml", project / "claims" / "gone.yaml.yml")  # a dangling link
    result = run_cli(["validate", "claims"], cwd=project)
    assert result.code == 2, result.text
    lines = [line for line in result.out.splitlines() if P.CLAIM_LINK_OUTSIDE_PATHS.code in line]
    assert [line.split(":")[0] for line in lines] == ["claims/gone.yaml.yml", "claims/loop.yaml"]
    assert all("cannot be followed" in line for line in lines)
    assert P.DUPLICATE_ID.code not in result.out  # alpha.yaml, also reachable as again/alpha.yaml, is read once
    (project / "claims" / "loop.yaml").unlink()
    (project / "claims" / "gone.yaml.yml").unlink()
    assert run_cli(["validate", "claims"], cwd=project).code == 0


def test_the_store_never_reads_a_refused_document(project):
    os.symlink("../private/secret.txt", project / "docs" / "report.txt")
    store = DocumentStore(project / "docs")
    for name in ("../private/secret.txt", str(project / "private" / "secret.txt"), "report.txt", "", "."):
        with pytest.raises(DocumentOutsideFolder) as refused:
            store.get(name)
        assert not any(leak in str(refused.value) for leak in LEAKS)
    assert store.get("ok.txt").raw == DOC.encode() and store.get("missing.txt") is None


# --- the configuration is trusted, and its paths are relative to it ----------------------------------


def test_configured_documents_resolve_relative_to_the_configuration_file(project):
    write_claims(project)
    (project / "pyproject.toml").write_text('[tool.reconcile]\ndocuments = "docs"\nreport = false\n', encoding="utf-8")
    result = run_cli(["coverage", "."], cwd=project / "claims")  # run from a sub-folder: docs is still ../docs
    assert result.code == 1, result.text  # 2024 is not transcribed
    assert "ok.txt (alpha): 50.0% of 2 numbers covered" in result.out


def test_configured_documents_that_is_a_file_is_refused_cleanly(project):
    write_claims(project)
    (project / "pyproject.toml").write_text('[tool.reconcile]\ndocuments = "docs/ok.txt"\n', encoding="utf-8")
    result = run_cli(["check", "claims"], cwd=project)
    assert result.code == 2
    message, _ = P.DOCUMENTS_FOLDER_MISSING.fill(variant="not-a-folder", folder=str(project / "docs" / "ok.txt"),
                                                 origin=f"documents in {project / 'pyproject.toml'}")  # fmt: skip
    assert result.err == f"reconcile: {P.DOCUMENTS_FOLDER_MISSING.code} {message}\n"


# --- git: the only program run ------------------------------------------------------------------------


def git(cwd, *args):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.mark.parametrize("ref", ["-h", "--output=x", "--output={tmp}/x", "-", "--end-of-options", "HEAD --output=x"])
def test_changed_since_that_looks_like_an_option_is_refused_and_writes_nothing(project, ref):
    write_claims(project)
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "claims")
    ref = ref.format(tmp=project)
    before = sorted(p for p in project.rglob("*") if ".git" not in p.parts)
    argv = ["check", "claims", "--documents", "docs", "--format", "json", "-o", "out.json", "--html", "report.html",
            f"--changed-since={ref}"]  # fmt: skip
    result = run_cli(argv, cwd=project)
    assert result.code == 2, result.text
    assert result.err == f"reconcile: {P.NOT_A_REVISION.says(revision=ref)}\n"
    assert sorted(p for p in project.rglob("*") if ".git" not in p.parts) == before  # no x, no out.json, no report


def test_changed_since_outside_a_git_repository(project):
    write_claims(project)
    result = run_cli(["check", "claims", "--no-html", "--changed-since", "HEAD"], cwd=project)
    assert result.code == 2
    expected = P.CHANGED_SINCE_UNAVAILABLE.says(revision="HEAD", file=str(real_path(project / "claims" / "alpha.yaml")))
    assert result.err == f"reconcile: {expected}\n"


# --- the HTML report escapes every piece of claim text -------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_html_report_escapes_script_in_title_quote_and_note(project):
    (project / "claims" / "alpha.yaml").write_text(
        claim_file("ok.txt", title=f"Alpha {SCRIPT}", quote=f"deficit {SCRIPT} 85 billion", note=f"note {SCRIPT}"), encoding="utf-8"
    )
    (project / "claims" / "beta.yaml").write_text(claim_file("ok.txt", sid="beta", value="-35"), encoding="utf-8")
    result = run_cli(["check", "claims", "--html", "report.html"], cwd=project)  # no documents: RC201 between the two
    assert result.code == 1, result.text
    html = (project / "report.html").read_text(encoding="utf-8")
    assert SCRIPT not in html
    assert f"Alpha {ESCAPED}" in html and f'<span class="note">note {ESCAPED}</span>' in html
    assert f"deficit {ESCAPED} <mark>85</mark> billion" in html
    # the report's own two script elements (its data, its code), nothing else
    assert html.count("<script") == 2 and html.count('<script type="application/json" id="report-data">') == 1


def test_html_templates_autoescape():
    from reconcile.report import html_format

    env = html_format._env()
    assert env.autoescape("report.html.j2") is True
    assert env.from_string("{{ x }}").render(x=SCRIPT) == ESCAPED


# --- any document: name, accepted inside the folder or refused, never a traceback --------------------------

COMPONENTS = ["..", ".", "", "ok.txt", "sub", "out", "link.txt", "secret.txt", "C:", "c:\\x", "\\", "\x00", "\n", "\u202e", " ", "~"]
NAMES = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(COMPONENTS), min_size=1, max_size=5).map("/".join),
    st.lists(st.sampled_from(COMPONENTS), min_size=1, max_size=5).map(lambda parts: "/" + "/".join(parts)),
)


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    """docs/{ok.txt, sub/ok.txt, link.txt -> ../secret.txt, out -> ..} beside secret.txt."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "docs" / "sub").mkdir(parents=True)
    (root / "claims").mkdir()
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "docs" / "ok.txt").write_text(DOC, encoding="utf-8")
    (root / "docs" / "sub" / "ok.txt").write_text(DOC, encoding="utf-8")
    os.symlink("../secret.txt", root / "docs" / "link.txt")
    os.symlink("..", root / "docs" / "out")
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_any_document_name_is_inside_the_folder_or_refused(hostile_folder, name):
    claims = hostile_folder / "claims" / "a.yaml"
    claims.write_text(claim_file(name), encoding="utf-8")
    corpus = load([str(claims)], documents=hostile_folder / "docs")
    at_document = {p.code for p in corpus.problems if (p.location.file, p.location.line) == (str(claims), DOCUMENT_LINE)}
    store = DocumentStore(hostile_folder / "docs")
    if not name.strip():
        assert at_document == {P.REQUIRED_KEY_MISSING.code}, corpus.problems
    elif document_name_fault(name):
        assert at_document == {P.DOCUMENT_OUTSIDE_FOLDER.code}, (name, corpus.problems)
        with pytest.raises(DocumentOutsideFolder):
            store.get(name)
    else:
        try:
            located = store.locate(name)
        except DocumentOutsideFolder:
            assert at_document == {P.DOCUMENT_LINK_OUTSIDE_FOLDER.code}, (name, corpus.problems)
        else:
            assert corpus.ok, (name, corpus.problems)
            assert is_inside(located, real_path(hostile_folder / "docs")) and located != real_path(hostile_folder / "docs")
            document = store.get(name)
            assert document is None or not any(leak.encode() in document.raw for leak in LEAKS)
