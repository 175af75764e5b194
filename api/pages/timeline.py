"""The timeline of the actions (/timeline) and its twin (/timeline.json).

Server-rendered: each action a row of bars on one time axis (CSS positions in percent, no
script). The axis runs from 1 January of the first year an action starts to 31 December of
the last year one ends. What kind of timing an action has is shown by shape, pattern and
words, never by colour alone: dated (a solid bar), ongoing (a striped bar over the whole axis,
"doorlopend"), open-ended (a bar from its start that fades out at the axis' end with an
arrow, "geen einde"), phases (one numbered segment per phase). The filters (objective,
organisation, minister) are the ones of /api/actions (api/readmodel/actions.py), so the page lists
exactly the actions the API does; an organisation counts the actions of its units.

The filter "active in year" (`?year=2021`, a year of the axis) keeps the actions that run in that
year (ongoing ones in every year): the page marks the others hidden, so that its script can
change the year without a new request, while the twins (/timeline.json, /timeline.xlsx,
/timeline.csv; headers in the page's language) leave them out. The year axis stays in view
while the bars scroll under it; each bar has a title (number, title, start – end).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from actieplan.api.pages.follow_up import date_parameter
from actieplan.api.pages.web import PageContext, Twin, page_language, render
from actieplan.api.plumbing.attachments import attachment
from actieplan.api.plumbing.client_share import client_address
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.messages import N_, Messages, messages
from actieplan.api.plumbing.remote_queries import QueryRunner
from actieplan.api.readmodel.action_sheets import (
    cached_timings,
    sheet_csv,
    sheet_xlsx,
    timeline_sheet,
    timing_words,
)
from actieplan.api.readmodel.actions import filter_actions
from actieplan.api.readmodel.deps import Cache, Data, Pool, iri_map
from actieplan.api.readmodel.follow_up import KEYS, cached_reports, state_as_of, status_words
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.models import ActionSummary
from actieplan.api.readmodel.questions import XLSX
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.lookup import UnknownName
from actieplan.graph.core.numbers import read_integer
from actieplan.graph.core.vocab import AP

router = APIRouter(include_in_schema=False)

# kind -> its name (a message id), as the legend and the bars say it
KINDS = {
    "dated": N_("with start and end"),
    "phases": N_("in phases"),
    "open-ended": N_("with a start, no end"),
    "ongoing": N_("ongoing"),
    "undated": N_("without a date"),
}


@dataclass(frozen=True)
class Phase:
    position: int
    label: dict[str, str]  # language -> label ("Eerste fase")
    printed: str
    starts_on: str | None
    ends_on: str | None


def read_phases(graph: Graph) -> dict[str, list[Phase]]:
    """Action IRI -> its timing's phases in order (ap:timing / ap:phase), where it has any."""
    found: dict[str, list[Phase]] = {}
    for action, timing in graph.subject_objects(AP.timing):
        phases = []
        for node in graph.objects(timing, AP.phase):
            labels = {
                label.language or "nl": str(label)
                for label in graph.objects(node, RDFS.label)
                if isinstance(label, Literal)
            }
            start, end = graph.value(node, AP.startsOn), graph.value(node, AP.endsOn)
            phases.append(
                Phase(
                    int(str(graph.value(node, AP.position) or 0)),
                    labels,
                    str(graph.value(node, AP.printedText) or ""),
                    str(start) if start is not None else None,
                    str(end) if end is not None else None,
                )
            )
        if phases and isinstance(action, URIRef):
            found[str(action)] = sorted(phases, key=lambda p: p.position)
    return found


def kind_of(action: ActionSummary, phases: list[Phase]) -> str:
    if action.ongoing:
        return "ongoing"
    if action.open_ended:
        return "open-ended"
    if phases:
        return "phases"
    if action.starts_on and action.ends_on:
        return "dated"
    return "undated"


@dataclass(frozen=True)
class Axis:
    """The time axis: first day, last day, and where a date lies on it (percent)."""

    first: dt.date
    last: dt.date

    @classmethod
    def covering(cls, actions: list[ActionSummary]) -> Axis:
        starts = [a.starts_on for a in actions if a.starts_on]
        ends = [a.ends_on for a in actions if a.ends_on] + starts
        if not starts:
            today = dt.date.today()
            return cls(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
        return cls(dt.date(int(min(starts)[:4]), 1, 1), dt.date(int(max(ends)[:4]), 12, 31))

    def percent(self, day: str | None, end: bool = False) -> float:
        """Where `day` (ISO) lies, 0-100; the end of a day when `end`."""
        if day is None:
            return 100.0 if end else 0.0
        date = dt.date.fromisoformat(day) + dt.timedelta(days=1 if end else 0)
        span = (self.last - self.first).days + 1
        return round(100 * max(0, min(span, (date - self.first).days)) / span, 3)

    def year_range(self) -> list[int]:
        return list(range(self.first.year, self.last.year + 1))

    def years(self) -> list[dict[str, Any]]:
        return [
            {"year": year, "left": self.percent(f"{year}-01-01")}
            for year in range(self.first.year, self.last.year + 1)
        ]


def _bars(action: ActionSummary, phases: list[Phase], kind: str, axis: Axis) -> list[dict]:
    """The bars of one action: left and width in percent of the axis, and a label."""
    if kind == "phases":
        return [
            {
                "left": axis.percent(p.starts_on),
                "width": axis.percent(p.ends_on, end=True) - axis.percent(p.starts_on),
                "phase": p.position,
            }
            for p in phases
        ]
    if kind == "ongoing" and not action.starts_on:
        return [{"left": 0.0, "width": 100.0, "phase": None}]
    if kind == "undated":
        return []
    left = axis.percent(action.starts_on)
    return [{"left": left, "width": axis.percent(action.ends_on, True) - left, "phase": None}]


TIMELINE_FILE = N_("timeline")  # a download's file name starts with it


def _filters(request: Request, data: ServiceData) -> dict[str, Any]:
    query = request.query_params
    text = query.get("objective") or None
    try:
        objective = read_integer(text, "objective") if text else None
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    if objective is not None and objective not in data.catalogue.objectives:
        known = ", ".join(str(n) for n in sorted(data.catalogue.objectives))
        raise HTTPException(400, f"objective={objective}: the plan's objectives are {known}")
    year_text = query.get("year") or None
    years = Axis.covering(list(data.catalogue.actions.values())).year_range()
    try:
        year = read_integer(year_text, "year") if year_text else None
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    if year is not None and year not in years:
        raise HTTPException(
            400, f"year={year}: the plan's actions run from {years[0]} to {years[-1]}"
        )
    return {
        "objective": objective,
        "organisation": query.get("organisation") or None,
        "minister": query.get("minister") or None,
        "year": year,
    }


def timeline(request: Request, data: ServiceData, cache: ComputedCache) -> dict[str, Any]:
    """The actions the filters keep, each with its kind, phases and bars, and the axis of all
    the plan's actions (so that a filtered timeline keeps the same scale). Each row says
    whether the action runs in the year asked for (`active`: True without a year); the page
    shows the others hidden, the twins leave them out."""
    filters = _filters(request, data)
    try:
        found = filter_actions(
            data,
            objective=filters["objective"],
            organisation=filters["organisation"],
            minister=filters["minister"],
        )
        year = filters["year"]
        active = {
            a.number
            for a in (
                filter_actions(
                    data,
                    objective=filters["objective"],
                    organisation=filters["organisation"],
                    minister=filters["minister"],
                    active_in=year,
                )
                if year is not None
                else found
            )
        }
    except UnknownName as error:  # 400 with its "did you mean" message
        raise HTTPException(400, str(error)) from error
    phases = cache.get(("timeline-phases",), lambda: read_phases(data.graph))
    axis = Axis.covering(list(data.catalogue.actions.values()))
    rows = []
    for action in found:
        own = phases.get(action.iri, [])
        kind = kind_of(action, own)
        rows.append(
            {
                "action": action,
                "kind": kind,
                "phases": own,
                "bars": _bars(action, own, kind, axis),
                "active": action.number in active,
                "first_year": action.starts_on[:4] if action.starts_on else "",
                "last_year": action.ends_on[:4] if action.ends_on else "",
            }
        )
    return {"filters": filters, "rows": rows, "axis": axis}


def _choices(data: ServiceData, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The filter form's options: objectives, and the organisations and minister posts that
    have a role in an action (lead, partner; coordinating, involved)."""
    catalogue = data.catalogue
    labels = Labels(data.graph, catalogue, lang)
    return {
        "objectives": [
            (str(o.number), f"{o.number}. {o.title}") for o in catalogue.objectives.values()
        ],
        "organisations": sorted(
            (
                (o.id, labels.organisation(o.id))
                for o in catalogue.organisations.values()
                if o.lead_actions or o.partner_actions
            ),
            key=lambda choice: choice[1].casefold(),
        ),
        "ministers": sorted(
            (
                (m.id, labels.minister_post(m.id))
                for m in catalogue.minister_posts.values()
                if m.coordinating_actions or m.involved_actions
            ),
            key=lambda choice: choice[1].casefold(),
        ),
    }


def follow_up_state(
    request: Request, data: ServiceData, cache: ComputedCache, pool: QueryRunner, axis: Axis
) -> dict[str, Any]:
    """With progress reports: the as-of date (`?as_of=`, today by default), where it lies on
    the axis, and each action's state then (api/readmodel/follow_up.py); without: nothing."""
    as_of = date_parameter(request, "as_of")
    if not cached_reports(data, cache):
        return {"as_of": None}
    as_of = as_of or dt.date.today()
    labels = Labels(data.graph, data.catalogue, page_language(request))
    states = state_as_of(data, cache, pool, client_address(request), as_of)
    return {
        "as_of": as_of,
        "as_of_left": axis.percent(as_of.isoformat()),
        "states": {state.number: state for state in states},
        "status_keys": KEYS,
        "status_names": {key: status_words(labels, key) for key in KEYS},
    }


@router.get("/timeline")
def timeline_page(request: Request, data: Data, cache: Cache, pool: Pool):
    lang = page_language(request)
    found = timeline(request, data, cache)
    query = {k: v for k, v in found["filters"].items() if v is not None}
    href = PageContext(request, lang, iri_map(request)).href
    words = messages(lang)
    timings = cached_timings(data, cache)
    periods = {
        row["action"].number: timing_words(timings.get(row["action"].number), words)
        for row in found["rows"]
    }
    return render(
        request,
        "timeline.html",
        {
            **found,
            "follow_up": follow_up_state(request, data, cache, pool, found["axis"]),
            "kinds": KINDS,
            "choices": _choices(data, lang),
            "years": found["axis"].year_range(),
            "periods": periods,
            "shown_count": sum(1 for row in found["rows"] if row["active"]),
            "downloads": {
                "xlsx": href("/timeline.xlsx", **query),
                "csv": href("/timeline.csv", **query),
                "csv_semicolon": href("/timeline.csv", delimiter="semicolon", **query),
            },
        },
        title=words.gettext("Timeline of the actions"),
        twins=[
            Twin(href("/timeline.json", **query), "application/json", "JSON"),
            Twin(href("/timeline.xlsx", **query), XLSX, "XLSX"),
            Twin(href("/timeline.csv", **query), "text/csv", "CSV"),
        ],
    )


@router.get("/timeline.json")
def timeline_json(request: Request, data: Data, cache: Cache):
    """The twin of /timeline: the same actions, each with its kind and phases."""
    found = timeline(request, data, cache)
    found["rows"] = [row for row in found["rows"] if row["active"]]
    return JSONResponse(
        {
            "filters": found["filters"],
            "axis": {
                "first": found["axis"].first.isoformat(),
                "last": found["axis"].last.isoformat(),
            },
            "actions": [
                {
                    **row["action"].model_dump(
                        include={
                            "number",
                            "iri",
                            "title",
                            "starts_on",
                            "ends_on",
                            "ongoing",
                            "open_ended",
                        }
                    ),
                    "kind": row["kind"],
                    "phases": [
                        {
                            "position": p.position,
                            "label": p.label,
                            "printed": p.printed,
                            "starts_on": p.starts_on,
                            "ends_on": p.ends_on,
                        }
                        for p in row["phases"]
                    ],
                }
                for row in found["rows"]
            ],
        }
    )


def _phase_words(phase: Phase, words: Messages) -> str:
    label = phase.label.get(words.lang) or words.gettext("Phase ") + str(phase.position)
    return f"{phase.position}. {label}: {phase.starts_on or '…'} – {phase.ends_on or '…'}"


def _timeline_file(request: Request, data: ServiceData, cache: ComputedCache, form: str):
    """The timeline's actions (the filters of the page) as a sheet in the page's language."""
    words = messages(page_language(request))
    found = timeline(request, data, cache)
    rows = [
        (
            row["action"],
            words.gettext(KINDS[row["kind"]]),
            [_phase_words(p, words) for p in row["phases"]],
        )
        for row in found["rows"]
        if row["active"]
    ]
    sheet = timeline_sheet(data.catalogue, cached_timings(data, cache), rows, words)
    # The file is named after the filters it holds: tijdlijn-2021-abb.csv.
    chosen = [found["filters"][name] for name in ("year", "objective", "organisation", "minister")]
    stem = "-".join(
        [words.gettext(TIMELINE_FILE)] + [str(value) for value in chosen if value is not None]
    )
    if form == "xlsx":
        return sheet_xlsx(sheet), XLSX, f"{stem}.xlsx"
    suffix = "" if form == "comma" else "-semicolon"
    return sheet_csv(sheet, form), "text/csv; charset=utf-8", f"{stem}{suffix}.csv"


@router.get("/timeline.xlsx")
def timeline_workbook(request: Request, data: Data, cache: Cache):
    """The timeline's actions as a workbook, filtered as the page; headers in its language."""
    return attachment(*_timeline_file(request, data, cache, "xlsx"))


@router.get("/timeline.csv")
def timeline_csv(request: Request, data: Data, cache: Cache):
    """The timeline's actions as CSV (`?delimiter=semicolon` for Excel in Dutch)."""
    delimiter = request.query_params.get("delimiter", "comma")
    if delimiter not in ("comma", "semicolon"):
        raise HTTPException(400, f"delimiter={delimiter!r}: use comma or semicolon")
    return attachment(*_timeline_file(request, data, cache, delimiter))
