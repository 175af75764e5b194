"""The plan's money (/budget and its twin /api/budget, api/readmodel/budget.py) with the plan's
real totals, worked out by hand from the Budget and Timing cells of
data/source/actieplan-radicalisering-2020-2024.txt (line numbers below are of that file; the
estimate's rule is queries/budget.rq's, each objective's figures are worked out in
tests/unit/test_budget_estimate.py).

The amounts the plan prints (grep "euro", "€", "/ jaar"): 15 amounts in 14 actions.
- one-off: 1.3 "ABB (200.000 euro)" (l. 104), 1.5 "85.000 euro" (l. 110), 1.7 "991.248 euro
  (waarvan 90 % door de EU ...)" (l. 116), 2.1 "80.000 euro" (l. 129), 2.3 "232.540 euro
  (3 jaar)" (l. 134), 4.1 "500 000 €" (l. 283), 4.3 "Eerste fase (terreinonderzoek) 50.000"
  (l. 301), 6.3 "248.498,53 euro" (l. 376), 6.4 "228.125 euro" (l. 378), 8.1 "200.000 euro"
  (l. 406): 200,000 + 85,000 + 991,248 + 80,000 + 232,540 + 500,000 + 50,000 + 248,498.53
  + 228,125 + 200,000 = 2,815,411.53.
- per year: 1.1 "104.320 euro / jaar" (l. 97), 4.2 "1.500.000 / jaar" (l. 292), 4.3 "Tweede
  fase: 500.000 / jaar" (l. 304), 4.5 "178.000 euro/jaar" (l. 309), 4.7 "188.000 euro/jaar"
  (l. 313): 104,320 + 1,500,000 + 500,000 + 178,000 + 188,000 = 2,470,320 a year.
- estimated total: the one-off amounts except 6.3's (timing "2021 en verder": no end, not
  estimated) = 2,815,411.53 - 248,498.53 = 2,566,913; the yearly amounts over their periods:
  1.1 24 months 208,640, 4.2 2021-2024 6,000,000, 4.3 2021-2024 2,000,000, 4.5 2020-2021
  356,000, 4.7 2019-2023 940,000 = 9,504,640; together 12,071,553.
- estimated per year: the objectives' 692,444 + 117,513.33 + 2,503,500 + 73,986.49 + 100,000
  = 3,487,443.82.
The other 36 actions print no amount: 35 "Binnen (de) reguliere middelen" (5.3 "Binnen de
lopende subsidie onderwijs" among them), and 5.2 "ISF-P fonds van de Europese Commissie".
"""

from __future__ import annotations

import re

import pytest

PLAN = {
    "actions": 50,
    "actions_with_figure": 14,
    "actions_without_figure": 36,
    "actions_regular_means": 35,
    "stated_one_off_eur": 2815411.53,
    "stated_per_year_eur": 2470320.0,
    "estimated_total_eur": 12071553.0,
    "estimated_per_year_eur": 3487443.82,
    "amounts_without_period": 1,
}


@pytest.fixture(scope="module")
def budget(client) -> dict:
    answer = client.get("/api/budget")
    assert answer.status_code == 200
    return answer.json()


def text_of(html: str) -> str:
    """The page's main part as text, one space between words."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'")


def test_plan_totals(budget):
    assert budget["plan"] == PLAN
    assert budget["actions_external_fund"] == 1  # 5.2, the ISF-P fund


def test_plan_total_is_the_sum_of_every_grouping(budget):
    for grouping in ("by_objective", "by_lead_organisation", "by_coordinating_minister"):
        rows = budget[grouping]
        assert sum(r["actions"] for r in rows) == 50
        assert sum(r["actions_with_figure"] for r in rows) == 14
        assert round(sum(r["estimated_total_eur"] for r in rows), 2) == 12071553
        assert round(sum(r["stated_one_off_eur"] for r in rows), 2) == 2815411.53


def test_per_objective(budget):
    rows = {r["id"]: r for r in budget["by_objective"]}
    assert list(rows) == [str(n) for n in range(1, 9)]
    # 1.1, 1.3, 1.5, 1.7: one-off 200,000 + 85,000 + 991,248; 104,320 a year over 24 months
    assert rows["1"]["stated_one_off_eur"] == 1276248
    assert rows["1"]["estimated_total_eur"] == 1484888
    # 4.1-4.7 (worked out in tests/unit/test_budget_estimate.py)
    assert rows["4"]["estimated_total_eur"] == 9846000
    # Objective 3: 16 actions, every one within regular resources
    assert (rows["3"]["actions"], rows["3"]["actions_regular_means"]) == (16, 16)
    assert rows["3"]["actions_with_figure"] == 0
    # Objective 6: 6.3's 248,498.53 has no end date: stated, not estimated
    assert rows["6"]["stated_one_off_eur"] == 476623.53
    assert rows["6"]["estimated_total_eur"] == 228125
    assert rows["6"]["amounts_without_period"] == 1


def test_per_lead_organisation_and_minister(budget):
    leads = {r["id"]: r for r in budget["by_lead_organisation"]}
    # ABB leads 1.1, 1.3, 1.5, 2.3, 4.1, 4.2, 4.3, 8.1 with amounts: estimated 208,640
    # + 200,000 + 85,000 + 232,540 + 500,000 + 6,000,000 + 2,050,000 + 200,000 = 9,476,180
    assert leads["abb"]["estimated_total_eur"] == 9476180
    assert leads["abb"]["actions_with_figure"] == 8
    # Departement OV: 1.7 991,248, 4.5 356,000, 4.7 940,000
    assert leads["departement-ov"]["estimated_total_eur"] == 2287248
    assert leads["departement-ov"]["stated_per_year_eur"] == 366000
    # Opgroeien leads 5 actions; 2.1's 80,000 is its only amount
    assert (leads["opgroeien"]["actions"], leads["opgroeien"]["estimated_total_eur"]) == (5, 80000)
    # 3.14's lead is ABB's information and screening service: its own row, said to be ABB's
    assert leads["abb-informatie-en-screeningsdienst"]["actions"] == 1
    # The action without a Trekker is counted, not dropped
    assert leads[None]["actions"] == 1
    ministers = {r["id"]: r for r in budget["by_coordinating_minister"]}
    assert sum(r["estimated_total_eur"] for r in ministers.values()) == 12071553


def test_co_funding_of_action_1_7(budget):
    outside = {o["action"]: o for o in budget["outside_funding"]}
    assert list(outside) == ["1.7", "5.2"]
    shares = outside["1.7"]["co_funding"]
    # "991.248 euro (waarvan 90 % door de EU wordt gefinancierd en 10% uit DOV)"
    assert [(s["percent"], s["funder"], s["eur"]) for s in shares] == [
        (90.0, "EU", 892123.2),
        (10.0, "DOV", 99124.8),
    ]
    assert outside["5.2"]["fund"] == "ISF-P fonds van de Europese Commissie"
    assert outside["5.2"]["co_funding"] == []


def test_page_in_dutch(client):
    answer = client.get("/budget")
    assert answer.status_code == 200
    text = text_of(answer.text)
    assert "Geraamd totaal 12.071.553 €" in text
    assert "Eenmalige bedragen 2.815.411,53 €" in text
    assert "Jaarlijkse bedragen 2.470.320 € per jaar" in text
    assert "14 van de 50 acties noemen een bedrag" in text
    assert "36 acties zonder bedrag" in text
    assert "35 met reguliere middelen" in text
    assert "1 uit een genoemd fonds, zonder bedrag" in text
    assert "1 bedrag zonder einddatum" in text
    assert "screeningsdienst (onderdeel van Agentschap Binnenlands Bestuur)" in text
    assert "cofinanciering: 90% EU (892.123,20 €), 10% DOV (99.124,80 €)" in text
    assert "eigen bedrag" not in text
    # never a raw figure
    for raw in ("12071553", "2815411", "1276248", "117513.33"):
        assert raw not in text
    # the assumptions in one Dutch sentence, with a link to the rule in the manual
    assert "Raming: een bedrag per jaar telt voor elk jaar" in text
    assert 'href="/manual/user-guide#the-budget-estimate"' in answer.text
    assert '<link rel="alternate" type="application/json" href="/api/budget">' in answer.text


def test_page_in_english(client):
    text = text_of(client.get("/budget?lang=en").text)
    assert "Estimated total €12,071,553" in text
    assert "One-off amounts €2,815,411.53" in text
    assert "co-funding: 90% EU (€892,123.20), 10% DOV (€99,124.80)" in text
    assert text.count("de EU") == text.count("door de EU")  # only the printed cell
    assert "Per lead organisation" in text and "Agency for Home Affairs" in text
    assert "(part of Agency for Home Affairs)" in text


def test_action_page_budget_in_the_page_locale(client):
    path = "/id/plan/actieplan-radicalisering-2020-2024/action/"
    dutch = text_of(client.get(path + "1.1").text)
    # printed "104.320 euro / jaar", beside it the amount in the page's money format
    assert re.search(r"“ ?104\.320 euro / jaar ?” 104\.320 € per jaar", dutch)
    assert "€ 104,320.00" not in dutch
    co_funded = text_of(client.get(path + "1.7").text)
    assert "991.248 €" in co_funded
    # the funders as printed, quoted in the plan's language
    assert re.search(r"cofinanciering: 90% EU ?, 10% DOV", co_funded)
    assert "eigen bedrag" not in co_funded
    english = text_of(client.get(path + "1.7?lang=en").text)
    assert "€991,248" in english and re.search(r"co-funding: 90% EU ?, 10% DOV", english)
    # "de EU" only where the plan's own text is quoted ("90 % door de EU")
    assert "90.0" not in english and english.count("de EU") == english.count("door de EU")
