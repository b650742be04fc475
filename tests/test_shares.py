"""Shares (kind: share, of:) and residual scopes (excluding:) in the claim format: loaded, refused, documented.

The rules that check them have their cases in tests/rules/RC307.yaml, RC308.yaml,
RC309.yaml (and RC201.yaml for shares compared across sources).
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

import test_loader as base
from reconcile.claim import FigureRef
from reconcile.jsonschema import claim_file_schema
from reconcile.loader import load

MEXICO = "  - id: a-mexico-2024\n"
DOC = Path(__file__).resolve().parents[1] / "docs" / "claim-format.md"


def _with_claim(claim: str) -> str:
    """BASE with one more claim (its lines indented as under claims:) before Mexico's."""
    return base.edit(MEXICO, claim + MEXICO)


def _loaded(write, text: str):
    corpus = load([str(write("claims/a.yaml", text))])
    assert corpus.problems == [], "\n".join(map(str, corpus.problems))
    return corpus


# --- what a share and a residual become ----------------------------------------------------------------

SHARE = """\
  - id: a-canada-share
    kind: share
    subject: Canada
    metric: goods_exports
    period: "2024"
    of: {subject: World}
    value: 17.5
    quote: "Canada took 17.5%"
    line: 4
"""


def test_a_share_names_its_total_as_a_figure_and_defaults_to_percent(write):
    share = _loaded(write, _with_claim(SHARE)).claim("a-canada-share")
    assert share.of == FigureRef("WORLD", "World", "goods_exports", "2024", "")
    assert (share.subject, share.metric, share.product, share.unit, share.scale) == ("CAN", "goods_exports", "", "percent", "one")
    assert (share.lo, share.hi) == pytest.approx((17.45, 17.55))
    assert share.share_of == "share of WORLD goods_exports 2024 all goods"
    assert share.to_record()["of"] == {"subject": "WORLD", "metric": "goods_exports", "period": "2024", "product": ""}


def test_of_takes_what_it_names_and_a_group_share_keeps_its_parts(write):
    text = _with_claim(
        "  - {id: a-three, kind: share, parts: [Canada, Mexico, China], metric: goods_exports, period: '2024',\n"
        "     of: {subject: World, metric: gs_exports, period: 2023, product: vehicles}, value: 31.8, quote: q, line: 4}\n"
    )
    three = _loaded(write, text).claim("a-three")
    assert three.parts == ("CAN", "MEX", "CHN") and three.subject is None
    assert three.of == FigureRef("WORLD", "World", "gs_exports", "2023", "vehicles")
    assert three.share_of.endswith(" by CAN+MEX+CHN")


def test_a_residual_is_a_product_scope_of_its_own_with_its_total(write):
    text = _with_claim(
        "  - {id: a-rest, subject: World, metric: goods_balance, period: '2024', excluding: {product: energy},\n"
        "     value: -1239.7, quote: q, line: 4}\n"
        "  - {id: a-ev, subject: Mexico, metric: goods_imports, product: vehicles, period: '2024',\n"
        "     excluding: {product: electric vehicles}, value: 80, quote: q, line: 5}\n"
    )
    corpus = _loaded(write, text)
    rest, ev = corpus.claim("a-rest"), corpus.claim("a-ev")
    assert (rest.product, rest.excluding, rest.of.product, rest.of.subject) == ("excluding energy", "energy", "", "WORLD")
    assert (ev.product, ev.of.product) == ("vehicles excluding electric vehicles", "vehicles")
    assert rest.share_of == "" and rest.to_record()["excluding"] == "energy"


def test_a_partners_residual_is_stored_from_the_reporters_side(write):
    text = _with_claim(
        "  - {id: a-rest, subject: Mexico, metric: goods_exports, perspective: partner, period: '2024',\n"
        "     excluding: {product: energy}, value: 400, quote: q, line: 4}\n"
    )
    rest = _loaded(write, text).claim("a-rest")
    assert (rest.metric, rest.of.metric) == ("goods_imports", "goods_imports")


# --- bad input: file:line, code, hint; exit 2 ---------------------------------------------------------------

BAD = [
    ("share without of", SHARE.replace("    of: {subject: World}\n", ""), "RC086", "kind: share", "add of:"),
    ("share with of: null", SHARE.replace("of: {subject: World}", "of: ~"), "RC086", "kind: share", "needs of:"),
    ("unknown total subject", SHARE.replace("{subject: World}", "\n      subject: Wrold"), "RC087", "subject: Wrold", "did you mean 'World'"),
    ("share without a part", SHARE.replace("    subject: Canada\n", ""), "RC087", "kind: share", "needs its part"),
    ("share with subject and parts", SHARE.replace("    subject: Canada\n", "    subject: Canada\n    parts: [Canada, Mexico]\n"),
     "RC087", "of: {subject: World}", "not both"),
    ("total is the part", SHARE.replace("{subject: World}", "{subject: CAN}"), "RC087", "of: {subject: CAN}", "its part itself"),
    ("group share without its total's subject", SHARE.replace("    subject: Canada\n", "    parts: [Canada, Mexico]\n")
     .replace("{subject: World}", "{metric: goods_exports}"), "RC087", "of: {metric", "names its total's subject"),
    ("unknown total metric", SHARE.replace("{subject: World}", "\n      subject: World\n      metric: goods_exprts"),
     "RC014", "metric: goods_exprts", "did you mean 'goods_exports'"),
    ("unknown key in of", SHARE.replace("{subject: World}", "{subject: World, colour: red}"), "RC004", "of: {subject", "subject, metric, period, product"),
    ("share in USD", SHARE.replace("    value: 17.5\n", "    value: 17.5\n    unit: USD  # not percent\n"), "RC030", "unit: USD  #", "percent"),
    ("residual without its part", "  - {id: a-rest, subject: World, metric: goods_balance, period: '2024', value: -1, quote: q, line: 4,\n"
     "     excluding: {}}\n", "RC088", "excluding: {}", "excluding: {product: energy}"),
    ("residual of a blank part", "  - {id: a-rest, subject: World, metric: goods_balance, period: '2024', value: -1, quote: q, line: 4,\n"
     "     excluding: {product: ''}}\n", "RC088", "excluding: {product", "needs product"),
    ("residual as a word", "  - {id: a-rest, subject: World, metric: goods_balance, period: '2024', value: -1, quote: q, line: 4,\n"
     "     excluding: energy}\n", "RC009", "excluding: energy", "known keys: product"),
    ("of on a plain value", "  - {id: a-v, subject: World, metric: goods_balance, period: '2024', value: -1, quote: q, line: 4,\n"
     "     of: {subject: World}}\n", "RC089", "of: {subject", "only for share claims"),
    ("excluding on a share", SHARE.replace("    value: 17.5\n", "    value: 17.5\n    excluding: {product: energy}\n"),
     "RC089", "excluding: {product", "only for plain value claims"),
    ("excluding its own product", "  - {id: a-rest, subject: World, metric: goods_balance, product: energy, period: '2024', value: -1,\n"
     "     quote: q, line: 4, excluding: {product: energy}}\n", "RC089", "excluding: {product", "leaves nothing"),
]  # fmt: skip


@pytest.mark.parametrize("name, claim, code, marker, words", BAD, ids=[b[0] for b in BAD])
def test_bad_shares_and_residuals_are_refused_at_their_line(name, claim, code, marker, words, write, cli):
    text = _with_claim(claim)
    path = write("claims/bad.yaml", text)
    expected_line = base.line_of(text, marker)
    problems = load([str(path)]).problems
    located = [p for p in problems if p.code == code and p.location.line == expected_line]
    assert located, f"expected {code} at line {expected_line}; got:\n" + "\n".join(map(str, problems))
    assert any(words in f"{p.message} — {p.hint}" for p in located), "; ".join(map(str, located))
    assert len(problems) == 1, "one problem, reported once:\n" + "\n".join(map(str, problems))

    result = cli("validate", path)
    assert result.code == 2 and "Traceback" not in result.text, result.text
    assert f"{path}:{expected_line}: {code}" in result.out


# --- the JSON Schema for editors ------------------------------------------------------------------------------


def _file(*claims: dict) -> dict:
    source = {"id": "x", "title": "t", "publisher": "p", "document": "d.txt", "sha256": "0" * 64}
    return {"source": source, "claims": [{"id": f"c{n}", "period": "2024", "value": 1, "quote": "q", "line": 1, **c} for n, c in enumerate(claims)]}


def _errors(data: dict) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(claim_file_schema()).iter_errors(data)]


CANADA_SHARE = {"kind": "share", "subject": "Canada", "metric": "goods_exports", "of": {"subject": "World"}}
RESIDUAL = {"subject": "World", "metric": "goods_balance", "excluding": {"product": "energy"}}


def test_json_schema_accepts_shares_and_residuals():
    group = {"kind": "share", "parts": ["Canada", "Mexico"], "metric": "goods_exports", "of": {"subject": "World", "period": "2023"}}
    assert _errors(_file(CANADA_SHARE, group, RESIDUAL)) == []


@pytest.mark.parametrize(
    "claim",
    [
        {k: v for k, v in CANADA_SHARE.items() if k != "of"},  # RC086
        {k: v for k, v in CANADA_SHARE.items() if k != "subject"},  # RC087: no part
        {**CANADA_SHARE, "parts": ["Canada", "Mexico"]},  # RC087: both
        {**CANADA_SHARE, "of": {"subject": "World", "metric": "goods_exprts"}},
        {**CANADA_SHARE, "of": {"colour": "red"}},
        {**RESIDUAL, "excluding": {}},  # RC088
        {**RESIDUAL, "of": {"subject": "World"}},  # RC089
        {**CANADA_SHARE, "excluding": {"product": "energy"}},  # RC089
    ],
)
def test_json_schema_rejects_what_the_loader_rejects(claim):
    assert _errors(_file(claim)), claim


# --- the documented examples ------------------------------------------------------------------------------


def _examples(heading: str) -> str:
    section = DOC.read_text(encoding="utf-8")
    section = section[section.index(heading) :]
    start = section.index("```yaml\n") + len("```yaml\n")
    return section[start : section.index("```\n", start)]


def test_the_documented_shares_and_residual_load(write):
    source = base.BASE[: base.BASE.index("claims:")]
    corpus = _loaded(write, source + "claims:\n" + _examples("**share**") + _examples("### Residual scopes"))
    energy, three = corpus.claim("ex-energy-share-2024"), corpus.claim("ex-three-share-2024")
    assert (energy.product, energy.of.key) == ("energy", "WORLD goods_exports 2024 all goods")
    assert three.parts == ("CAN", "MEX", "CHN")
    assert corpus.claim("ex-mexico-vehicles-share-2024").of.product == "vehicles"
    assert corpus.claim("ex-goods-balance-ex-energy-2024").product == "excluding energy"
