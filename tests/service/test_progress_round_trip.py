"""The follow-up end to end, as coordination staff do it: `actieplan progress template`, the
workbook filled in with openpyxl, `actieplan progress import`, then `actieplan serve
--progress` and what its pages and API say.

The actions and their leads are the plan's: 3.12 is the action with no Trekker printed
(source line 231), 1.1's lead is ABB ("KBBJ (Agentschap Binnenlands Bestuur)", line 97), and
the last action printed under objective 8 is 8.6 (line 429), so 8.7 is new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import openpyxl
import pytest
from support.browser import BROWSER_ACCEPT
from support.cli_runner import run_cli
from support.progress_workbooks import fill, save
from support.server import RunningServer, running_server

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
REPORTS = {
    "1.1": ("afgerond", dt.date(2022, 6, 15), "Netwerk loopt zelfstandig", 104320),
    "3.12": ("vertraagd", dt.date(2022, 6, 30), "Nog geen trekker aangeduid", None),
}
NEW_ACTION = [
    "8",
    "8.7",
    "Evaluatie van de opleidingen over polarisering",
    "Vlaams minister van Binnenlands Bestuur, Bestuurszaken, Inburgering en Gelijke Kansen",
    "VVSG",
    "2023 - 2024",
    "Binnen de reguliere middelen",
]


@pytest.fixture(scope="module")
def imported(built, tmp_path_factory) -> tuple[Path, Path]:
    """The plan's graph file and a ledger holding one imported workbook."""
    folder = tmp_path_factory.mktemp("round-trip")
    graph = folder / "graph.ttl"
    graph.write_text(built.files["graph.ttl"], encoding="utf-8")
    blank = folder / "voortgang-leeg.xlsx"
    code, _, err = run_cli(
        "progress", "template", "--graph", str(graph), "--as-of", "2022-06-30", "--out", str(blank)
    )
    assert code == 0, err
    filled = save(fill(openpyxl.load_workbook(blank), REPORTS, [NEW_ACTION]), folder / "q2.xlsx")
    ledger = folder / "opvolging"
    code, out, err = run_cli(
        "progress", "import", str(filled), "--graph", str(graph), "--progress", str(ledger),
        "--reporter", "Coördinatie Vlaams Platform",
    )  # fmt: skip
    assert code == 0, err
    assert len(list(ledger.glob("*.trig"))) == 1
    return graph, ledger


@pytest.fixture(scope="module")
def served(imported) -> Iterator[RunningServer]:
    graph, ledger = imported
    with running_server("--graph", str(graph), "--progress", str(ledger)) as server:
        yield server


def page(server: RunningServer, path: str) -> str:
    answer = httpx.get(server.url(path), headers=BROWSER_ACCEPT, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_the_action_page_shows_the_imported_report(served):
    text = page(served, f"{PLAN}/action/3.12")
    assert 'id="progress-history"' in text
    assert "vertraagd" in text and "Nog geen trekker aangeduid" in text


def test_the_added_action_is_an_action_of_the_plan(served):
    text = page(served, f"{PLAN}/action/8.7")
    assert "Evaluatie van de opleidingen over polarisering" in text
    assert "Niet in de tekst van het plan" in text and "q2.xlsx" in text
    action = httpx.get(served.url("/api/actions/8.7"), timeout=30).json()
    assert action["lead"]["id"] == "vvsg"
    assert action["added_by"].startswith(
        "https://w3id.org/actieplan/id/plan/actieplan-radicalisering-2020-2024/update/"
    )
    assert action["source"] == {"first_line": 2, "last_line": 2}  # the sheet's first row
    listed = httpx.get(served.url("/api/actions"), timeout=30).json()
    assert len(listed) == 51  # the plan's 50 and the one added


def test_the_follow_up_counts_the_imported_statuses(served):
    found = httpx.get(served.url("/follow-up.json"), params={"as_of": "2022-06-30"}, timeout=30)
    assert found.status_code == 200, found.text
    objective_1 = next(row for row in found.json()["groups"]["objective"] if row["id"] == "1")
    objective_3 = next(row for row in found.json()["groups"]["objective"] if row["id"] == "3")
    assert objective_1["Done"] == 1 and objective_3["Delayed"] == 1
    before = httpx.get(served.url("/follow-up.json"), params={"as_of": "2022-06-14"}, timeout=30)
    objective_1 = next(row for row in before.json()["groups"]["objective"] if row["id"] == "1")
    assert objective_1.get("Done", 0) == 0  # 1.1 is reported done as of 15 June
