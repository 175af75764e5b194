"""Read a Timing cell: dates at their printed precision, ongoing, open-ended and phases.

Examples of what plans print: "1 april 2021 – 31 maart 2023", "1/1/2020 tot 31/12/2021",
"2021-2024", "Doorlopend", "Vanaf 01/09/2021", "2021 en verder", "Mei 2021 tot half 2023",
"Conceptnota: voorzien in najaar 2021", "Eerste fase : 2021 Tweede fase: eind 2021 - 2024",
"Q2 2023 – Q4 2024" (quarters: their months), "schooljaar 2023-2024" (September to August).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from actieplan.graph.core.phrases import MONTHS, YEAR_PARTS, labelled_parts

ONGOING_RE = re.compile(r"\b(doorlopend|continu\w*|permanent\w*|structureel)\b", re.IGNORECASE)
OPEN_START_RE = re.compile(r"\bvanaf\b", re.IGNORECASE)
OPEN_END_RE = re.compile(r"\ben verder\b|\bvoort\b", re.IGNORECASE)
# A bracketed remark; searched only up to the last ")" (read_period), so that a "(" with no ")"
# after it is not scanned to the end of the cell once per "(".
NOTE_RE = re.compile(r"\(([^)]*)\)")

_MONTH_NAMES = "|".join(MONTHS)
_PART_NAMES = "|".join(sorted(YEAR_PARTS, key=len, reverse=True))
DATE_RE = re.compile(
    r"(?P<dmy>\b(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4})\b)"
    rf"|(?P<dmony>\b(?P<d2>\d{{1,2}})\s+(?P<mon2>{_MONTH_NAMES})\s+(?P<y2>\d{{4}})\b)"
    rf"|(?P<mony>\b(?P<mon3>{_MONTH_NAMES})\s+(?P<y3>\d{{4}})\b)"
    rf"|(?P<party>\b(?P<part>{_PART_NAMES})\s+(?P<y4>\d{{4}})\b)"
    r"|(?P<quarter>\bQ(?P<q>[1-4])\s*(?P<y6>\d{4})\b)"
    r"|(?P<school>\bschooljaar\s+(?P<y7>\d{4})\s*[-\u2013/]\s*(?P<y8>\d{4}|\d{2})\b)"
    r"|(?P<year>\b(?P<y5>(?:19|20)\d\d)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the plan prints it: "2021", "2021-05" or "2021-04-01"."""

    iso: str
    qualifier: str = ""  # the printed part-of-year word ("eind", "najaar"), if any

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.iso)]

    def first_day(self) -> date:
        year, month, day = (list(map(int, self.iso.split("-"))) + [1, 1])[:3]
        return date(year, month, day)

    def last_day(self) -> date:
        parts = list(map(int, self.iso.split("-")))
        if len(parts) == 1:
            return date(parts[0], 12, 31)
        if len(parts) == 2:
            return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return date(*parts)


@dataclass(frozen=True)
class Period:
    """One labelled part of a timing cell (a phase, or the only part)."""

    label: str
    text: str
    start: DateValue | None = None
    end: DateValue | None = None
    ongoing: bool = False
    open_ended: bool = False
    note: str = ""


@dataclass(frozen=True)
class Timing:
    text: str
    start: DateValue | None = None
    end: DateValue | None = None
    ongoing: bool = False
    open_ended: bool = False
    label: str = ""  # label of a single-part cell ("Conceptnota")
    note: str = ""  # bracketed remark ("tot einde legislatuur")
    phases: tuple[Period, ...] = field(default=())  # when the cell has several parts

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


def _date_bounds(match: re.Match[str]) -> tuple[DateValue, DateValue]:
    """A printed date as (earliest, latest) value at its own precision."""
    if match.group("dmy"):
        value = DateValue(f"{int(match['y1']):04d}-{int(match['m1']):02d}-{int(match['d1']):02d}")
        return value, value
    if match.group("dmony"):
        month = MONTHS[match["mon2"].lower()]
        value = DateValue(f"{int(match['y2']):04d}-{month:02d}-{int(match['d2']):02d}")
        return value, value
    if match.group("mony"):
        value = DateValue(f"{int(match['y3']):04d}-{MONTHS[match['mon3'].lower()]:02d}")
        return value, value
    if match.group("party"):
        word = re.sub(r"\s+", " ", match["part"].lower())
        first, last = YEAR_PARTS[word]
        year = int(match["y4"])
        return (
            DateValue(f"{year:04d}-{first:02d}", word),
            DateValue(f"{year:04d}-{last:02d}", word),
        )
    if match.group("quarter"):  # "Q2 2023": April to June 2023
        quarter, year = int(match["q"]), int(match["y6"])
        return (
            DateValue(f"{year:04d}-{3 * quarter - 2:02d}", f"Q{quarter}"),
            DateValue(f"{year:04d}-{3 * quarter:02d}", f"Q{quarter}"),
        )
    if match.group("school"):  # "schooljaar 2023-2024": September 2023 to August 2024
        year = int(match["y7"])
        return (
            DateValue(f"{year:04d}-09", "schooljaar"),
            DateValue(f"{year + 1:04d}-08", "schooljaar"),
        )
    value = DateValue(match["y5"])
    return value, value


def _check_date(match: re.Match[str]) -> bool:
    try:
        _date_bounds(match)[0].first_day()
        return True
    except ValueError:
        return False


def read_period(label: str, text: str) -> Period:
    note_match = NOTE_RE.search(text, 0, text.rfind(")") + 1)
    note = note_match.group(1).strip() if note_match else ""
    dates = [m for m in DATE_RE.finditer(text) if _check_date(m)]
    ongoing = bool(ONGOING_RE.search(text))
    start = end = None
    if len(dates) >= 2:
        start, end = _date_bounds(dates[0])[0], _date_bounds(dates[-1])[1]
    elif len(dates) == 1:
        first, last = _date_bounds(dates[0])
        before = text[: dates[0].start()]
        if OPEN_START_RE.search(before) or OPEN_END_RE.search(text[dates[0].end() :]):
            start = first
        elif re.search(r"\b(tot|tegen|uiterlijk)\b", before, re.IGNORECASE):
            end = last
        else:
            start, end = first, last
    open_ended = start is not None and end is None and not ongoing
    return Period(label, text, start, end, ongoing, open_ended, note)


def read_timing(text: str) -> Timing:
    text = text.strip()
    if not text:
        return Timing(text)
    parts = [read_period(p.label, p.text) for p in labelled_parts(text)]
    starts = [p.start for p in parts if p.start]
    ends = [p.end for p in parts if p.end]
    start = min(starts, key=lambda d: d.first_day()) if starts else None
    end = max(ends, key=lambda d: d.last_day()) if ends else None
    last = parts[-1]
    open_ended = last.open_ended or (start is not None and end is None and not last.ongoing)
    if end is not None and last.end is None and last.open_ended:
        end = None
    return Timing(
        text=text,
        start=start,
        end=end,
        ongoing=any(p.ongoing for p in parts),
        open_ended=open_ended and not any(p.ongoing for p in parts),
        label=parts[0].label if len(parts) == 1 else "",
        note="; ".join(p.note for p in parts if p.note),
        phases=tuple(parts) if len(parts) > 1 else (),
    )
