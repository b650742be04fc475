"""Provenance and coverage against small documents of our own: quotes, lines, numbers, hashes, gaps.

Every test starts from a claim file that transcribes DOCUMENT correctly (no
finding, 100 % coverage) and breaks one thing.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from conftest import sha256_text
from reconcile import engine, loader
from reconcile.config import Config
from reconcile.coverage import coverage, render_coverage
from reconcile.documents import Document, DocumentStore, normalize, numbers_in
from reconcile.provenance import Provenance

DOCUMENT = """\
US Trade Report 2024, by Example Wire 24/7
1. China: –$295.4 billion
2. Mexico: –$171.8 billion
Germany ran a trade deficit of $84.8 billion with the U.S.
Imports from Libya reached $425.3 million.
A 90-day pause was agreed in 2025.
The U.S. imported $22 billion worth of German vehicles.
"""

SKIPS = """\
skip:
  - pattern: '\\b20\\d\\d\\b'
    reason: "calendar years are periods, not figures"
  - pattern: '^\\d+\\.'
    reason: "list numbering"
  - line: 1
    text: "24/7"
    reason: "part of the publisher's name"
  - line: 6
    text: "90-day"
    reason: "a negotiation window, not a trade figure"
"""

CLAIMS = {
    "china": ('{id: ex-china, subject: China, metric: goods_balance, period: "2024", value: -295.4, '
              'quote: "1. China: –$295.4 billion", line: 2}'),
    "mexico": ('{id: ex-mexico, subject: Mexico, metric: goods_balance, period: "2024", value: -171.8, '
               'quote: "2. Mexico: –$171.8 billion", line: 3}'),
    "germany": ('{id: ex-germany, subject: Germany, metric: goods_balance, period: "2024", value: -84.8, '
                'quote: "a trade deficit of $84.8 billion", line: 4}'),
    "libya": ('{id: ex-libya, subject: Libya, metric: goods_imports, period: "2024", value: 425.3, scale: million, '
              'quote: "Imports from Libya reached $425.3 million", line: 5}'),
    "vehicles": ('{id: ex-vehicles, subject: Germany, metric: goods_imports, product: vehicles, period: "2024", value: 22, '
                 'quote: "$22 billion worth of German vehicles", line: 7}'),
}  # fmt: skip


def claim_file(claims: dict[str, str], *, document: str = "trade.txt", sha256: str | None = None, skips: str = SKIPS) -> str:
    sha = sha256 or sha256_text(DOCUMENT)
    head = (
        "source:\n  id: example\n  title: \"US Trade Report 2024\"\n  publisher: \"Example Wire\"\n"
        f"  document: {document}\n  sha256: \"{sha}\"\n  lineage: [census]\n"
        "defaults:\n  unit: USD\n  scale: billion\n"
    )
    return head + skips + "claims:\n" + "".join(f"  - {c}\n" for c in claims.values())


@pytest.fixture
def folder(tmp_path):
    """Write claims and documents; return (claims dir, documents dir)."""
    claims_dir, docs_dir = tmp_path / "claims", tmp_path / "documents"
    claims_dir.mkdir()
    docs_dir.mkdir()
    (docs_dir / "trade.txt").write_text(DOCUMENT, encoding="utf-8")

    def make(claims: dict[str, str] | None = None, **kw):
        text = claim_file(dict(CLAIMS if claims is None else claims), **kw)
        (claims_dir / "example.yaml").write_text(text, encoding="utf-8")
        return claims_dir, docs_dir

    return make


PROVENANCE = ("RC101", "RC102", "RC103", "RC104", "RC105")  # RC106 (coverage) is tested on its own below


def findings(claims_dir, docs_dir, codes=PROVENANCE):
    corpus = loader.load([str(claims_dir)])
    assert corpus.problems == [], corpus.problems
    result = engine.run(corpus, Config(), documents=str(docs_dir), select=list(codes))
    return result.findings


def only(found, code):
    hits = [f for f in found if f.code == code]
    others = [f"{f.code}: {f.message}" for f in found if f.code != code]
    assert len(hits) == 1 and not others, f"expected one {code}; got {[f.message for f in hits]} and {others}"
    return hits[0]


def with_claim(key: str, **changes) -> dict[str, str]:
    """CLAIMS with one claim's flow mapping edited: changes are {yaml key: new yaml text}."""
    claims = dict(CLAIMS)
    text = claims[key]
    for k, v in changes.items():
        start = text.index(f" {k}: ") + len(k) + 3
        end = _end_of_value(text, start)
        text = text[:start] + v + text[end:]
    claims[key] = text
    return claims


def _end_of_value(text: str, start: int) -> int:
    if text[start] == '"':
        return text.index('"', start + 1) + 1
    return min(i for i in (text.find(",", start), text.find("}", start)) if i >= 0)


# --- the correct transcription ----------------------------------------------------------


def test_a_faithful_transcription_has_no_provenance_finding_and_full_coverage(folder, cli):
    claims_dir, docs_dir = folder()
    assert findings(claims_dir, docs_dir, codes=(*PROVENANCE, "RC106")) == []
    result = cli("coverage", claims_dir, "--documents", docs_dir)
    assert result.code == 0, result.text
    assert "100.0% of" in result.out and "0 not transcribed" in result.out
    result = cli("check", claims_dir, "--documents", docs_dir, "--no-html", "--no-baseline", "--select", "RC101",
                 "--select", "RC102", "--select", "RC103", "--select", "RC104", "--select", "RC105", "--select", "RC106")
    assert result.code == 0, result.text


# --- RC101 - RC103: quote, line, number ---------------------------------------------------------


def test_quote_not_in_document(folder):
    f = only(findings(*folder(with_claim("china", quote='"1. China: –$259.4 billion"'))), "RC101")
    assert f.claims == ["ex-china"] and "trade.txt" in f.message and f.cause.label == "transcription"


def test_quote_paraphrased(folder):
    f = only(findings(*folder(with_claim("germany", quote='"Germany had a deficit of $84.8 billion"'))), "RC101")
    assert f.claims == ["ex-germany"]


def test_quote_at_the_wrong_line(folder):
    f = only(findings(*folder(with_claim("mexico", line="13"))), "RC102")
    assert f.claims == ["ex-mexico"]
    assert "line 3" in f.message and "not line 13" in f.message
    assert f.details["found_line"] == 3


def test_number_differs_from_value(folder):
    f = only(findings(*folder(with_claim("mexico", value="-178.1"))), "RC103")
    assert f.claims == ["ex-mexico"]
    assert "171.8" in f.message and "-178.1" in f.message
    assert f.cause.label == "transcription"


def test_dropped_minus_sign_with_deficit_in_the_quote(folder):
    f = only(findings(*folder(with_claim("germany", value="84.8"))), "RC103")
    assert f.claims == ["ex-germany"]
    assert "deficit" in f.message and f.cause.label == "sign"


def test_minus_sign_in_the_quote_and_a_positive_value(folder):
    f = only(findings(*folder(with_claim("china", value="295.4"))), "RC103")
    assert f.cause.label == "sign" and "minus sign" in f.message


def test_million_read_as_billion(folder):
    claims = dict(CLAIMS)
    claims["libya"] = claims["libya"].replace(" scale: million,", "")  # the default scale, billion
    f = only(findings(*folder(claims)), "RC103")
    assert f.claims == ["ex-libya"]
    assert "million" in f.message and "billion" in f.message
    assert f.cause.label == "scale-slip"


def test_billion_written_as_thousand_times_the_number(folder):
    f = only(findings(*folder(with_claim("libya", value="425300", scale="thousand"))), "RC103")
    assert f.cause.label == "scale-slip"


# --- RC104, RC105: the document files ---------------------------------------------------------------


def test_changed_document_is_a_sha256_mismatch(folder):
    claims_dir, docs_dir = folder()
    assert findings(claims_dir, docs_dir) == []
    with open(docs_dir / "trade.txt", "a", encoding="utf-8") as f:
        f.write("Correction: figures revised.\n")
    found = findings(claims_dir, docs_dir, codes=("RC104",))
    f = only(found, "RC104")
    assert f.claims == [] and f.cause.label == "revision"
    assert sha256_text(DOCUMENT)[:12] in f.message
    assert f.details["actual_sha256"] == sha256_text(DOCUMENT + "Correction: figures revised.\n")
    text = (claims_dir / "example.yaml").read_text(encoding="utf-8")
    sha_line = [n for n, line in enumerate(text.splitlines(), 1) if "sha256:" in line][0]
    assert (f.location.file, f.location.line) == (str(claims_dir / "example.yaml"), sha_line)


def test_a_byte_changed_in_a_line_nobody_quotes_still_counts(folder):
    claims_dir, docs_dir = folder()
    (docs_dir / "trade.txt").write_text(DOCUMENT.replace("Example Wire", "Example  Wire"), encoding="utf-8")
    only(findings(claims_dir, docs_dir), "RC104")


def test_missing_document(folder):
    claims_dir, docs_dir = folder(document="renamed.txt")
    found = findings(claims_dir, docs_dir)
    f = only(found, "RC105")
    assert "renamed.txt" in f.message and str(docs_dir) in f.message
    text = (claims_dir / "example.yaml").read_text(encoding="utf-8")
    doc_line = [n for n, line in enumerate(text.splitlines(), 1) if "document:" in line][0]
    assert f.location.line == doc_line
    # Its claims cannot be verified, and are not reported as quotes missing from a document.
    assert not [x for x in found if x.code in ("RC101", "RC102", "RC103")]


def test_documents_folder_that_does_not_exist(folder, cli, tmp_path):
    claims_dir, _ = folder()
    missing = tmp_path / "no-such-folder"
    for command in (["check", claims_dir, "--no-html", "--no-baseline"], ["coverage", claims_dir], ["baseline", claims_dir]):
        result = cli(*command, "--documents", missing)
        assert result.code == 2, (command, result.text)
        assert f"documents folder {missing} does not exist" in result.err, result.err


def test_coverage_without_documents_is_a_usage_error(folder, cli):
    claims_dir, _ = folder()
    result = cli("coverage", claims_dir)  # no --documents and no configuration in the working directory
    assert result.code == 2 and "--documents" in result.err


def test_check_without_documents_skips_provenance_rules(folder, cli):
    claims_dir, _ = folder(with_claim("china", quote='"nowhere"'))
    result = cli("check", claims_dir, "--no-html", "--no-baseline", "--format", "json")
    data = json.loads(result.out)
    assert not [f for f in data["findings"] if f["code"].startswith("RC1")]


# --- coverage -------------------------------------------------------------------------------------------


def test_untranscribed_number_shows_and_coverage_fails(folder, cli):
    claims = dict(CLAIMS)
    del claims["vehicles"]
    claims_dir, docs_dir = folder(claims)
    result = cli("coverage", claims_dir, "--documents", docs_dir)
    assert result.code == 1, result.text
    assert "trade.txt:7: '$22 billion' not transcribed" in result.out
    assert "1 not transcribed" in result.out
    f = only(findings(claims_dir, docs_dir, codes=(*PROVENANCE, "RC106")), "RC106")
    assert "line 7" in f.message and "$22 billion" in f.message
    # --min lowers the bar
    assert cli("coverage", claims_dir, "--documents", docs_dir, "--min", "90").code == 0


def test_pattern_and_text_skips_cover_their_numbers(folder):
    claims_dir, docs_dir = folder()
    corpus = loader.load([str(claims_dir)])
    (report,) = coverage(corpus, str(docs_dir))
    status = {(n.token.line, n.token.text.strip()): n for n in report.numbers}
    assert status[(1, "2024")].skip_reason == "calendar years are periods, not figures"  # pattern
    assert status[(6, "2025")].skip_reason == "calendar years are periods, not figures"  # pattern, another line
    assert status[(1, "24")].skip_reason == "part of the publisher's name"  # text
    assert status[(6, "90")].skip_reason == "a negotiation window, not a trade figure"  # text
    assert status[(2, "1")].skip_reason == "list numbering"
    assert status[(2, "–$295.4 billion")].claims == ["ex-china"]
    assert status[(5, "$425.3 million")].claims == ["ex-libya"]
    assert report.percent == 100.0 and report.gaps == []
    listing = render_coverage([report], show_all=True)
    assert "trade.txt:6: '90' skipped: a negotiation window, not a trade figure" in listing
    assert "trade.txt:2: '–$295.4 billion' -> ex-china" in listing


def test_without_skips_years_and_numbering_are_gaps(folder, cli):
    claims_dir, docs_dir = folder(skips="")
    result = cli("coverage", claims_dir, "--documents", docs_dir)
    assert result.code == 1
    for gap in ("trade.txt:1: '2024' not transcribed", "trade.txt:1: '24' not transcribed", "trade.txt:6: '90' not transcribed",
                "trade.txt:6: '2025' not transcribed", "trade.txt:2: '1' not transcribed"):
        assert gap in result.out


def test_a_text_skip_only_covers_its_own_line(folder):
    claims_dir, docs_dir = folder(skips=SKIPS.replace("line: 6", "line: 5"))
    corpus = loader.load([str(claims_dir)])
    (report,) = coverage(corpus, str(docs_dir))
    assert [(g.token.line, g.token.text) for g in report.gaps] == [(6, "90")]


def test_a_claim_with_a_wrong_value_does_not_cover_the_number(folder):
    claims_dir, docs_dir = folder(with_claim("mexico", value="-178.1"))
    corpus = loader.load([str(claims_dir)])
    (report,) = coverage(corpus, str(docs_dir))
    assert [(g.token.line, g.token.text.strip()) for g in report.gaps] == [(3, "–$171.8 billion")]


def test_coverage_of_a_missing_document(folder, cli):
    claims_dir, docs_dir = folder(document="renamed.txt")
    corpus = loader.load([str(claims_dir)])
    (report,) = coverage(corpus, str(docs_dir))
    assert report.missing_document and report.percent == 0.0
    result = cli("coverage", claims_dir, "--documents", docs_dir)
    assert result.code == 1 and "document renamed.txt not found" in result.out


# --- the pieces underneath ---------------------------------------------------------------------------------


def test_normalize_typography():
    assert normalize("–$295.4\u00a0billion") == "-$295.4 billion"
    assert normalize("“historic”  deficit — the publisher’s") == '"historic" deficit - the publisher\'s'
    assert normalize("  a \t b\n") == "a b"


def test_document_find_prefers_the_stated_line():
    doc = Document("d.txt", None, b"Deficit: $918 billion\nx\nDeficit: $918 billion\n")
    assert doc.find("Deficit: $918 billion", 3)[0] == 3
    assert doc.find("Deficit: $918 billion", 1)[0] == 1
    assert doc.find("Deficit: $918 billion", 99)[0] == 1
    assert doc.find("deficit: $918 billion") is None  # case matters: quotes are verbatim
    assert doc.find("   ") is None
    line, start, end = Document("d.txt", None, "ab  –$5  billion cd".encode()).find("-$5 billion")
    assert (line, start, end) == (1, 4, 16)


def test_numbers_in_text():
    tokens = {t.text.strip(): t for t in numbers_in("1. China — $295B Deficit; –$1.2 trillion; 24.7%; 1,058,000 cars; 24/7; Ben1183; the 2010s")}
    assert tokens["$295B"].scale == "billion" and tokens["$295B"].currency and tokens["$295B"].magnitude == Decimal("295")
    assert tokens["–$1.2 trillion"].sign == "-" and tokens["–$1.2 trillion"].signed == Decimal("-1.2")
    assert tokens["24.7%"].percent
    assert tokens["1,058,000"].magnitude == Decimal("1058000")
    assert "24" in tokens and "7" not in tokens  # 24/7: the 7 is glued to the 24
    assert "1183" not in tokens  # glued to a word
    assert "2010s" in tokens


def test_provenance_records_where_each_quote_is(folder):
    claims_dir, docs_dir = folder(with_claim("mexico", line="13"))
    corpus = loader.load([str(claims_dir)])
    prov = Provenance(corpus, DocumentStore(docs_dir))
    q = prov.quotes["ex-mexico"]
    assert q.found_line == 3 and q.matched is not None and q.matched.signed == Decimal("-171.8")
    assert prov.sources["example"].exists and prov.sources["example"].sha256_actual == sha256_text(DOCUMENT)


def test_lines_are_counted_as_editors_and_grep_count_them(tmp_path):
    """Only a newline ends a line: a form feed or U+2028 inside a line (common in scraped text) does not.

    `line:` sends the reader to the line an editor or `grep -n` shows; str.splitlines() would also
    break at \\x0c, \\x1c-\\x1e, \\x85, \\u2028 and \\u2029, and shift every later line.
    """
    text = "Title\nIntro\u2028continued\x0c and a page break\n1. China: –$295.4 billion\n"
    doc = Document("d.txt", None, text.encode("utf-8"))
    grep_line = text.split("\n").index("1. China: –$295.4 billion") + 1
    assert grep_line == 3
    assert len(doc.lines) == 3
    assert doc.line(3) == "1. China: –$295.4 billion"
    assert doc.find("1. China: –$295.4 billion")[0] == 3
    assert [t.line for t in doc.tokens() if t.text.strip() == "–$295.4 billion"] == [3]
