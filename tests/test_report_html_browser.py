"""The HTML report in a real browser: headless Chromium opens the report of the real claims from file://.

Checks that the page runs without console errors, that the filters and the
search really filter, and that the entity view draws its SVG charts. Leaves
screenshots in reports/ (screenshot.png, screenshot-finding.png,
screenshot-entities.png) for a human to look at.
"""

from __future__ import annotations

import re
import json
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "seeds"
SHOTS = ROOT / "reports"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """(path, records) of the HTML report for the real claims, with the documents when they are there."""
    import os

    from reconcile.config import Config
    from reconcile.engine import run
    from reconcile.loader import load
    from reconcile.report import as_records, render

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        corpus = load(["claims"])
        assert corpus.ok, corpus.problems
        result = run(corpus, Config(), str(SEEDS.resolve()) if SEEDS.is_dir() else None)
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

    from reconcile.config import Config
    from reconcile.engine import run
    from reconcile.loader import load
    from reconcile.report import as_records, html_format

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = run(load(["claims"]), Config(), str(SEEDS.resolve()) if SEEDS.is_dir() else None)
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
