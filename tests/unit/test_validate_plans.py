"""`actieplan validate --graph DIR/dataset.nq` without --plan: each plan of a dataset validated
on its own (its graph with the reference graph), reported per plan.

The dataset: the vendored plan and the three small plans of tests/data/cross-plan. Each plan's
report must be the report of that plan alone (`--plan ID`, the route validated before); the
vendored plan's counts are those tests/unit/test_validate_cli.py derives from the plan's text
(1 Violation: 3.12 has no lead; 4 Warnings), and the actions per plan are the 50 of the
vendored plan and those tests/data/cross-plan/README.md lists.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse
from support.cli_runner import run_cli

from actieplan.graph.core.resources import default_source
from actieplan.graph.rdf import loading

CROSS_PLAN = Path(__file__).parents[1] / "data" / "cross-plan"
VENDORED = "actieplan-radicalisering-2020-2024"
ACTIONS = {
    VENDORED: 50,
    "integratie-2022-2025": 3,
    "lokaal-2023-2026": 4,
    "veiligheid-2021-2024": 3,
}


@pytest.fixture(scope="module")
def dataset_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("validate-plans") / "out"
    sources = [str(default_source()), *map(str, sorted(CROSS_PLAN.glob("*.txt")))]
    code, _, err = run_cli("build", *sources, "--out", str(out), "--workers", "1")
    assert code == 0, err
    return out / "dataset.nq"


@pytest.fixture(scope="module")
def table_report(dataset_file) -> str:
    code, out, err = run_cli("validate", "--graph", str(dataset_file), "--workers", "2")
    assert code == 1, err  # the vendored plan has a Violation
    return out


def test_the_text_report_has_a_line_per_plan_then_each_plans_report(table_report):
    lines = table_report.splitlines()
    assert lines[0] == "Plannen: 4, met overtredingen: 1"
    assert lines[1].split() == [
        VENDORED, "Overtreding:", "1,", "Waarschuwing:", "4", "—", "overtredingen", "gevonden",
        "(6", "meldingen", "ter", "informatie)",
    ]  # fmt: skip
    assert [line.split()[0] for line in lines[1:5]] == sorted(ACTIONS)
    assert [line for line in lines if line.startswith("== ")] == [
        f"== plan {plan_id} ==" for plan_id in sorted(ACTIONS)
    ]


@pytest.mark.parametrize("plan_id", sorted(ACTIONS))
def test_each_plans_report_is_its_report_alone(dataset_file, table_report, plan_id):
    code, alone, err = run_cli("validate", "--graph", str(dataset_file), "--plan", plan_id)
    assert code == (1 if plan_id == VENDORED else 0), err
    section = table_report.split(f"== plan {plan_id} ==\n", 1)[1].split("\n== plan ", 1)[0]
    assert section == alone


def test_the_report_is_the_same_in_one_process(dataset_file, table_report):
    code, out, err = run_cli("validate", "--graph", str(dataset_file), "--workers", "1")
    assert code == 1, err
    assert out == table_report


def test_json_lists_each_plans_report_with_its_id(dataset_file):
    code, out, err = run_cli(
        "validate", "--graph", str(dataset_file), "--format", "json", "--lang", "en"
    )
    assert code == 1, err
    data = json.loads(out)
    assert data["conforms"] is False and data["language"] == "en"
    assert [plan["plan"] for plan in data["plans"]] == sorted(ACTIONS)
    by_plan = {plan["plan"]: plan for plan in data["plans"]}
    assert {p: len(by_plan[p]["matrix"]) for p in ACTIONS} == ACTIONS
    assert by_plan[VENDORED]["counts"] == {"violation": 1, "warning": 4}
    assert by_plan[VENDORED]["conforms"] is False
    assert [r["action"] for r in by_plan[VENDORED]["results"] if r["severity"] == "Violation"] == [
        "3.12"
    ]


def test_csv_has_the_plan_id_first(dataset_file):
    code, out, err = run_cli("validate", "--graph", str(dataset_file), "--format", "csv")
    assert code == 1, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:2] == ["plan", "actie"]
    per_plan: dict[str, int] = {}
    for row in rows[1:]:
        per_plan[row[0]] = per_plan.get(row[0], 0) + 1
    assert per_plan == ACTIONS  # the matrix: a row per action of each plan


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--format", "turtle"], "--format turtle reports one plan"),
        (["--progress", "."], "give --plan ID with --progress"),
    ],
)
def test_what_does_not_apply_to_many_plans(dataset_file, options, says):
    code, _, err = run_cli("validate", "--graph", str(dataset_file), *options)
    assert code == 2
    assert says in err


def test_workers_needs_a_dataset_of_plans(dataset_file):
    code, _, err = run_cli(
        "validate", "--graph", str(dataset_file), "--plan", VENDORED, "--workers", "2"
    )
    assert code == 2
    assert "--workers applies to a dataset of many plans" in err


def test_the_dataset_split_into_a_file_per_graph_holds_each_graph_whole(
    dataset_file, tmp_path, monkeypatch
):
    # Written out every 100 triples (not the default's 200 000): each plan's file is appended
    # to many times, and must still hold its graph's triples once each.
    monkeypatch.setattr(loading, "SPLIT_BUFFER_TRIPLES", 100)
    parts = loading.split_dataset_file(dataset_file, tmp_path)
    counts: dict[str, int] = {}
    for quad in parse(path=str(dataset_file), format=RdfFormat.N_QUADS):
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    graphs = "https://w3id.org/actieplan/id/graph/"
    assert list(parts.plans) == sorted(ACTIONS)
    for plan_id, path in parts.plans.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == len(set(lines)) == counts[f"{graphs}plan/{plan_id}"]
    assert (
        len(parts.reference.read_text(encoding="utf-8").splitlines())
        == counts[f"{graphs}reference"]
    )
    assert len(parts.catalogue) == counts[f"{graphs}catalogue"]
