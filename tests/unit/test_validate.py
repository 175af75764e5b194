"""SHACL completeness report of the vendored plan: the real gaps, and nothing that is not a gap;
what is only worth knowing as notes that never count against conformance.

Every expected number and action below was read from the plan text and from the hand-made table
in tests/support/plan_values.py, not from the report.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH, XSD
from support.plan_values import EXPECTED

from actieplan.graph.core.records import number_order
from actieplan.graph.core.vocab import AP
from actieplan.graph.validation.report import checks, notes, run_shacl, validate_graph

ALL = set(EXPECTED)
ONGOING = {
    "1.6",
    "3.1",
    "3.2",
    "3.4",
    "3.6",
    "3.7",
    "3.8",
    "3.10",
    "3.15",
    "3.16",
    "4.4",
    "4.6",
    "8.6",
}
OPEN_ENDED = {"3.14", "6.3", "8.5"}  # a start, no end ("Vanaf 01/09/2021", "2021 en verder", ...)
WITH_EURO_FIGURE = {
    "1.1",
    "1.3",
    "1.5",
    "1.7",
    "2.1",
    "2.3",
    "4.1",
    "4.2",
    "4.3",
    "4.5",
    "4.7",
    "6.3",
    "6.4",
    "8.1",
}
EXTERNAL_FUND = {"5.2"}  # "ISF-P fonds van de Europese Commissie", no figure
NO_PARTNERS = {
    "1.3",
    "1.4",
    "1.5",
    "1.6",
    "1.7",
    "2.1",
    "2.2",
    "3.3",
    "3.4",
    "3.5",
    "3.6",
    "3.10",
    "3.12",
    "3.14",
    "4.4",
    "4.5",
    "4.6",
    "4.7",
    "5.2",
    "5.3",
    "6.1",
    "6.2",
    "6.4",
    "6.5",
    "7.1",
    "7.3",
    "8.1",
    "8.2",
    "8.3",
}

# Every check that finds something on the real plan, and the actions it names; all other checks
# find nothing. Only what the plan could have printed and did not is a finding.
KNOWN_GAPS = {
    "ActionLeadOrganisation": {"3.12"},  # empty Trekker cell
    "ActionEnd": OPEN_ENDED,  # "Vanaf 01/09/2021", "2021 en verder", "Vanaf 2021": no end
    "ActionFunding": EXTERNAL_FUND,  # a fund, no figure, not regular resources
}
# What is worth knowing and not a gap: the actions each note is true of.
ACTION_NOTES = {
    "ActionOngoing": ONGOING,
    "ActionOpenEnded": OPEN_ENDED,
    "ActionNoEuroFigure": ALL - WITH_EURO_FIGURE,
    "ActionExternalFund": EXTERNAL_FUND,
    "ActionNoPartners": NO_PARTNERS,
}


@pytest.fixture(scope="module")
def report(plan_graph):
    return validate_graph(plan_graph)


def by_check(report) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in report.results:
        found.setdefault(finding.check.key, []).append(finding)
    return found


def test_hand_sets_agree_with_the_hand_table():
    """The sets above are an independent count; they agree with the hand-read table."""
    assert len(ALL) == 50
    assert ONGOING == {n for n, row in EXPECTED.items() if row[4] == "ongoing"}
    assert OPEN_ENDED == {
        n for n, row in EXPECTED.items() if row[4] != "ongoing" and row[5] is None
    }
    assert WITH_EURO_FIGURE == {n for n, row in EXPECTED.items() if isinstance(row[6], list)}
    assert EXTERNAL_FUND == {
        n for n, row in EXPECTED.items() if isinstance(row[6], str) and row[6] != "regular"
    }
    assert NO_PARTNERS == {n for n, row in EXPECTED.items() if not row[3]}
    assert (len(ONGOING), len(OPEN_ENDED), len(WITH_EURO_FIGURE), len(NO_PARTNERS)) == (
        13,
        3,
        14,
        29,
    )


def test_the_only_violation_is_the_missing_lead_of_3_12(report):
    violations = [f for f in report.results if f.check.severity == SH.Violation]
    assert len(violations) == 1
    (lead,) = violations
    assert lead.check.key == "ActionLeadOrganisation"
    assert lead.action == "3.12"
    assert lead.printed_text == ""  # the Trekker cell is printed empty
    assert lead.focus.endswith("/action/3.12")
    assert lead.message("nl") == (
        "De actie heeft geen trekker: de Trekker-cel noemt geen organisatie."
    )
    assert lead.message("en") == (
        "The action has no lead organisation: the lead cell (“Trekker”) names no organisation."
    )
    assert not report.conforms


@pytest.mark.parametrize("check", [check.key for check in checks()])
def test_each_check_finds_exactly_the_known_gaps(report, check):
    """The conforming case of every check: on the real plan it names the known gaps only."""
    found = by_check(report).get(check, [])
    assert {f.action for f in found} == KNOWN_GAPS.get(check, set())
    assert len(found) == len(KNOWN_GAPS.get(check, set()))  # one result per action


def test_counts_by_severity(report):
    counts = {key.split("#")[-1]: n for key, n in report.counts().items()}
    # Warnings: 3 without end (3.14, 6.3, 8.5), 5.2 without figure or regular resources.
    # No Info: what is worth knowing is a note, not a finding.
    assert counts == {"Violation": 1, "Warning": 3 + 1}


def test_no_check_is_info_and_no_status_warning(report):
    """The new/extended/continued legend was colour in the PDF (GUIDE §1): not a gap of any
    action, and nothing is a finding of severity Info."""
    assert {check.severity for check in checks()} == {SH.Violation, SH.Warning}
    assert "ActionKnownStatus" not in {check.key for check in checks()}


def test_status_unknown_is_one_note_for_the_plan(report):
    plan_notes = [item for item in report.notes if item.note.scope == "plan"]
    assert len(plan_notes) == 1  # once, not once per action
    (status,) = plan_notes
    assert status.note.key == "PlanStatusUnknown"
    assert (status.count, status.of) == (50, 50)  # none of the 50 actions says its status
    assert [number for number, _ in status.actions] == sorted(ALL, key=number_order)
    assert "kleur in de PDF" in status.note.message["nl"]


@pytest.mark.parametrize("key", sorted(ACTION_NOTES))
def test_each_action_note_names_exactly_the_hand_counted_actions(report, key):
    (item,) = [item for item in report.notes if item.note.key == key]
    assert {number for number, _ in item.actions} == ACTION_NOTES[key]
    assert item.of == 50


def test_note_counts(report):
    # 13 ongoing, 3 open-ended, 50 - 14 = 36 with no euro figure, 1 external fund (5.2),
    # 29 with no partners: the hand sets above, checked against the hand table.
    counts = {item.note.key: item.count for item in report.notes}
    assert counts == {
        "PlanStatusUnknown": 50,
        "ActionOngoing": 13,
        "ActionOpenEnded": 3,
        "ActionNoEuroFigure": 36,
        "ActionExternalFund": 1,
        "ActionNoPartners": 29,
    }


def test_notes_agree_with_pyshacl(plan_graph):
    """A note lists the nodes that conform to its shape: activate the note shapes and pyshacl
    must fail exactly the actions (or plan) the report does not list."""
    from actieplan.graph.validation.report import load_shapes

    shapes = Graph()
    for triple in load_shapes():
        shapes.add(triple)
    for note in notes():
        shapes.remove((note.shape, SH.deactivated, None))
    # only the notes: drop every other shape's targets
    for shape in set(shapes.subjects(SH.targetClass, None)) - {n.shape for n in notes()}:
        shapes.remove((shape, SH.targetClass, None))
    _, results = run_shacl(plan_graph, shapes)
    failing = {
        (str(results.value(r, SH.sourceShape)).split("#")[-1], results.value(r, SH.focusNode))
        for r in results.subjects(SH.sourceShape, None)
    }
    report = validate_graph(plan_graph)
    by_number = {row.number: row.iri for row in report.actions}
    for item in report.notes:
        if item.note.scope != "action":
            continue
        listed = {by_number[number] for number, _ in item.actions}
        failed = {focus for key, focus in failing if key == item.note.key}
        assert listed == set(by_number.values()) - failed, item.note.key
    assert not {focus for key, focus in failing if key == "PlanStatusUnknown"}  # plan conforms


def test_notes_name_the_printed_text(report):
    texts = {item.note.key: dict(item.actions) for item in report.notes}
    assert texts["ActionOngoing"]["1.6"] == "Doorlopend"
    assert texts["ActionOngoing"]["8.6"] == "Globale actie continue proces"
    assert texts["ActionNoEuroFigure"]["3.12"] == "Binnen de reguliere middelen"
    assert texts["ActionNoEuroFigure"]["5.2"] == "ISF-P fonds van de Europese Commissie"
    assert texts["ActionOpenEnded"]["6.3"] == "2021 en verder"
    assert texts["ActionNoPartners"]["1.3"] == "KBBJ (Agentschap Binnenlands Bestuur)"


def perfect_plan(plan_graph) -> Graph:
    """A copy of the plan graph with what the plan did not say added: a lead for 3.12, an end
    for 3.14, 6.3 and 8.5, a euro figure for 5.2 (an amount shaped like the plan's own)."""
    graph = Graph()
    for triple in plan_graph:
        graph.add(triple)
    actions = {str(graph.value(a, AP.number)): a for a in graph.subjects(AP.number, None)}
    abb = graph.value(actions["3.13"], AP.leadOrganisation)
    graph.add((actions["3.12"], AP.leadOrganisation, abb))
    end = graph.value(graph.value(actions["1.1"], AP.timing), AP.endsOn)  # an existing instant
    for number in ("3.14", "6.3", "8.5"):
        graph.add((graph.value(actions[number], AP.timing), AP.endsOn, end))
    amount = graph.value(graph.value(actions["1.1"], AP.budget), AP.amount)
    graph.add((graph.value(actions["5.2"], AP.budget), AP.amount, amount))
    return graph


def test_a_perfect_plan_conforms(plan_graph):
    """Notes (ongoing, no partners, unknown status, ...) stay true of the perfect plan and
    still do not stop it from conforming: sh:conforms true, no finding at all."""
    graph = perfect_plan(plan_graph)
    conforms, results = run_shacl(graph)
    assert conforms, results.serialize(format="turtle")
    (node,) = results.subjects(SH.conforms, None)
    assert results.value(node, SH.conforms) == Literal(True, datatype=XSD.boolean)
    report = validate_graph(graph)
    assert report.conforms and report.results == []
    assert {item.note.key: item.count for item in report.notes}["ActionOngoing"] == 13
    assert {item.note.key: item.count for item in report.notes}["PlanStatusUnknown"] == 50


def test_gaps_name_the_printed_text(report):
    found = by_check(report)
    assert {(f.action, f.printed_text) for f in found["ActionEnd"]} == {
        ("3.14", "Vanaf 01/09/2021"),
        ("6.3", "2021 en verder"),
        ("8.5", "Vanaf 2021"),
    }
    (fund,) = found["ActionFunding"]
    assert (fund.action, fund.printed_text) == ("5.2", "ISF-P fonds van de Europese Commissie")


def test_results_are_in_plan_order(report):
    # severity first, then the shapes' order (start, end, funding), then the plan's order
    assert [(f.check.key, f.action) for f in report.results] == [
        ("ActionLeadOrganisation", "3.12"),
        ("ActionEnd", "3.14"),
        ("ActionEnd", "6.3"),
        ("ActionEnd", "8.5"),
        ("ActionFunding", "5.2"),
    ]
    ongoing = [
        n for item in report.notes if item.note.key == "ActionOngoing" for n, _ in item.actions
    ]
    assert ongoing.index("3.8") + 1 == ongoing.index("3.10")  # 3.10 after 3.8, not after 3.1


def test_summary_counts_focus_nodes_and_gives_examples(report):
    summary = {s.check.key: s for s in report.summary(failing_only=True)}
    assert list(summary) == list(KNOWN_GAPS)  # violation, warnings; in the shapes' order
    assert summary["ActionEnd"].failing == 3
    assert [e.action for e in summary["ActionEnd"].examples(2)] == ["3.14", "6.3"]
    assert len(report.summary()) == len(checks())


def test_completeness_matrix(report):
    assert [a.number for a in report.actions][:3] == ["1.1", "1.2", "1.3"]
    numbers = [a.number for a in report.actions]
    assert numbers.index("3.10") == numbers.index("3.9") + 1
    assert [fact.key for fact in report.facts] == [
        "number",
        "title",
        "objective",
        "coordinating_minister",
        "lead_organisation",
        "timing_text",
        "budget_text",
        "source_span",
        "start_date",
        "end_date",
        "ongoing",
        "euro_figure",
        "regular_resources",
    ]
    assert [note.key for note in report.action_notes] == list(ACTION_NOTES)
    row = {a.number: report.matrix[a.iri] for a in report.actions}
    assert row["3.12"]["lead_organisation"] is False
    assert row["3.12"]["regular_resources"] is True
    assert (row["1.6"]["start_date"], row["1.6"]["end_date"], row["1.6"]["ongoing"]) == (
        False,
        False,
        True,
    )
    assert (row["3.14"]["start_date"], row["3.14"]["end_date"]) == (True, False)
    assert (row["5.2"]["euro_figure"], row["5.2"]["regular_resources"]) == (False, False)
    assert (row["4.3"]["euro_figure"], row["4.3"]["regular_resources"]) == (True, False)
    noted = {a.number: report.noted[a.iri] for a in report.actions}
    assert noted["5.2"] == {
        "ActionOngoing": False,
        "ActionOpenEnded": False,
        "ActionNoEuroFigure": True,
        "ActionExternalFund": True,
        "ActionNoPartners": True,  # Trekker cell: "VVSG" alone (source line 344)
    }


def test_matrix_agrees_with_the_shacl_results(report):
    """A required or desirable check fails for an action exactly when its fact(s) are missing."""
    failing = {(f.check.key, f.action) for f in report.results}
    row = {a.number: report.matrix[a.iri] for a in report.actions}
    simple = {
        "ActionNumber": "number",
        "ActionTitle": "title",
        "ActionObjective": "objective",
        "ActionCoordinatingMinister": "coordinating_minister",
        "ActionLeadOrganisation": "lead_organisation",
        "ActionTimingText": "timing_text",
        "ActionBudgetText": "budget_text",
        "ActionSourceSpan": "source_span",
    }
    either = {
        "ActionStart": ("start_date", "ongoing"),
        "ActionEnd": ("end_date", "ongoing"),
        "ActionFunding": ("euro_figure", "regular_resources"),
    }
    for number, facts in row.items():
        for check, fact in simple.items():
            assert ((check, number) in failing) == (not facts[fact]), (check, number)
        for check, (one, other) in either.items():
            assert ((check, number) in failing) == (not (facts[one] or facts[other]))


def test_fill_rates_of_all_actions(report):
    everything = report.fill_rates()[0]
    assert (everything.grouping, everything.actions) == ("all", 50)
    assert everything.present == {
        "number": 50,
        "title": 50,
        "objective": 50,
        "coordinating_minister": 50,
        "lead_organisation": 49,  # all but 3.12
        "timing_text": 50,
        "budget_text": 50,
        "source_span": 50,
        "start_date": 37,  # 50 - 13 ongoing
        "end_date": 34,  # 37 - 3 open-ended
        "ongoing": 13,
        "euro_figure": 14,
        "regular_resources": 35,  # 50 - 14 with a figure - 5.2 (a fund)
    }
    assert everything.required_complete == 49
    assert everything.noted == {key: len(actions) for key, actions in ACTION_NOTES.items()}


def test_fill_rates_per_coordinating_minister_and_lead(report):
    rows = {
        (r.grouping, r.group.rsplit("/", 1)[-1] if r.group else None): r
        for r in report.fill_rates()[1:]
    }
    # Justitie coordinates 3.6, 3.9, 3.12, 3.13, 5.1, 6.1, 6.2, 6.5, 7.2, 7.3, 8.6: no euro
    # figure in any, 3.12 without lead, 3.6 and 8.6 ongoing.
    justitie = rows[("coordinating_minister", "justitie")]
    assert justitie.actions == 11
    assert justitie.present["lead_organisation"] == 10
    assert justitie.present["euro_figure"] == 0
    assert justitie.present["ongoing"] == 2
    assert justitie.required_complete == 10
    assert justitie.noted["ActionNoEuroFigure"] == 11  # no euro figure in any of the 11
    # Binnenlands Bestuur coordinates 18 actions, 8 with a euro figure (1.1, 1.3, 1.5, 2.3, 4.1,
    # 4.2, 4.3, 8.1), 3.14 and 8.5 open-ended, 3.1, 3.2, 3.7, 3.15, 3.16 ongoing.
    bb = rows[("coordinating_minister", "binnenlands-bestuur")]
    assert (
        bb.actions,
        bb.present["euro_figure"],
        bb.present["end_date"],
        bb.present["ongoing"],
    ) == (18, 8, 18 - 5 - 2, 5)
    assert in_coordinating_order(rows) == [
        "binnenlands-bestuur",
        "justitie",
        "onderwijs",
        "welzijn",
        "brussel-jeugd-media",
        "economie",
    ]
    # ABB leads 16 actions (the 18 of Binnenlands Bestuur but 3.14 and 5.2), 8 with a figure.
    abb = rows[("lead_organisation", "abb")]
    assert (abb.actions, abb.present["euro_figure"]) == (16, 8)
    no_lead = rows[("lead_organisation", None)]
    assert (no_lead.actions, no_lead.label["en"], no_lead.required_complete) == (
        1,
        "(no lead organisation)",
        0,
    )
    assert (
        sum(r.actions for (grouping, _), r in rows.items() if grouping == "lead_organisation") == 50
    )


def in_coordinating_order(rows) -> list[str]:
    return [group for (grouping, group) in rows if grouping == "coordinating_minister"]


def test_to_dict_is_plain_data(report, plan_graph):
    data = report.to_dict("en")
    assert data["conforms"] is False
    assert data["counts"] == {"violation": 1, "warning": 4}
    assert [(n["key"], n["scope"], n["count"]) for n in data["notes"]][:2] == [
        ("PlanStatusUnknown", "plan", 50),
        ("ActionOngoing", "action", 13),
    ]
    (plan,) = plan_graph.subjects(RDF.type, AP.ActionPlan)
    assert data["notes"][0]["subject"] == str(plan)  # the one plan, not an action
    assert data["matrix"][0]["notes"]["ActionNoPartners"] is False  # 1.1 has partners
    lead = next(c for c in data["checks"] if c["key"] == "ActionLeadOrganisation")
    assert (lead["severity"], lead["name"], lead["failing"]) == (
        "Violation",
        "lead organisation",
        1,
    )
    assert lead["examples"] == [{"action": "3.12", "printed_text": ""}]
    assert data["matrix"][0]["action"] == "1.1"
    assert data["fill_rates"][0]["present"]["euro_figure"] == 14
    assert data["results"][0]["message"].startswith("The action has no lead organisation")
    assert report.to_dict("nl")["checks"][0]["group"] == "Verplichte gegevens van een actie"


def test_the_graph_is_not_modified(plan_graph):
    before = set(plan_graph)
    validate_graph(plan_graph)
    assert set(plan_graph) == before  # the same triples, not only as many


def test_report_graph_is_a_standard_validation_report(report):
    graph = report.graph
    (node,) = graph.subjects(SH.conforms, None)
    assert graph.value(node, SH.conforms).toPython() is False  # any result, of any severity
    # 1 Violation + 4 Warnings, counted in test_counts_by_severity; notes give no result
    assert len(list(graph.objects(node, SH.result))) == 1 + 4
    messages = list(graph.objects(None, SH.resultMessage))
    assert {m.language for m in messages} == {"nl", "en"}
