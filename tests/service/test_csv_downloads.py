"""Every CSV and TSV download of the service, for the hostile graph (tests/support/hostile.py):
no cell starts a spreadsheet formula (= + - @, tab, carriage return) unless it is a plain
number; the hostile names and titles arrive with a leading ' (graph.core.tables.inert_cell).
The XLSX downloads keep them as text cells, unprefixed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pytest
from openpyxl import load_workbook
from support.hostile import FORMULAS, write_hostile_graph
from support.server import RunningServer, running_server

from actieplan.graph.core.tables import FORMULA_LEADS, inert_cell
from actieplan.graph.validation.render import TABLES

OCAD_NAME, ACTION_1_1_TITLE, ACTION_2_1_TITLE, OCAD_ALT_NAME = FORMULAS
DELIMITER = {"comma": ",", "semicolon": ";"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator[RunningServer]:
    graph = write_hostile_graph(tmp_path_factory.mktemp("hostile"))
    with running_server("--graph", str(graph)) as server:
        yield server


@pytest.fixture(scope="module")
def http(hostile) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hostile.base, timeout=120.0) as client:
        yield client


def cells(response: httpx.Response, delimiter: str = ",") -> list[list[str]]:
    """The rows of a CSV answer, read with the csv module (a byte order mark dropped)."""
    assert response.status_code == 200, (response.url, response.text[:300])
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def assert_inert(rows: list[list[str]], where: object) -> None:
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_LEADS):
                assert inert_cell(cell) == cell, f"{where}: a formula cell {cell!r}"


def flat(rows: list[list[str]]) -> set[str]:
    return {cell for row in rows for cell in row}


@pytest.mark.parametrize("delimiter", ["comma", "semicolon"])
@pytest.mark.parametrize(
    ("path", "hostile_values"),
    [
        ("/download/actions.csv", {ACTION_1_1_TITLE, ACTION_2_1_TITLE}),  # titles
        ("/download/actions-long.csv", {OCAD_NAME}),  # OCAD as a partner, one value a row
    ],
)
def test_action_tables(http, path, hostile_values, delimiter):
    rows = cells(http.get(path, params={"delimiter": delimiter}), DELIMITER[delimiter])
    assert_inert(rows, (path, delimiter))
    assert {"'" + value for value in hostile_values} <= flat(rows)


@pytest.mark.parametrize("actors", ["organisations", "ministers"])
@pytest.mark.parametrize("layer", ["roles", "mentions", "all"])
@pytest.mark.parametrize("file_format", ["csv-nodes", "csv-edges"])
def test_network_node_and_edge_lists(http, actors, layer, file_format):
    answer = http.get(
        f"/api/network/export/{file_format}", params={"actors": actors, "layer": layer}
    )
    if answer.status_code == 400:  # a combination the plan's roles do not have
        return
    rows = cells(answer)
    assert_inert(rows, answer.url)
    if actors == "organisations" and layer == "roles":
        assert "'" + OCAD_NAME in flat(rows)


def test_network_nodes_name_ocad_inertly(http):
    header, *rows = cells(http.get("/api/network/export/csv-nodes"))
    ocad = next(row for row in rows if row[header.index("id")].endswith("ocad"))
    assert ocad[header.index("name")] == "'" + OCAD_NAME


def question_requests(http: httpx.Client) -> list[tuple[str, dict[str, str]]]:
    """Every named question with its default parameters, and the profile of OCAD."""
    listed = http.get("/api/questions").json()
    assert len(listed) >= 19
    requests = [(q["name"], {}) for q in listed]
    return [*requests, ("organisation-profile", {"organisation": "ocad"})]


def test_every_named_question_as_csv(http):
    for name, params in question_requests(http):
        for delimiter in (None, "comma", "semicolon"):
            query = {**params, "format": "csv"}
            if delimiter:
                query["delimiter"] = delimiter
            rows = cells(
                http.get(f"/api/questions/{name}", params=query),
                DELIMITER.get(delimiter or "comma"),
            )
            assert_inert(rows, (name, query))
    roles = cells(http.get("/api/questions/organisation-roles", params={"format": "csv"}))
    assert "'" + OCAD_NAME in flat(roles)


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_completeness_csv(http, table, lang):
    rows = cells(
        http.get("/api/completeness", params={"format": "csv", "table": table, "lang": lang})
    )
    assert_inert(rows, (table, lang))
    if table == "matrix":
        assert "'" + ACTION_1_1_TITLE in flat(rows)


FORMULA_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?f ?n ?name WHERE {
  BIND("=HYPERLINK(\\"x\\")" AS ?f) BIND(-2 AS ?n)
  <https://w3id.org/actieplan/id/organisation/ocad> skos:prefLabel ?name
}"""


def test_sparql_csv(http):
    rows = cells(http.get("/sparql", params={"query": FORMULA_QUERY, "format": "csv"}))
    assert rows == [["f", "n", "name"], ['\'=HYPERLINK("x")', "-2", "'" + OCAD_NAME]]


def test_sparql_tsv(http):
    answer = http.get("/sparql", params={"query": FORMULA_QUERY, "format": "tsv"})
    assert answer.headers["content-type"].startswith("text/tab-separated-values")
    rows = cells(answer, "\t")
    assert_inert(rows, "tsv")
    lines = answer.text.splitlines()
    escaped_name = OCAD_NAME.replace('"', '\\"')
    assert lines[1].split("\t") == [
        '"\'=HYPERLINK(\\"x\\")"',
        "-2",
        f'"\'{escaped_name}"@nl',
    ]


def test_xlsx_keeps_formula_text_as_text(http):
    """The workbooks write strings as inline strings: a formula-leading name is a text cell,
    as it is in the graph (no quote needed)."""
    for path, params, expected in (
        ("/download/actions.xlsx", {}, {ACTION_1_1_TITLE, ACTION_2_1_TITLE, OCAD_NAME}),
        ("/api/questions/organisation-roles", {"format": "xlsx"}, {OCAD_NAME}),
    ):
        answer = http.get(path, params=params)
        assert answer.status_code == 200 and answer.headers["content-type"] == XLSX
        workbook = load_workbook(io.BytesIO(answer.content))
        hostile_cells = [
            cell
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value in FORMULAS
        ]
        assert {cell.value for cell in hostile_cells} == expected, path
        assert {cell.data_type for cell in hostile_cells} == {"s"}
