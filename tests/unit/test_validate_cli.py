"""`actieplan validate`: every format, the language switch, exit codes 0 / 1 / 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from support.cli_runner import run_cli

from actieplan.graph.core.vocab import AP

PLAN = "https://w3id.org/actieplan/id/plan/actieplan-radicalisering-2020-2024"


@pytest.fixture(scope="module")
def plan_file(plan_graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("validate") / "graph.ttl"
    plan_graph.serialize(path, format="turtle")
    return path


@pytest.fixture(scope="module")
def fixed_file(plan_graph, tmp_path_factory) -> Path:
    """The plan with a lead for 3.12: no Violation left."""
    graph = Graph()
    graph += plan_graph
    graph.add(
        (
            URIRef(f"{PLAN}/action/3.12"),
            AP.leadOrganisation,
            URIRef("https://w3id.org/actieplan/id/organisation/justitiehuizen"),
        )
    )
    path = tmp_path_factory.mktemp("validate") / "fixed.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_table_report_in_dutch(plan_file):
    code, out, _ = run_cli("validate", "--graph", str(plan_file))
    assert code == 1
    # 1 Violation (3.12), 4 Warnings (3.14, 6.3, 8.5 without end; 5.2 without figure); the 6
    # notes (status once for the plan, 5 per-action notes) are not findings
    assert out.startswith(
        "Overtreding: 1, Waarschuwing: 4 — overtredingen gevonden (6 meldingen ter informatie)"
    )
    assert "Ter informatie" in out
    assert any(
        line.split()[:4] == ["plan", "status", "onbekend", "50"] for line in out.splitlines()
    )
    assert "kleur in de PDF" in out  # the plan-level note, said once
    assert out.count("kleur in de PDF") == 1
    assert "trekker" in out and "3.12 «(lege cel)»" in out
    assert "3.14 «Vanaf 01/09/2021»; 6.3 «2021 en verder»; 8.5 «Vanaf 2021»" in out
    assert "5.2 «ISF-P fonds van de Europese Commissie»" in out
    assert "Volledigheid per actie" in out and "Vullingsgraad" in out
    lines = out.splitlines()
    rows = [
        line.split()[0]
        for line in lines
        if line[:4].strip() in {"3.9", "3.10", "3.11"} and "✓" in line
    ]
    assert rows == ["3.9", "3.10", "3.11"]  # numeric order
    assert any(line.split() == ["trekker", "49/50", "98%"] for line in lines)
    assert any(line.split() == ["bedrag", "in", "euro", "14/50", "28%"] for line in lines)


def test_table_report_in_english_one_section(plan_file):
    code, out, _ = run_cli(
        "validate", "--graph", str(plan_file), "--lang", "en", "--table", "summary"
    )
    assert code == 1
    assert out.startswith("Violation: 1, Warning: 4 — violations found (6 notes worth knowing)")
    assert "lead organisation" in out and "3.12 «(empty cell)»" in out
    assert "Completeness per action" not in out and "Worth knowing" not in out


def test_table_notes_section(plan_file):
    code, out, _ = run_cli(
        "validate", "--graph", str(plan_file), "--lang", "en", "--table", "notes"
    )
    assert code == 1
    # scope, note name, count, of (the first columns); hand counts in tests/unit/test_validate.py
    found = {}
    for line in out.splitlines():
        for name in (
            "status unknown",
            "ongoing timing",
            "open-ended timing",
            "no euro figure",
            "external fund without a figure",
            "no partners",
        ):
            if line.split()[:1] in (["plan"], ["action"]) and f" {name} " in line:
                found[name] = line.split(name)[1].split()[:2]
    assert found == {
        "status unknown": ["50", "50"],
        "ongoing timing": ["13", "50"],
        "open-ended timing": ["3", "50"],
        "no euro figure": ["36", "50"],
        "external fund without a figure": ["1", "50"],
        "no partners": ["29", "50"],
    }


def test_table_results_section_has_the_messages(plan_file):
    code, out, _ = run_cli(
        "validate", "--graph", str(plan_file), "--lang", "en", "--table", "results"
    )
    assert code == 1
    assert (
        "The action has no lead organisation: the lead cell (“Trekker”) names no organisation."
        in out
    )


def test_json(plan_file, tmp_path):
    out_file = tmp_path / "report.json"
    code, out, _ = run_cli(
        "validate",
        "--graph",
        str(plan_file),
        "--format",
        "json",
        "--lang",
        "en",
        "--out",
        str(out_file),
    )
    assert (code, out) == (1, "")
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["counts"] == {"violation": 1, "warning": 4}
    assert {n["key"]: n["count"] for n in data["notes"]} == {
        "PlanStatusUnknown": 50,
        "ActionOngoing": 13,
        "ActionOpenEnded": 3,
        "ActionNoEuroFigure": 36,
        "ActionExternalFund": 1,
        "ActionNoPartners": 29,
    }
    violations = [r for r in data["results"] if r["severity"] == "Violation"]
    assert [(r["action"], r["printed_text"], r["check"]) for r in violations] == [
        ("3.12", "", "lead organisation")
    ]
    assert data["fill_rates"][0]["present"]["end_date"] == 34


def test_json_one_table(plan_file):
    code, out, _ = run_cli(
        "validate", "--graph", str(plan_file), "--format", "json", "--table", "fill-rates"
    )
    data = json.loads(out)
    assert sorted(data) == ["conforms", "counts", "facts", "fill_rates", "language"]


def test_csv_matrix_is_the_default(plan_file):
    code, out, _ = run_cli("validate", "--graph", str(plan_file), "--format", "csv", "--lang", "en")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 50
    assert [row["action"] for row in rows[18:21]] == ["3.9", "3.10", "3.11"]
    by_number = {row["action"]: row for row in rows}
    assert by_number["3.12"]["lead organisation"] == "0"
    assert by_number["3.12"]["Violation"] == "1"
    assert by_number["1.6"]["ongoing"] == "1" and by_number["1.6"]["end date"] == "0"
    assert sum(int(row["euro figure"]) for row in rows) == 14
    assert sum(int(row["regular resources"]) for row in rows) == 35
    assert sum(int(row["no partners"]) for row in rows) == 29  # a note column, 1/0
    assert by_number["5.2"]["external fund without a figure"] == "1"
    assert "Info" not in rows[0]


def test_csv_other_tables(plan_file):
    _, out, _ = run_cli(
        "validate",
        "--graph",
        str(plan_file),
        "--format",
        "csv",
        "--table",
        "results",
        "--lang",
        "en",
    )
    results = list(csv.DictReader(io.StringIO(out)))
    assert len(results) == 1 + 4
    assert (results[0]["severity"], results[0]["action"], results[0]["printed text"]) == (
        "Violation",
        "3.12",
        "",
    )

    _, out, _ = run_cli(
        "validate",
        "--graph",
        str(plan_file),
        "--format",
        "csv",
        "--table",
        "summary",
        "--lang",
        "en",
    )
    summary = {row["shape"]: row for row in csv.DictReader(io.StringIO(out))}
    assert summary["ActionEnd"]["failing"] == "3"
    assert "ActionKnownStatus" not in summary and "ActionOngoing" not in summary
    assert summary["IntervalOrder"]["failing"] == "0"  # every check is listed

    _, out, _ = run_cli(
        "validate",
        "--graph",
        str(plan_file),
        "--format",
        "csv",
        "--table",
        "fill-rates",
        "--lang",
        "en",
    )
    fill = list(csv.DictReader(io.StringIO(out)))
    assert (fill[0]["grouping"], fill[0]["actions"], fill[0]["lead organisation"]) == (
        "all",
        "50",
        "49",
    )
    assert (fill[0]["ongoing timing"], fill[0]["no euro figure"]) == ("13", "36")

    _, out, _ = run_cli(
        "validate", "--graph", str(plan_file), "--format", "csv", "--table", "notes", "--lang", "en"
    )
    notes = {row["shape"]: row for row in csv.DictReader(io.StringIO(out))}
    assert (notes["PlanStatusUnknown"]["scope"], notes["PlanStatusUnknown"]["count"]) == (
        "plan",
        "50",
    )
    assert notes["ActionOpenEnded"]["examples"] == (
        "3.14 «Vanaf 01/09/2021»; 6.3 «2021 en verder»; 8.5 «Vanaf 2021»"
    )


def test_turtle_is_a_validation_report(plan_file):
    code, out, _ = run_cli("validate", "--graph", str(plan_file), "--format", "turtle")
    assert code == 1
    report = Graph().parse(data=out, format="turtle")
    violations = list(report.subjects(SH.resultSeverity, SH.Violation))
    assert len(violations) == 1
    assert report.value(violations[0], SH.focusNode) == URIRef(f"{PLAN}/action/3.12")
    assert len(list(report.subjects(SH.resultSeverity, None))) == 1 + 4  # notes give none
    assert not list(report.subjects(SH.resultSeverity, SH.Info))


def test_exit_code_0_when_no_violation(fixed_file):
    code, out, _ = run_cli("validate", "--graph", str(fixed_file), "--lang", "en")
    assert code == 0
    # 3.12 has a lead now; the 4 Warnings and the notes do not change the exit code
    assert out.startswith("Violation: 0, Warning: 4 — no violations (6 notes worth knowing)")


def test_builds_the_plan_when_no_graph_is_given():
    code, out, _ = run_cli("validate", "--format", "json", "--table", "summary")
    assert code == 1
    assert json.loads(out)["counts"]["violation"] == 1


@pytest.mark.parametrize(
    "args, says",
    [
        (["--graph", "missing.ttl"], "no such graph file"),
        (["--graph", "graph.xyz"], "unknown graph file suffix"),
        (["--format", "turtle", "--table", "matrix"], "--table does not apply"),
    ],
)
def test_input_errors_exit_2(tmp_path, args, says):
    args = [str(tmp_path / a) if a.endswith((".ttl", ".xyz")) else a for a in args]
    code, out, err = run_cli("validate", *args)
    assert code == 2
    assert says in err and out == ""


@pytest.mark.parametrize("args", [["--format", "xml"], ["--lang", "fr"], ["--table", "all"]])
def test_usage_errors_exit_2(args):
    code, _, err = run_cli("validate", *args)
    assert code == 2
    assert "invalid choice" in err
