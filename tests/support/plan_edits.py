"""The vendored plan edited line by line, for the tests that compare plan versions
(tests/unit/test_plan_diff.py, test_diff_cli.py, tests/browser/test_diff_page.py).

The three edits (line numbers of data/source/actieplan-radicalisering-2020-2024.txt):
- line 409, action 8.2: the Trekker cell "CJSM (Departement Cultuur, Jeugd en Media)" becomes
  "OV (Onderwijs)";
- line 309, action 4.5: the Timing cell "2020 - 2021" becomes "2020 - 2022";
- lines 411-412: the row of action 8.3 and its description are deleted.
"""

from __future__ import annotations

import re
from pathlib import Path

from actieplan.graph.core.resources import default_source

SOURCE_LINES = default_source().read_text(encoding="utf-8").split("\n")
# Every "Actie N.M:" row of the text, counted here (50): the number of actions of a version.
ACTION_ROWS = sum(1 for line in SOURCE_LINES if re.match(r"(<p>)?Actie \d+\.\d+:", line))

# Read from the plan text: the printed names in brackets, and "OV (Onderwijs)" under the name
# the reference data gives it (data/reference/organisations.toml, id departement-ov).
OLD_LEAD_8_2 = "Departement Cultuur, Jeugd en Media"  # line 409, "CJSM (...)"
NEW_LEAD_8_2 = "Departement Onderwijs en Vorming"
TITLE_8_3 = "Meewerken aan onderzoek inzake terugkeerders uit IS-conflictgebied"  # line 411


def edit_cell(lines: list[str], line_number: int, action: str, old: str, new: str) -> None:
    """Replace the one tab-separated cell `old` on the source line `line_number` (1-based),
    the row of `action`."""
    line = lines[line_number - 1]
    assert line.startswith(f"Actie {action}:"), f"line {line_number} is not action {action}"
    cells = line.split("\t")
    assert cells.count(old) == 1, f"line {line_number}: no single cell {old!r}"
    cells[cells.index(old)] = new
    lines[line_number - 1] = "\t".join(cells)


def write_plan(folder: Path, lines: list[str]) -> Path:
    """The lines as a plan text under the vendored plan's file name (so the same plan id)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / default_source().name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def three_edits() -> list[str]:
    lines = list(SOURCE_LINES)
    edit_cell(lines, 409, "8.2", "CJSM (Departement Cultuur, Jeugd en Media)", "OV (Onderwijs)")
    edit_cell(lines, 309, "4.5", "2020 - 2021", "2020 - 2022")
    assert lines[410].startswith("Actie 8.3:") and lines[411].startswith("<p>Vanuit")
    del lines[410:412]  # lines 411 and 412: action 8.3's row and its description
    return lines
