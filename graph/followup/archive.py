"""The first wall around a filled-in workbook: its bytes, checked as a zip archive before
openpyxl reads any of it.

A workbook is hostile input (it comes back by mail from anywhere). Refused, with what was
found: a file larger than MAX_FILE_BYTES; a file that is not a zip archive; more than
MAX_ENTRIES entries, or entries that together unpack to more than MAX_UNPACKED_BYTES (a zip
bomb: a small file that inflates to gigabytes); macros (a macro-enabled file type, a VBA
project part); links to other workbooks (external link parts: they would be refreshed from
elsewhere); any XML part with a document type declaration (entity expansion); a part that
cannot be unpacked.

The unpacked size is the sum of the sizes the archive declares; Python's zipfile, which
openpyxl reads with, stops inflating an entry at its declared size (and fails on the CRC), so
an entry that lies about its size cannot unpack to more.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.rdf.loading import xml_dtd_line

MAX_FILE_BYTES = 5 * 1024 * 1024  # a template for 50 actions is about 14 kB
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 200  # a template has 13
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
MACRO_CONTENT_TYPE = b"macroEnabled"  # in [Content_Types].xml of a macro-enabled workbook
EXTERNAL_LINKS = "xl/externalLinks/"


@dataclass(frozen=True)
class CheckedFile:
    """The bytes of a workbook that passed the archive checks: what openpyxl reads."""

    path: Path
    data: bytes


def _refuse(path: Path, message: str, hint: str = "") -> InputError:
    return InputError(Problem(str(path), None, None, message), hint)


def check_archive(path: Path) -> CheckedFile:
    """Read the file once and check it as above; InputError naming what was found."""
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise _refuse(path, f"a macro-enabled file ({path.suffix}) is refused; save it as .xlsx")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _refuse(path, "no such file") from None
    if size > MAX_FILE_BYTES:
        raise _refuse(path, f"{size} bytes: larger than the {MAX_FILE_BYTES} bytes allowed")
    data = path.read_bytes()[: MAX_FILE_BYTES + 1]  # the file may have grown since
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(path, f"larger than the {MAX_FILE_BYTES} bytes allowed")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse(
            path,
            "not an XLSX workbook (not a zip archive)",
            "Make a template with `actieplan progress template`, fill it in, and save it as "
            "Excel workbook (.xlsx).",
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise _refuse(path, f"{len(entries)} parts: more than the {MAX_ENTRIES} allowed")
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > MAX_UNPACKED_BYTES:
            raise _refuse(
                path,
                f"unpacks to {unpacked} bytes: more than the {MAX_UNPACKED_BYTES} allowed "
                "(a zip bomb?)",
            )
        names = [entry.filename for entry in entries]
        if "[Content_Types].xml" not in names:
            raise _refuse(path, "not an XLSX workbook (a zip archive without [Content_Types].xml)")
        macros = [name for name in names if name.lower().endswith("vbaproject.bin")]
        if macros or MACRO_CONTENT_TYPE in _part(path, archive, "[Content_Types].xml"):
            raise _refuse(
                path,
                f"holds macros ({', '.join(macros) or 'a macro-enabled content type'}); "
                "macros are refused",
                "Save the workbook as Excel workbook (.xlsx), without macros.",
            )
        links = [name for name in names if name.startswith(EXTERNAL_LINKS)]
        if links:
            raise _refuse(
                path,
                f"links to other workbooks ({', '.join(links)}); external links are refused",
                "Break the links (in Excel: Data > Edit Links > Break Link) and save again.",
            )
        for name in names:
            if name.endswith((".xml", ".rels")):
                _refuse_dtd(path, name, _part(path, archive, name))
    return CheckedFile(path, data)


def _part(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """One part, unpacked (never more than its declared size: zipfile stops there)."""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        # a wrong CRC (a part longer than it says), a broken stream, an unknown compression
        # method, encryption
        raise _refuse(path, f"part {name} cannot be unpacked: {error}") from None


def _refuse_dtd(path: Path, name: str, data: bytes) -> None:
    try:
        line = xml_dtd_line(data)
    except expat.ExpatError as error:
        raise _refuse(
            path, f"part {name} is not valid XML: {expat.ErrorString(error.code)}"
        ) from None
    if line is not None:
        raise _refuse(path, f"part {name} declares a document type (DTD, line {line}); refused")
