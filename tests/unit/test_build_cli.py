"""`actieplan build`: outputs, CSV, determinism, another plan, and every kind of bad input."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from support.cli_runner import run_cli
from support.paths import TEST_DATA

from actieplan.graph.core.resources import default_source
from actieplan.graph.core.vocab import AP
from actieplan.graph.rdf.export import CSV_COLUMNS

OTHER_PLAN = TEST_DATA / "other-plan.txt"
PLAN_TEXT = default_source().read_text(encoding="utf-8")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    code, stdout, _ = run_cli("build", "--out", str(out))
    assert code == 0
    assert "objectives:     8" in stdout and "actions:        50" in stdout
    return out


def test_build_writes_all_formats(out_dir):
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "actions.csv",
        "graph.jsonld",
        "graph.nt",
        "graph.ttl",
    ]
    turtle = Graph().parse(out_dir / "graph.ttl")
    assert isomorphic(turtle, Graph().parse(out_dir / "graph.nt"))
    assert isomorphic(turtle, Graph().parse(out_dir / "graph.jsonld", format="json-ld"))


def test_turtle_parses_back_isomorphic(built, out_dir):
    assert isomorphic(Graph().parse(out_dir / "graph.ttl"), built.graph)


def test_csv_columns_and_values(out_dir):
    rows = read_csv(out_dir / "actions.csv")
    assert list(rows[0]) == list(CSV_COLUMNS)
    by_number = {row["action"]: row for row in rows}
    assert len(by_number) == 50
    row = by_number["2.3"]
    assert row["coordinating_minister"] == (
        "Minister van Binnenlands Bestuur, Bestuurszaken, Inburgering en Gelijke Kansen"
    )
    assert row["involved_ministers"] == (
        "Minister van Justitie en Handhaving, Omgeving, Energie en Toerisme"
    )
    assert row["lead"] == "Agentschap Binnenlands Bestuur"
    assert row["partners"] == "Afdeling Justitiehuizen"
    assert (row["start"], row["end"], row["ongoing"]) == ("2021-05-01", "2024-05-01", "false")
    assert (row["budget_eur"], row["budget_per_year"]) == ("232540", "false")
    assert by_number["3.12"]["lead"] == "" and by_number["3.12"]["partners"] == ""
    assert by_number["3.8"]["partners"] == (
        "Agentschap Binnenlands Bestuur; Afdeling Justitiehuizen; Agentschap Opgroeien; "
        "Vaste Commissie van de Lokale Politie; Agentschap Integratie en Inburgering; "
        "Lokale besturen; Coördinatieorgaan voor de dreigingsanalyse"
    )
    assert (by_number["1.6"]["ongoing"], by_number["1.6"]["start"]) == ("true", "")
    assert by_number["1.6"]["budget_regular_means"] == "true"
    assert by_number["1.6"]["budget_eur"] == ""
    assert (by_number["4.3"]["budget_eur"], by_number["4.3"]["budget_per_year"]) == (
        "50000; 500000",
        "false; true",
    )
    assert by_number["6.3"]["budget_eur"] == "248498.53"
    assert (by_number["7.3"]["start"], by_number["7.3"]["end"]) == ("2021-05", "2023-06")
    assert by_number["1.1"]["timing_text"] == "1 april 2021 – 31 maart 2023"


def test_csv_open_ended_column(out_dir):
    """open_ended follows ongoing; true for exactly the timings that print a start and no end.

    Read in the plan's Timing column: 3.14 "Vanaf 01/09/2021", 6.3 "2021 en verder" and 8.5
    "Vanaf 2021" are the only cells with a start and no end ("Vanaf" occurs in no other timing
    cell); "Doorlopend" (1.6) is ongoing, not open-ended; 2.3 prints an end.
    """
    rows = read_csv(out_dir / "actions.csv")
    assert list(rows[0]).index("open_ended") == list(rows[0]).index("ongoing") + 1
    open_ended = sorted(row["action"] for row in rows if row["open_ended"] == "true")
    assert open_ended == ["3.14", "6.3", "8.5"]
    assert {row["open_ended"] for row in rows} == {"true", "false"}
    by_number = {row["action"]: row for row in rows}
    assert (by_number["8.5"]["start"], by_number["8.5"]["end"]) == ("2021", "")
    assert (by_number["1.6"]["ongoing"], by_number["1.6"]["open_ended"]) == ("true", "false")
    assert by_number["2.3"]["open_ended"] == "false"


def test_output_is_byte_identical_across_runs(tmp_path):
    """Two builds in fresh interpreters with different hash seeds give the same bytes."""
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "actieplan.cli.main", "build", "--out", str(out)]
        subprocess.run(command, check=True, env=env, cwd=out.parent, capture_output=True)
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]


def test_base_iri_is_configurable(tmp_path):
    code, _, _ = run_cli("build", "--out", str(tmp_path), "--base-iri", "http://example.org/kg")
    assert code == 0
    graph = Graph().parse(tmp_path / "graph.ttl")
    action = URIRef("http://example.org/kg/plan/actieplan-radicalisering-2020-2024/action/3.12")
    assert (action, AP.number, Literal("3.12")) in graph
    assert not any("w3id.org/actieplan/id" in str(s) for s in graph.subjects())


def test_another_plan_with_allow_unknown(tmp_path):
    """A plan that is not in the repo's data, with names the reference data does not know."""
    code, stdout, _ = run_cli("build", str(OTHER_PLAN), "--out", str(tmp_path), "--allow-unknown")
    assert code == 0
    assert "unresolved names" in stdout and "Buurtwerk Vlaanderen" in stdout
    rows = {row["action"]: row for row in read_csv(tmp_path / "actions.csv")}
    assert list(rows) == ["1.1", "1.2", "2.1", "2.2"]
    assert rows["1.1"]["partners"] == "Buurtwerk Vlaanderen [unresolved]"
    assert rows["1.1"]["budget_eur"] == "75500" and rows["1.1"]["budget_per_year"] == "true"
    # <p> row continued after a separator line and a footnote
    # printed "KBBJ (Agentschap Burgerschap en Dialoog": the name in brackets, domain KBBJ
    assert rows["1.2"]["partners"] == "Agentschap Burgerschap en Dialoog [unresolved]"
    assert rows["1.2"]["involved_ministers"] == "Minister van Cultuur en Erfgoed [unresolved]"
    assert (rows["1.2"]["start"], rows["1.2"]["end"]) == ("2023", "")
    # one cell per line
    assert rows["2.1"]["lead"] == "Departement Onderwijs en Vorming"
    assert (rows["2.1"]["start"], rows["2.1"]["end"], rows["2.1"]["budget_eur"]) == (
        "2022",
        "2025",
        "120000",
    )
    # empty Trekker cell
    assert rows["2.2"]["lead"] == "" and rows["2.2"]["timing_text"] == "najaar 2022"
    graph = Graph().parse(tmp_path / "graph.ttl")
    unresolved = set(graph.subjects(AP.unresolved, Literal(True)))
    assert {str(u).rsplit("/", 1)[1] for u in unresolved} == {
        "unresolved-buurtwerk-vlaanderen",
        "unresolved-cultuur-en-erfgoed",
        "unresolved-agentschap-burgerschap-en-dialoog",
    }


def test_unknown_names_fail_with_every_problem(tmp_path):
    code, stdout, stderr = run_cli("build", str(OTHER_PLAN), "--out", str(tmp_path / "o"))
    assert code == 2 and stdout == ""
    assert f"{OTHER_PLAN}:15 [Partner]: action 1.1: organisation 'Buurtwerk Vlaanderen'" in stderr
    assert (
        f"{OTHER_PLAN}:17 [Betrokken ministers]: action 1.2: minister post 'Cultuur en Erfgoed'"
    ) in stderr
    assert "closest known: Agentschap Integratie en Inburgering" in stderr
    assert "3 name(s) resolve to nothing" in stderr and "--allow-unknown" in stderr
    assert not (tmp_path / "o").exists()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _truncate_after(marker: str) -> str:
    return PLAN_TEXT[: PLAN_TEXT.index(marker) + len(marker)]


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "empty": ("", "the file is empty"),
    "not a plan": (
        "# Notes\n\nSome text that is not an action plan.\n",
        "this is not an action plan in the expected layout",
    ),
    "cut in the last row": (
        _truncate_after(
            "Actie 8.6: Blijvend inzetten op expertiseverhoging "
            "en ondersteuning van de medewerkers in de "
            "gevangenissen.\tMinister van Justitie"
        ),
        "the row of the last action (8.6) stops after 2 of 5 columns",
    ),
    "cut after a row": (
        _truncate_after("Globale actie continue proces\tBinnen de reguliere middelen\n"),
        "the last action (8.6) has no description",
    ),
    "cut after a heading": (
        PLAN_TEXT[: PLAN_TEXT.index("DOELSTELLING 8:")]
        + "DOELSTELLING 8: WE ONDERBOUWEN ONS BELEID\n",
        "objective 8 has no actions: the file looks truncated",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_and_nothing_is_written(tmp_path, case):
    text, message = BAD_INPUTS[case]
    source = tmp_path / "missing.txt" if text is None else _write(tmp_path, "plan.txt", text)
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous build", encoding="utf-8")
    code, stdout, stderr = run_cli("build", str(source), "--out", str(out))
    assert code == 2
    assert message in stderr
    assert str(source) in stderr
    assert [p.name for p in out.iterdir()] == ["graph.ttl"]
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous build"


def test_non_utf8_input_names_the_line(tmp_path):
    source = tmp_path / "latin1.txt"
    source.write_bytes("DOELSTELLING 1: X\n\nActie 1.1: Coördineren\n".encode("latin-1"))
    code, _, stderr = run_cli("build", str(source), "--out", str(tmp_path / "out"))
    assert code == 2
    assert f"{source}:3" in stderr and "not UTF-8" in stderr


def test_out_is_a_file(tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    code, _, stderr = run_cli("build", "--out", str(target))
    assert code == 2 and "not a folder" in stderr
