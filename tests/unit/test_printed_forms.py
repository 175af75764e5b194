"""Printed forms of later Flemish plans (tests/data/printed-forms-plan.txt), read as a person
reads them, and rows that cannot be read refused with their lines.

Every expected value below is worked out by hand from the printed text, as the comment next
to it says; none is computed by the code under test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from support.paths import TEST_DATA

from actieplan.graph.core.builder import funding_mode
from actieplan.graph.core.errors import InputError
from actieplan.graph.core.parser import parse_file, parse_text
from actieplan.graph.core.reference import load_reference
from actieplan.graph.core.resolve import ResolvedAction, ResolvedPlan, resolve_plan
from actieplan.graph.core.vocab import AP, SCHEMA
from actieplan.graph.rdf.pipeline import build

PLAN = TEST_DATA / "printed-forms-plan.txt"


@pytest.fixture(scope="module")
def resolved() -> ResolvedPlan:
    # Without allow_unknown: every name of the plan is in data/reference/.
    return resolve_plan(parse_file(PLAN), load_reference())


def action(resolved: ResolvedPlan, number: str) -> ResolvedAction:
    return next(a for a in resolved.actions if a.action.number == number)


def ids(refs) -> list[str]:
    return [ref.entity_id for ref in refs]


def test_ministers_with_titles_and_joined_by_en(resolved):
    one = action(resolved, "1.1")
    # "Vlaams minister van Onderwijs, Sport, Dierenwelzijn en Vlaamse Rand en Vlaams minister
    # van Brussel, Jeugd en Media": "Vlaams minister van" is a title, the first portfolio is
    # the coordinating one; "en" joins the two ministers and belongs to neither name.
    assert one.coordinating_minister.entity_id == "onderwijs"
    assert one.coordinating_minister.printed == "Onderwijs, Sport, Dierenwelzijn en Vlaamse Rand"
    assert ids(one.involved_ministers) == ["brussel-jeugd-media"]
    assert one.involved_ministers[0].printed == "Brussel, Jeugd en Media"


def test_vice_minister_president_and_minister_president_are_titles(resolved):
    two = action(resolved, "1.2")
    # "Viceminister-president van de Vlaamse Regering en Vlaams minister van Justitie en
    # Handhaving, Omgeving, Energie en Toerisme": the minister of Justitie (the post of
    # data/reference/minister-posts.toml, id "justitie") coordinates.
    assert two.coordinating_minister.entity_id == "justitie"
    assert two.coordinating_minister.printed == (
        "Justitie en Handhaving, Omgeving, Energie en Toerisme"
    )
    # "Minister-president van de Vlaamse Regering en Vlaams minister van Buitenlandse Zaken,
    # Cultuur, ICT, Digitalisering en Facilitair Management": the known post "Buitenlandse
    # Zaken, Cultuur, ICT en Facilitair Management" plus "Digitalisering".
    assert ids(two.involved_ministers) == ["buitenlandse-zaken"]


def test_portfolio_with_added_competence_is_its_post_and_the_build_says_so(resolved):
    # "Binnenlands Bestuur, Bestuurszaken, Inburgering, Gelijke Kansen en Armoedebestrijding":
    # the four competences of post "binnenlands-bestuur" plus "Armoedebestrijding".
    three = action(resolved, "2.1")
    assert three.coordinating_minister.entity_id == "binnenlands-bestuur"
    assert three.involved_ministers == []
    added = [w for w in resolved.warnings if "added to it" in w]
    # Line 16 holds action 1.2's row, line 21 action 2.1's (count the lines of the file).
    assert len(added) == 2
    assert added[0].startswith(f"{PLAN}:16: action 1.2: minister post ")
    assert "the competences 'Digitalisering' added" in added[0]
    assert added[1].startswith(f"{PLAN}:21: action 2.1: minister post ")
    assert "the competences 'Armoedebestrijding' added" in added[1]


def test_ism_is_no_partner_and_abbreviation_in_brackets_is_the_same_organisation(resolved):
    # "Vlaams Vredesinstituut (VVI) i.s.m. KU Leuven": lead VVI printed with its
    # abbreviation, "i.s.m." (in samenwerking met) joins, KU Leuven is the one partner.
    one = action(resolved, "1.1")
    assert one.lead.entity_id == "vlaams-vredesinstituut"
    assert one.lead.printed == "Vlaams Vredesinstituut (VVI)"
    assert ids(one.partners) == ["ku-leuven"]
    # "Agentschap Integratie en Inburgering (AgII) in samenwerking met VVSG".
    two = action(resolved, "1.2")
    assert two.lead.entity_id == "agii"
    assert ids(two.partners) == ["vvsg"]
    # "AgII i.s.m. Lokale besturen, VVI": the "AgII" of 1.2's brackets, "VVI" of 1.1's.
    three = action(resolved, "2.1")
    assert three.lead.entity_id == "agii"
    assert ids(three.partners) == ["lokale-besturen", "vlaams-vredesinstituut"]
    assert not any("printed twice" in w for w in resolved.warnings)


def test_quarters_and_school_year_are_their_months(resolved):
    # "Q2 2023 – Q4 2024": Q2 is April-June, Q4 October-December.
    timing = action(resolved, "1.1").timing
    assert (timing.start.iso, timing.end.iso) == ("2023-04", "2024-12")
    assert (timing.start.first_day(), timing.end.last_day()) == (
        date(2023, 4, 1),
        date(2024, 12, 31),
    )
    # "schooljaar 2023-2024": 1 September 2023 to 31 August 2024.
    timing = action(resolved, "1.2").timing
    assert (timing.start.iso, timing.end.iso) == ("2023-09", "2024-08")
    assert (timing.start.first_day(), timing.end.last_day()) == (
        date(2023, 9, 1),
        date(2024, 8, 31),
    )
    # "Q1 2024": January to March 2024.
    timing = action(resolved, "2.1").timing
    assert (timing.start.iso, timing.end.iso) == ("2024-01", "2024-03")
    assert not timing.open_ended and not timing.ongoing


def test_amounts_with_their_years_and_millions(resolved):
    # "75.000 euro (2023) en 80.000 euro (2024)": two amounts; the years are theirs.
    budget = action(resolved, "1.1").budget
    assert [(a.eur, a.year, a.per_year) for a in budget.amounts] == [
        (Decimal(75000), 2023, False),
        (Decimal(80000), 2024, False),
    ]
    assert funding_mode(budget) == AP.SpecificBudget
    # "1,2 miljoen euro": 1,2 x 1 000 000 = 1 200 000.
    budget = action(resolved, "1.2").budget
    assert [(a.eur, a.year) for a in budget.amounts] == [(Decimal(1_200_000), None)]
    # "Geen extra middelen": no amount, within the regular means.
    budget = action(resolved, "2.1").budget
    assert budget.amounts == () and budget.regular_means
    assert funding_mode(budget) == AP.WithinRegularResources


def test_the_graph_states_each_amount_with_its_year():
    # The two amounts of action 1.1, in printed order, with the years printed after them.
    graph = build(PLAN, base_iri="https://example.org/id/", serialise=False).graph
    rows = graph.query(
        """SELECT ?value ?year WHERE {
            ?action ap:number "1.1" ; ap:budget/ap:amount ?amount .
            ?amount ap:position ?position ; schema:value ?value ; ap:budgetYear ?year .
        } ORDER BY ?position""",
        initNs={"ap": AP, "schema": SCHEMA},
    )
    assert [(str(value), str(year)) for value, year in rows] == [
        ("75000", "2023"),  # xsd:decimal, in its XSD 1.1 canonical form
        ("80000", "2024"),
    ]


UNKNOWN_NAMES_PLAN = """Plan met onbekende namen

DOELSTELLING 1: Onbekende namen.

Actie 1.1: Een\tMinister van Cultuur en Erfgoed\tBuurtwerk Vlaanderen (BWV)\t2023\t10.000 euro
Beschrijving.
Actie 1.2: Twee\tMinister van Brussel, Jeugd en Media\tBWV i.s.m. VGC\t2024\t20.000 euro
Beschrijving.
"""


def test_unknown_full_name_and_abbreviation_are_one_organisation():
    plan = parse_text(UNKNOWN_NAMES_PLAN, source="unknown.txt")
    resolved = resolve_plan(plan, load_reference(), allow_unknown=True)
    one, two = resolved.actions
    # "Buurtwerk Vlaanderen (BWV)" in 1.1 and "BWV" in 1.2: one provisional organisation.
    assert one.lead.entity_id == two.lead.entity_id == "unresolved-buurtwerk-vlaanderen"
    org = resolved.provisional_organisations["unresolved-buurtwerk-vlaanderen"]
    assert (org.name_nl, org.abbreviation) == ("Buurtwerk Vlaanderen", "BWV")
    assert ids(two.partners) == ["vgc"]
    # "Cultuur en Erfgoed" shares one word with a known post, whose other competences it
    # lacks: it stays unknown.
    assert one.coordinating_minister.entity_id == "unresolved-cultuur-en-erfgoed"
    assert not one.coordinating_minister.resolved


def problems_of(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_text(text, source="plan.txt")
    return [str(problem) for problem in caught.value.problems]


HEAD = "Plan\n\nDOELSTELLING 1: Doel.\n\n"  # lines 1-4


def test_cells_one_per_line_without_empty_lines_are_refused_with_their_lines():
    text = HEAD + (
        "Actie 1.1: Een\n"  # line 5
        "Minister van Onderwijs\n"  # line 6
        "OV (Onderwijs)\n"  # line 7
        "2022 - 2025\n"  # line 8
        "120.000 euro\n"  # line 9
        "\n"
        "Beschrijving.\n"
    )
    problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].startswith("plan.txt:6 [Actie]: action 1.1: lines 6-9 hold the cells")


def test_row_with_no_placeable_cell_is_refused_with_its_lines():
    # A minister line longer than a cell block's lines, then the other cells, no tabs.
    text = HEAD + (
        "Actie 1.1: Een\n"  # line 5
        "Viceminister-president en Vlaams minister van Onderwijs, Sport, Dierenwelzijn\n"
        "OV (Onderwijs)\n"  # line 7
        "2022\n"  # line 8
        "\n"
        "Beschrijving.\n"  # line 10
        "Actie 1.2: Twee\tMinister van Onderwijs\tOV\t2023\t1.000 euro\n"
        "Beschrijving.\n"
    )
    problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].startswith("plan.txt:5 [Actie]: action 1.1: no cell of its row")
    assert "lines 6, 7, 8, 10 follow it without tabs" in problems[0]


def test_duplicate_action_number_names_both_lines():
    row = "\tMinister van Onderwijs\tOV\t2023\t1.000 euro\nBeschrijving.\n"
    text = HEAD + "Actie 1.1: Een" + row + "Actie 1.1: Twee" + row  # lines 5 and 7
    assert problems_of(text) == ["plan.txt:7 [Actie]: action 1.1 is printed twice (also on line 5)"]


NEW_ABBREVIATIONS_PLAN = HEAD + (
    "Actie 1.1: Een\tMinister van Onderwijs\tAgentschap Binnenlands Bestuur (AgBB) i.s.m. "
    "Vlaamse Dienst voor Arbeidsbemiddeling (VDAB)\t2023\t1.000 euro\n"  # line 5
    "Beschrijving.\n"
    "Actie 1.2: Twee\tMinister van Onderwijs\tAgBB\t2023\t1.000 euro\n"  # line 7
    "Beschrijving.\n"
)


def test_known_organisation_with_an_unlisted_name_or_abbreviation_is_read_and_said():
    plan = parse_text(NEW_ABBREVIATIONS_PLAN, source="plan.txt")
    # Without allow_unknown: "AgBB" (not in the reference data) abbreviates the known
    # "Agentschap Binnenlands Bestuur" (id "abb") in 1.1, so "AgBB" alone in 1.2 is ABB too;
    # "Vlaamse Dienst voor Arbeidsbemiddeling" (its reference name ends "en Beroepsopleiding")
    # is named by the known abbreviation "VDAB" after it.
    resolved = resolve_plan(plan, load_reference())
    one, two = resolved.actions
    assert one.lead.entity_id == two.lead.entity_id == "abb"
    assert ids(one.partners) == ["vdab"]
    assert [w.split(": ", 1)[0] for w in resolved.warnings] == ["plan.txt:5"] * 2 + ["plan.txt:7"]
    assert "add 'AgBB' to its aliases" in resolved.warnings[0]
    assert "add 'Vlaamse Dienst voor Arbeidsbemiddeling' to its aliases" in resolved.warnings[1]
    assert "add 'AgBB' to its aliases" in resolved.warnings[2]


def test_a_row_of_empty_tabbed_cells_is_placed_and_a_bare_last_title_is_truncation():
    # Four tabs: five cells, all printed empty; no cell to place, nothing misplaced.
    plan = parse_text(HEAD + "Actie 1.1: Een\t\t\t\t\nBeschrijving.\n", source="plan.txt")
    assert plan.actions[0].ministers.is_empty and plan.actions[0].budget.is_empty
    # A last action that is only its title (line 7): the file stops there.
    problems = problems_of(HEAD + "Actie 1.1: Een\t\t\t\t\nBeschrijving.\nActie 1.2: Twee\n")
    assert problems == [
        "plan.txt:7 [Budget]: the row of the last action (1.2) stops after 1 of 5 columns: "
        "the file looks truncated"
    ]


WRAPPED_CELLS_PLAN = HEAD + (
    "Actie 1.1: Een\n"  # line 5
    "\n"
    "Minister van Onderwijs en\n"  # line 7
    "minister van Brussel, Jeugd en Media\n"  # line 8
    "\n"
    "Schooljaar 2023-2024\n"  # line 10
    "\n"
    "75.000 euro (2023) en 80.000 euro\n"  # line 12
    "(2024)\n"  # line 13
    "\n"
    "Beschrijving.\t\t\t\t\n"  # line 15: a description with the empty cells of its row
    "\n"
    "Actie 1.2: Twee\n"  # line 17
    "\n"
    "Minister van Onderwijs\n"  # line 19
    "\n"
    "2024\n"  # line 21
    "\n"
    "1.000 euro\n"  # line 23
    "\n"
    # longer than the lines of a cell block (CELL_BLOCK_LINE_MAX), so no cell of 1.2
    "De actie bouwt verder op de ervaringen van de voorbije jaren en betrekt de partners.\n"
)


def test_cells_wrapped_over_lines_stay_in_their_cell_and_the_next_title_is_no_cell():
    plan = parse_text(WRAPPED_CELLS_PLAN, source="plan.txt")
    one, two = plan.actions
    # Line 8 opens with a lower-case letter and line 7 ends with "en": one minister cell.
    assert (one.ministers.text, one.ministers.lines) == (
        "Minister van Onderwijs en minister van Brussel, Jeugd en Media",
        [7, 8],
    )
    # No Trekker cell is printed: three blocks, the second a timing (a year), the third a
    # budget; "(2024)" on line 13 opens with a bracket, so it carries on the amount of line 12.
    assert one.organisations.is_empty
    assert (one.timing.text, one.timing.lines) == ("Schooljaar 2023-2024", [10])
    assert (one.budget.text, one.budget.lines) == (
        "75.000 euro (2023) en 80.000 euro (2024)",
        [12, 13],
    )
    # The tabbed description on line 15 ends the blocks: "Actie 1.2" on line 17 starts the
    # next action, it is no fourth cell of 1.1.
    assert one.description.text == "Beschrijving."
    assert (two.number, two.title.text, two.budget.text) == ("1.2", "Twee", "1.000 euro")


SEPARATED_NAMES_PLAN = HEAD + (
    "Actie 1.1: Een\tMinister van Onderwijs\tWVG; Agentschap Zorg en Gezondheid\t2023\t1 euro\n"
    "Beschrijving.\n"
    "Actie 1.2: Twee\tMinister van Onderwijs\tWSE, VDAB\t2023\t1 euro\n"
    "Beschrijving.\n"
    "Actie 1.3: Drie\tMinister van Onderwijs\tDepartement Welzijn, Volksgezondheid en Gezin\t"
    "2023\t1 euro\n"
    "Beschrijving.\n"
)


def test_a_semicolon_or_comma_between_names_is_no_part_of_a_longer_name():
    plan = parse_text(SEPARATED_NAMES_PLAN, source="plan.txt")
    one, two, three = resolve_plan(plan, load_reference()).actions
    # "WVG (Agentschap Zorg en Gezondheid)" is an alias of zorg-en-gezondheid and compacts
    # like "WVG; Agentschap Zorg en Gezondheid", but a semicolon separates two names: WVG is
    # the department (data/reference/organisations.toml, alias "WVG"), then the agency.
    assert (one.lead.entity_id, ids(one.partners)) == ("departement-wvg", ["zorg-en-gezondheid"])
    # Likewise "WSE, VDAB" is not the alias "WSE (VDAB)": the department WSE, then VDAB.
    assert (two.lead.entity_id, ids(two.partners)) == ("departement-wse", ["vdab"])
    # A comma the name itself prints ("Departement Welzijn, Volksgezondheid en Gezin") stays.
    assert (three.lead.entity_id, ids(three.partners)) == ("departement-wvg", [])
