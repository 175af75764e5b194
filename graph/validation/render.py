"""The completeness report rendered for people and machines: a readable terminal report,
JSON, CSV (one table at a time) and the standard sh:ValidationReport in Turtle. Used by
`actieplan validate` and by the service's /api/completeness alike.

Findings (Violation, Warning) and notes (worth knowing, never a finding) are kept apart in
every rendering: the summary line counts findings only and says how many notes there are;
notes have a section (table), a key (JSON), a table (CSV) and columns of the matrix and the
fill rates; the Turtle report holds the findings only (notes are deactivated shapes)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from rdflib.term import Node

from actieplan.graph.core import tables
from actieplan.graph.validation.report import (
    SEVERITIES,
    SEVERITY_NAMES,
    FillRate,
    Finding,
    ValidationReport,
    in_language,
)

FORMATS = ("table", "json", "csv", "turtle")
TABLES = ("summary", "results", "notes", "matrix", "fill-rates")
DEFAULT_CSV_TABLE = "matrix"
EXAMPLES_SHOWN = 3
TEXT_WIDTH = 40

WORDS = {
    "severity": {"nl": "ernst", "en": "severity"},
    "group": {"nl": "groep", "en": "group"},
    "check": {"nl": "controle", "en": "check"},
    "shape": {"nl": "vorm", "en": "shape"},
    "failing": {"nl": "aantal", "en": "failing"},
    "results": {"nl": "resultaten", "en": "results"},
    "examples": {"nl": "voorbeelden", "en": "examples"},
    "action": {"nl": "actie", "en": "action"},
    "title": {"nl": "titel", "en": "title"},
    "printed_text": {"nl": "gedrukte tekst", "en": "printed text"},
    "focus_node": {"nl": "knoop", "en": "focus node"},
    "value": {"nl": "waarde", "en": "value"},
    "message": {"nl": "melding", "en": "message"},
    "coordinating_minister": {"nl": "coördinerend minister", "en": "coordinating minister"},
    "lead_organisation": {"nl": "trekker", "en": "lead organisation"},
    "grouping": {"nl": "indeling", "en": "grouping"},
    "actions": {"nl": "acties", "en": "actions"},
    "required_complete": {"nl": "verplicht volledig", "en": "required complete"},
    "required": {"nl": "verplicht", "en": "required"},
    "desirable": {"nl": "gewenst", "en": "desirable"},
    "all": {"nl": "alle acties", "en": "all actions"},
    "conforms": {"nl": "geen overtredingen", "en": "no violations"},
    "not_conforms": {"nl": "overtredingen gevonden", "en": "violations found"},
    "summary_title": {"nl": "Controles met resultaten", "en": "Checks with results"},
    "passed": {"nl": "andere controles vonden niets", "en": "other checks found nothing"},
    "matrix_title": {
        "nl": "Volledigheid per actie (✓ aanwezig, · ontbreekt)",
        "en": "Completeness per action (✓ present, · missing)",
    },
    "fill_title": {"nl": "Vullingsgraad", "en": "Fill rates"},
    "by_minister": {
        "nl": "per coördinerend minister (% van hun acties)",
        "en": "per coordinating minister (% of their actions)",
    },
    "by_lead": {
        "nl": "per trekker (% van hun acties)",
        "en": "per lead organisation (% of their actions)",
    },
    "empty_cell": {"nl": "(lege cel)", "en": "(empty cell)"},
    "note": {"nl": "ter informatie", "en": "note"},
    "scope": {"nl": "over", "en": "scope"},
    "count": {"nl": "aantal", "en": "count"},
    "of": {"nl": "van", "en": "of"},
    "notes_title": {
        "nl": "Ter informatie (geen tekortkomingen, tellen niet mee)",
        "en": "Worth knowing (not gaps, never counted against conformance)",
    },
    "notes_count": {"nl": "meldingen ter informatie", "en": "notes worth knowing"},
    "plan": {"nl": "plan", "en": "plan"},
    "plans": {"nl": "plannen", "en": "plans"},
    "plans_failing": {"nl": "met overtredingen", "en": "with violations"},
    "as_of": {
        "nl": "Opvolging op {date}: stil wie geen voortgangsrapport heeft sinds {since} "
        "({months} maanden)",
        "en": "Follow-up as of {date}: silent when no progress report since {since} "
        "({months} months)",
    },
}


# ---------------------------------------------------------------------------------------
# Rows of each table, shared by the terminal and CSV renderers
# ---------------------------------------------------------------------------------------


def _word(key: str, lang: str) -> str:
    return WORDS[key][lang]


def _example(finding: Finding, lang: str, width: int | None) -> str:
    """Action number and printed text, the text cut to `width` characters (None: whole)."""
    text = finding.printed_text
    if text is None:
        return finding.action or str(finding.focus)
    shown = text if width is None or len(text) <= width else text[: width - 1] + "…"
    return f"{finding.action or finding.focus} «{shown or _word('empty_cell', lang)}»"


def summary_rows(
    report: ValidationReport, lang: str, failing_only: bool, examples: int | None, width: int | None
) -> tuple[list[str], list[list[object]]]:
    headers = [
        _word(k, lang)
        for k in ("severity", "group", "check", "failing", "results", "examples", "shape")
    ]
    rows: list[list[object]] = [
        [
            s.check.severity_name(lang),
            in_language(s.check.group_label, lang),
            in_language(s.check.name, lang),
            s.failing,
            len(s.findings),
            tables.join_values(_example(f, lang, width) for f in s.examples(examples)),
            s.check.key,
        ]
        for s in report.summary(failing_only=failing_only)
    ]
    return headers, rows


def result_rows(report: ValidationReport, lang: str) -> tuple[list[str], list[list[object]]]:
    headers = [
        _word(k, lang)
        for k in (
            "severity",
            "check",
            "action",
            "printed_text",
            "message",
            "focus_node",
            "value",
            "shape",
        )
    ]
    rows: list[list[object]] = [
        [
            f.check.severity_name(lang),
            in_language(f.check.name, lang),
            f.action or "",
            f.printed_text if f.printed_text is not None else "",
            f.message(lang),
            str(f.focus),
            "" if f.value is None else str(f.value),
            f.check.key,
        ]
        for f in report.results
    ]
    return headers, rows


def note_rows(
    report: ValidationReport, lang: str, examples: int | None, width: int | None
) -> tuple[list[str], list[list[object]]]:
    """One row per note: scope, name, how many of how many actions, message, examples."""
    headers = [
        _word(k, lang) for k in ("scope", "note", "count", "of", "message", "examples", "shape")
    ]
    rows: list[list[object]] = [
        [
            _word(item.note.scope, lang) if item.note.scope == "plan" else _word("action", lang),
            in_language(item.note.name, lang),
            item.count,
            item.of,
            in_language(item.note.message, lang),
            ""
            if item.note.scope == "plan"
            else tables.join_values(
                _note_example(number, text, lang, width) for number, text in item.actions[:examples]
            ),
            item.note.key,
        ]
        for item in report.notes
    ]
    return headers, rows


def _note_example(number: str, text: str | None, lang: str, width: int | None) -> str:
    if text is None:
        return number
    shown = text if width is None or len(text) <= width else text[: width - 1] + "…"
    return f"{number} «{shown or _word('empty_cell', lang)}»"


def matrix_rows(
    report: ValidationReport, lang: str, present: Callable[[bool], object]
) -> tuple[list[str], list[list[object]]]:
    severity_words = [SEVERITY_NAMES[s][lang] for s in SEVERITIES]
    headers = [
        _word(k, lang) for k in ("action", "title", "coordinating_minister", "lead_organisation")
    ]
    headers += [in_language(fact.name, lang) for fact in report.facts] + severity_words
    headers += [in_language(note.name, lang) for note in report.action_notes]
    rows = []
    for action in report.actions:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in report.findings_of(action):
            counts[finding.check.severity] += 1
        rows.append(
            [
                action.number,
                action.title,
                _name(report, action.coordinating_minister, lang),
                _name(report, action.lead_organisation, lang),
            ]
            + [present(report.matrix[action.iri][fact.key]) for fact in report.facts]
            + [counts[s] for s in SEVERITIES]
            + [present(report.noted[action.iri][note.key]) for note in report.action_notes]
        )
    return headers, rows


def _fill_rate_headers(report: ValidationReport, lang: str) -> list[str]:
    headers = [_word(k, lang) for k in ("grouping", "group", "actions", "required_complete")]
    headers += [in_language(fact.name, lang) for fact in report.facts]
    return headers + [in_language(note.name, lang) for note in report.action_notes]


def _fill_counts(report: ValidationReport, row: FillRate) -> list[int]:
    """How many of the group's actions have every required fact, then each fact, then how many
    each action note is true of."""
    return (
        [row.required_complete]
        + [row.present[fact.key] for fact in report.facts]
        + [row.noted[note.key] for note in report.action_notes]
    )


def fill_rate_rows(
    report: ValidationReport, lang: str, cell: Callable[[int, int], object]
) -> tuple[list[str], list[list[object]]]:
    """One row per fill rate: grouping, group, actions, then cell(count, actions) for the
    required facts together and for each fact."""
    rows = [
        [row.grouping, in_language(row.label, lang), row.actions]
        + [cell(count, row.actions) for count in _fill_counts(report, row)]
        for row in report.fill_rates()
    ]
    return _fill_rate_headers(report, lang), rows


def _name(report: ValidationReport, node: Node | None, lang: str) -> str:
    return "" if node is None else in_language(report.names.get(node, {}), lang) or str(node)


# ---------------------------------------------------------------------------------------
# Renderers: (report, lang, table) -> text
# ---------------------------------------------------------------------------------------


def _aligned(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    return tables.render_table(headers, rows, max_width=None, count=False)


def _numbered(headers: list[str], first: int) -> tuple[list[str], list[str]]:
    """Headers from `first` on replaced by numbers, with a legend (keeps wide tables narrow)."""
    legend = [f"{n:>3}  {name}" for n, name in enumerate(headers[first:], start=1)]
    return headers[:first] + [str(n) for n in range(1, len(headers) - first + 1)], legend


def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else "-"


def verdict_line(report: ValidationReport, lang: str) -> str:
    """The report in one line: findings by severity, the verdict and how many notes."""
    counts = report.counts()
    verdict = _word("conforms" if report.conforms else "not_conforms", lang)
    return (
        ", ".join(f"{SEVERITY_NAMES[s][lang]}: {counts[s]}" for s in SEVERITIES)
        + f" — {verdict} ({len(report.notes)} {_word('notes_count', lang)})"
    )


def render_table(report: ValidationReport, lang: str, table: str | None) -> str:
    sections = [verdict_line(report, lang)]
    if report.as_of is not None:
        sections.append(
            _word("as_of", lang).format(
                date=report.as_of.date.isoformat(),
                since=report.as_of.reported_since.isoformat(),
                months=report.as_of.stale_months,
            )
        )
    if table in (None, "summary"):
        headers, rows = summary_rows(
            report, lang, failing_only=True, examples=EXAMPLES_SHOWN, width=TEXT_WIDTH
        )
        passed = len(report.checks) - len(rows)
        sections.append(
            f"{_word('summary_title', lang)}\n"
            f"{_aligned(headers[:-1], [row[:-1] for row in rows])}\n"
            f"({passed} {_word('passed', lang)})"
        )
    if table == "results":
        headers, rows = result_rows(report, lang)
        sections.append(_aligned(headers[:5], [row[:5] for row in rows]))
    if table in (None, "notes"):
        headers, rows = note_rows(report, lang, examples=EXAMPLES_SHOWN, width=TEXT_WIDTH)
        keep = [0, 1, 2, 3, 5] if table is None else [0, 1, 2, 3, 4, 5]
        plan_messages = [
            f"{_word('plan', lang)}: {in_language(item.note.message, lang)}"
            for item in report.notes
            if item.note.scope == "plan" and table is None
        ]
        sections.append(
            f"{_word('notes_title', lang)}\n"
            + _aligned([headers[i] for i in keep], [[row[i] for i in keep] for row in rows])
            + "".join(f"\n{line}" for line in plan_messages)
        )
    if table in (None, "matrix"):
        headers, rows = matrix_rows(report, lang, lambda present: "✓" if present else "·")
        facts_end = 4 + len(report.facts)
        notes_start = facts_end + len(SEVERITIES)
        numbered, legend = _numbered(headers[:1] + headers[4:facts_end] + headers[notes_start:], 1)
        levels = [_word(fact.level, lang) for fact in report.facts]
        levels += [_word("note", lang)] * len(report.action_notes)
        legend = [f"{line} ({level})" for line, level in zip(legend, levels, strict=True)]
        numbered = (
            numbered[: 1 + len(report.facts)]
            + headers[facts_end:notes_start]
            + numbered[1 + len(report.facts) :]
        )
        body = _aligned(numbered, [row[:1] + row[4:] for row in rows])
        sections.append("\n".join([_word("matrix_title", lang), *legend, body]))
    if table in (None, "fill-rates"):
        sections.append(_render_fill_rates(report, lang))
    return "\n\n".join(sections) + "\n"


def _render_fill_rates(report: ValidationReport, lang: str) -> str:
    headers = _fill_rate_headers(report, lang)
    everything, *groups = report.fill_rates()
    names = headers[3:]
    width = max(len(name) for name in names)
    total = everything.actions
    lines = [f"{_word('fill_title', lang)}: {in_language(everything.label, lang)}"]
    lines += [
        f"  {name.ljust(width)}  {count:>3}/{total:<3} {_percent(count, total):>5}"
        for name, count in zip(names, _fill_counts(report, everything), strict=True)
    ]
    numbered, legend = _numbered([headers[1], _word("actions", lang), *names], 2)
    lines += ["", *legend]
    for grouping, title in (
        ("coordinating_minister", "by_minister"),
        ("lead_organisation", "by_lead"),
    ):
        body: list[list[object]] = [
            [in_language(row.label, lang)[:TEXT_WIDTH], row.actions]
            + [_percent(count, row.actions) for count in _fill_counts(report, row)]
            for row in groups
            if row.grouping == grouping
        ]
        lines += ["", f"{_word('fill_title', lang)} {_word(title, lang)}", _aligned(numbered, body)]
    return "\n".join(lines)


def render_json(report: ValidationReport, lang: str, table: str | None) -> str:
    return json.dumps(json_data(report, lang, table), ensure_ascii=False, indent=2) + "\n"


def json_data(report: ValidationReport, lang: str, table: str | None) -> dict[str, object]:
    """What render_json writes: the report's data, or of `table` only."""
    data = report.to_dict(lang)
    sections = {
        "summary": "checks",
        "results": "results",
        "notes": "notes",
        "matrix": "matrix",
        "fill-rates": "fill_rates",
    }
    if table is not None:
        keep = {"conforms", "language", "counts", sections[table]}
        if table == "matrix" or table == "fill-rates":
            keep.add("facts")
        data = {key: value for key, value in data.items() if key in keep}
    return data


def render_csv(report: ValidationReport, lang: str, table: str | None) -> str:
    return tables.render_csv(*csv_table(report, lang, table))


def csv_table(
    report: ValidationReport, lang: str, table: str | None
) -> tuple[list[str], list[list[object]]]:
    """The headers and rows render_csv writes: of `table` (default: DEFAULT_CSV_TABLE)."""
    table = table or DEFAULT_CSV_TABLE
    if table == "summary":
        headers, rows = summary_rows(report, lang, failing_only=False, examples=None, width=None)
    elif table == "results":
        headers, rows = result_rows(report, lang)
    elif table == "notes":
        headers, rows = note_rows(report, lang, examples=None, width=None)
    elif table == "matrix":
        headers, rows = matrix_rows(report, lang, int)
    else:
        headers, rows = fill_rate_rows(report, lang, lambda count, total: count)
    return headers, rows


def render_turtle(report: ValidationReport, lang: str, table: str | None) -> str:
    return report.graph.serialize(format="turtle")


RENDERERS: dict[str, Callable[[ValidationReport, str, str | None], str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "turtle": render_turtle,
}


# ---------------------------------------------------------------------------------------
# The reports of many plans, each validated on its own (graph/validation/plans.py)
# ---------------------------------------------------------------------------------------

# The formats one plan's part can be rendered in and joined with the others'.
PLAN_FORMATS = ("table", "json", "csv")


@dataclass(frozen=True)
class PlanPart:
    """One plan's share of a report of many plans: its id, verdict and its report rendered as
    write_plans puts it in the whole (for csv, `head` is the header row and `body` the rows)."""

    plan_id: str
    conforms: bool
    verdict: str
    body: str
    head: str = ""


def plan_part(
    plan_id: str, report: ValidationReport, fmt: str, lang: str, table: str | None
) -> PlanPart:
    """The plan's report rendered in `fmt` (one of PLAN_FORMATS), to be joined by
    write_plans: for table, its text; for json, its data with the plan id first; for csv, its
    table with the plan id as the first column."""
    head = ""
    if fmt == "table":
        body = render_table(report, lang, table)
    elif fmt == "json":
        data = {"plan": plan_id, **json_data(report, lang, table)}
        body = json.dumps(data, ensure_ascii=False, indent=2)
    elif fmt == "csv":
        headers, rows = csv_table(report, lang, table)
        columns = [_word("plan", lang), *headers]
        head = tables.render_csv(columns, [])
        body = tables.render_csv(columns, [[plan_id, *row] for row in rows])[len(head) :]
    else:
        raise ValueError(f"the reports of many plans are not joined in {fmt!r}")
    return PlanPart(plan_id, report.conforms, verdict_line(report, lang), body, head)


def write_plans(parts: Iterable[PlanPart], fmt: str, lang: str, out: TextIO) -> bool:
    """Write the reports of many plans as one to `out`; whether every plan conforms. For
    people, a line per plan, then each plan's report under its id; in JSON, each plan's report
    with its id under "plans" (then "conforms" of all); in CSV, one table with the plan id
    first. JSON and CSV are written a plan at a time, as the parts come."""
    conforms = True
    if fmt == "table":
        done = list(parts)  # the overview comes first: a line per plan (the texts are small)
        failing = sum(not part.conforms for part in done)
        width = max((len(part.plan_id) for part in done), default=0)
        out.write(
            f"{_word('plans', lang).capitalize()}: {len(done)}, "
            f"{_word('plans_failing', lang)}: {failing}\n"
        )
        out.writelines(f"  {part.plan_id.ljust(width)}  {part.verdict}\n" for part in done)
        for part in done:
            out.write(f"\n== {_word('plan', lang)} {part.plan_id} ==\n{part.body}")
        return failing == 0
    if fmt == "json":
        out.write(f'{{\n  "language": {json.dumps(lang)},\n  "plans": [')
        for number, part in enumerate(parts):
            conforms = conforms and part.conforms
            nested = "\n".join("    " + line for line in part.body.splitlines())
            out.write(("," if number else "") + "\n" + nested)
        out.write(f'\n  ],\n  "conforms": {json.dumps(conforms)}\n}}\n')
        return conforms
    for number, part in enumerate(parts):
        conforms = conforms and part.conforms
        out.write(part.body if number else part.head + part.body)
    return conforms
