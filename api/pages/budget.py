"""`/budget`: the plan's money on one page, for staff: the total of the whole plan and the
totals per objective, lead organisation and coordinating minister, with one-off amounts, yearly
amounts and the estimated total in columns of their own; what is unknown counted in words
("36 acties zonder bedrag"); co-funding and named funds shown as outside funding; the
estimate's assumptions in one sentence with a link to the rule in the manual. Every figure is
the read model's (api/readmodel/budget.py), the same as its twin `/api/budget`.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from actieplan.api.pages.web import Twin, page_language, render
from actieplan.api.plumbing.client_share import client_address
from actieplan.api.plumbing.messages import N_, messages
from actieplan.api.readmodel.budget import (
    GROUPINGS,
    RULE_PAGE,
    Figures,
    GroupRow,
    budget_overview,
)
from actieplan.api.readmodel.deps import Cache, Data, Pool
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.service import ServiceData

router = APIRouter(include_in_schema=False)

# grouping -> (section heading, first column's header, the name of a row without one)
SECTIONS = {
    "objective": (N_("Per objective"), N_("Objective"), N_("no objective")),
    "lead-organisation": (
        N_("Per lead organisation"),
        N_("Lead organisation"),
        N_("no lead organisation"),
    ),
    "coordinating-minister": (
        N_("Per coordinating minister"),
        N_("Coordinating minister"),
        N_("no coordinating minister"),
    ),
}


@dataclass(frozen=True)
class ShownRow:
    """A row of a table on the page: its name in the page's language, a link where there is
    an entity, and its figures."""

    name: str | None  # None: actions without such a role
    iri: str | None
    figures: Figures
    parent: str | None = None  # the organisation a unit belongs to, named


def _name(data: ServiceData, labels: Labels, grouping: str, row: GroupRow) -> str | None:
    if row.id is None:
        return None
    if grouping == "objective":
        objective = data.catalogue.objectives.get(int(row.id)) if row.id.isdigit() else None
        return f"{objective.number}. {objective.title}" if objective else row.name_nl
    if grouping == "lead-organisation":
        return labels.organisation(row.id)
    return labels.minister_post(row.id)


def _parent(data: ServiceData, labels: Labels, grouping: str, row: GroupRow) -> str | None:
    """The organisation a lead organisation is a unit of ("ABB" for its screening service)."""
    if grouping != "lead-organisation" or row.id is None:
        return None
    organisation = data.catalogue.organisations.get(row.id)
    return (
        labels.organisation(organisation.parent) if organisation and organisation.parent else None
    )


@router.get("/budget", response_class=HTMLResponse)
async def budget_page(request: Request, data: Data, cache: Cache, pool: Pool) -> HTMLResponse:
    lang = page_language(request)
    overview = await run_in_threadpool(budget_overview, data, cache, pool, client_address(request))
    labels = Labels(data.graph, data.catalogue, lang)
    tables = [
        (
            grouping,
            SECTIONS[grouping],
            [
                ShownRow(
                    _name(data, labels, grouping, row),
                    row.iri,
                    row.figures,
                    _parent(data, labels, grouping, row),
                )
                for row in overview.groups[grouping]
            ],
        )
        for grouping in GROUPINGS
    ]
    return render(
        request,
        "budget.html",
        {"overview": overview, "tables": tables, "rule_page": RULE_PAGE},
        title=messages(lang).gettext("The plan's budget"),
        twins=[Twin("/api/budget", "application/json", "JSON")],
    )
