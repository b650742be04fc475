"""Strict configuration: every key, type, range, rule and option is checked when the file is read.

Each bad configuration exits 2 with one line ``<file>: RC05x <key path>: <what> — <fix>``
and no traceback (``run_cli`` fails the test on one); --select and --ignore name
known rules or fail the same way; valid options of each type are applied.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile import rules as rule_registry
from reconcile.config import (
    KNOWN,
    TOLERANCES,
    Config,
    ConfigError,
    from_mapping,
    rule_settings,
)
from reconcile.options import Option, Where

SHA = "ab" * 32


def claims(*rows: str, sid: str = "a", lineage: str = "census") -> str:
    head = (f'source: {{id: {sid}, title: "{sid}", publisher: "{sid}", document: {sid}.txt, sha256: "{SHA}", lineage: [{lineage}]}}\n'
            "defaults: {unit: USD, scale: billion}\nclaims:\n")  # fmt: skip
    return head + "".join(f"  - {r}\n" for r in rows)


@pytest.fixture
def cwd(tmp_path) -> Path:
    """The working directory of the ``cli`` fixture: configuration and claims go here."""
    folder = tmp_path / "cwd"
    folder.mkdir(exist_ok=True)
    return folder


def pyproject(cwd: Path, body: str) -> None:
    (cwd / "pyproject.toml").write_text("[tool.reconcile]\n" + body, encoding="utf-8")


def findings(cli, *extra) -> list[dict]:
    result = cli("check", "claims", "--no-html", "--no-baseline", "--format", "json", *extra)
    assert result.code in (0, 1), result.text
    return json.loads(result.out)["findings"]


# --- bad configuration: exit 2, the file, the code and the key --------------------------------------

TOML_CASES = [
    # (body after [tool.reconcile], problem code, key path, words of the message)
    ('[tool.reconcile.rules.RC203]\nmax-relative-change = "lots"\n', "RC052", "[tool.reconcile.rules.RC203] max-relative-change",
     "expected a number between 0 and 100, got 'lots'"),
    ("[tool.reconcile.rules.RC203]\nmax-relative-change = 500\n", "RC055", "[tool.reconcile.rules.RC203] max-relative-change", "got 500"),
    ("[tool.reconcile.rules.RC203]\nmax-relative-change = nan\n", "RC055", "[tool.reconcile.rules.RC203] max-relative-change", "got nan"),
    ("[tool.reconcile.rules.RC203]\nmax-relative-change = -inf\n", "RC055", "[tool.reconcile.rules.RC203] max-relative-change", "got -inf"),
    ("[tool.reconcile.rules.RC203]\nmax-relative-change = true\n", "RC052", "[tool.reconcile.rules.RC203] max-relative-change", "got True"),
    ("[tool.reconcile.rules.RC204]\nmin-repeats = 2.5\n", "RC052", "[tool.reconcile.rules.RC204] min-repeats", "expected a whole number of 2 or more"),
    ("[tool.reconcile.rules.RC204]\nmin-repeats = true\n", "RC052", "[tool.reconcile.rules.RC204] min-repeats", "got True"),
    ("[tool.reconcile.rules.RC204]\nmin-repeats = 1\n", "RC055", "[tool.reconcile.rules.RC204] min-repeats", "got 1"),
    ('[tool.reconcile.rules.RC2O1]\nseverity = "info"\n', "RC053", "[tool.reconcile.rules] RC2O1", "unknown rule — did you mean 'RC201'?"),
    ("[tool.reconcile.rules.cross-source-conflicts]\nenabled = false\n", "RC053", "[tool.reconcile.rules] cross-source-conflicts",
     "did you mean 'cross-source-conflict'?"),
    ('[tool.reconcile.rules.RC201]\nenabled = "no"\n', "RC052", "[tool.reconcile.rules.RC201] enabled", "expected true or false, got 'no'"),
    ("[tool.reconcile.rules.RC201]\nenabled = 0\n", "RC052", "[tool.reconcile.rules.RC201] enabled", "got 0"),
    ('[tool.reconcile.rules.RC201]\nseverity = "fatal"\n', "RC055", "[tool.reconcile.rules.RC201] severity", "expected one of 'error', 'warning', 'info'"),
    ("[tool.reconcile.rules.RC201]\nseverity = 3\n", "RC052", "[tool.reconcile.rules.RC201] severity", "got 3"),
    ('[tool.reconcile.rules.RC201]\nexpected-gap = {"census/bop" = [0, 0.02]}\n', "RC054", "[tool.reconcile.rules.RC201] expected-gap",
     "did you mean 'expected-gaps'? (known: enabled, severity, expected-gaps)"),
    # lineage-tolerance meant one allowance for every pair of lineages: refused with what replaced it, never reread
    ("[tool.reconcile.rules.RC201]\nlineage-tolerance = 0.2\n", "RC054", "[tool.reconcile.rules.RC201] lineage-tolerance",
     "option retired — lineage-tolerance (one allowance for every pair of lineages) is replaced by expected-gaps"),
    ('[tool.reconcile.rules.RC201]\nexpected-gaps = 0.15\n', "RC052", "[tool.reconcile.rules.RC201] expected-gaps",
     'expected a table of "term/term" = [low, high]'),
    ('[tool.reconcile.rules.RC201.expected-gaps]\n"census/bop" = [0.03, 0.01]\n', "RC055",
     '[tool.reconcile.rules.RC201.expected-gaps] "census/bop"', "expected 0 <= low <= high <= 1, got [0.03, 0.01]"),
    ('[tool.reconcile.rules.RC201.expected-gaps]\n"census/bop" = 0.02\n', "RC052",
     '[tool.reconcile.rules.RC201.expected-gaps] "census/bop"', 'expected [low, high], two numbers, got 0.02 — write for example "bop/census" = [0.002, 0.025]'),
    ('[tool.reconcile.rules.RC201.expected-gaps]\n"census/oce" = [0, 0.2]\n', "RC051",
     '[tool.reconcile.rules.RC201.expected-gaps] "census/oce"', "unknown term 'oce' — did you mean 'oec'?"),
    ('[tool.reconcile.rules.RC201.expected-gaps]\ncensus = [0, 0.2]\n', "RC051",
     "[tool.reconcile.rules.RC201.expected-gaps] census", 'expected a pair of terms such as "census/bop"'),
    ('[tool.reconcile.rules.RC201.expected-gaps]\n"bea/bop" = [0, 0.2]\n', "RC055",
     '[tool.reconcile.rules.RC201.expected-gaps] "bea/bop"', "pairs a term with itself"),
    ('[tool.reconcile.rules.RC201.expected-gaps]\n"census/bop" = [0, 0.02]\n"bea/census" = [0, 0.03]\n', "RC051",
     '[tool.reconcile.rules.RC201.expected-gaps] "bea/census"', "the pair bop/census is set twice"),
    ("[tool.reconcile.rules.RC101]\nthreshold = 1\n", "RC054", "[tool.reconcile.rules.RC101] threshold", "known: enabled, severity"),
    ('[tool.reconcile.rules.RC201]\nexpected-gaps = {}\nexpected_gaps = {}\n', "RC051", "[tool.reconcile.rules.RC201] expected_gaps",
     "set twice"),
    ("[tool.reconcile.rules.RC201]\nseverity = \"info\"\n[tool.reconcile.rules.cross-source-conflict]\nenabled = false\n", "RC051",
     "[tool.reconcile.rules] cross-source-conflict", "RC201 is configured twice"),
    ('rules = {RC201 = "off"}\n', "RC052", "[tool.reconcile.rules] RC201", "expected a table of settings for RC201, got 'off'"),
    ('rules = ["RC201"]\n', "RC052", "[tool.reconcile] rules", "expected a table of rules, got ['RC201']"),
    ("documents = 1\n", "RC052", "[tool.reconcile] documents", "expected a path (a string), got 1"),
    ('documents = ""\n', "RC052", "[tool.reconcile] documents", "an empty path"),
    ("baseline = true\n", "RC052", "[tool.reconcile] baseline", "expected a path (a string) or false, got True"),
    ("report = 5\n", "RC052", "[tool.reconcile] report", "got 5"),
    ("fail-on = 3\n", "RC052", "[tool.reconcile] fail-on", "got 3"),
    ('fail-on = "sometimes"\n', "RC055", "[tool.reconcile] fail-on", "got 'sometimes'"),
    ("colour = 1\n", "RC051", "[tool.reconcile] colour", "unknown configuration key"),
    ("fail_on = 'error'\n", "RC051", "[tool.reconcile] fail_on", "did you mean 'fail-on'?"),
    ("tolerances = [0.1]\n", "RC052", "[tool.reconcile] tolerances", "expected a table of tolerances, got [0.1]"),
    ("[tool.reconcile.tolerances]\nabout = nan\n", "RC055", "[tool.reconcile.tolerances] about", "got nan"),
    ("[tool.reconcile.tolerances]\nabout = 2\n", "RC055", "[tool.reconcile.tolerances] about", "expected a number between 0 and 1, got 2"),
    ('[tool.reconcile.tolerances]\nnearly = "10%"\n', "RC052", "[tool.reconcile.tolerances] nearly", "got '10%'"),
    ("[tool.reconcile.tolerances]\ntrailing-zeros-rounded = 1\n", "RC052", "[tool.reconcile.tolerances] trailing-zeros-rounded", "true or false"),
    ("[tool.reconcile.tolerances]\nabuot = 0.1\n", "RC051", "[tool.reconcile.tolerances] abuot",
     "did you mean 'about'? (known: about, nearly, trailing-zeros-rounded, round-zeros-max)"),
]


@pytest.mark.parametrize("body, code, key, words", TOML_CASES, ids=[f"{c[1]}-{c[2]}-{n}" for n, c in enumerate(TOML_CASES)])
def test_bad_pyproject_is_exit_2_with_file_code_and_key(cli, cwd, body, code, key, words):
    pyproject(cwd, body)
    result = cli("check", "claims", "--no-html")
    assert result.code == 2, result.text
    assert result.out == ""
    line = result.err.strip()
    assert "\n" not in line, line
    assert line.startswith(f"reconcile: pyproject.toml: {code} {key}: "), line
    assert words in line, line
    assert " — " in line, f"the message says how to fix it: {line}"


def test_the_message_of_the_brief(cli, cwd):
    pyproject(cwd, '[tool.reconcile.rules.RC203]\nmax-relative-change = "lots"\n')
    assert cli("check", "claims").err == (
        "reconcile: pyproject.toml: RC052 [tool.reconcile.rules.RC203] max-relative-change: expected a number between 0 and 100, "
        "got 'lots' — write for example max-relative-change = 0.35 (the default)\n"
    )


def test_invalid_toml_is_rc050(cli, cwd):
    (cwd / "pyproject.toml").write_text("[tool.reconcile\n", encoding="utf-8")
    result = cli("check", "claims")
    assert result.code == 2 and result.err.startswith("reconcile: pyproject.toml: RC050 [tool.reconcile]: invalid TOML"), result.err


def test_tool_reconcile_that_is_not_a_table(cli, cwd):
    (cwd / "pyproject.toml").write_text('[tool]\nreconcile = "yes"\n', encoding="utf-8")
    result = cli("check", "claims")
    assert result.code == 2 and "pyproject.toml: RC052 [tool.reconcile]: expected a table of settings, got 'yes'" in result.err


def test_a_pyproject_without_tool_reconcile_is_no_configuration(cli, cwd):
    (cwd / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.other]\nx = 1\n', encoding="utf-8")
    (cwd / "claims").mkdir()
    (cwd / "claims" / "a.yaml").write_text(claims('{id: a-1, subject: Germany, metric: goods_balance, period: "2024", value: -1, quote: q, line: 1}'),
                                           encoding="utf-8")  # fmt: skip
    assert findings(cli) == []


YAML_CASES = [
    ("rules:\n  RC203:\n    max-relative-change: lots\n", "RC052", "rules.RC203.max-relative-change", "got 'lots'"),
    ("rules:\n  RC2O1: {severity: info}\n", "RC053", "rules.RC2O1", "did you mean 'RC201'?"),
    ("rules:\n  RC201:\n    enabled: 'no'\n", "RC052", "rules.RC201.enabled", "got 'no'"),
    ("rules:\n  RC201: off\n", "RC052", "rules.RC201", "got False"),
    ("rules: [RC201]\n", "RC052", "rules", "got ['RC201']"),
    ("documents: 1\n", "RC052", "documents", "got 1"),
    ("tolerances: {about: .nan}\n", "RC055", "tolerances.about", "got nan"),
    ("rules:\n  RC201:\n    expected-gaps: {census/bop: [0.01, .inf]}\n", "RC055", "rules.RC201.expected-gaps.census/bop",
     "expected 0 <= low <= high <= 1, got [0.01, inf] — write for example bop/census: [0.002, 0.025]"),
    ("tolerances: {about: [0.1]}\n", "RC052", "tolerances.about", "got [0.1]"),
    ("tolerances: {aboot: 0.1}\n", "RC051", "tolerances.aboot", "did you mean 'about'?"),
    ("1: x\n", "RC051", "1", "unknown configuration key"),
    ("- documents\n", "RC052", "(top level)", "expected a mapping of settings, got ['documents']"),
    ("fail-on: error\nfail-on: info\n", "RC050", "(top level)", "duplicate key 'fail-on'"),
    ("rules: {RC201: {severity: info\n", "RC050", "(top level)", "invalid YAML"),
]


@pytest.mark.parametrize("text, code, key, words", YAML_CASES, ids=[f"{c[1]}-{n}" for n, c in enumerate(YAML_CASES)])
def test_bad_reconcile_yaml_is_exit_2_with_file_code_and_key(cli, cwd, text, code, key, words):
    (cwd / "reconcile.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "claims", "--no-html")
    assert result.code == 2, result.text
    assert result.err.startswith(f"reconcile: reconcile.yaml: {code} {key}: "), result.err
    assert words in result.err, result.err


def test_every_command_that_reads_the_configuration_refuses_a_bad_one(cli, cwd):
    pyproject(cwd, "[tool.reconcile.rules.RC2O1]\nenabled = false\n")
    for command in (["check", "claims"], ["validate", "claims"], ["baseline", "claims"], ["coverage", "claims"]):
        result = cli(*command)
        assert result.code == 2 and "RC053 [tool.reconcile.rules] RC2O1" in result.err, (command, result.text)


def test_yaml_nulls_are_empty_tables_and_false_turns_off_baseline_and_report(cli, cwd):
    (cwd / "reconcile.yaml").write_text("tolerances:\nrules:\n  RC201:\nbaseline: false\nreport: false\ndocuments: null\n", encoding="utf-8")
    (cwd / "claims").mkdir()
    (cwd / "claims" / "a.yaml").write_text(claims('{id: a-1, subject: Germany, metric: goods_balance, period: "2024", value: -1, quote: q, line: 1}'),
                                           encoding="utf-8")  # fmt: skip
    result = cli("check", "claims")
    assert result.code == 0, result.text
    assert not (cwd / "reports").exists()


# --- --select and --ignore ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "baseline"])
def test_select_an_unknown_rule_is_exit_2_with_did_you_mean(cli, command):
    result = cli(command, "claims", "--select", "RC2O1")
    assert result.code == 2
    assert result.err == "reconcile: RC053 --select 'RC2O1': unknown rule — did you mean 'RC201'?\n"


@pytest.mark.parametrize("command", ["check", "baseline"])
def test_ignore_an_unknown_rule_is_exit_2(cli, command):
    result = cli(command, "claims", "--ignore", "nope")
    assert result.code == 2
    assert result.err.startswith("reconcile: RC053 --ignore 'nope': unknown rule — "), result.err
    assert "`reconcile rules` lists them" in result.err
    near = cli(command, "claims", "--ignore", "rank-ordr")
    assert near.code == 2 and "did you mean 'rank-order'?" in near.err


def test_a_family_prefix_must_match_a_rule(cli):
    result = cli("check", "claims", "--select", "RC9")
    assert result.code == 2 and "RC053 --select 'RC9': unknown rule" in result.err


def test_resolve_selection():
    every = set(rule_registry.specs())
    family2 = {c for c in every if c.startswith("RC2")}
    assert rule_registry.resolve_selection() == every
    assert rule_registry.resolve_selection(["RC2"]) == family2
    assert rule_registry.resolve_selection(["rc20"]) == {"RC201", "RC202", "RC203", "RC204", "RC205"}
    assert rule_registry.resolve_selection(["cross-source-conflict", "RC301"]) == {"RC201", "RC301"}
    assert rule_registry.resolve_selection(["RC2"], ["RC201", "implausible-change"]) == family2 - {"RC201", "RC203"}
    assert rule_registry.resolve_selection(None, ["RC1", "RC3", "RC4", "RC5"]) == family2
    assert rule_registry.resolve_selection(["RC201"], ["RC2"]) == set()
    with pytest.raises(ConfigError) as exc:
        rule_registry.resolve_selection(["RC201"], ["RC2O2"])
    assert exc.value.code == "RC053" and "did you mean 'RC202'?" in str(exc.value)


def _two_sources_and_a_series(cwd: Path) -> None:
    (cwd / "claims").mkdir()
    (cwd / "claims" / "a.yaml").write_text(claims(
        '{id: a-de, subject: Germany, metric: goods_balance, period: "2024", value: -85, quote: q, line: 1}',
        '{id: a-2015, subject: World, metric: gs_balance, period: "2015", value: -626, quote: q, line: 2}',
        '{id: a-2016, subject: World, metric: gs_balance, period: "2016", value: -700, quote: q, line: 3}',
        '{id: a-2020, subject: World, metric: gs_balance, period: "2020", value: -626, quote: q, line: 4}',
    ), encoding="utf-8")  # fmt: skip
    (cwd / "claims" / "b.yaml").write_text(claims(
        '{id: b-de, subject: Germany, metric: goods_balance, period: "2024", value: -35.4, quote: q, line: 1}', sid="b"), encoding="utf-8")


def test_select_a_family_runs_only_that_family(cli, cwd):
    _two_sources_and_a_series(cwd)
    assert {f["code"] for f in findings(cli)} == {"RC201", "RC204"}
    result = cli("check", "claims", "--no-html", "--format", "json", "--select", "RC2", "--select", "RC3")
    checked = json.loads(result.out)["summary"]["checked"]
    assert checked and all(code[:3] in ("RC2", "RC3") for code in checked), checked
    assert {f["code"] for f in findings(cli, "--select", "RC2", "--ignore", "cross-source-conflict")} == {"RC204"}
    assert findings(cli, "--ignore", "RC2") == []


def test_baseline_with_a_selection_keeps_the_entries_of_the_other_rules(cli, cwd):
    _two_sources_and_a_series(cwd)
    assert cli("baseline", "claims", "--reason", "examined").code == 0
    path = cwd / "reconcile-baseline.yaml"
    before = path.read_text(encoding="utf-8")
    assert "RC201" in before and "RC204" in before
    result = cli("baseline", "claims", "--select", "RC201", "--reason", "again")
    assert result.code == 0 and "kept 1 of rules not run" in result.out, result.text
    assert path.read_text(encoding="utf-8") == before  # reasons kept, nothing lost


# --- valid options are applied, one of each type ------------------------------------------------------------


def test_a_float_option_changes_the_findings(cli, cwd):
    (cwd / "claims").mkdir()
    (cwd / "claims" / "a.yaml").write_text(claims(
        '{id: a-2022, subject: Italy, metric: goods_balance, period: "2022", value: -100.0, quote: q, line: 1}',
        '{id: a-2023, subject: Italy, metric: goods_balance, period: "2023", value: -60.0, quote: q, line: 2}',
    ), encoding="utf-8")  # fmt: skip
    default = findings(cli, "--select", "RC203")
    assert [f["code"] for f in default] == ["RC203"] and default[0]["details"]["bound"] == 0.35
    pyproject(cwd, "[tool.reconcile.rules.implausible-change]\nmax-relative-change = 0.6\n")
    assert findings(cli, "--select", "RC203") == []
    pyproject(cwd, "[tool.reconcile.rules.RC203]\nmax-relative-change = 0\n")  # an int is a number
    assert findings(cli, "--select", "RC203")[0]["details"]["bound"] == 0.0


def test_an_int_option_changes_the_findings(cli, cwd):
    _two_sources_and_a_series(cwd)
    assert [f["code"] for f in findings(cli, "--select", "RC204")] == ["RC204"]
    (cwd / "reconcile.yaml").write_text("rules:\n  RC204:\n    min-repeats: 3\n", encoding="utf-8")
    assert findings(cli, "--select", "RC204") == []


def test_a_bool_and_a_choice_are_applied(cli, cwd):
    _two_sources_and_a_series(cwd)
    pyproject(cwd, '[tool.reconcile.rules.RC201]\nseverity = "info"\n[tool.reconcile.rules.RC204]\nenabled = false\n')
    assert [(f["code"], f["severity"]) for f in findings(cli)] == [("RC201", "info")]


def test_a_tolerance_is_applied(cli, cwd):
    (cwd / "claims").mkdir()
    (cwd / "claims" / "a.yaml").write_text(claims(
        '{id: a-de, subject: Germany, metric: goods_balance, period: "2024", value: -100, qualifier: about, quote: q, line: 1}'), encoding="utf-8")
    (cwd / "claims" / "b.yaml").write_text(claims(
        '{id: b-de, subject: Germany, metric: goods_balance, period: "2024", value: -115.5, quote: q, line: 1}', sid="b"), encoding="utf-8")
    assert [f["code"] for f in findings(cli)] == ["RC201"]  # "about 100" is 90..110 by default
    pyproject(cwd, "[tool.reconcile.tolerances]\nabout = 0.2\n")
    assert findings(cli) == []


def test_validated_settings_are_ready_to_use():
    config = from_mapping({"rules": {"implausible-change": {"max-relative-change": 1, "severity": "info"}, "RC201": {"enabled": False}},
                           "tolerances": {"about": 0}, "baseline": False}, Path("pyproject.toml"))  # fmt: skip
    rc203 = config.rule_settings["RC203"]
    assert rc203.options == {"max_relative_change": 1.0} and isinstance(rc203.options["max_relative_change"], float)
    assert str(rc203.severity) == "info" and rc203.enabled
    assert not config.rule_settings["RC201"].enabled
    assert config.rule_settings["RC204"].options == {"min_repeats": 2, "min_digits": 3, "min_series": 3}
    assert set(config.rule_settings) == set(rule_registry.specs())
    assert config.tolerances.about == 0.0 and config.baseline is None
    assert Config().rule_settings["RC203"].options == {"max_relative_change": 0.35}


# --- Option itself ------------------------------------------------------------------------------------------


def test_option_parse():
    where = Where("pyproject.toml", ("rules", "RC203", "max-relative-change"), toml=True)
    number = Option(float, 0.35, "help", min=0, max=100)
    assert number.parse(2, where) == 2.0 and isinstance(number.parse(2, where), float)
    for bad, code in ((True, "RC052"), ("1", "RC052"), (None, "RC052"), (math.nan, "RC055"), (math.inf, "RC055"), (-0.1, "RC055"),
                      (100.5, "RC055"), (10**400, "RC055")):  # fmt: skip
        with pytest.raises(ConfigError) as exc:
            number.parse(bad, where)
        assert exc.value.code == code and exc.value.path == "pyproject.toml", bad
        assert exc.value.key == "[tool.reconcile.rules.RC203] max-relative-change"
    whole = Option(int, 3, "help", min=1)
    assert whole.parse(10**30, where) == 10**30
    for bad in (3.0, False, "3"):
        with pytest.raises(ConfigError):
            whole.parse(bad, where)
    choice = Option(str, "error", "help", choices=("error", "warning"))
    with pytest.raises(ConfigError, match="did you mean 'warning'"):
        choice.parse("warnign", where)
    assert Option(bool, True, "help").parse(False, where) is False


def test_option_declarations_are_checked():
    with pytest.raises(TypeError):
        Option(list, [], "help")
    with pytest.raises(TypeError):
        Option(bool, True, "help", min=0)
    with pytest.raises(ConfigError):
        Option(int, 0, "help", min=1)  # a default out of its own range


# --- hypothesis: nothing but ConfigError, ever ----------------------------------------------------------------

LEAVES = (st.none() | st.booleans() | st.integers() | st.just(10**400) | st.floats() | st.text(max_size=8)
          | st.dates() | st.datetimes() | st.sampled_from(["error", "info", "RC201", "about", ""]))  # fmt: skip
JSON_LIKE = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)
OPTIONS = [(code, name, option) for code, spec in rule_registry.specs().items() for name, option in spec.options.items()]
RULE_KEYS = ["enabled", "severity", "nope", *(name.replace("_", "-") for _, name, _ in OPTIONS)]


def _only_config_errors(call) -> None:
    try:
        call()
    except ConfigError as exc:
        assert str(exc).count(" — ") >= 1 and exc.code.startswith("RC05"), str(exc)


@pytest.mark.parametrize("code, name, option", OPTIONS, ids=[f"{c}-{n}" for c, n, _ in OPTIONS])
@settings(max_examples=150, deadline=None)
@given(value=JSON_LIKE)
def test_every_option_takes_any_value_or_refuses_it_cleanly(code, name, option, value):
    where = Where("pyproject.toml", ("rules", code, name), toml=True)
    try:
        parsed = option.parse(value, where)
    except ConfigError:
        return
    assert isinstance(parsed, option.type) and not (option.type is not bool and isinstance(parsed, bool))
    assert option.parse(parsed, where) == parsed


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from([*KNOWN, *TOLERANCES, "colour"]), value=JSON_LIKE, toml=st.booleans())
def test_every_config_key_takes_any_value_or_refuses_it_cleanly(key, value, toml):
    path = Path("pyproject.toml" if toml else "reconcile.yaml")
    data = {"tolerances": {key.replace("_", "-"): value}} if key in TOLERANCES else {key: value}
    _only_config_errors(lambda: from_mapping(data, path))


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from([*rule_registry.specs(), "cross-source-conflict", "RC2O1", "rc203"]),
       settings_=st.dictionaries(st.sampled_from(RULE_KEYS), JSON_LIKE, max_size=3) | JSON_LIKE)  # fmt: skip
def test_every_rule_section_takes_any_value_or_refuses_it_cleanly(rule, settings_):
    _only_config_errors(lambda: rule_settings({rule: settings_}, Where("reconcile.yaml")))


@settings(max_examples=200, deadline=None)
@given(data=JSON_LIKE)
def test_any_whole_configuration_is_read_or_refused_cleanly(data):
    _only_config_errors(lambda: from_mapping(data, Path("reconcile.yaml")))
