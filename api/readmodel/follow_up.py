"""The follow-up of the plan as the pages read it (issue 23): every progress report of the
ledger the service serves (graph/rdf/progress.py), an action's history, the state of every
action as of a date, the statuses counted per objective, lead organisation and coordinating
minister, what changed since a date, and the mid-term evaluation two years after the plan's
start.

"The state as of a date" is the progress-as-of question (queries/progress-as-of.rq), run like
every named question (api/readmodel/questions.py). Its answer changes only on a status date, so
a date asked for is first moved back to the latest status date on or before it: the answers
cached are at most one per status date, whatever dates the clients ask for.

The reports are read from the served graph (the plan and its updates, `with_progress`), so the
pages read the same on a triple store (`serve --store`) that holds them, and show an empty
follow-up where there are none.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.messages import N_, messages
from actieplan.api.plumbing.remote_queries import QueryRunner
from actieplan.api.readmodel.catalogue import Catalogue
from actieplan.api.readmodel.dataset_description import temporal_coverage
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.models import ActionJson
from actieplan.api.readmodel.questions import computed_answer
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.records import number_order
from actieplan.graph.core.vocab import AP, local_id
from actieplan.graph.core.workbook import EURO, Sheet
from actieplan.graph.rdf.progress import PROGRESS_STATUSES
from actieplan.graph.sparql.library import get_query

# Each status's key in the pages (the pattern of its bars, its column), in the list's order;
# NO_REPORT: an action with no report on or before the date.
STATUS_KEYS = {status: local_id(str(status)) for status in PROGRESS_STATUSES}
NO_REPORT = "NoReport"
KEYS = (*STATUS_KEYS.values(), NO_REPORT)
# The statuses after which an action is no longer carried out: not overdue whatever its end
CLOSED = frozenset({AP.Done, AP.Stopped, AP.Merged})
# The date the progress-as-of question is asked for when no report is dated on or before the
# date asked for: before any report, so every action has no status.
BEFORE_ANY_REPORT = dt.date(1900, 1, 1)
GROUPINGS = ("objective", "lead-organisation", "coordinating-minister")
MID_TERM_YEARS = 2  # "Na twee jaar zal een tussentijdse evaluatie worden uitgevoerd" (line 37)


@dataclass(frozen=True)
class ProgressEntry:
    """One progress report: what an update says of an action's state on a date."""

    iri: str
    action: str  # the action's IRI
    number: str
    status: URIRef
    status_date: dt.date
    note: str | None
    reporter: str | None  # the reporting organisation's IRI
    amount_spent: Decimal | None
    update: str  # the update's IRI
    imported_at: dt.datetime | None  # prov:generatedAtTime of the update

    @property
    def status_key(self) -> str:
        return STATUS_KEYS.get(self.status, local_id(str(self.status)))

    @property
    def reporter_id(self) -> str | None:
        """The reporting organisation's id in the reference data ("abb")."""
        return local_id(self.reporter) if self.reporter else None


def _python(node: object) -> object:
    return node.toPython() if isinstance(node, Literal) else None


def read_reports(graph: Graph) -> list[ProgressEntry]:
    """Every progress report of the graph with a status and a status date, newest first (by
    status date, then by import time)."""
    imported: dict[object, object] = {}
    found = []
    for report in graph.subjects(RDF.type, AP.ProgressReport):
        action = graph.value(report, AP.reportOn)
        status = graph.value(report, AP.progressStatus)
        date = _python(graph.value(report, AP.statusDate))
        update = graph.value(report, DCTERMS.isPartOf)
        if not isinstance(action, URIRef) or not isinstance(status, URIRef):
            continue
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            continue
        if update not in imported:
            imported[update] = _python(graph.value(update, PROV.generatedAtTime))
        at = imported[update]
        note = graph.value(report, AP.progressNote)
        reporter = graph.value(report, AP.reportingOrganisation)
        spent = _python(graph.value(report, AP.amountSpent))
        found.append(
            ProgressEntry(
                iri=str(report),
                action=str(action),
                number=str(graph.value(action, AP.number) or local_id(str(action))),
                status=status,
                status_date=date,
                note=str(note) if note is not None else None,
                reporter=str(reporter) if isinstance(reporter, URIRef) else None,
                amount_spent=Decimal(str(spent)) if spent is not None else None,
                update=str(update),
                imported_at=at if isinstance(at, dt.datetime) else None,
            )
        )
    return sorted(found, key=_newest_first)


def _newest_first(entry: ProgressEntry) -> tuple:
    at = entry.imported_at.timestamp() if entry.imported_at else 0.0
    return (-entry.status_date.toordinal(), -at, number_order(entry.number))


def cached_reports(data: ServiceData, cache: ComputedCache) -> list[ProgressEntry]:
    """`read_reports` of the served graph, read once."""
    found: list[ProgressEntry] = cache.get(("follow-up-reports",), lambda: read_reports(data.graph))
    return found


def history(data: ServiceData, cache: ComputedCache, action_iri: str) -> list[ProgressEntry]:
    """The reports on one action, newest first."""
    return [entry for entry in cached_reports(data, cache) if entry.action == action_iri]


def asked_date(reports: list[ProgressEntry], as_of: dt.date) -> dt.date:
    """The date the progress-as-of question is asked for to answer for `as_of`: the latest
    status date on or before it (the state cannot change between two status dates)."""
    dates = [entry.status_date for entry in reports if entry.status_date <= as_of]
    return max(dates, default=BEFORE_ANY_REPORT)


@dataclass(frozen=True)
class ActionState:
    """An action's state as of a date: its last report on or before it (none: no status)."""

    number: str
    iri: str
    title: str
    status: URIRef | None
    status_date: dt.date | None
    note: str | None
    reporter: str | None
    amount_spent: Decimal | None
    update: str | None

    @property
    def status_key(self) -> str:
        if self.status is None:
            return NO_REPORT
        return STATUS_KEYS.get(self.status, local_id(str(self.status)))

    @property
    def reporter_id(self) -> str | None:
        """The reporting organisation's id in the reference data ("abb")."""
        return local_id(self.reporter) if self.reporter else None


def state_as_of(
    data: ServiceData, cache: ComputedCache, pool: QueryRunner, client: str, as_of: dt.date
) -> list[ActionState]:
    """Every action's state as of `as_of`, in the plan's order (the progress-as-of question,
    run in the query workers; `client` is the address it counts against). Runs in a thread of
    the thread pool."""
    date = asked_date(cached_reports(data, cache), as_of)
    query = get_query("progress-as-of")
    _, columns, rows = computed_answer(data, cache, pool, client, query, {"date": date.isoformat()})
    states = []
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        status, spent = record.get("status"), record.get("amount_spent")
        states.append(
            ActionState(
                number=str(record["number"]),
                iri=str(record["action"]),
                title=str(record["title"]),
                status=URIRef(str(status)) if status else None,
                status_date=dt.date.fromisoformat(str(record["status_date"]))
                if record.get("status_date")
                else None,
                note=record.get("note") or None,
                reporter=str(record["reporter"]) if record.get("reporter") else None,
                amount_spent=Decimal(str(spent)) if spent is not None else None,
                update=str(record["update"]) if record.get("update") else None,
            )
        )
    return states


@dataclass(frozen=True)
class StatusCounts:
    """How many actions of a group have each status (KEYS) as of a date."""

    id: str | None  # objective number, organisation id, minister post id; None: no such role
    iri: str | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def objective_of(catalogue: Catalogue, number: str) -> int | None:
    """The number of an action's objective. An action an update added is not in the catalogue
    (read from the plan): its objective is the first part of its number (None when that is no
    number)."""
    action = catalogue.actions.get(number)
    if action is not None:
        return action.objective
    first = number.split(".", 1)[0]
    return int(first) if first.isdecimal() else None


def _group_of(catalogue: Catalogue, number: str, grouping: str) -> tuple[str | None, str | None]:
    """(id, IRI) of an action's objective, lead organisation or coordinating minister; an
    action an update added has no lead or minister here (`objective_of`)."""
    action = catalogue.actions.get(number)
    if grouping == "objective":
        objective_number = objective_of(catalogue, number)
        if objective_number is None:
            return None, None
        objective = catalogue.objectives.get(objective_number)
        return str(objective_number), objective.iri if objective else None
    agent = None
    if action is not None:
        agent = action.lead if grouping == "lead-organisation" else action.coordinating_minister
    return (agent.id, agent.iri) if agent else (None, None)


def status_counts(
    states: list[ActionState], catalogue: Catalogue, grouping: str
) -> list[StatusCounts]:
    """The statuses counted per group (GROUPINGS): objectives in the plan's order,
    organisations and ministers with the most actions first, actions without one last."""
    counts: dict[tuple[str | None, str | None], Counter[str]] = {}
    for state in states:
        counts.setdefault(_group_of(catalogue, state.number, grouping), Counter())[
            state.status_key
        ] += 1
    rows = [
        StatusCounts(id, iri, {key: found[key] for key in KEYS})
        for (id, iri), found in counts.items()
    ]
    if grouping == "objective":
        return sorted(rows, key=lambda row: (row.id is None, int(row.id or 0)))
    return sorted(rows, key=lambda row: (row.id is None, -row.total, row.id or ""))


def plan_counts(states: list[ActionState]) -> dict[str, int]:
    found = Counter(state.status_key for state in states)
    return {key: found[key] for key in KEYS}


@dataclass(frozen=True)
class AddedAction:
    """An action a progress update added to the plan ("nieuwe acties ingeschreven")."""

    iri: str
    number: str
    title: str
    update: str
    imported_at: dt.datetime | None


def added_actions(graph: Graph) -> list[AddedAction]:
    """The actions derived from a progress update, in number order."""
    found = []
    for update in graph.subjects(RDF.type, AP.ProgressUpdate):
        at = _python(graph.value(update, PROV.generatedAtTime))
        for action in graph.subjects(PROV.wasDerivedFrom, update):
            if (action, RDF.type, AP.Action) not in graph:
                continue
            found.append(
                AddedAction(
                    str(action),
                    str(graph.value(action, AP.number) or local_id(str(action))),
                    str(graph.value(action, DCTERMS.title) or ""),
                    str(update),
                    at if isinstance(at, dt.datetime) else None,
                )
            )
    return sorted(found, key=lambda added: number_order(added.number))


@dataclass(frozen=True)
class Changes:
    """What the follow-up recorded after a date: reports dated or imported after it, and the
    actions that updates imported after it added."""

    since: dt.date
    reports: list[ProgressEntry]
    added: list[AddedAction]


def _after(at: dt.datetime | None, since: dt.date) -> bool:
    return at is not None and at.date() > since


def changes_since(data: ServiceData, cache: ComputedCache, since: dt.date) -> Changes:
    reports = [
        entry
        for entry in cached_reports(data, cache)
        if entry.status_date > since or _after(entry.imported_at, since)
    ]
    added = cache.get(("follow-up-added",), lambda: added_actions(data.graph))
    return Changes(since, reports, [a for a in added if _after(a.imported_at, since)])


def plan_period(data: ServiceData, cache: ComputedCache) -> tuple[dt.date, dt.date] | None:
    """The plan's period as the dataset description states it (`temporal_coverage`: the years
    printed in its title, "2020-2024", source line 5), read once."""
    period: tuple[dt.date, dt.date] | None = cache.get(
        ("plan-period",), lambda: temporal_coverage(data.graph)
    )
    return period


def mid_term_date(data: ServiceData, cache: ComputedCache) -> dt.date | None:
    """Two years after the plan's start, when the Vlaams Platform evaluates it (None: the
    graph states no period)."""
    period = plan_period(data, cache)
    if period is None:
        return None
    start = period[0]
    try:
        return start.replace(year=start.year + MID_TERM_YEARS)
    except ValueError:  # 29 February
        return start.replace(year=start.year + MID_TERM_YEARS, day=28)


def overdue(states: list[ActionState], catalogue: Catalogue, as_of: dt.date) -> list[ActionState]:
    """The actions whose printed end lies before `as_of` and that are not done, stopped or
    merged as of it (with no report, too)."""
    found = []
    for state in states:
        action = catalogue.actions.get(state.number)
        if action is None or not action.ends_on or state.status in CLOSED:
            continue
        if dt.date.fromisoformat(action.ends_on) < as_of:
            found.append(state)
    return found


def one_off_budget(catalogue: Catalogue, number: str) -> Decimal | None:
    """The sum of an action's amounts when every one is one-off (a figure an amount spent can
    be set against); None when it has none or a yearly one."""
    action = catalogue.actions.get(number)
    if action is None or not action.amounts or any(a.per_year for a in action.amounts):
        return None
    return sum((Decimal(str(a.eur)) for a in action.amounts), Decimal(0))


# --- The downloads: the state of every action, and the counts, in a page's language ---------

STATE_COLUMNS = (
    N_("Action"),
    N_("Title"),
    N_("Status"),
    N_("Status date"),
    N_("Note"),
    N_("Reporting organisation"),
    N_("Amount spent"),
    N_("Lead"),
    N_("Objective"),
    N_("IRI"),
)
NO_REPORT_WORDS = N_("no report")
GROUPING_WORDS = {
    "objective": N_("Objective"),
    "lead-organisation": N_("Lead organisation"),
    "coordinating-minister": N_("Coordinating minister"),
}


def status_words(labels: Labels, key: str) -> str:
    """A status key (KEYS) in the page's words: the status's label, or "no report"."""
    if key == NO_REPORT:
        return messages(labels.lang).gettext(NO_REPORT_WORDS)
    return labels.term(key)


def group_name(labels: Labels, grouping: str, row: StatusCounts) -> str | None:
    """A group's name in the page's language; None for actions without such a role."""
    if row.id is None:
        return None
    if grouping == "objective":
        objective = labels.catalogue.objectives.get(int(row.id))
        return f"{row.id}. {objective.title}" if objective else row.id
    if grouping == "lead-organisation":
        return labels.organisation(row.id)
    return labels.minister_post(row.id)


def state_sheet(states: list[ActionState], labels: Labels, title: str) -> Sheet:
    """Every action's state, one row each, headers in the page's language."""
    words = messages(labels.lang)
    rows = []
    for state in states:
        action = labels.catalogue.actions.get(state.number)
        lead = action.lead if action else None
        rows.append(
            [
                state.number,
                state.title,
                status_words(labels, state.status_key),
                state.status_date,
                state.note,
                labels.organisation(state.reporter_id) if state.reporter_id else None,
                state.amount_spent,
                labels.organisation(lead.id) if lead else None,
                objective_of(labels.catalogue, state.number),
                state.iri,
            ]
        )
    header = [words.gettext(column) for column in STATE_COLUMNS]
    return Sheet(title[:31], header, rows, {words.gettext("Amount spent"): EURO})


def counts_sheet(states: list[ActionState], labels: Labels, grouping: str) -> Sheet:
    """The statuses counted per group of `grouping`, a column per status."""
    words = messages(labels.lang)
    rows = [
        [group_name(labels, grouping, row) or "—"] + [row.counts[key] for key in KEYS] + [row.total]
        for row in status_counts(states, labels.catalogue, grouping)
    ]
    header = [
        words.gettext(GROUPING_WORDS[grouping]),
        *(status_words(labels, key) for key in KEYS),
        words.gettext("Actions"),
    ]
    return Sheet(words.gettext(GROUPING_WORDS[grouping])[:31], header, rows)


@dataclass(frozen=True)
class AddedBy:
    """The progress update that added an action, as its page says it."""

    update: str
    imported_at: dt.datetime | None
    file_name: str


def added_by(graph: Graph, action: ActionJson) -> AddedBy | None:
    """Where an action the plan's text does not have came from; None for the plan's own."""
    if action.added_by is None:
        return None
    update = URIRef(action.added_by)
    imported = graph.value(update, PROV.generatedAtTime)
    workbook = graph.value(update, PROV.wasDerivedFrom)
    name = graph.value(workbook, AP.fileName) if workbook is not None else None
    return AddedBy(
        action.added_by,
        imported.toPython() if isinstance(imported, Literal) else None,
        str(name) if name is not None else "?",
    )
