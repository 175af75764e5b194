"""Two versions of the plan compared (graph/analysis/plan_diff.py): the vendored plan against
copies edited here line by line (tests/support/plan_edits.py says which lines), so every
expected value is read from the plan text."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.plan_edits import (
    ACTION_ROWS,
    NEW_LEAD_8_2,
    OLD_LEAD_8_2,
    SOURCE_LINES,
    TITLE_8_3,
    three_edits,
    write_plan,
)

from actieplan.graph.analysis.plan_diff import (
    ActionChange,
    ActionRef,
    FieldChange,
    compare_actions,
    compare_plans,
)
from actieplan.graph.core.resources import default_source
from actieplan.graph.rdf.export import actions_table
from actieplan.graph.rdf.pipeline import build


@pytest.fixture(scope="module")
def edited_plan(tmp_path_factory) -> Path:
    return write_plan(tmp_path_factory.mktemp("edited"), three_edits())


@pytest.fixture(scope="module")
def vendored_graph():
    return build(default_source(), serialise=False).graph


def test_three_edits_are_exactly_the_three_differences(vendored_graph, edited_plan):
    diff = compare_plans(vendored_graph, build(edited_plan, serialise=False).graph)
    assert (diff.old_actions, diff.new_actions) == (ACTION_ROWS, ACTION_ROWS - 1) == (50, 49)
    assert diff.removed == (ActionRef("8.3", TITLE_8_3),)
    assert diff.added == ()
    assert diff.renumbered == ()
    title_4_5 = (
        "Ondersteunen van scholen waarvan de draagkracht en veerkracht op de proef wordt "
        "gesteld omwille van extreem risicogedrag."
    )  # line 309
    title_8_2 = "Onderzoek naar online polarisering en haatspraak"  # line 409
    assert [(c.old_number, c.new_number, c.title) for c in diff.changed] == [
        ("4.5", "4.5", title_4_5),
        ("8.2", "8.2", title_8_2),
    ]
    # 4.5: the timing as printed, and the end it gives (the years as printed, line 309)
    assert [(f.field, str(f.old), str(f.new)) for f in diff.changed[0].fields] == [
        ("timing_text", "2020 - 2021", "2020 - 2022"),
        ("end", "2021", "2022"),
    ]
    assert diff.changed[1].fields == (FieldChange("lead", OLD_LEAD_8_2, NEW_LEAD_8_2),)
    assert not diff.same


def test_the_same_plan_twice_has_no_differences(vendored_graph):
    diff = compare_plans(vendored_graph, build(default_source(), serialise=False).graph)
    assert diff.same
    assert (diff.old_actions, diff.new_actions) == (ACTION_ROWS, ACTION_ROWS)


def test_a_renumbered_action_is_renumbered_not_removed_and_added(vendored_graph, tmp_path):
    lines = list(SOURCE_LINES)
    assert lines[428].startswith("Actie 8.6: Blijvend inzetten")  # line 429, the last action
    lines[428] = lines[428].replace("Actie 8.6:", "Actie 8.7:", 1)
    diff = compare_plans(vendored_graph, build(write_plan(tmp_path, lines), serialise=False).graph)
    title = (
        "Blijvend inzetten op expertiseverhoging en ondersteuning van de medewerkers in de "
        "gevangenissen."
    )
    assert diff.changed == (ActionChange("8.6", "8.7", title, ()),)
    assert diff.renumbered == diff.changed
    assert diff.added == diff.removed == ()


def test_an_action_inserted_renumbers_those_after_it(vendored_graph, tmp_path):
    """A new 8.3 moves 8.3-8.6 (lines 411, 413, 424, 429) one up: one action added and four
    renumbered, not four retitled actions and one added at the end."""
    lines = list(SOURCE_LINES)
    for line_number, number in ((411, "8.3"), (413, "8.4"), (424, "8.5"), (429, "8.6")):
        old = f"Actie {number}:"
        new = f"Actie 8.{int(number[2:]) + 1}:"
        assert old in lines[line_number - 1][:20], f"line {line_number}"
        lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
    new_row = "\t".join(
        [
            "Actie 8.3: Opvolgen van de tussentijdse evaluatie",
            "Minister van Brussel, Jeugd en Media",
            "CJSM (Departement Cultuur, Jeugd en Media)",
            "2022 - 2024",
            "Binnen de reguliere middelen",
        ]
    )
    lines[410:410] = [new_row, "<p>Het Vlaams Platform evalueert het plan na twee jaar.</p>"]
    diff = compare_plans(vendored_graph, build(write_plan(tmp_path, lines), serialise=False).graph)
    assert diff.added == (ActionRef("8.3", "Opvolgen van de tussentijdse evaluatie"),)
    assert diff.removed == ()
    assert [(c.old_number, c.new_number, c.fields) for c in diff.changed] == [
        ("8.3", "8.4", ()),
        ("8.4", "8.5", ()),
        ("8.5", "8.6", ()),
        ("8.6", "8.7", ()),
    ]


def test_a_retitled_action_keeps_its_number_and_a_slightly_retitled_one_is_followed(
    vendored_graph,
):
    """The passes after the exact ones: the same number with a new title is a title change;
    a new number with a title one letter apart (difflib ratio at least 0.9) is renumbered."""
    table = actions_table(vendored_graph)
    old = [row for row in table if row["action"] in ("1.1", "1.2")]
    new = [dict(row) for row in old]
    new[0]["title"] = "Iets heel anders"
    new[1]["action"] = "1.3"
    new[1]["title"] = str(new[1]["title"]).replace("expertise", "expertize")
    diff = compare_actions(old, new)
    assert [(c.old_number, c.new_number, [f.field for f in c.fields]) for c in diff.changed] == [
        ("1.1", "1.1", ["title"]),
        ("1.2", "1.3", ["title"]),
    ]
    assert diff.added == diff.removed == ()
