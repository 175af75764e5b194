"""Every action of the vendored plan, field by field, against a reading of the printed text.

The table (EXPECTED, tests/support/plan_values.py) was written by reading
data/source/actieplan-radicalisering-2020-2024.txt row by row (not from the parser's output).
Minister posts and organisations are reference ids. Where a cell prints a part of a year
("najaar 2021") the table holds what it prints, the word and the year (YearPart); the months we
derive from such words are our convention, not the text's, and are pinned apart in
test_year_part_words_follow_the_convention.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from support.plan_values import EXPECTED, ONG, R, YearPart


def as_printed(value, expected):
    """The parsed date in the form of the expected one: a YearPart, or ISO at its precision."""
    if value is None:
        return None
    if isinstance(expected, YearPart):
        return YearPart(value.qualifier, value.iso[:4])
    return value.iso


def test_every_action_is_read(built):
    numbers = [a.number for a in built.resolved.plan.actions]
    assert numbers == list(EXPECTED)
    assert [o.number for o in built.resolved.plan.objectives] == list(range(1, 9))


@pytest.mark.parametrize("number", list(EXPECTED))
def test_action_fields(actions, number):
    coordinating, involved, lead, partners, start, end, budget = EXPECTED[number]
    item = actions[number]
    assert item.coordinating_minister.entity_id == coordinating
    assert [m.entity_id for m in item.involved_ministers] == involved
    assert (item.lead.entity_id if item.lead else None) == lead
    assert [o.entity_id for o in item.partners] == partners

    timing = item.timing
    if start == ONG:
        assert timing.ongoing and timing.start is None and timing.end is None
    else:
        assert not timing.ongoing
        assert as_printed(timing.start, start) == start
        assert as_printed(timing.end, end) == end
        assert timing.open_ended == (end is None)

    if budget == R:
        assert item.budget.regular_means and not item.budget.amounts
    elif isinstance(budget, str):
        assert item.budget.funding_source == budget and not item.budget.amounts
        assert not item.budget.regular_means
    else:
        assert [(str(a.eur), a.per_year) for a in item.budget.amounts] == budget
        assert not item.budget.regular_means


def test_objective_titles_and_misspelt_heading(built):
    objectives = {o.number: o for o in built.resolved.plan.objectives}
    assert objectives[1].title.text == (
        "WE VERSTERKEN ONZE SAMENLEVING TEGEN POLARISATIE, ZOWEL ONLINE ALS OFFLINE."
    )
    # printed "DOELTELLING 6:" in the source
    assert objectives[6].heading.text.startswith("DOELTELLING 6:")
    assert objectives[6].title.lines == [354]
    assert objectives[8].title.text.startswith("WE ONDERBOUWEN ONS BELEID")


def test_titles_and_descriptions_as_printed(actions):
    assert actions["1.1"].action.title.text == (
        "Afstemmen en voorzien van een "
        "ondersteuningsaanbod rond polarisatie via een "
        "overkoepelend netwerk"
    )
    # the split word of the original stays as printed
    assert actions["1.4"].action.title.text.endswith("versterken en ver spreiden")
    assert actions["3.14"].action.title.text == (
        "Oprichting Vlaamse Informatie- en screeningsdienst."
    )
    description = actions["5.2"].action.description.text
    assert description.startswith("Het EMMA-project (Evaluation and Mentoring")
    assert "ISF-Police" in description
    # a page break cut this description mid-sentence; it is joined back into one paragraph
    assert (
        "vertegenwoordigers van elke entiteit binnen het agentschap Opgroeien opdat"
        in actions["3.3"].action.description.text
    )


def test_source_lines(actions):
    assert actions["1.1"].action.row_lines == [97]
    assert actions["1.2"].action.row_lines == [99, 101, 102]
    assert actions["3.4"].action.span == (169, 184)
    assert actions["3.14"].action.row_lines == [246, 248]
    assert actions["8.4"].action.span == (413, 420)
    assert actions["3.8"].organisations[3].line == 214  # "WVG (agentschap)"
    assert actions["3.8"].organisations[4].line == 216  # "VCL P" on the continuation row


def test_printed_text_is_kept(actions):
    item = actions["4.3"]
    assert item.action.timing.text == "Eerste fase : 2021 Tweede fase: eind 2021 - 2024"
    assert item.action.budget.text == (
        "Eerste fase (terreinonderzoek) 50.000 Tweede fase: 500.000 / jaar"
    )
    assert [p.label for p in item.timing.phases] == ["Eerste fase", "Tweede fase"]
    second = item.timing.phases[1]  # "Tweede fase: eind 2021 - 2024"
    assert (second.start.qualifier, second.start.iso[:4], second.end.iso) == (
        "eind",
        "2021",
        "2024",
    )
    assert item.budget.amounts[0].note == "terreinonderzoek"
    assert actions["3.9"].organisations[1].printed == "K BBJ (Agentschap Binnenlands Bestuur)"
    assert actions["3.15"].organisations[5].printed == (
        "CJSM (CJSM (Departement Cultuur, Jeugd en Media)"
    )


def test_budget_details(actions):
    shares = actions["1.7"].budget.shares
    assert [(s.percent, s.source) for s in shares] == [(Decimal(90), "de EU"), (Decimal(10), "DOV")]
    assert actions["2.3"].budget.amounts[0].years == 3
    assert actions["1.3"].budget_payer.entity_id == "abb"
    assert actions["6.3"].budget.amounts[0].eur == Decimal("248498.53")


def test_timing_details(actions):
    assert actions["4.6"].timing.note == "tot einde legislatuur"
    assert actions["2.2"].timing.label == "Conceptnota"
    assert actions["7.2"].timing.label == "Draaiboek"
    assert actions["7.3"].timing.end.qualifier == "half"
    assert actions["8.6"].timing.ongoing  # "Globale actie continue proces"


def test_year_part_words_follow_the_convention(actions):
    """Pins a convention of this project, not a fact of the plan: the plan prints "najaar 2021"
    (2.2), "half 2023" (7.3) and "eind 2021" (4.3, second phase) and never says which months
    they mean. graph/core/phrases.py documents the months we give each word (YEAR_PARTS):
    najaar = September to November, half = June, eind = December."""
    assert (actions["2.2"].timing.start.iso, actions["2.2"].timing.end.iso) == (
        "2021-09",
        "2021-11",
    )
    assert actions["7.3"].timing.end.iso == "2023-06"
    assert actions["4.3"].timing.phases[1].start.iso == "2021-12"
