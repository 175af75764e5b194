"""Actions as a staffer reads them: timing at the plan's printed precision, budget in words,
an organisation's actions by role (its own, through its units, named in a description), and
these as sheets in a page's language (XLSX and CSV: the action's number first, the IRI last,
one row per action).

An organisation's units are the organisations the graph records under it
(`org:subOrganizationOf`, read into `OrganisationJson.parent`), at any depth: a unit's actions
count for its parent wherever the parent is asked for (ABB leads action 3.14 through its
information and screening service).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.messages import N_, Messages
from actieplan.api.readmodel.catalogue import Catalogue
from actieplan.api.readmodel.models import ActionJson, ActionSummary, AgentRef
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.tables import spreadsheet_csv
from actieplan.graph.core.workbook import DATE, EURO, Formatted, Sheet, workbook_bytes
from actieplan.graph.rdf.export import PlanDate, actions_table

# How a date printed at a precision is shown in a cell (the cell holds its first or last day)
# and in words on a page (Babel's date patterns; "long": "1 april 2021").
CELL_FORMATS = {"year": "yyyy", "month": "yyyy-mm", "day": DATE}
WORD_FORMATS = {"year": "y", "month": "MMMM y", "day": "long"}

# role -> its name (a message id); "via" names are used with the unit's name
ROLE_NAMES = {
    "lead": N_("lead"),
    "partner": N_("partner"),
    "mentioned": N_("named in the description"),
}
VIA_UNIT = N_("%(role)s through its unit %(unit)s")
ROLE_ORDER = ("lead", "partner", "mentioned")


@dataclass(frozen=True)
class Timing:
    """An action's timing: start and end at the printed precision, ongoing, open-ended."""

    printed: str
    start: PlanDate | None
    end: PlanDate | None
    ongoing: bool
    open_ended: bool


def read_timings(data: ServiceData) -> dict[str, Timing]:
    """Action number -> its timing, read once from the graph (graph/rdf/export.py's table)."""
    return {
        str(row["action"]): Timing(
            printed=str(row["timing_text"] or ""),
            start=row["start"] if isinstance(row["start"], PlanDate) else None,
            end=row["end"] if isinstance(row["end"], PlanDate) else None,
            ongoing=row["ongoing"] is True,
            open_ended=row["open_ended"] is True,
        )
        for row in actions_table(data.graph)
    }


def cached_timings(data: ServiceData, cache: ComputedCache) -> dict[str, Timing]:
    """`read_timings`, computed once per served graph (the API cache)."""
    found: dict[str, Timing] = cache.get(("action-timings",), lambda: read_timings(data))
    return found


def date_words(date: PlanDate, words: Messages) -> str:
    """A printed date in the page's words, at its precision: "2021", "mei 2021", "1 april
    2021"."""
    return words.date(date.day, WORD_FORMATS.get(date.precision, "long"))


def timing_words(timing: Timing | None, words: Messages) -> str:
    """ "2020 – 2024", "1 april 2021 – 31 maart 2023", "doorlopend", "vanaf 1 september 2021"."""
    if timing is None:
        return words.gettext("no date")
    if timing.ongoing and timing.start is None:
        return words.gettext("ongoing")
    if timing.start is None:
        return words.gettext("no date")
    start = date_words(timing.start, words)
    if timing.end is None:
        return words.gettext("from %(start)s", start=start)
    end = date_words(timing.end, words)
    return start if end == start else f"{start} – {end}"


def budget_words(action: ActionJson, words: Messages) -> str:
    """ "104.320 € per jaar", "50.000 € + 500.000 € per jaar", "binnen de reguliere middelen",
    the fund's name; the printed cell where none of these applies."""
    parts = []
    for amount in action.amounts:
        text = words.money(amount.eur)
        if amount.per_year:
            text += " " + words.gettext("per year")
        if amount.years:
            text += " " + words.ngettext("(%(num)s year)", "(%(num)s years)", amount.years)
        parts.append(text)
    if parts:
        return " + ".join(parts)
    if action.funding_mode == "WithinRegularResources":
        return words.gettext("within the regular resources")
    if action.funding_source:
        return action.funding_source
    return action.budget_text


def euro_totals(action: ActionJson) -> tuple[float | None, float | None]:
    """(one-off euro, euro per year) the budget cell states, None where it states none."""
    one_off = [a.eur for a in action.amounts if not a.per_year]
    yearly = [a.eur for a in action.amounts if a.per_year]
    return (sum(one_off) if one_off else None, sum(yearly) if yearly else None)


# --- an organisation's actions by role ----------------------------------------------------


def units_of(catalogue: Catalogue, org_id: str) -> list[str]:
    """The organisations recorded under `org_id`, at any depth (ids, by name)."""
    children: dict[str, list[str]] = {}
    for org in catalogue.organisations.values():
        if org.parent:
            children.setdefault(org.parent, []).append(org.id)
    found: list[str] = []
    waiting = list(children.get(org_id, []))
    while waiting:
        unit = waiting.pop(0)
        if unit in found or unit == org_id:
            continue
        found.append(unit)
        waiting += children.get(unit, [])
    return sorted(found, key=lambda unit: catalogue.organisations[unit].name_nl.casefold())


@dataclass(frozen=True)
class Role:
    """One part an organisation has in an action: lead, partner or mentioned; `via` the unit
    that has it, when not the organisation itself."""

    kind: str
    via: AgentRef | None = None


@dataclass(frozen=True)
class OrganisationAction:
    action: ActionJson
    roles: tuple[Role, ...]

    def has(self, kind: str, through_unit: bool = False) -> bool:
        return any(r.kind == kind and (r.via is not None) == through_unit for r in self.roles)


def _roles_in(action: ActionJson, org_id: str, via: AgentRef | None) -> list[Role]:
    roles = []
    if action.lead is not None and action.lead.id == org_id:
        roles.append(Role("lead", via))
    if any(p.id == org_id for p in action.partners):
        roles.append(Role("partner", via))
    if any(m.id == org_id for m in action.mentioned_organisations):
        roles.append(Role("mentioned", via))
    return roles


def _unit_ref(catalogue: Catalogue, unit: str) -> AgentRef:
    org = catalogue.organisations[unit]
    return AgentRef(
        id=org.id, iri=org.iri, name=org.name_nl, printed=None, unresolved=org.unresolved
    )


def organisation_actions(catalogue: Catalogue, org_id: str) -> list[OrganisationAction]:
    """Every action the organisation or one of its units has a part in, once each, in the
    plan's order, with all its roles (lead, partner, named; its own before its units'; a
    unit named where the organisation itself is named is not repeated)."""
    units = [_unit_ref(catalogue, unit) for unit in units_of(catalogue, org_id)]
    found = []
    for action in catalogue.actions.values():
        roles = _roles_in(action, org_id, None)
        for unit in units:
            roles += [
                role
                for role in _roles_in(action, unit.id, unit)
                if not (role.kind == "mentioned" and Role("mentioned") in roles)
            ]
        if roles:
            roles.sort(key=lambda role: (ROLE_ORDER.index(role.kind), role.via is not None))
            found.append(OrganisationAction(action, tuple(roles)))
    return found


def role_words(role: Role, words: Messages, name: str | None = None) -> str:
    """ "trekker", "trekker via onderdeel Vlaamse Informatie- en screeningsdienst"."""
    kind = words.gettext(ROLE_NAMES[role.kind])
    if role.via is None:
        return kind
    return words.gettext(VIA_UNIT, role=kind, unit=name or role.via.name)


# --- sheets -------------------------------------------------------------------------------


def _date_cell(date: PlanDate | None, fallback: str | None) -> object:
    if date is None:
        return fallback
    return Formatted(date.day, CELL_FORMATS.get(date.precision, DATE))


def _timing_cells(timing: Timing | None, words: Messages) -> list[object]:
    """Start, end (a date, or "doorlopend" / "geen einde") and the printed cell."""
    if timing is None:
        return [None, None, None]
    ongoing = words.gettext("ongoing") if timing.ongoing else None
    no_end = words.gettext("no end") if timing.open_ended else ongoing
    return [_date_cell(timing.start, ongoing), _date_cell(timing.end, no_end), timing.printed]


# Column ids (message ids) of the two staff sheets; the header is their translation.
ORGANISATION_COLUMNS = (
    N_("Action"),
    N_("Title"),
    N_("Role"),
    N_("Lead"),
    N_("Start"),
    N_("End"),
    N_("Timing as printed"),
    N_("One-off amount (€)"),
    N_("Amount per year (€)"),
    N_("Budget"),
    N_("Budget as printed"),
    N_("Objective"),
    N_("Web address (IRI)"),
)
TIMELINE_COLUMNS = (
    N_("Action"),
    N_("Title"),
    N_("Lead"),
    N_("Start"),
    N_("End"),
    N_("Kind of timing"),
    N_("Phases"),
    N_("Timing as printed"),
    N_("Objective"),
    N_("Web address (IRI)"),
)
EURO_COLUMNS = (N_("One-off amount (€)"), N_("Amount per year (€)"))


def _header(columns: Sequence[str], words: Messages) -> list[str]:
    return [words.gettext(column) for column in columns]


def _lead_name(action: ActionSummary, catalogue: Catalogue, lang: str) -> str | None:
    if action.lead is None:
        return None
    org = catalogue.organisations.get(action.lead.id)
    if lang == "en" and org is not None and org.name_en:
        return org.name_en
    return action.lead.name


def _unit_name(catalogue: Catalogue, unit: AgentRef, lang: str) -> str:
    org = catalogue.organisations.get(unit.id)
    return (org.name_en if lang == "en" and org and org.name_en else None) or unit.name


def organisation_sheet(
    catalogue: Catalogue, timings: dict[str, Timing], org_id: str, words: Messages
) -> Sheet:
    """The organisation's actions, one row each with its roles joined, timing and budget."""
    rows = []
    for found in organisation_actions(catalogue, org_id):
        action = found.action
        roles = "; ".join(
            role_words(r, words, _unit_name(catalogue, r.via, words.lang) if r.via else None)
            for r in found.roles
        )
        one_off, yearly = euro_totals(action)
        rows.append(
            [
                action.number,
                action.title,
                roles,
                _lead_name(action, catalogue, words.lang),
                *_timing_cells(timings.get(action.number), words),
                one_off,
                yearly,
                budget_words(action, words),
                action.budget_text,
                action.objective,
                action.iri,
            ]
        )
    header = _header(ORGANISATION_COLUMNS, words)
    euro = {words.gettext(column): EURO for column in EURO_COLUMNS}
    return Sheet(words.gettext("Actions"), header, rows, euro)


def timeline_sheet(
    catalogue: Catalogue,
    timings: dict[str, Timing],
    rows: Sequence[tuple[ActionSummary, str, Sequence[str]]],
    words: Messages,
) -> Sheet:
    """The timeline's actions: (action, kind of timing in words, phases in words) each."""
    cells = []
    for action, kind, phases in rows:
        start, end, printed = _timing_cells(timings.get(action.number), words)
        lead = _lead_name(action, catalogue, words.lang)
        phase_text = "; ".join(phases) or None
        cells.append(
            [action.number, action.title, lead, start, end, kind, phase_text, printed]
            + [action.objective, action.iri]
        )
    return Sheet(words.gettext("Timeline"), _header(TIMELINE_COLUMNS, words), cells)


def sheet_xlsx(sheet: Sheet) -> bytes:
    return workbook_bytes([sheet])


def sheet_csv(sheet: Sheet, delimiter: str = "comma") -> str:
    """The sheet as CSV for a spreadsheet (byte order mark; dates at printed precision as
    ISO text, euro as plain numbers)."""

    def plain(value: object) -> object:
        if isinstance(value, Formatted):
            day = value.value
            precision = {v: k for k, v in CELL_FORMATS.items()}.get(value.number_format, "day")
            text = str(day)
            return text[:4] if precision == "year" else text[:7] if precision == "month" else text
        return value

    rows = ([plain(value) for value in row] for row in sheet.rows)
    return spreadsheet_csv(sheet.columns, rows, delimiter)
