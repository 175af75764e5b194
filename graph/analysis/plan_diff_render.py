"""A plan comparison (plan_diff.PlanDiff) for people and machines: an aligned table for a
terminal, JSON listing only what differs, and a standalone HTML page (Dutch or English).

Table and page show one group of rows per action that differs, in the plan's order: a removed
or added action as its title, a renumbered one as its number (old and new), then each fact
that changed, named as actions.csv names its column (the page: in its language).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from babel.numbers import format_decimal

from actieplan.graph.analysis.plan_diff import PlanDiff
from actieplan.graph.core import tables
from actieplan.graph.core.records import number_order
from actieplan.graph.rdf.export import PlanDate

FORMATS = ("table", "json", "html")
LANGUAGES = ("nl", "en")
KINDS = ("removed", "added", "renumbered", "changed")  # a group's kind, and its place on a tie

# (field, old, new): one row; (kind, action number, rows): the rows of one action that differs.
Row = tuple[str, object, object]
Group = tuple[str, str, list[Row]]


def diff_groups(diff: PlanDiff) -> list[Group]:
    """Every action that differs as a group of rows, in the plan's order: a removed action by
    its old number, the others by their new one."""
    groups: list[Group] = []
    for ref in diff.removed:
        groups.append(("removed", ref.number, [("title", ref.title, None)]))
    for ref in diff.added:
        groups.append(("added", ref.number, [("title", None, ref.title)]))
    for change in diff.changed:
        renumbered: list[Row] = (
            [("action", change.old_number, change.new_number)] if change.renumbered else []
        )
        fields: list[Row] = [(c.field, c.old, c.new) for c in change.fields]
        kind = "renumbered" if change.renumbered else "changed"
        groups.append((kind, change.new_number, renumbered + fields))
    return sorted(groups, key=lambda group: (number_order(group[1]), KINDS.index(group[0])))


def counts(diff: PlanDiff) -> dict[str, int]:
    """How many actions were removed, added, renumbered and had facts changed."""
    return {
        "removed": len(diff.removed),
        "added": len(diff.added),
        "renumbered": len(diff.renumbered),
        "changed": sum(1 for change in diff.changed if change.fields),
    }


# --- terminal table -----------------------------------------------------------------------


def _plain(value: object) -> object:
    """A value for tables.render_table: lists joined, dates as printed."""
    if isinstance(value, tuple):
        return tables.join_values(_plain(item) for item in value)
    return str(value) if isinstance(value, PlanDate) else value


def render_table(diff: PlanDiff, old_name: str, new_name: str) -> str:
    """The versions and their action counts, a count per kind, and one line per row; cells
    are never clipped (a difference may be at the end of a long title)."""
    header = [
        f"old: {old_name} ({diff.old_actions} actions)",
        f"new: {new_name} ({diff.new_actions} actions)",
    ]
    if diff.same:
        return "\n".join([*header, "no differences in the actions"]) + "\n"
    summary = ", ".join(f"{n} {kind}" for kind, n in counts(diff).items())
    rows = [
        [number, kind, field, _plain(old), _plain(new)]
        for kind, number, fields in diff_groups(diff)
        for field, old, new in fields
    ]
    columns = ["action", "change", "field", "old", "new"]
    body = tables.render_table(columns, rows, max_width=None, count=False)
    return "\n".join([*header, summary, "", body]) + "\n"


# --- JSON ---------------------------------------------------------------------------------


def _json(value: object) -> object:
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    return str(value) if isinstance(value, PlanDate) else tables.json_value(value)


def diff_record(diff: PlanDiff) -> dict[str, object]:
    """Only what differs, in a fixed key order: the four lists always, each possibly empty;
    a changed action with its changed fields only, in actions.csv's column order."""
    return {
        "removed": [{"action": ref.number, "title": ref.title} for ref in diff.removed],
        "added": [{"action": ref.number, "title": ref.title} for ref in diff.added],
        "renumbered": [
            {"old": change.old_number, "new": change.new_number, "title": change.title}
            for change in diff.renumbered
        ],
        "changed": [
            {
                "action": change.new_number,
                "fields": {
                    c.field: {"old": _json(c.old), "new": _json(c.new)} for c in change.fields
                },
            }
            for change in diff.changed
            if change.fields
        ],
    }


def render_json(diff: PlanDiff) -> str:
    return json.dumps(diff_record(diff), ensure_ascii=False, indent=2) + "\n"


# --- HTML page ----------------------------------------------------------------------------

# The page's few words (a command's output, not a page of the service: no message catalogue).
# Field names as the service's workbook headers say them (api/readmodel/tables.py TITLES).
WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "heading": "Verschillen tussen twee versies van het plan",
        "versions": "Oud: {old} ({old_n} acties). Nieuw: {new} ({new_n} acties).",
        "summary": "{removed} verwijderd, {added} toegevoegd, {renumbered} hernummerd, "
        "{changed} met gewijzigde gegevens.",
        "same": "Geen verschillen: beide versies hebben dezelfde acties met dezelfde gegevens.",
        "caption": "Verschillen per actie, in de volgorde van het plan",
        "column_action": "Actie",
        "column_change": "Wijziging",
        "column_field": "Gegeven",
        "column_old": "Oud",
        "column_new": "Nieuw",
        "none": "(geen)",
        "yes": "ja",
        "no": "nee",
        "removed": "verwijderd",
        "added": "toegevoegd",
        "renumbered": "hernummerd",
        "changed": "gewijzigd",
        "action": "Nummer",
        "objective": "Doelstelling",
        "title": "Titel",
        "coordinating_minister": "Coördinerend minister",
        "involved_ministers": "Betrokken ministers",
        "lead": "Trekker",
        "partners": "Partners",
        "timing_text": "Timing zoals in het plan",
        "start": "Begin",
        "end": "Einde",
        "ongoing": "Doorlopend",
        "open_ended": "Zonder einddatum",
        "budget_text": "Budget zoals in het plan",
        "budget_eur": "Bedragen (euro)",
        "budget_per_year": "Bedrag per jaar",
        "budget_regular_means": "Binnen de reguliere middelen",
    },
    "en": {
        "heading": "Differences between two versions of the plan",
        "versions": "Old: {old} ({old_n} actions). New: {new} ({new_n} actions).",
        "summary": "{removed} removed, {added} added, {renumbered} renumbered, "
        "{changed} with changed facts.",
        "same": "No differences: both versions have the same actions with the same facts.",
        "caption": "Differences per action, in the plan's order",
        "column_action": "Action",
        "column_change": "Change",
        "column_field": "Fact",
        "column_old": "Old",
        "column_new": "New",
        "none": "(none)",
        "yes": "yes",
        "no": "no",
        "removed": "removed",
        "added": "added",
        "renumbered": "renumbered",
        "changed": "changed",
        "action": "Number",
        "objective": "Objective",
        "title": "Title",
        "coordinating_minister": "Coordinating minister",
        "involved_ministers": "Involved ministers",
        "lead": "Lead",
        "partners": "Partners",
        "timing_text": "Timing as printed",
        "start": "Start",
        "end": "End",
        "ongoing": "Ongoing",
        "open_ended": "No end date",
        "budget_text": "Budget as printed",
        "budget_eur": "Amounts (euro)",
        "budget_per_year": "Amount per year",
        "budget_regular_means": "Within regular resources",
    },
}
LOCALES = {"nl": "nl_BE", "en": "en_GB"}  # as the service's pages format numbers

STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5rem;line-height:1.4;color:#1a1a1a}"
    "table{border-collapse:collapse}caption{text-align:left;font-weight:bold;padding:.5rem 0}"
    "th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere}"
    "thead th{background:#eee}tbody{border-top:3px solid #1a1a1a}"
)
# No script, and nothing from elsewhere: the page allows its own style and nothing else.
STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
POLICY = f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'"


def _cell_words(lang: str) -> Callable[[object], str]:
    words, locale = WORDS[lang], LOCALES[lang]

    def text(value: object) -> str:
        if value is None or value == ():
            return words["none"]
        if isinstance(value, bool):
            return words["yes"] if value else words["no"]
        if isinstance(value, Decimal):
            return format_decimal(value, locale=locale)
        if isinstance(value, tuple):
            return "; ".join(text(item) for item in value)
        return str(value)

    return text


def render_html(diff: PlanDiff, old_name: str, new_name: str, lang: str = "nl") -> str:
    """A standalone page in `lang`: a table with one row group per action that differs (its
    number the group's header), or a sentence that nothing does. No script, no resource from
    elsewhere (its Content-Security-Policy says so)."""
    if lang not in WORDS:
        raise ValueError(f"no words for language {lang!r}; known: {', '.join(LANGUAGES)}")
    words = WORDS[lang]
    text = _cell_words(lang)
    versions = words["versions"].format(
        old=f"<code>{escape(old_name)}</code>",
        new=f"<code>{escape(new_name)}</code>",
        old_n=diff.old_actions,
        new_n=diff.new_actions,
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(words['heading'])}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(words['heading'])}</h1>",
        f"<p>{versions}</p>",
    ]
    if diff.same:
        parts.append(f"<p>{escape(words['same'])}</p>")
    else:
        parts.append(f"<p>{escape(words['summary'].format(**counts(diff)))}</p>")
        parts += _html_table(diff_groups(diff), words, text)
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _html_table(
    groups: Sequence[Group], words: dict[str, str], text: Callable[[object], str]
) -> list[str]:
    columns = ("column_action", "column_change", "column_field", "column_old", "column_new")
    head = "".join(f'<th scope="col">{escape(words[c])}</th>' for c in columns)
    lines = ["<table>", f"<caption>{escape(words['caption'])}</caption>"]
    lines.append(f"<thead><tr>{head}</tr></thead>")
    for kind, number, fields in groups:
        lines.append("<tbody>")
        for index, (field, old, new) in enumerate(fields):
            cells = ""
            if index == 0:
                span = f' rowspan="{len(fields)}"' if len(fields) > 1 else ""
                cells += f'<th scope="rowgroup"{span}>{escape(number)}</th>'
                cells += f"<td{span}>{escape(words[kind])}</td>"
            cells += f"<td>{escape(words[field])}</td>"
            cells += f"<td>{escape(text(old))}</td><td>{escape(text(new))}</td>"
            lines.append(f"<tr>{cells}</tr>")
        lines.append("</tbody>")
    lines.append("</table>")
    return lines
