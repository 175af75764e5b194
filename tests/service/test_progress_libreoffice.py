"""The progress workbook opens in LibreOffice Calc (Debian's libreoffice-calc-nogui, installed
by scripts/setup-office.sh; the test skips when `soffice` is missing): converted headless to CSV
its rows are the template's, and saved again as XLSX by LibreOffice it keeps its sheets, the
status drop-down and the sheet protection, and `actieplan progress import` still reads it.

The vendored plan has 50 actions (tests/support/plan_values.py), so the sheet "Voortgang" has
a header and 50 rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from support.cli_runner import run_cli
from support.progress_workbooks import STATUS, fill, save

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: bash scripts/setup-office.sh",
)


def soffice(convert_to: str, source: Path, out: Path) -> Path:
    """`soffice --headless --convert-to` with a profile of its own (no user's settings)."""
    done = subprocess.run(
        [
            "soffice", f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
            "--convert-to", convert_to, "--outdir", str(out), str(source),
        ],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out / f"{source.stem}.{convert_to.split(':')[0]}"


@pytest.fixture(scope="module")
def graph_file(built, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "graph.ttl"
    path.write_text(built.files["graph.ttl"], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def template(graph_file, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "voortgang.xlsx"
    code, _, err = run_cli(
        "progress", "template", "--graph", str(graph_file), "--as-of", "2022-06-30",
        "--out", str(path),
    )  # fmt: skip
    assert code == 0, err
    return path


def test_libreoffice_reads_the_rows(template, tmp_path):
    # the CSV filter's options: comma, double quote, UTF-8 (character set 76)
    converted = soffice("csv:Text - txt - csv (StarCalc):44,34,76", template, tmp_path)
    rows = list(csv.reader(converted.open(encoding="utf-8")))
    assert rows[0][0] == "Nummer" and len(rows) == 51
    assert [row[0] for row in rows[1:4]] == ["1.1", "1.2", "1.3"]


def test_saved_by_libreoffice_it_keeps_its_list_and_locks_and_imports(
    template, graph_file, tmp_path
):
    resaved = soffice("xlsx:Calc MS Excel 2007 XML", template, tmp_path / "out")
    workbook = openpyxl.load_workbook(resaved)
    assert workbook.sheetnames == ["Voortgang", "Nieuwe acties", "Info"]
    sheet = workbook["Voortgang"]
    assert sheet.protection.sheet
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert any(f"{STATUS}2" in str(v.sqref) for v in lists)  # the status drop-down
    filled = fill(workbook, {"3.12": ("vertraagd", dt.date(2022, 6, 30), None, None)})
    path = save(filled, tmp_path / "ingevuld.xlsx")
    ledger = tmp_path / "opvolging"
    code, out, err = run_cli(
        "progress", "import", str(path), "--graph", str(graph_file), "--progress", str(ledger)
    )
    assert code == 0, err
    assert "1 report(s)" in out
