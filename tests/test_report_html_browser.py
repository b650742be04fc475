"""The HTML report in a real browser: headless Chromium opens the report of the real claims from file://.

Checks that the page runs without console errors, that the filters and the
search really filter, and that the entity view draws its SVG charts. With the
official tables at ../shared/reference the claims are judged, and the page's
verdicts are checked against the JSON: each finding's claim badges, the verdict
filter, the figure view's figure to print, the source reliability table and the
official series line in the entity charts. Leaves screenshots in reports/
(screenshot.png, screenshot-finding.png, screenshot-entities.png,
screenshot-verdicts.png, screenshot-figures.png, screenshot-reliability.png,
screenshot-store-mode.png) for a human to look at.
"""

from __future__ import annotations

import re
import json
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "seeds"
REFERENCE_DATA = ROOT / ".." / "shared" / "reference"
SHOTS = ROOT / "reports"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def real_run():
    """The run of the real claims, with the documents and the official tables when they are there (cwd: the repository)."""
    from reconcile import references
    from reconcile.config import Config
    from reconcile.engine import run
    from reconcile.loader import load

    corpus = load(["claims"])
    assert corpus.ok, corpus.problems
    refs = references.load(ROOT / "references", REFERENCE_DATA.resolve(), ROOT) if REFERENCE_DATA.is_dir() else None
    assert refs is None or refs.ok, refs.problems
    return run(corpus, Config(), str(SEEDS.resolve()) if SEEDS.is_dir() else None, references=refs)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """(path, records) of the HTML report for the real claims, with the documents and references when they are there."""
    import os

    from reconcile.report import as_records, render

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = real_run()
        html = render(result, "html")
        records = as_records(result)
    finally:
        os.chdir(old)
    path = tmp_path_factory.mktemp("html") / "discrepancies.html"
    path.write_text(html, encoding="utf-8")
    return path, records


@pytest.fixture(scope="module")
def store_report(tmp_path_factory):
    """The same report written as large runs are: claim cards once, copied into findings on demand."""
    import os

    from reconcile.report import as_records, html_format

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = real_run()
        records = as_records(result)
        html = html_format.render(records, result=result, claims_inline=False)
    finally:
        os.chdir(old)
    path = tmp_path_factory.mktemp("html") / "discrepancies-store.html"
    path.write_text(html, encoding="utf-8")
    return path, records


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, report):
    path, _ = report
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "about:")) else None)
    pg.goto(path.as_uri())
    pg.wait_for_load_state("load")
    pg.errors, pg.requests = errors, requests
    yield pg
    context.close()


def shown(pg) -> int:
    return pg.evaluate("document.querySelectorAll('#groups details.f:not([hidden])').length")


def shown_attr(pg, attr: str) -> set[str]:
    return set(pg.evaluate(f"Array.from(document.querySelectorAll('#groups details.f:not([hidden])')).map(f => f.getAttribute('data-{attr}'))"))


def count_text(pg) -> str:
    return pg.locator("#f-count").inner_text()


def test_loads_cleanly_and_offline(page, report):
    _, records = report
    active = [f for f in records["findings"] if not f["accepted"]]
    assert page.errors == []
    assert page.requests == []  # no network: everything is inline
    assert page.title().startswith("Reconcile report")
    assert shown(page) == len(active)
    assert count_text(page) == f"Showing {len(active)} of {len(active)} findings"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "screenshot.png"))


def test_severity_and_rule_filters(page, report):
    _, records = report
    active = [f for f in records["findings"] if not f["accepted"]]
    total = len(active)
    for sev in sorted({f["severity"] for f in active}):
        page.select_option("#f-sev", sev)
        expected = sum(f["severity"] == sev for f in active)
        assert shown(page) == expected
        assert shown_attr(page, "sev") == {sev}
        assert count_text(page) == f"Showing {expected} of {total} findings"
        if expected < total:
            hidden = page.locator(f"#groups details.f:not([data-sev='{sev}'])").first
            assert not hidden.is_visible()
    page.select_option("#f-sev", "")
    assert shown(page) == total

    codes = sorted({f["code"] for f in active})
    for code in codes:
        page.select_option("#f-rule", code)
        expected = sum(f["code"] == code for f in active)
        assert shown(page) == expected and shown_attr(page, "rule") == {code}
    # rule and severity together: the intersection
    code = max(codes, key=lambda c: sum(f["code"] == c for f in active))
    sev = next(f["severity"] for f in active if f["code"] == code)
    page.select_option("#f-rule", code)
    page.select_option("#f-sev", sev)
    assert shown(page) == sum(f["code"] == code and f["severity"] == sev for f in active)
    page.click("#f-clear")
    assert shown(page) == total
    assert page.errors == []


def test_source_entity_and_cause_filters(page, report):
    _, records = report
    active = [f for f in records["findings"] if not f["accepted"]]
    source = max({c["source"] for f in active for c in f["claims"]}, key=lambda s: sum(any(c["source"] == s for c in f["claims"]) for f in active))
    page.select_option("#f-src", source)
    assert shown(page) == sum(any(c["source"] == source for c in f["claims"]) for f in active)
    page.click("#f-clear")
    entity = "Germany"
    page.select_option("#f-ent", entity)
    assert shown(page) == sum(any(c["subject"] == entity for c in f["claims"]) for f in active) > 0
    page.click("#f-clear")
    cause = active[0]["cause"]["label"]
    page.select_option("#f-cause", cause)
    assert shown(page) == sum((f["cause"] or {}).get("label") == cause for f in active)
    page.click("#f-clear")
    assert page.errors == []


def test_search_filters(page, report):
    _, records = report
    active = [f for f in records["findings"] if not f["accepted"]]
    total = len(active)
    # a fingerprint is in exactly one finding
    target = active[len(active) // 2]
    page.fill("#f-q", target["fingerprint"])
    page.wait_for_function(f"location.hash === '#filter:q={target['fingerprint']}'")
    assert shown(page) == 1
    assert shown_attr(page, "rule") == {target["code"]}
    assert target["message"] in page.locator("#groups details.f:not([hidden]) .msg").inner_text()
    # a word: every finding shown has it, every finding hidden lacks it
    page.fill("#f-q", "germany")
    page.wait_for_function("location.hash === '#filter:q=germany'")  # the filter state lands in the address once applied
    texts = page.evaluate("Array.from(document.querySelectorAll('#groups details.f')).map(f => [f.hidden, f.textContent.toLowerCase()])")
    assert any(not hidden for hidden, _ in texts)
    for hidden, text in texts:
        assert ("germany" in text) == (not hidden)
    # search combines with the selects
    with_germany = shown(page)
    page.select_option("#f-sev", "warning")
    assert shown(page) <= with_germany and shown_attr(page, "sev") <= {"warning"}
    page.fill("#f-q", "no finding has this text zzqx")
    page.wait_for_function("location.hash.indexOf('zzqx') > 0")
    assert shown(page) == 0
    assert page.locator("#f-none").is_visible()
    page.click("#f-clear")
    assert shown(page) == total
    assert page.errors == []


def test_group_by_and_summary_links(page, report):
    _, records = report
    active = [f for f in records["findings"] if not f["accepted"]]
    page.select_option("#f-group", "src")
    keys = page.evaluate("Array.from(document.querySelectorAll('#groups details.grp')).map(g => g.getAttribute('data-key'))")
    assert keys and all(re.fullmatch(r"[a-z0-9-]+( \+ [a-z0-9-]+)*|\(none\)", k) for k in keys)
    assert shown(page) == len(active)
    page.select_option("#f-group", "sev")
    keys = page.evaluate("Array.from(document.querySelectorAll('#groups details.grp')).map(g => g.getAttribute('data-key'))")
    assert keys == [s for s in ("error", "warning", "info") if any(f["severity"] == s for f in active)]
    # a count in the summary's rule table filters the findings to that rule
    link = page.locator("#summary a[data-set='rule']").first
    code = link.get_attribute("data-val")
    link.click()
    assert page.input_value("#f-rule") == code
    assert shown(page) == sum(f["code"] == code for f in active)
    assert page.errors == []


def test_keyboard(page):
    page.focus("#f-sev")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-rule"
    summary = page.locator("#groups details.f > summary").first
    summary.focus()
    before = page.evaluate("document.querySelector('#groups details.f').open")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('#groups details.f').open") != before
    if not before:
        summary.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "screenshot-finding.png"))


def test_entity_view_has_charts(page, report):
    page.locator(".eindex a", has_text="Germany").first.click()
    germany = page.locator("details.ent#e-germany")
    page.wait_for_function("document.getElementById('e-germany').open", timeout=5000)
    assert germany.get_attribute("open") is not None
    chart = germany.locator("svg.chart").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 80
    assert germany.locator("svg.chart .m").count() >= 2
    assert germany.locator("table.claims tbody tr").count() >= 2
    chart.scroll_into_view_if_needed()
    page.evaluate("document.getElementById('e-germany').scrollIntoView()")
    page.screenshot(path=str(SHOTS / "screenshot-entities.png"))
    assert page.errors == []


def test_print_expands_everything(page):
    slug = page.locator("details.ent:not([open])").first.get_attribute("id")
    inner = page.locator(f"details.ent#{slug} table.claims")
    assert inner.count() == 0  # a closed entity's table is drawn when it is opened
    # The browser announces printing with beforeprint (emulating print media alone does not): the
    # page then draws every entity and opens every section.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert inner.is_visible()
    assert page.locator("details.ent .eb:not([data-filled])").count() == 0
    assert not page.locator("#filters").is_visible()
    assert page.errors == []


def test_claim_store_mode(browser, store_report):
    path, records = store_report
    active = [f for f in records["findings"] if not f["accepted"]]
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(path.as_uri())
    target = max(active, key=lambda f: len({c["source"] for c in f["claims"]}))
    index = records["findings"].index(target) + 1
    finding = pg.locator(f"#f-{index}")
    assert finding.locator(".cl .c").count() == 0
    # search sees the quotes of findings whose cards are not copied in yet: a quote word that the
    # finding's own markup (message, evidence, details, entity names) does not contain
    from reconcile.model import CAUSES

    quote = target["claims"][-1]["quote"]
    own = " ".join([target["message"], json.dumps(target["cause"]), json.dumps(target["details"]), target["name"],
                    CAUSES.get((target["cause"] or {}).get("label"), ""), " ".join(c["subject"] or "" for c in target["claims"])]).lower()  # fmt: skip
    words = [w.lower() for c in target["claims"] for w in re.findall(r"[A-Za-z]{4,}", c["quote"]) if w.lower() not in own]
    assert words, "pick a finding whose quotes have a word of their own"
    pg.fill("#f-q", f"{words[0]} {target['fingerprint']}")
    pg.wait_for_function(f"location.hash.indexOf('{target['fingerprint']}') > 0")
    assert pg.evaluate("document.querySelectorAll('#groups details.f:not([hidden])').length") == 1
    assert finding.locator(".cl .c").count() == 0  # searching did not need the cards copied in
    finding.locator("summary").click()
    assert finding.locator(".cl .c").count() == len(target["claims"])
    assert finding.locator(".cl .col").count() == len({c["source"] for c in target["claims"]})
    assert finding.locator(".cl .c blockquote").last.inner_text() == quote
    assert finding.locator(".cl mark").count() >= 1
    finding.locator(".cl").scroll_into_view_if_needed()
    pg.screenshot(path=str(SHOTS / "screenshot-store-mode.png"))
    assert errors == []
    context.close()


# --- verdicts: badges, the figure view, reliability, the official line ----------------------------


def judged(records) -> dict[str, dict]:
    if not records["assessments"]:
        pytest.skip(f"no reference data at {REFERENCE_DATA}: the claims are not judged")
    return {a["claim"]["id"]: a for a in records["assessments"]}


def money(x: float, unit: str = "USD") -> str:
    """An official figure as the page writes it (as the verdicts do: "-$84.6B", a count "101", a rank "#2")."""
    from types import SimpleNamespace

    from reconcile.verdicts import _money

    return _money(x, SimpleNamespace(unit=unit))


CARD_VERDICTS = """sel => Array.from(document.querySelectorAll(sel)).map(c => {
  const b = c.querySelector('.vd .vb');
  return [c.querySelector('.cid').textContent, b ? b.className.replace('vb v-', '') : null, b ? b.textContent : '',
          c.querySelector('.vd .vl') ? c.querySelector('.vd .vl').textContent : ''];
})"""


def check_cards(cards: list, by_id: dict, own_words: bool = True) -> None:
    """Each card's badge says its claim's verdict; its line is the verdict's own words (cards written as HTML)
    or, drawn by the script, says the official figure the verdict names."""
    assert cards
    for cid, status, text, line in cards:
        a = by_id[cid]
        assert status == a["status"], cid
        assert text.strip().endswith(a["status"])  # the word, not colour alone
        assert line, cid
        if own_words:
            assert a["message"].endswith(line), (cid, line)
        elif a["reference"]:
            assert line.startswith("= " if a["status"] == "confirmed" else "contradicted by "), (cid, line)
            assert a["status"] == "confirmed" or money(a["reference"]["normalized"], a["claim"]["unit"]) in line, (cid, line)
            assert a["reference"]["release"] in line, (cid, line)


def test_finding_cards_carry_the_verdict_of_each_claim(page, report):
    _, records = report
    by_id = judged(records)
    # A known claim of the repository: CrossDock's China imports, which the official table contradicts.
    known = by_id["cdi-china-goods-imports-2024"]
    assert known["status"] == "contradicted"
    finding = next(i for i, f in enumerate(records["findings"]) if "cdi-china-goods-imports-2024" in f["verdicts"] and not f["accepted"])
    page.evaluate(f"(() => {{ const f = document.getElementById('f-{finding + 1}'); f.parentElement.open = true; f.open = true; f.scrollIntoView(); }})()")
    card = page.locator(f"#f-{finding + 1} .c", has=page.locator(".cid", has_text="cdi-china-goods-imports-2024")).first
    assert card.locator(".vb").inner_text().strip().endswith("contradicted")
    assert "v-contradicted" in card.locator(".vb").get_attribute("class")
    assert money(known["reference"]["normalized"]) in card.locator(".vl").inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "screenshot-verdicts.png"))
    # Every card of every finding, against the JSON.
    check_cards(page.evaluate(CARD_VERDICTS, "#groups details.f .c, #accepted details.f .c"), by_id)
    assert page.errors == []


def test_verdict_filter(page, report):
    _, records = report
    judged(records)
    active = [f for f in records["findings"] if not f["accepted"]]
    for status in ("contradicted", "confirmed"):
        page.select_option("#f-ver", status)
        assert shown(page) == sum(status in f["verdicts"].values() for f in active) > 0
    page.click("#f-clear")
    assert shown(page) == len(active)
    assert page.errors == []


def test_figure_view_names_the_official_figure_to_print(page, report):
    _, records = report
    by_id = judged(records)
    germany = [a for a in by_id.values() if a["claim"]["subject"] == "Germany" and a["claim"]["metric"] == "goods_balance"
               and a["claim"]["period"] == "2024" and a["claim"]["kind"] == "value"]  # fmt: skip
    contradicted = [a for a in germany if a["status"] == "contradicted"]
    assert contradicted, "the real claims hold a contradicted figure for Germany's 2024 goods balance"
    page.locator(".eindex a", has_text="Germany").first.click()
    page.wait_for_function("document.getElementById('e-germany').open", timeout=5000)
    fig = page.locator("#e-germany section.fig[data-metric='goods_balance'][data-period='2024']")
    assert fig.count() == 1
    # A contradiction names the official figure to print: the page says to print it.
    want = money(contradicted[0]["reference"]["normalized"])
    assert fig.locator("p.print").inner_text().startswith(f"Print this: {want}")
    assert want in fig.locator("table.offt tr.printed").inner_text()
    # Every official figure the verdicts name is among the official figures listed.
    listed = fig.locator("table.offt tbody").inner_text()
    assert all(money(a["reference"]["normalized"]) in listed for a in germany if a["reference"])
    # One row per source figure, each with the JSON's verdict.
    statuses = fig.evaluate("f => Array.from(f.querySelectorAll('table.figt tbody tr')).map(tr => tr.className.replace('st-', ''))")
    assert sorted(statuses) == sorted(a["status"] for a in germany)
    fig.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "screenshot-figures.png"))
    assert page.errors == []


def test_reliability_table_is_the_jsons(page, report):
    _, records = report
    judged(records)
    got = page.evaluate("""Array.from(document.querySelectorAll('table.rel tbody tr')).map(tr =>
        [tr.getAttribute('data-src'), ...Array.from(tr.querySelectorAll('td.r')).map(td => td.textContent.replace(/,/g, ''))])""")
    want = {s["id"]: s["reliability"] for s in records["sources"] if s["reliability"]}
    assert {row[0] for row in got} == set(want)
    for sid, figures, checked, confirmed, contradicted, unverified, score in got:
        r = want[sid]
        assert [int(figures), int(checked), int(confirmed), int(contradicted), int(unverified)] == [
            r["figures"], r["checked"], r["confirmed"], r["contradicted"], r["unverified"]]  # fmt: skip
        assert float(score) == pytest.approx(r["score"], abs=5e-4)
    page.evaluate("document.getElementById('reliability').scrollIntoView()")
    page.screenshot(path=str(SHOTS / "screenshot-reliability.png"))
    assert page.errors == []


def test_entity_chart_draws_the_official_series(page, report):
    _, records = report
    by_id = judged(records)
    page.locator(".eindex a", has_text="Germany").first.click()
    page.wait_for_function("document.getElementById('e-germany').open", timeout=5000)
    figure = page.locator("#e-germany figure", has_text="goods balance").first
    line = figure.locator("svg.chart polyline.official")
    assert line.count() == 1
    # One tick per period the official tables cover, at the official figure's height, the line through them.
    periods = {a["claim"]["period"] for a in by_id.values() if a["claim"]["subject"] == "Germany" and a["claim"]["metric"] == "goods_balance"
               and a["claim"]["kind"] == "value" and a["reference"]}  # fmt: skip
    ticks = figure.locator("svg.chart .official-pt")
    assert ticks.count() == len(periods) >= 2
    assert len(line.get_attribute("points").split()) == len(periods)
    assert "official" in figure.locator(".legend").inner_text()
    assert page.errors == []


def test_claim_store_mode_cards_carry_verdicts(browser, store_report):
    path, records = store_report
    by_id = judged(records)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(path.as_uri())
    pg.click("#f-expand")  # opening a finding copies its cards in from the data
    check_cards(pg.evaluate(CARD_VERDICTS, "#groups details.f .c"), by_id, own_words=False)
    assert errors == []
    context.close()
