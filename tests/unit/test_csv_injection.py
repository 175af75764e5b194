"""CSV injection: no CSV or TSV cell the project writes starts a spreadsheet formula.

A cell that starts with = + - @, a tab or a carriage return gets a leading ' (OWASP); numbers
keep their sign. Checked on graph.core.tables.inert_cell itself, on the CSV writer (quoting
of either separator), on the SPARQL CSV and TSV writers, and on the build's actions.csv and
the command line's CSV for the hostile graph (tests/support/hostile.py).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from support.cli_runner import run_cli
from support.hostile import ACTION_1_1, ACTION_2_1, FORMULAS, write_hostile_graph

from actieplan.graph.core.tables import FORMULA_LEADS, inert_cell, render_csv
from actieplan.graph.rdf.export import actions_csv
from actieplan.graph.rdf.loading import load_graph
from actieplan.graph.sparql.results import to_csv, to_tsv
from actieplan.graph.sparql.store import Answer

OCAD_NAME, ACTION_1_1_TITLE, ACTION_2_1_TITLE, OCAD_ALT_NAME = FORMULAS


def assert_inert(rows: list[list[str]]) -> None:
    """No cell starts a formula, unless it is a plain number."""
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_LEADS):
                assert inert_cell(cell) == cell, (row, cell)  # a plain number: -2, +3, -1.5


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("-abc", "'-abc"),
        ("@SUM(1,1)", "'@SUM(1,1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("-INF", "'-INF"),
        ("Agentschap Binnenlands Bestuur", "Agentschap Binnenlands Bestuur"),
        ("x=1", "x=1"),
        (" =1", " =1"),
        ("", ""),
    ],
)
def test_formula_leading_text_gets_a_quote(text, written):
    assert inert_cell(text) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (-2, "-2"),
        (Decimal("-1.50"), "-1.5"),
        (-1.5, "-1.5"),
        (float("-inf"), "-inf"),  # a number by its type
        ("-2", "-2"),
        ("+3", "+3"),
        ("-1.5", "-1.5"),
        ("-.5", "-.5"),
        ("-1.5e-05", "-1.5e-05"),
        ("+1E3", "+1E3"),
        (None, ""),
        (True, "true"),
    ],
)
def test_numbers_keep_their_sign(value, written):
    assert inert_cell(value) == written


def test_csv_quotes_either_separator():
    """A cell holding `;` is quoted in the comma file too (a Dutch Excel splits that file at
    `;`), and a cell holding `,` in the semicolon file: read with either separator, the cell
    stays whole and no formula starts."""
    for delimiter, other in ((",", ";"), (";", ",")):
        rows = [[f"a{other}=1+1", "-2+3", -2]]
        text = render_csv(["x", "z", "n"], rows, delimiter)
        assert text.splitlines()[1] == delimiter.join([f'"a{other}=1+1"', "'-2+3", "-2"])
        assert list(csv.reader(io.StringIO(text), delimiter=delimiter))[1] == [
            f"a{other}=1+1",
            "'-2+3",
            "-2",
        ]
        assert_inert(list(csv.reader(io.StringIO(text), delimiter=other)))


def test_csv_without_formula_text_is_unchanged():
    """The csv module's own bytes for text without separators or formula leads."""
    rows = [
        ["1.1", "Agentschap", 16],
        ["a b", 'say "x"', None],
        ["multi\nline", -2, Decimal("0.5")],
    ]
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerows([["x", "y", "z"], *rows])
    written = render_csv(["x", "y", "z"], rows)
    assert written == expected.getvalue().replace("None", "")
    assert render_csv(["only"], [[None]]) == 'only\r\n""\r\n'


def sparql_answer(*terms: Literal | URIRef) -> Answer:
    names = [f"v{i}" for i in range(len(terms))]
    return Answer(variables=names, rows=[tuple(terms)])


def test_sparql_csv_and_tsv_neutralise_literals():
    answer = sparql_answer(
        Literal('=HYPERLINK("x")'),
        Literal("-2", datatype=XSD.integer),
        Literal("@x", lang="nl"),
        Literal("a\t=1+1\nb"),
        URIRef("https://w3id.org/actieplan/id/organisation/ocad"),
    )
    csv_rows = list(csv.reader(io.StringIO(to_csv(answer).decode("utf-8"))))
    assert csv_rows[1] == [
        '\'=HYPERLINK("x")',
        "-2",
        "'@x",
        "a\t=1+1\nb",
        "https://w3id.org/actieplan/id/organisation/ocad",
    ]
    tsv = to_tsv(answer).decode("utf-8")
    assert tsv.splitlines()[1].split("\t") == [
        '"\'=HYPERLINK(\\"x\\")"',
        "-2",
        '"\'@x"@nl',
        '"a\\t=1+1\\nb"',
        "<https://w3id.org/actieplan/id/organisation/ocad>",
    ]
    assert_inert(list(csv.reader(io.StringIO(tsv), delimiter="\t")))


def test_sparql_tsv_short_forms_only_for_plain_lexical_forms():
    answer = sparql_answer(
        Literal("1.5", datatype=XSD.decimal),
        Literal("true", datatype=XSD.boolean),
        Literal("-2+3", datatype=XSD.integer),  # ill-typed: written quoted, made inert
    )
    assert to_tsv(answer).decode("utf-8").splitlines()[1].split("\t") == [
        "1.5",
        "true",
        '"\'-2+3"^^<http://www.w3.org/2001/XMLSchema#integer>',
    ]


@pytest.fixture(scope="module")
def hostile_graph_file(tmp_path_factory) -> Path:
    return write_hostile_graph(tmp_path_factory.mktemp("hostile"))


def test_build_actions_csv_of_the_hostile_graph(hostile_graph_file):
    """The build writes actions.csv with actions_csv: the hostile titles start with '."""
    text = actions_csv(load_graph(hostile_graph_file, None))
    rows = list(csv.reader(io.StringIO(text)))
    assert_inert(rows)
    titles = {row[0]: row[2] for row in rows[1:]}
    assert titles[str(ACTION_1_1).rsplit("/", 1)[1]] == "'" + ACTION_1_1_TITLE
    assert titles[str(ACTION_2_1).rsplit("/", 1)[1]] == "'" + ACTION_2_1_TITLE
    assert_inert(list(csv.reader(io.StringIO(text), delimiter=";")))


def test_query_command_csv_of_the_hostile_graph(hostile_graph_file):
    code, out, err = run_cli(
        "query", "organisation-roles", "--format", "csv", "--graph", str(hostile_graph_file)
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert_inert(rows)
    names = {row[0].rsplit("/", 1)[1]: row[1] for row in rows[1:]}
    assert names["ocad"] == "'" + OCAD_NAME
    assert names["abb"] == "Agentschap Binnenlands Bestuur"


def test_sparql_command_csv_and_tsv_with_a_formula_bind(hostile_graph_file):
    query = 'SELECT ?f ?n WHERE { BIND("=HYPERLINK(\\"x\\")" AS ?f) BIND(-2 AS ?n) }'
    code, out, err = run_cli("sparql", query, "--format", "csv", "--graph", str(hostile_graph_file))
    assert code == 0, err
    assert list(csv.reader(io.StringIO(out))) == [["f", "n"], ['\'=HYPERLINK("x")', "-2"]]
    code, out, err = run_cli("sparql", query, "--format", "tsv", "--graph", str(hostile_graph_file))
    assert code == 0, err
    assert out == '?f\t?n\n"\'=HYPERLINK(\\"x\\")"\t-2\n'


def test_network_and_validate_csv_of_the_hostile_graph(hostile_graph_file):
    code, out, err = run_cli(
        "network", "centrality", "--format", "csv", "--graph", str(hostile_graph_file)
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert_inert(rows)
    assert "'" + OCAD_NAME in {cell for row in rows for cell in row}
    code, out, err = run_cli(
        "validate", "--graph", str(hostile_graph_file), "--format", "csv", "--lang", "en"
    )
    assert code in (0, 1), err
    rows = list(csv.reader(io.StringIO(out)))
    assert_inert(rows)
    assert "'" + ACTION_1_1_TITLE in {cell for row in rows for cell in row}
