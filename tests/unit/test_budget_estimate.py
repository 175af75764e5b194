"""The budget estimate (queries/budget.rq) at the precision the plan prints each timing.

Every expected figure is worked out by hand from the printed Budget and Timing cells, with the
rule stated in the query's header: an amount covers the years stated for it ("(3 jaar)"), or
else the months of its action's timing, from the first day's month to the last day's month,
both included, less the first month when the timing starts after its 15th and less the last
month when it ends before its 15th; a year printed alone runs from 1 January to 31 December.
A yearly amount counts months/12 times; a one-off amount is spread over months/12 years.

Two sources of cells: the vendored plan (day, year and open-ended timings carry amounts there;
line numbers below are of data/source/actieplan-radicalisering-2020-2024.txt), and a small plan
in the same layout written below for what the vendored plan has no amount for (timings printed
to the month, and ongoing ones). Both engines must give the same answer.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from actieplan.graph.core.vocab import AP
from actieplan.graph.rdf.pipeline import build
from actieplan.graph.sparql.library import python_value, run_query
from actieplan.graph.sparql.store import open_store

ENGINES = ("oxigraph", "rdflib")
FIGURES = (
    "stated_one_off_eur",
    "stated_per_year_eur",
    "estimated_total_eur",
    "estimated_per_year_eur",
    "amounts_without_period",
)


def estimate_by_objective(graph: Graph) -> dict[str, tuple]:
    """Objective number -> the five figures of the budget query; both engines must agree."""
    answers = []
    for engine in ENGINES:
        query, answer = run_query(open_store(graph, engine), "budget", {"by": "objective"})
        types = {c.name: c.type for c in query.columns}
        rows = {}
        for row in answer.rows:
            record = {
                v: python_value(t, types[v]) for v, t in zip(answer.variables, row, strict=True)
            }
            rows[record["group"].rsplit("/", 1)[-1]] = tuple(record[f] for f in FIGURES)
        answers.append(rows)
    assert answers[0] == answers[1], "pyoxigraph and rdflib disagree on the budget estimate"
    return answers[0]


def estimate_of_action(plan_graph: Graph, number: str) -> tuple:
    """The figures of one action of the vendored plan: its objective's row in a copy of the
    graph where every other action's budget amounts are taken out."""
    graph = Graph()
    graph += plan_graph
    kept = graph.value(predicate=AP.number, object=Literal(number))
    assert kept is not None, f"no action {number} in the plan graph"
    for action, budget in list(graph.subject_objects(AP.budget)):
        if action != kept:
            graph.remove((budget, AP.amount, None))
    objective = number.split(".")[0]
    return estimate_by_objective(graph)[objective]


def figures(one_off: str, yearly: str, total: str, a_year: str, without_period: int = 0) -> tuple:
    """The five figures in FIGURES' order, euro amounts written as printed decimals."""
    return (Decimal(one_off), Decimal(yearly), Decimal(total), Decimal(a_year), without_period)


# --- Printed to the day: the printed length counts -------------------------------------------


def test_day_precision_counts_the_printed_length(plan_graph):
    # Line 97, action 1.1: "1 april 2021 – 31 maart 2023", "104.320 euro / jaar".
    # April 2021 .. March 2023 = 9 + 12 + 3 = 24 months = 2 years: 2 x 104,320 = 208,640
    # (counting calendar years 2021, 2022, 2023 would give 312,960).
    assert estimate_of_action(plan_graph, "1.1") == figures("0", "104320", "208640", "104320")
    # Line 283, action 4.1: "15 januari 2021 tot 14 januari 2025", "500 000 €" one-off.
    # January 2021 counts (starts on the 15th), January 2025 does not (ends on the 14th):
    # 2021-01 .. 2024-12 = 48 months = 4 years; 500,000 / 4 = 125,000 a year.
    assert estimate_of_action(plan_graph, "4.1") == figures("500000", "0", "500000", "125000")
    # Line 378, action 6.4: "15 december 2020 – 31 december 2023", "228.125 euro" one-off.
    # December 2020 counts (starts on the 15th): 1 + 36 = 37 months;
    # 228,125 x 12 / 37 = 73,986.486... -> 73,986.49 a year.
    assert estimate_of_action(plan_graph, "6.4") == figures("228125", "0", "228125", "73986.49")


# --- Printed to the year: per calendar year --------------------------------------------------


def test_year_precision_counts_calendar_years(plan_graph):
    # Line 313, action 4.7: "2019 - 2023", "188.000 euro/jaar": 2019..2023 = 5 years;
    # 5 x 188,000 = 940,000.
    assert estimate_of_action(plan_graph, "4.7") == figures("0", "188000", "940000", "188000")
    # Line 104, action 1.3: "2021-2024", "ABB (200.000 euro)" one-off: 4 years, 50,000 a year.
    assert estimate_of_action(plan_graph, "1.3") == figures("200000", "0", "200000", "50000")


# --- Open-ended: no period, stated only --------------------------------------------------------


def test_open_ended_timing_is_stated_but_not_estimated(plan_graph):
    # Line 376, action 6.3: "2021 en verder", "248.498,53 euro" one-off, no years stated.
    assert estimate_of_action(plan_graph, "6.3") == figures("248498.53", "0", "0", "0", 1)


# --- Printed to the month, and ongoing: a small plan in the same layout ----------------------

MINISTER = "Minister van Onderwijs, Sport, Dierenwelzijn en Vlaamse Rand"
SMALL_PLAN_ROWS = [
    # (objective, title, Timing cell, Budget cell): one action per objective, so that each
    # objective's row is that action's estimate.
    (
        1,
        "Een netwerk van scholen uitbouwen",
        "september 2021 – augustus 2023",
        "60.000 euro / jaar",
    ),
    (2, "Een helplijn openhouden", "Doorlopend", "40.000 euro / jaar"),
    (3, "Een opleiding aanbieden", "Doorlopend", "90.000 euro (3 jaar)"),
    (4, "Een onderzoek laten uitvoeren", "maart 2022 – augustus 2023", "10.000 euro / jaar"),
    (5, "Een handleiding schrijven", "maart 2022 – augustus 2023", "30.000 euro"),
]


def small_plan_text() -> str:
    lines = [
        "Actieplan Proef 2021-2024",
        "",
        "1. Inleiding",
        "",
        "Een fictief plan in dezelfde opmaak, om de raming van het budget te toetsen.",
        "",
        "Actie\tCoördinerend minister\tTrekker\tTiming\tBudget",
        "Bestaande actie die wordt uitgebreid/aangepast\tBetrokken ministers\tPartner\t\t",
        "",
    ]
    for number, title, timing, budget in SMALL_PLAN_ROWS:
        lines += [
            f"Doelstelling {number}: We werken aan doel {number}.",
            "",
            "\t".join([f"Actie {number}.1: {title}", MINISTER, "OV (Onderwijs)", timing, budget]),
            "Een beschrijving van de actie.\t\t\t\t",
            "",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def small_plan(tmp_path_factory) -> dict[str, tuple]:
    path: Path = tmp_path_factory.mktemp("budget") / "plan.txt"
    path.write_text(small_plan_text(), encoding="utf-8")
    graph = build(path, base_iri="https://w3id.org/actieplan/id/", serialise=False).graph
    return estimate_by_objective(graph)


def test_month_precision_counts_the_printed_months(small_plan):
    # "september 2021 – augustus 2023": 4 + 12 + 8 = 24 months = 2 years;
    # 60,000 a year -> 120,000.
    assert small_plan["1"] == figures("0", "60000", "120000", "60000")
    # "maart 2022 – augustus 2023": 10 + 8 = 18 months = 1.5 years (not the 2 calendar years
    # 2022 and 2023); 10,000 a year -> 15,000.
    assert small_plan["4"] == figures("0", "10000", "15000", "10000")
    # The same 18 months for a one-off 30,000: 30,000 / 1.5 = 20,000 a year.
    assert small_plan["5"] == figures("30000", "0", "30000", "20000")


def test_ongoing_timing_is_estimated_only_with_stated_years(small_plan):
    # "Doorlopend" and "40.000 euro / jaar": no period, so stated but not estimated.
    assert small_plan["2"] == figures("0", "40000", "0", "0", 1)
    # "Doorlopend" and "90.000 euro (3 jaar)": the stated 3 years; 90,000 / 3 = 30,000 a year.
    assert small_plan["3"] == figures("90000", "0", "90000", "30000")


# --- Every objective of the vendored plan, by hand ---------------------------------------------


def test_every_objective_total_of_the_vendored_plan(plan_graph):
    """The 14 euro amounts of the plan (grep "euro", "€", "/ jaar" in the source: 13 actions),
    each with its action's Timing cell; objectives 3, 5 and 7 print no amount."""
    expected = {
        # 1.1 (line 97)  "1 april 2021 – 31 maart 2023", 104,320 a year: 24 months -> 208,640
        # 1.3 (line 104) "2021-2024", 200,000 one-off: 48 months -> 50,000 a year
        # 1.5 (line 110) "1 januari 2020 – 31 december 2021", 85,000 one-off: 24 months
        #                -> 42,500 a year
        # 1.7 (line 116) "1/1/2020 tot 31/12/2021", 991,248 one-off: 24 months -> 495,624
        # one-off 200,000 + 85,000 + 991,248 = 1,276,248; total 1,276,248 + 208,640
        # = 1,484,888; a year 104,320 + 50,000 + 42,500 + 495,624 = 692,444
        "1": figures("1276248", "104320", "1484888", "692444"),
        # 2.1 (line 129) "2020 - 2021", 80,000 one-off: 2 years -> 40,000 a year
        # 2.3 (line 134) "1 mei 2021 – 1 mei 2024", "232.540 euro (3 jaar)": the stated 3 years
        #                -> 77,513.33 a year
        # one-off 312,540; a year 40,000 + 77,513.33 = 117,513.33
        "2": figures("312540", "0", "312540", "117513.33"),
        "3": figures("0", "0", "0", "0"),
        # 4.1 (line 283) "15 januari 2021 tot 14 januari 2025", 500,000 one-off: 48 months
        #                -> 125,000 a year
        # 4.2 (line 292) "2021 – 2024", 1,500,000 a year: 4 years -> 6,000,000
        # 4.3 (line 301-304) timing "Eerste fase : 2021 Tweede fase: eind 2021 - 2024"
        #                (2021 to 2024: 4 years, the whole cell), 50,000 one-off -> 12,500 a
        #                year; 500,000 a year -> 2,000,000
        # 4.5 (line 309) "2020 - 2021", 178,000 a year: 2 years -> 356,000
        # 4.7 (line 313) "2019 - 2023", 188,000 a year: 5 years -> 940,000
        # one-off 500,000 + 50,000 = 550,000; yearly 1,500,000 + 500,000 + 178,000 + 188,000
        # = 2,366,000; total 550,000 + 6,000,000 + 2,000,000 + 356,000 + 940,000 = 9,846,000;
        # a year 125,000 + 1,500,000 + 12,500 + 500,000 + 178,000 + 188,000 = 2,503,500
        "4": figures("550000", "2366000", "9846000", "2503500"),
        "5": figures("0", "0", "0", "0"),
        # 6.3 (line 376) "2021 en verder", 248,498.53 one-off: open-ended, not estimated
        # 6.4 (line 378) "15 december 2020 – 31 december 2023", 228,125 one-off: 37 months
        #                -> 228,125 x 12 / 37 = 73,986.49 a year
        # one-off 248,498.53 + 228,125 = 476,623.53; total 228,125
        "6": figures("476623.53", "0", "228125", "73986.49", 1),
        "7": figures("0", "0", "0", "0"),
        # 8.1 (line 406) "2021-2022", 200,000 one-off: 2 years -> 100,000 a year
        "8": figures("200000", "0", "200000", "100000"),
    }
    assert estimate_by_objective(plan_graph) == expected
