"""The results do not depend on how pandas stores strings, nor on its optional accelerators.

pandas 3 infers a ``str`` dtype for all-string columns, stored in PyArrow when
pyarrow is installed ("auto"): once, that turned every ``NumberLiteral`` the
loader made into a plain ``str``, and all 398 claims of the repository failed
RC023 "not a number" (issue 14). Each test here runs the same input under every
string configuration pandas lets a program set at run time
(``mode.string_storage`` python/pyarrow × ``future.infer_string`` on/off) and
with numexpr and bottleneck turned on and off, and requires the very same
output: the repository's own claims, the golden report's fixture (against
tests/golden/report.json) and a claim file full of input problems.

pyarrow, numexpr and bottleneck come with the ``[test]`` extras, so none of
these cases can skip quietly; ``.ci/run`` also compares a venv without them.
"""

from __future__ import annotations

import contextlib
import json
import warnings

import pandas as pd
import pytest

import reconcile.report as report
import test_report_formats as formats
from conftest import ROOT, SEEDS, run_cli
from reconcile import problems as P
from reconcile.engine import Baseline

STRING_CONFIGURATIONS = [(storage, infer) for storage in ("python", "pyarrow") for infer in (True, False)]
ACCELERATORS = [("numexpr", "compute.use_numexpr"), ("bottleneck", "compute.use_bottleneck")]


@contextlib.contextmanager
def pandas_configured(storage: str, infer_string: bool, accelerated: bool = True):
    """pandas set to store strings in `storage`, to infer str columns or not, with its accelerators on or off."""
    options = ["mode.string_storage", storage, "future.infer_string", infer_string]
    for _, option in ACCELERATORS:
        options += [option, accelerated]
    with contextlib.ExitStack() as stack:
        # pandas 3 deprecates setting future.infer_string (pandas 4 will refuse it): still settable here.
        stack.enter_context(warnings.catch_warnings())
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            stack.enter_context(pd.option_context(*options))
        except (pd.errors.OptionError, ValueError) as exc:
            pytest.skip(f"this pandas does not let future.infer_string={infer_string} be set: {exc}")
        _assert_in_force(storage, infer_string)
        yield


def _assert_in_force(storage: str, infer_string: bool) -> None:
    """The configuration really applies (so a case cannot pass because pandas ignored it)."""
    inferred = pd.Series(["a", None]).dtype
    if infer_string:
        assert inferred.storage == storage, f"strings are stored in {inferred.storage}, not {storage}"
    else:
        assert pd.api.types.is_object_dtype(inferred), inferred
    assert pd.array(["a"], dtype="string").dtype.storage == storage


def test_the_test_extras_bring_pyarrow_and_the_accelerators():
    """The "pyarrow" cases need pyarrow, and the accelerated ones numexpr and bottleneck: the [test] extras install them."""
    import bottleneck  # noqa: F401
    import numexpr  # noqa: F401
    import pyarrow  # noqa: F401


def _check_json(*paths, cwd=ROOT, extra=()) -> dict:
    result = run_cli(["check", *paths, "--format", "json", "--no-html", *extra], cwd=cwd)
    assert result.code in (0, 1, 2), result.text
    return json.loads(result.out)


@pytest.fixture(scope="module")
def repository_report() -> dict:
    """`reconcile check claims/` on the repository, pandas as installed (with pyarrow: Arrow strings)."""
    out = _check_json("claims/", extra=["--documents", str(SEEDS)])
    summary = out["summary"]
    # Usable claims, every one of them: identical but broken outputs must not pass below.
    assert out["problems"] == [] and summary["claims"] == summary["claims_read"] > 0, out["problems"][:3]
    return out


@pytest.mark.parametrize("accelerated", [True, False], ids=["accelerated", "plain"])
@pytest.mark.parametrize(("storage", "infer_string"), STRING_CONFIGURATIONS, ids=lambda v: str(v))
def test_the_repository_claims_report_the_same(repository_report, storage, infer_string, accelerated):
    with pandas_configured(storage, infer_string, accelerated):
        out = _check_json("claims/", extra=["--documents", str(SEEDS)])
    assert out == repository_report


@pytest.fixture
def golden_setup(monkeypatch):
    """As tests/test_report_formats.py renders the golden report: from the repository, with a fixed version."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(report, "tool_version", lambda: formats.TEST_VERSION)


def _golden_result():
    """The golden report's run: the fixture claims, one RC202 finding accepted and one stale entry (as test_report_formats)."""
    first = formats._run("report_claims")
    target = [f for f in first.findings if f.code == "RC202" and "alpha-japan-goods-balance-2024-text" in f.claims]
    assert target, "the fixture should raise RC202 on alpha's two Japan figures"
    entries = {
        target[0].fingerprint: {"fingerprint": target[0].fingerprint, "code": "RC202", "reason": formats.ACCEPT_REASON},
        formats.STALE: {"fingerprint": formats.STALE, "code": "RC201", "reason": "figures since corrected"},
    }
    return formats._run("report_claims", Baseline(ROOT / "unused-baseline.yaml", entries))


@pytest.mark.parametrize("accelerated", [True, False], ids=["accelerated", "plain"])
@pytest.mark.parametrize(("storage", "infer_string"), STRING_CONFIGURATIONS, ids=lambda v: str(v))
def test_the_golden_report_is_the_same(golden_setup, storage, infer_string, accelerated):
    with pandas_configured(storage, infer_string, accelerated):
        out = formats._normalise(report.render(_golden_result(), "json"))
    assert out == (formats.GOLDEN / "report.json").read_text(encoding="utf-8")


# Input problems where a cell's Python type is the point: a quoted number is text, not a
# figure, while the plain ones beside it are figures (every value here is a string, so
# pandas would infer a str column for them); a missing key is None (not NaN, not ""); a
# list of parts.
BROKEN_CLAIMS = """\
source: {id: strings, title: T, publisher: P, document: d.txt, sha256: "%s"}
defaults: {unit: USD, scale: billion}
claims:
  - {id: quoted-number, subject: China, metric: goods_balance, period: "2024", value: "295.4", quote: "q", line: 1}
  - {id: no-subject, metric: goods_balance, period: "2024", value: 63.0, quote: "q", line: 3}
  - {id: bad-part, kind: total, parts: [China, Atlantis], metric: goods_balance, period: "2024", value: -1, quote: "q", line: 4}
  - {id: bad-period, subject: Japan, metric: goods_balance, period: "20x4", value: 10, quote: "q", line: 5}
  - {id: fine, subject: Japan, metric: goods_balance, period: "2024", value: -68.5, quote: "q", line: 6}
""" % ("0" * 64)


@pytest.fixture
def broken_claims(tmp_path):
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "strings.yaml").write_text(BROKEN_CLAIMS, encoding="utf-8")
    return tmp_path


@pytest.fixture
def broken_report(broken_claims) -> dict:
    out = _check_json("claims", cwd=broken_claims)
    codes = {p["code"] for p in out["problems"]}
    expected = {P.NOT_A_NUMBER, P.INVALID_FOR_KIND, P.UNKNOWN_ENTITY, P.INVALID_PERIOD}
    assert codes == {t.code for t in expected}, out["problems"]
    not_numbers = [p["message"] for p in out["problems"] if p["code"] == P.NOT_A_NUMBER.code]
    assert not_numbers == ["value '295.4' is not a number"], not_numbers  # the quoted one only, not the plain ones
    return out


@pytest.mark.parametrize(("storage", "infer_string"), STRING_CONFIGURATIONS, ids=lambda v: str(v))
def test_input_problems_are_the_same(broken_claims, broken_report, storage, infer_string):
    with pandas_configured(storage, infer_string, accelerated=False):
        out = _check_json("claims", cwd=broken_claims)
    assert out == broken_report
