"""The HTML report in headless Chromium at ~10^4 findings, and with a hostile quote.

The large page is the report of a synthetic set of 10^4 claims in which a quarter of
the USD figures are 30 % off (benchmarks/html_report.py's findings set: about
10^4 findings, so claim cards are built on demand from the data). It must load
without console errors, and its filters, search, finding cards and entity views
must work. The whole module takes about half a minute here; the 10^5-claim figures
are in benchmarks/html_report.py, not in the suite.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from test_report_html_data import HOSTILE, hostile_corpus

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
CLAIMS = 10_000
MIN_FINDINGS = 8_000

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def big_report(tmp_path_factory):
    """(path, records) of the report of the synthetic findings set."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import html_report

    from reconcile.config import Config
    from reconcile.engine import run
    from reconcile.loader import load
    from reconcile.report import as_records, html_format

    folder = tmp_path_factory.mktemp("findings") / "claims"
    html_report.make_set(CLAIMS, folder, seed=20250611, error_rate=html_report.ERROR_RATE)
    corpus = load([str(folder)])
    assert corpus.ok, corpus.problems[:3]
    result = run(corpus, Config())
    records = as_records(result)
    assert len(records["findings"]) >= MIN_FINDINGS
    path = folder.parent / "discrepancies.html"
    path.write_text(html_format.render(records, result=result), encoding="utf-8")
    return path, records


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def open_page(browser, path: Path):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    started = time.perf_counter()
    pg.goto(path.as_uri())
    pg.wait_for_load_state("load")
    pg.load_seconds = time.perf_counter() - started
    pg.errors = errors
    return context, pg


def shown(pg) -> int:
    return pg.evaluate("document.querySelectorAll('#groups details.f:not([hidden])').length")


def test_large_report_filters_and_search(browser, big_report):
    path, records = big_report
    active = [f for f in records["findings"] if not f["accepted"]]
    total = len(active)
    context, pg = open_page(browser, path)
    try:
        assert pg.locator("#f-count").inner_text() == f"Showing {total} of {total} findings"
        assert pg.load_seconds < 20, f"the page took {pg.load_seconds:.1f} s to load"
        for sev in sorted({f["severity"] for f in active}):
            pg.select_option("#f-sev", sev)
            assert shown(pg) == sum(f["severity"] == sev for f in active)
        pg.select_option("#f-sev", "")
        code = min({f["code"] for f in active}, key=lambda c: sum(f["code"] == c for f in active))
        pg.select_option("#f-rule", code)
        assert shown(pg) == sum(f["code"] == code for f in active)
        pg.click("#f-clear")
        assert shown(pg) == total
        # search: a fingerprint is in exactly one finding; a claim id finds the findings that name it,
        # through the claims data, before any card is built
        target = active[len(active) // 3]
        pg.fill("#f-q", target["fingerprint"])
        pg.wait_for_function(f"location.hash === '#filter:q={target['fingerprint']}'")
        assert shown(pg) == 1
        cid = target["claims"][0]["id"]
        pg.fill("#f-q", cid)
        pg.wait_for_function(f"location.hash === '#filter:q={cid}'")
        assert shown(pg) == sum(any(c["id"] == cid for c in f["claims"]) for f in active) >= 1
        pg.click("#f-clear")
        assert shown(pg) == total
        assert pg.errors == []
    finally:
        context.close()


def test_large_report_builds_cards_and_entity_views_on_demand(browser, big_report):
    path, records = big_report
    context, pg = open_page(browser, path)
    try:
        target = max(records["findings"], key=lambda f: len({c["source"] for c in f["claims"]}))
        finding = pg.locator(f"#f-{records['findings'].index(target) + 1}")
        assert finding.locator(".cl .c").count() == 0
        pg.evaluate(f"document.getElementById('f-{records['findings'].index(target) + 1}').open = true")
        finding.locator(".cl .c").first.wait_for()
        assert finding.locator(".cl .c").count() == len(target["claims"])
        assert finding.locator(".cl .col").count() == len({c["source"] for c in target["claims"]})
        assert finding.locator(".cl .c blockquote").first.text_content() == target["claims"][0]["quote"]
        # the first entity (most findings) is open: its charts and every claim's row are drawn
        first = pg.locator("details.ent").first
        assert first.get_attribute("open") is not None
        n_claims = int(first.locator("summary .small").inner_text().split()[0])
        assert first.locator("table.claims tbody tr").count() == n_claims
        assert first.locator("svg.chart").count() >= 1 and first.locator("svg.chart .m.flag").count() >= 1
        # a closed entity is empty until opened
        other = pg.locator("details.ent").nth(1)
        assert other.locator("table.claims").count() == 0
        other.locator("summary").click()
        other.locator("table.claims").wait_for()
        assert pg.errors == []
    finally:
        context.close()


def test_hostile_quote_is_text_in_the_browser(browser, tmp_path):
    from reconcile.report import as_records, html_format

    result = hostile_corpus(tmp_path / "claims")
    for inline in (True, False):
        path = tmp_path / f"hostile-{inline}.html"
        path.write_text(html_format.render(as_records(result), result=result, claims_inline=inline), encoding="utf-8")
        context, pg = open_page(browser, path)
        try:
            pg.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            pg.locator("#e-germany table.claims").wait_for()
            quotes = pg.evaluate("Array.from(document.querySelectorAll('#e-germany td.qt')).map(td => td.textContent)")
            assert HOSTILE in quotes
            cards = pg.evaluate("Array.from(document.querySelectorAll('#groups .c blockquote')).map(b => b.textContent)")
            assert HOSTILE in cards
            assert pg.evaluate("window.pwned") is None
            assert pg.evaluate("document.querySelectorAll('script').length") == 2
            assert pg.errors == []
        finally:
            context.close()
