"""`reconcile draft` on small invented documents: one per extraction path, each field read as the claim format means it.

The documents are made up (countries, figures and wording unlike the seed documents), so these
tests pin the rules, not one article's phrasing.
"""

from __future__ import annotations

import re

import yaml
from conftest import run_cli

from reconcile.draft import draft
from reconcile.loader import load


def _draft(tmp_path, text: str, name: str = "note.txt") -> dict:
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    data = yaml.safe_load(draft(doc))
    defaults = data.get("defaults") or {}
    for claim in data["claims"]:
        if claim.get("kind", "value") not in ("rank", "count"):
            for key in ("unit", "scale"):
                claim.setdefault(key, defaults.get(key))
    return data


def _on(data: dict, line: int) -> list[dict]:
    return [c for c in data["claims"] if c["line"] == line]


def test_list_items_under_a_heading_take_its_subject(tmp_path):
    data = _draft(tmp_path, "Partners in 2023\nBrazil\n-\nGoods deficit: $7.5 B\n-\nExports: $40.1 B\nChile\n-\nSurplus: +$3 B\n")
    (deficit,), (exports,), (surplus,) = _on(data, 4), _on(data, 6), _on(data, 9)
    assert (deficit["subject"], deficit["metric"], deficit["value"], deficit["period"]) == ("Brazil", "goods_balance", -7.5, "2023")
    assert (exports["subject"], exports["metric"], exports["value"]) == ("Brazil", "goods_exports", 40.1)
    assert (surplus["subject"], surplus["metric"], surplus["value"]) == ("Chile", "goods_balance", 3)


def test_partner_perspective_is_the_partner_side(tmp_path):
    data = _draft(tmp_path, "Norway shipped $6.2 billion of goods to the United States in 2022.\n"
                            "Norway's imports from the U.S. in 2022: $4.4 billion\n")  # fmt: skip
    (sold,), (bought,) = _on(data, 1), _on(data, 2)
    assert (sold["subject"], sold["metric"], sold["perspective"], sold["period"]) == ("Norway", "goods_exports", "partner", "2022")
    assert (bought["metric"], bought["perspective"], bought["value"]) == ("goods_imports", "partner", 4.4)


def test_qualifiers(tmp_path):
    data = _draft(tmp_path, "In 2021 imports from Peru topped out at almost $9 billion, exports to Peru were well above $8 billion, "
                            "the tariff on Peruvian copper was up to 12%, and the deficit was roughly $1 billion.\n")  # fmt: skip
    got = [(c["value"], c.get("qualifier", "exact")) for c in _on(data, 1)]
    assert got == [(9, "nearly"), (8, "over"), (12, "at_most"), (-1, "about")]


def test_ranges_halves_quarters_and_year_labels(tmp_path):
    data = _draft(tmp_path, "Thailand, 2023 Feb–Jun: the goods deficit was –$18.2 billion.\n"
                            "In the second half of 2022 the deficit with Thailand was $20 billion.\n"
                            "In 2022-23 the deficit with Thailand stood at $41 billion.\n")  # fmt: skip
    assert [c["period"] for c in data["claims"]] == ["2023-02..2023-06", "2022-H2", "2022"]
    assert [c["value"] for c in data["claims"]] == [-18.2, -20, -41]


def test_relative_periods_count_from_the_document_date(tmp_path):
    data = _draft(tmp_path, "Published March 3, 2024\nLast year the deficit with Poland reached $5.5 billion.\n"
                            "Poland currently faces a tariff of 8%.\n")  # fmt: skip
    assert data["source"]["published"] == "2024-03-03"
    (deficit,), (tariff,) = _on(data, 2), _on(data, 3)
    assert (deficit["period"], deficit["subject"], deficit["value"]) == ("2023", "Poland", -5.5)
    assert (tariff["metric"], tariff["period"], tariff["unit"]) == ("tariff_rate", "2024-03", "percent")


def test_a_numbered_ranking_declares_its_ranking(tmp_path):
    text = ("Here are the 4 partners with the largest US goods deficits in 2020:\n"
            "1. Austria: –$9.1 billion\n2. Sweden: –$6.0 billion\n3. Finland: –$4.2 billion\n4. Denmark: –$3.3 billion\n")  # fmt: skip
    data = _draft(tmp_path, text)
    (ranking,) = data["rankings"]
    assert (ranking["metric"], ranking["period"], ranking["order"], ranking["line"]) == ("goods_balance", "2020", "ascending", 1)
    ranks = [c for c in data["claims"] if c.get("kind") == "rank"]
    assert [(c["subject"], c["value"], c["ranking"]) for c in ranks] == [
        ("Austria", 1, ranking["id"]), ("Sweden", 2, ranking["id"]), ("Finland", 3, ranking["id"]), ("Denmark", 4, ranking["id"])]
    (count,) = [c for c in data["claims"] if c.get("kind") == "count"]
    assert (count["value"], count["ranking"]) == (4, ranking["id"])
    values = [c for c in data["claims"] if c.get("kind", "value") == "value"]
    assert [(c["subject"], c["value"], c["period"]) for c in values][0] == ("Austria", -9.1, "2020")


def test_a_combined_total_over_named_parts(tmp_path):
    data = _draft(tmp_path, "In 2019 the US ran a combined deficit of $75 billion with Spain, Portugal and Greece.\n")
    (total,) = data["claims"]
    assert (total["kind"], total["parts"], total["metric"], total["value"]) == ("total", ["Spain", "Portugal", "Greece"], "goods_balance", -75)
    assert "subject" not in total


def test_growth_change_average_and_partner_counts(tmp_path):
    data = _draft(tmp_path, "June 2023: the goods and services deficit hit $60.2 billion, a $4.1 billion jump from May.\n"
                            "In 2023 the deficit with Egypt grew 8.5% from the previous year.\n"
                            "The 2023 average monthly goods deficit was about $90 billion.\n"
                            "In 2023 the US had a trade deficit with 70 countries.\n")  # fmt: skip
    level, change = _on(data, 1)
    assert (level["metric"], level["period"], level["value"]) == ("gs_balance", "2023-06", -60.2)
    assert (change["kind"], change["from_period"], change["value"]) == ("change", "2023-05", -4.1)
    (growth,) = _on(data, 2)
    assert (growth["kind"], growth["period"], growth["from_period"], growth["unit"]) == ("growth", "2023", "2022", "percent")
    (average,) = _on(data, 3)
    assert (average["kind"], average["per"], average["value"], average["qualifier"]) == ("average", "month", -90, "about")
    (partners,) = _on(data, 4)
    assert (partners["metric"], partners["subject"], partners["unit"], partners["value"]) == ("partners_in_deficit", "World", "count", 70)


def test_unsure_fields_stay_check_with_candidates(tmp_path):
    doc = tmp_path / "vague.txt"
    doc.write_text("The figure rose to 7.5 million.\n", encoding="utf-8")
    text = draft(doc)
    assert "metric: CHECK" in text and "# CHECK metric: candidates" in text


def test_dates_durations_and_bare_numbers_are_skipped_not_claimed(tmp_path):
    data = _draft(tmp_path, "Posted 2024-05-06\nThe 45-day pause on tariffs of 20% ends soon; see page 12.\n")
    assert [c["value"] for c in data["claims"]] == [20]
    skipped = {(s.get("line"), s.get("text")) for s in data["skip"]}
    assert {(2, "45"), (2, "12"), (1, "05"), (1, "06")} <= skipped


def test_a_draft_validates_once_its_check_fields_are_resolved_and_is_stable(tmp_path):
    doc = tmp_path / "mix.txt"
    doc.write_text("Top 3 partners by deficit, 2022:\n1. Italy — $44B Deficit\n2. France — $16B Deficit\n3. Spain — $2B Deficit\n"
                   "Exports rose to $2.1 trillion in 2022, while imports came to about 3 trillion dollars.\n", encoding="utf-8")  # fmt: skip
    text = draft(doc)
    assert draft(doc) == text
    resolved = re.sub(r"metric: CHECK", "metric: goods_imports", text).replace("publisher: CHECK", "publisher: Someone")
    out = tmp_path / "mix.yaml"
    out.write_text(resolved, encoding="utf-8")
    corpus = load([str(out)])
    assert corpus.ok, [str(p) for p in corpus.problems]
    assert len(corpus.claims) == len(yaml.safe_load(text)["claims"])


def test_against_prints_recall_precision_and_field_accuracy(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("In 2021 the goods deficit with Kenya was $2.5 billion.\nExports to Kenya were $1.1 billion in 2021.\n", encoding="utf-8")
    hand = tmp_path / "hand.yaml"
    hand.write_text(
        "source: {id: kenya, title: t, publisher: p, published: null, document: doc.txt, sha256: '" + "0" * 64 + "', lineage: [unknown]}\n"
        "defaults: {unit: USD, scale: billion}\n"
        "claims:\n"
        "  - {id: k1, subject: Kenya, metric: goods_balance, period: '2021', value: -2.5, quote: 'deficit with Kenya was $2.5 billion', line: 1}\n"
        "  - {id: k2, subject: Kenya, metric: goods_imports, period: '2021', value: 1.1, quote: 'Exports to Kenya were $1.1 billion', line: 2}\n",
        encoding="utf-8",
    )
    result = run_cli(["draft", "--against", hand, doc])
    assert result.code == 0, result.err
    assert re.search(r"matched\s+2\s+recall\s+100\.0 %", result.out)
    assert re.search(r"metric\s+1 / 2\s+50\.0 %", result.out)  # the hand file says imports where the text says exports
    assert "k2: metric goods_imports (draft: goods_exports)" in result.out


# --- periods: which words name a figure's own period ------------------------------------


def test_a_reporting_verbs_period_is_no_figures_period(tmp_path):
    data = _draft(tmp_path, "Date: June 2, 2023\n\nThe deficit with Peru was $4.1 billion in 2022, the ministry said last week, "
                            "citing figures published last month. Exports to Peru reached $9.8 billion.\n")  # fmt: skip
    deficit, exports = _on(data, 3)
    assert (deficit["period"], exports["period"]) == ("2022", "2022")


def test_the_dateline_governs_no_period(tmp_path):
    data = _draft(tmp_path, "Harbor Notes\nOctober 9, 2023\n\nIn 2022 exports to Chile were $2 billion.\n\nImports from Chile came to $3.3 billion.\n")
    assert [c["period"] for c in data["claims"]] == ["2022", "2022"]


def test_a_base_figures_period_stays_in_its_clause(tmp_path):
    data = _draft(tmp_path, "Exports to Kenya slipped to $2.9 billion, down from $3.2 billion in 2020. Imports from Kenya were $1.1 billion.\n"
                            "In 2021 the goods deficit with Kenya was $0.7 billion.\n")  # fmt: skip
    slipped, base, imports = _on(data, 1)
    assert (slipped["period"], base["period"], imports["period"]) == ("2021", "2020", "2021")


def test_a_later_sentence_names_no_period_for_an_earlier_figure(tmp_path):
    data = _draft(tmp_path, "In 2020 exports to Oman were $1.2 billion, and in 2020 imports from Oman were $0.9 billion.\n"
                            "Imports from Oman were $0.8 billion. In March 2021 exports to Oman were $0.4 billion.\n")  # fmt: skip
    imports, march = _on(data, 2)
    assert (imports["period"], march["period"]) == ("2020", "2021-03")


def test_a_when_clause_takes_the_period_named_before_it(tmp_path):
    data = _draft(tmp_path, "In 2022 the deficit with Peru narrowed 12% from 2019, when it was $6.5 billion.\n")
    growth, level = data["claims"]
    assert (growth["kind"], growth["from_period"], level["period"], level["value"]) == ("growth", "2019", "2019", -6.5)


def test_years_ago_count_back_from_the_year_the_document_is_about(tmp_path):
    data = _draft(tmp_path, "In 2022 the deficit with Peru was $4 billion.\nNine years ago the deficit with Peru was $1.5 billion.\n")
    assert [c["period"] for c in data["claims"]] == ["2022", "2013"]


def test_a_bare_month_is_in_the_figures_year_not_the_year_compared_with(tmp_path):
    data = _draft(tmp_path, "In 2022 the deficit with Peru was $4 billion.\nIt rose 8% from 2021. The deficit hit $0.5 billion in July alone.\n")
    assert [c["period"] for c in _on(data, 2)] == ["2022", "2022-07"]


# --- growth and change ------------------------------------------------------------------


def test_growth_without_a_named_base_is_from_the_previous_period(tmp_path):
    data = _draft(tmp_path, "In 2021 exports to Chile were $9.1 billion (up 3.3%).\n"
                            "In Q1 2022 imports from Chile rose 2%.\n"
                            "In May 2022 the deficit with Chile was $0.3 billion, an increase of 6.2% from the previous year.\n")  # fmt: skip
    (_, up), (quarter,), (_, yearly) = _on(data, 1), _on(data, 2), _on(data, 3)
    assert (up["kind"], up["period"], up["from_period"], up["metric"]) == ("growth", "2021", "2020", "goods_exports")
    assert (quarter["kind"], quarter["period"], quarter["from_period"]) == ("growth", "2022-Q1", "2021-Q4")
    assert (yearly["kind"], yearly["from_period"]) == ("growth", "2021")


def test_a_qualified_change_and_a_widening_deficit(tmp_path):
    data = _draft(tmp_path, "In 2021 exports to Chile jumped nearly 12%, and the deficit with Peru widened by $2.5 billion.\n")
    growth, change = data["claims"]
    assert (growth["kind"], growth["value"], growth.get("qualifier")) == ("growth", 12, "nearly")
    assert (change["kind"], change["value"], change["subject"], change["from_period"]) == ("change", -2.5, "Peru", "2020")


def test_an_elided_by_shares_the_verb_before_it(tmp_path):
    data = _draft(tmp_path, "In 2021 the deficit with Chile shrank by 4% from 2019, and by $1.2 billion from its 2016 peak.\n")
    growth, change = data["claims"]
    assert (growth["kind"], growth["value"], growth["from_period"]) == ("growth", -4, "2019")
    assert (change["kind"], change["value"], change["from_period"], change.get("qualifier", "exact")) == ("change", 1.2, "2016", "exact")


def test_partner_side_growth_is_the_reporters_flow(tmp_path):
    data = _draft(tmp_path, "In 2021 Chile's exports to the U.S. climbed 7% to $15 billion.\n")
    growth, level = data["claims"]
    assert (growth["kind"], growth["metric"], growth.get("perspective", "reporter")) == ("growth", "goods_imports", "reporter")
    assert (level["metric"], level["perspective"]) == ("goods_exports", "partner")


# --- shares -----------------------------------------------------------------------------


def test_a_partners_share_of_a_total_is_a_share_claim(tmp_path):
    data = _draft(tmp_path, "In 2022 Canada took 17.5% of US goods exports.\n"
                            "- Deficit with Chile: $4 billion (3.1% of the total)\n"
                            "In 2022 Peru, Chile and Bolivia together accounted for 9% of the trade deficit.\n")  # fmt: skip
    (canada,), (_, chile), (three,) = _on(data, 1), _on(data, 2), _on(data, 3)
    assert (canada["kind"], canada["subject"], canada["metric"], canada["of"], canada["unit"]) == (
        "share", "Canada", "goods_exports", {"subject": "World"}, "percent")
    assert (chile["kind"], chile["subject"], chile["metric"], chile["value"]) == ("share", "Chile", "goods_balance", 3.1)
    assert (three["kind"], three["parts"], three["metric"], "subject" in three) == ("share", ["Peru", "Chile", "Bolivia"], "goods_balance", False)


def test_a_share_of_no_trade_total_stays_a_plain_share(tmp_path):
    data = _draft(tmp_path, "In 2022 about 60% of all phones sold in the US were made in Chile, and Peru supplied 41% of US copper imports.\n")
    assert [(c.get("kind", "value"), c["metric"]) for c in data["claims"]] == [("value", "share"), ("value", "share")]


def test_a_drafted_share_loads(tmp_path):
    doc = tmp_path / "shares.txt"
    doc.write_text("In 2022 Canada took 17.5% of US goods exports, and Peru, Chile and Bolivia together took 9% of them.\n", encoding="utf-8")
    out = tmp_path / "shares.yaml"
    out.write_text(draft(doc).replace("publisher: CHECK", "publisher: Someone"), encoding="utf-8")
    corpus = load([str(out)])
    assert corpus.ok, [str(p) for p in corpus.problems]
    assert [c.kind for c in corpus.claims][:1] == ["share"]


# --- ranges, bounds, averages and totals in other words ---------------------------------


def test_a_range_is_a_lower_and_an_upper_bound_on_one_figure(tmp_path):
    data = _draft(tmp_path, "In 2022 estimates of the deficit with Peru vary between $3 billion and $4.5 billion, "
                            "as re-exports are counted.\n")  # fmt: skip
    low, high = data["claims"]
    assert [(c["value"], c["qualifier"], c["metric"], c["subject"]) for c in (low, high)] == [
        (-3, "at_least", "goods_balance", "Peru"), (-4.5, "at_most", "goods_balance", "Peru")]


def test_a_range_needs_words_that_open_it(tmp_path):
    data = _draft(tmp_path, "In 2022 exports to Peru rose from $3 billion to $4.5 billion.\n")
    assert [c.get("qualifier", "exact") for c in data["claims"]] == ["exact", "exact"]


def test_topped_averaged_and_added_up_to(tmp_path):
    data = _draft(tmp_path, "In 2022 imports from Peru topped $12 billion.\n"
                            "In 2022 the monthly deficit with Peru averaged $0.4 billion.\n"
                            "In 2022 the two neighbours (Peru and Chile) added up to a deficit of $7 billion.\n")  # fmt: skip
    (topped,), (average,), (total,) = _on(data, 1), _on(data, 2), _on(data, 3)
    assert (topped["qualifier"], topped["metric"]) == ("over", "goods_imports")
    assert (average["kind"], average["per"], average["value"]) == ("average", "month", -0.4)
    assert (total["kind"], total["parts"], total["value"]) == ("total", ["Peru", "Chile"], -7)


# --- subjects and flows: whose figure it is ---------------------------------------------


def test_a_partner_right_after_the_figure_is_its_subject(tmp_path):
    data = _draft(tmp_path, "In 2022 the U.S. ran a surplus of $4.4 billion with Chile and about $1.3 billion with Peru.\n")
    assert [(c["subject"], c["value"]) for c in data["claims"]] == [("Chile", 4.4), ("Peru", 1.3)]


def test_a_partner_in_a_later_figures_stretch_is_not_this_figures(tmp_path):
    data = _draft(tmp_path, "In 2022 imports of copper came to $21 billion, with Chile supplying 44%.\n")
    imports, _ = data["claims"]
    assert imports["subject"] == "World"


def test_an_as_clause_names_no_subject(tmp_path):
    data = _draft(tmp_path, "1. Peru — deficit of $2 billion\nPeru's exports to the U.S. jumped 8% to $9 billion in 2022 as mines moved north from Chile.\n"
                            "2. Chile — deficit of $1 billion\n3. Bolivia — deficit of $0.5 billion\n")  # fmt: skip
    _, exports = _on(data, 2)
    assert (exports["subject"], exports["perspective"]) == ("Peru", "partner")


def test_a_pronoun_refers_to_the_partner_of_the_sentence_before(tmp_path):
    data = _draft(tmp_path, "In 2022 Peru grew fastest. Six years ago its deficit with the U.S. was under $2 billion.\n")
    (deficit,) = data["claims"]
    assert (deficit["subject"], deficit["period"], deficit["qualifier"], deficit.get("perspective", "reporter")) == ("Peru", "2016", "under", "reporter")


def test_bought_from_is_imports_and_a_partners_own_balance_is_its_side(tmp_path):
    data = _draft(tmp_path, "In 2022 the U.S. sold $9 billion of goods to Chile and bought $11 billion from it, a gap of $2 billion.\n"
                            "In 2022 Chile's surplus with the U.S. was $2.4 billion by Chile's count.\n")  # fmt: skip
    sold, bought, gap = _on(data, 1)
    assert [(c["metric"], c["value"]) for c in (sold, bought, gap)] == [("goods_exports", 9), ("goods_imports", 11), ("goods_balance", -2)]
    (mirror,) = _on(data, 2)
    assert (mirror["metric"], mirror["perspective"], mirror["value"]) == ("goods_balance", "partner", 2.4)


def test_a_sentence_that_names_nothing_refers_to_the_one_before(tmp_path):
    data = _draft(tmp_path, "In 2022 estimates of the deficit with Peru ranged from $3 billion to $4 billion, depending on re-exports. "
                            "The official figure is $3.6 billion.\n")  # fmt: skip
    *_, official = data["claims"]
    assert (official["subject"], official["metric"], official["value"]) == ("Peru", "goods_balance", -3.6)


def test_that_figure_keeps_the_scope_of_the_paragraph_before(tmp_path):
    data = _draft(tmp_path, "In 2022 the goods and services deficit with Peru was $5 billion.\n\n"
                            "That combined figure rose 4% from 2021, when the deficit was $4.8 billion.\n")  # fmt: skip
    growth, level = _on(data, 3)
    assert (growth["metric"], level["metric"], level["period"], level["value"]) == ("gs_balance", "gs_balance", "2021", -4.8)


def test_a_sentence_that_names_its_own_partner_does_not_refer_back(tmp_path):
    data = _draft(tmp_path, "In 2022 the goods and services deficit with Peru was $5 billion. Exports to Chile were $2 billion.\n")
    _, exports = data["claims"]
    assert (exports["subject"], exports["metric"]) == ("Chile", "goods_exports")


def test_top_n_above_a_list_of_n_counts_it(tmp_path):
    data = _draft(tmp_path, "Top 3 goods gaps, 2020\n1. Austria: –$9.1 billion\n2. Sweden: –$6.0 billion\n3. Finland: –$4.2 billion\n")
    (count,) = [c for c in data["claims"] if c.get("kind") == "count"]
    assert (count["line"], count["value"], count["ranking"]) == (1, 3, data["rankings"][0]["id"])


def test_one_tariff_on_listed_partners_is_a_claim_for_each(tmp_path):
    doc = tmp_path / "tariff.txt"
    doc.write_text("Published May 2, 2023\nA tariff of 15% on steel from Chile, Peru and Bolivia was proposed. In 2022 exports to Peru were $2 billion.\n",
                   encoding="utf-8")  # fmt: skip
    text = draft(doc)
    data = yaml.safe_load(text)
    assert [(c["subject"], c["metric"], c["value"]) for c in _on(data, 2)] == [
        ("Chile", "tariff_rate", 15), ("Peru", "tariff_rate", 15), ("Bolivia", "tariff_rate", 15), ("Peru", "goods_exports", 2)]
    assert {c["quote"] for c in _on(data, 2)[:3]} == {"A tariff of 15% on steel from Chile, Peru and Bolivia"}
    out = tmp_path / "tariff.yaml"
    out.write_text(text.replace("publisher: CHECK", "publisher: Someone"), encoding="utf-8")
    assert load([str(out)]).ok


def test_a_year_earlier_is_no_yearly_average(tmp_path):
    data = _draft(tmp_path, "In 2022 the deficit with Peru was $4 billion. It was $3.1 billion a year earlier.\n")
    _, earlier = data["claims"]
    assert (earlier.get("kind", "value"), earlier["period"], earlier["value"]) == ("value", "2021", -3.1)


def test_the_flow_is_read_on_the_figures_side_of_while(tmp_path):
    data = _draft(tmp_path, "In 2022 imports from Peru rose 6% to $14 billion, while exports to Peru were $9 billion.\n")
    _, level, exports = data["claims"]
    assert (level["metric"], exports["metric"]) == ("goods_imports", "goods_exports")


def test_a_dashed_range_shares_its_scale_and_currency(tmp_path):
    data = _draft(tmp_path, "In 2022 exports to Peru came to $3.1-3.4 billion.\n")
    assert [(c["value"], c["qualifier"], c["unit"], c["scale"], c["metric"]) for c in data["claims"]] == [
        (3.1, "at_least", "USD", "billion", "goods_exports"), (3.4, "at_most", "USD", "billion", "goods_exports")]


def test_a_year_earlier_beside_a_part_of_a_year_is_the_same_months(tmp_path):
    data = _draft(tmp_path, "May 2023 snapshot\nYear to date, the deficit with Peru was $2.2 billion, compared with $2.6 billion a year earlier.\n")
    assert [c["period"] for c in _on(data, 2)] == ["2023-01..2023-05", "2022-01..2022-05"]
