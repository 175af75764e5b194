"""Bad progress workbooks (issue 23): each is refused with a message naming the sheet, the cell
and the value (where there is a cell), and the ledger is byte-identical afterwards: nothing is
recorded unless the whole workbook is valid.

Every workbook starts as the product's template, filled in validly with openpyxl; each case
then breaks one thing, as a person, a spreadsheet program or an attacker would."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl.workbook.workbook import Workbook
from support.cli_runner import run_cli
from support.progress_workbooks import (
    AMOUNT,
    NOTE,
    STATUS,
    STATUS_DATE,
    fill,
    folder_digest,
    row_of,
    save,
    template,
)

from actieplan.graph.core.errors import InputError
from actieplan.graph.core.reference import load_reference
from actieplan.graph.followup.archive import MAX_UNPACKED_BYTES
from actieplan.graph.followup.recorder import import_workbook
from actieplan.graph.rdf.progress import read_ledger, with_progress

NOW = dt.datetime(2022, 7, 1, 9, 0, tzinfo=dt.UTC)  # "today" is 2022-07-01
AS_OF = dt.date(2022, 6, 30)
NEW_ACTION = [
    "8",
    "8.10",  # objective 8's last printed action is 8.6 (plan text, line 429)
    "Evaluatie van het Vlaams Platform",
    "Minister van Binnenlands Bestuur, Bestuurszaken, Inburgering en Gelijke Kansen",
    "VVSG",
    "2023",
    "Binnen de reguliere middelen",
]


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def earlier_ledger(plan_graph, reference, tmp_path_factory) -> Path:
    """A ledger holding one earlier update (so that "byte-identical" compares real files)."""
    folder = tmp_path_factory.mktemp("earlier")
    earlier = fill(template(plan_graph, dt.date(2022, 1, 31)), {
        "2.1": ("gestart", dt.date(2022, 1, 31), None, None),
    })  # fmt: skip
    path = save(earlier, folder / "voortgang-2022-01.xlsx")
    ledger = folder / "ledger"
    import_workbook(path, plan_graph, ledger, reference, "test", NOW - dt.timedelta(days=150))
    assert len(read_ledger(ledger)) == 1
    return ledger


def valid(plan_graph) -> Workbook:
    return fill(
        template(plan_graph, AS_OF),
        {"1.1": ("gestart", dt.date(2022, 3, 31), "Netwerk opgestart", 1000)},
        [NEW_ACTION],
    )


def at(column: str, number: str = "1.1") -> Callable[[Workbook], str]:
    """The cell of an action's row on "Voortgang" (its row found by its number)."""
    return lambda workbook: f"{column}{row_of(workbook, number)}"


def set_cell(column: str, value: object) -> Callable[[Workbook, Path], Path]:
    def change(workbook: Workbook, folder: Path) -> Path:
        workbook["Voortgang"][at(column)(workbook)] = value
        return save(workbook, folder / "voortgang.xlsx")

    return change


def set_new_action(column: str, value: object) -> Callable[[Workbook, Path], Path]:
    def change(workbook: Workbook, folder: Path) -> Path:
        workbook["Nieuwe acties"][f"{column}2"] = value
        return save(workbook, folder / "voortgang.xlsx")

    return change


def zip_with(extra: dict[str, bytes], suffix: str = ".xlsx") -> Callable[[Workbook, Path], Path]:
    """The valid workbook's parts, with parts added or replaced."""

    def change(workbook: Workbook, folder: Path) -> Path:
        buffer = io.BytesIO()
        workbook.save(buffer)
        path = folder / f"voortgang{suffix}"
        with (
            zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for name in source.namelist():
                if name not in extra:
                    target.writestr(name, source.read(name))
            for name, data in extra.items():
                target.writestr(name, data)
        return path

    return change


def not_a_workbook(workbook: Workbook, folder: Path) -> Path:
    path = folder / "voortgang.xlsx"
    path.write_text("Nummer;Nieuwe status\n1.1;gestart\n", encoding="utf-8")
    return path


def zip_bomb(workbook: Workbook, folder: Path) -> Path:
    """A small file (about 50 kB) with one part that inflates past the cap."""
    path = folder / "voortgang.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    assert path.stat().st_size < 200_000
    return path


def lying_zip_bomb(workbook: Workbook, folder: Path) -> Path:
    """The second wall: a sheet part padded to 60 MB whose header and central directory entry
    say it is as small as the real sheet, so the declared sizes pass the cap. zipfile inflates
    no more than the declared size, and the CRC then fails."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    declared = len(parts[sheet])
    parts[sheet] += b" " * 60_000_000  # white space after the root element
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    data = bytearray(packed.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        offset = archive.getinfo(sheet).header_offset
    struct.pack_into("<I", data, offset + 22, declared)  # local header: uncompressed size
    entry = data.find(b"PK\x01\x02")
    while entry != -1:  # central directory entries: uncompressed size at +24, name at +46
        length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + length] == sheet.encode():
            struct.pack_into("<I", data, entry + 24, declared)
        entry = data.find(b"PK\x01\x02", entry + 4)
    path = folder / "voortgang.xlsx"
    path.write_bytes(bytes(data))
    assert path.stat().st_size < 1_000_000
    return path


def hidden_column(workbook: Workbook, folder: Path) -> Path:
    workbook["Voortgang"].column_dimensions[NOTE].hidden = True
    return save(workbook, folder / "voortgang.xlsx")


def saved_as(suffix: str) -> Callable[[Workbook, Path], Path]:
    return lambda workbook, folder: save(workbook, folder / f"voortgang{suffix}")


def delete_column(column: int) -> Callable[[Workbook, Path], Path]:
    def change(workbook: Workbook, folder: Path) -> Path:
        workbook["Voortgang"].delete_cols(column)
        return save(workbook, folder / "voortgang.xlsx")

    return change


def swap_note_and_date(workbook: Workbook, folder: Path) -> Path:
    sheet = workbook["Voortgang"]
    for note, date in zip(sheet[NOTE], sheet[STATUS_DATE], strict=True):
        note.value, date.value = date.value, note.value
    return save(workbook, folder / "voortgang.xlsx")


def merge(workbook: Workbook, folder: Path) -> Path:
    workbook["Voortgang"].merge_cells("H2:H3")
    return save(workbook, folder / "voortgang.xlsx")


def hidden_sheet(workbook: Workbook, folder: Path) -> Path:
    extra = workbook.create_sheet("Blad1")
    extra.append(["1.2", "afgerond", "2022-06-01"])
    extra.sheet_state = "hidden"
    return save(workbook, folder / "voortgang.xlsx")


def hidden_row(workbook: Workbook, folder: Path) -> Path:
    workbook["Voortgang"].row_dimensions[row_of(workbook, "1.1")].hidden = True
    return save(workbook, folder / "voortgang.xlsx")


CORE_WITH_DTD = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties">&lol;</cp:coreProperties>'
)
EXTERNAL_LINK = (
    b'<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"/>'
)

# (id, how the workbook is broken, the cell named (None: the file), words of the message)
CASES = [
    ("not-a-workbook", not_a_workbook, None, "not an XLSX workbook (not a zip archive)"),
    # the cap (50 MiB = 52428800 bytes) + 1, and the 8 bytes of "<Types/>"
    ("zip-bomb", zip_bomb, None, "unpacks to 52428809 bytes"),
    (
        "zip-bomb-lying-sizes",
        lying_zip_bomb,
        None,
        "part xl/worksheets/sheet1.xml cannot be unpacked: Bad CRC-32",
    ),
    ("macro-part", zip_with({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), None, "holds macros"),
    ("xlsm", saved_as(".xlsm"), None, "a macro-enabled file (.xlsm) is refused"),
    (
        "external-link",
        zip_with({"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK}),
        None,
        "links to other workbooks (xl/externalLinks/externalLink1.xml)",
    ),
    ("dtd", zip_with({"docProps/core.xml": CORE_WITH_DTD}), None, "declares a document type"),
    ("unknown-action", set_cell("A", "9.99"), at("A"), "unknown action number '9.99'"),
    ("status", set_cell(STATUS, "bijna klaar"), at(STATUS), "status 'bijna klaar' is not one of"),
    (
        "before-plan",
        set_cell(STATUS_DATE, dt.date(2019, 12, 31)),
        at(STATUS_DATE),
        "status date 2019-12-31 is before the plan's start (2020-01-01)",
    ),
    (
        "future",
        set_cell(STATUS_DATE, dt.date(2022, 7, 2)),
        at(STATUS_DATE),
        "status date 2022-07-02 is in the future (today is 2022-07-01)",
    ),
    ("no-date", set_cell(STATUS_DATE, None), at(STATUS_DATE), "no status date"),
    (
        "locked-cell",
        set_cell("C", "Vlaamse Overheid"),
        at("C"),
        "locked cell edited: 'Vlaamse Overheid' where the template has "
        "'Agentschap Binnenlands Bestuur'",
    ),
    ("formula", set_cell(NOTE, "=1+1"), at(NOTE), "a formula ('=1+1') where a value belongs"),
    (
        "missing-column",
        delete_column(8),
        lambda workbook: "H1",
        "column header 'Statusdatum' where the template has 'Toelichting'",
    ),
    (
        "moved-column",
        swap_note_and_date,
        lambda workbook: "H1",
        "column header 'Statusdatum' where the template has 'Toelichting'",
    ),
    ("merged-cells", merge, lambda workbook: "H2:H3", "merged cells"),
    ("hidden-sheet", hidden_sheet, lambda workbook: "A1", "a hidden sheet holds values"),
    ("hidden-row", hidden_row, at("A"), "a hidden row holds '1.1'"),
    ("hidden-column", hidden_column, at(NOTE), "a hidden column holds 'Netwerk opgestart'"),
    ("negative-amount", set_cell(AMOUNT, -250), at(AMOUNT), "amount spent -250 is negative"),
    ("amount-text", set_cell(AMOUNT, "veel"), at(AMOUNT), "amount spent 'veel' is not a number"),
    (
        "new-action-name",
        set_new_action("E", "Dienst Onbekend"),
        lambda workbook: "E2",
        "organisation 'Dienst Onbekend' is not in the reference data",
    ),
    (
        "new-action-number",
        set_new_action("B", "8.1"),
        lambda workbook: "B2",
        "action 8.1 is in the plan already",
    ),
]
SHEETS = {"hidden-sheet": "Blad1", "new-action-name": "Nieuwe acties"}
SHEETS["new-action-number"] = "Nieuwe acties"


@pytest.mark.parametrize(("case", "break_it", "cell", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_workbook_is_refused_and_nothing_recorded(
    case, break_it, cell, words, plan_graph, earlier_ledger, reference, tmp_path
):
    ledger = tmp_path / "ledger"
    shutil.copytree(earlier_ledger, ledger)
    before = folder_digest(ledger)
    workbook = valid(plan_graph)
    field = None if cell is None else f"{SHEETS.get(case, 'Voortgang')}!{cell(workbook)}"
    path = break_it(workbook, tmp_path)
    graph = with_progress(plan_graph, read_ledger(ledger))
    with pytest.raises(InputError) as refused:
        import_workbook(path, graph, ledger, reference, "test", NOW)
    found = [(p.field, p.message) for p in refused.value.problems]
    assert any(f == field and words in message for f, message in found), found
    assert all(p.file == str(path) for p in refused.value.problems)
    assert folder_digest(ledger) == before


def test_every_problem_at_once_from_the_command_line(plan_graph, earlier_ledger, tmp_path):
    """Three problems on two sheets: all reported, exit code 2, the ledger untouched."""
    ledger = tmp_path / "ledger"
    shutil.copytree(earlier_ledger, ledger)
    before = folder_digest(ledger)
    workbook = valid(plan_graph)
    row = row_of(workbook, "1.1")
    workbook["Voortgang"][f"{STATUS}{row}"] = "bijna klaar"
    workbook["Voortgang"][f"B{row}"] = "Een andere titel"
    workbook["Nieuwe acties"]["A2"] = "12"  # the plan has 8 objectives
    path = save(workbook, tmp_path / "voortgang.xlsx")
    graph_file = tmp_path / "graph.ttl"
    plan_graph.serialize(graph_file, format="turtle")
    code, out, err = run_cli(
        "progress", "import", str(path), "--graph", str(graph_file), "--progress", str(ledger)
    )
    assert code == 2 and out == ""
    assert f"{path} [Voortgang!G{row}]: status 'bijna klaar' is not one of: 'niet gestart'" in err
    assert f"{path} [Voortgang!B{row}]: locked cell edited: 'Een andere titel'" in err
    assert f"{path} [Nieuwe acties!A2]: objective '12' is not one of the plan's" in err
    assert "nothing was recorded" in err
    assert folder_digest(ledger) == before
