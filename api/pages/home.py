"""The home page `/`: what the plan is and where it comes from, its counts, the answers people
come for at a glance (who shares most actions, who is most central, which actions lack a lead or
an end), and links to every other page.

What the page shows is computed once (the service's `api_cache`) and rendered per language.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF

from actieplan.api.pages.plans import plans_page
from actieplan.api.pages.web import Twin, page_language, render
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.messages import N_, messages
from actieplan.api.readmodel.deps import Cache, Iris, Plans, plan_asked
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.networks import roles_network
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.analysis import network as analytics
from actieplan.graph.core.vocab import AP

router = APIRouter(include_in_schema=False)

TOP_PAIRS = 3  # pairs shown; every pair tied with the third is shown too
TOP_CENTRAL = 5  # organisations shown by weighted degree, ties with the fifth kept

HOME_TITLE, ACTIONS, SHARED_ACTIONS = N_("Home"), N_("actions"), N_("shared actions")


def _literal(value: Any) -> Any:
    return value.toPython() if isinstance(value, Literal) else value


def home_summary(data: ServiceData, network_rows: dict[str, Any]) -> dict[str, Any]:
    """Plain values (ids, numbers, texts) of the home page, language-free."""
    graph, catalogue = data.graph, data.catalogue
    plan = next(iter(graph.subjects(RDF.type, AP.ActionPlan)), None)
    source = graph.value(plan, DCTERMS.source) if plan is not None else None
    actions = list(catalogue.actions.values())
    starts = [a.starts_on for a in actions if a.starts_on]
    ends = [a.ends_on for a in actions if a.ends_on]
    return {
        "plan": str(plan) if plan is not None else None,
        "title": str(graph.value(plan, DCTERMS.title) or "") if plan is not None else "",
        "source": str(source) if source is not None else None,
        "file_name": str(graph.value(source, AP.fileName) or "") if source else "",
        "sha256": str(graph.value(source, AP.sha256) or "") if source else "",
        "line_count": _literal(graph.value(source, AP.lineCount)) if source else None,
        "first_start": min(starts, default=None),
        "last_end": max(ends, default=None),
        "counts": {
            "objectives": len(catalogue.objectives),
            "actions": len(actions),
            "organisations": len(catalogue.organisations),
            "minister_posts": len(catalogue.minister_posts),
            "triples": data.triples,  # counted at start-up (a store's graph is not counted again)
        },
        "without_lead": [a.number for a in actions if a.lead is None],
        # no end date and not ongoing: the plan names no end (open-ended or not stated)
        "without_end": [a.number for a in actions if a.ends_on is None and not a.ongoing],
        "ongoing": [a.number for a in actions if a.ongoing],
        **network_rows,
    }


def _network_rows(data: ServiceData, cache: ComputedCache) -> dict[str, Any]:
    network = roles_network(data, cache)
    rows = analytics.centrality(network)
    cut = rows[min(TOP_CENTRAL, len(rows)) - 1]["weighted_degree"] if rows else 0
    return {
        "top_pairs": analytics.shared_actions(network, top=TOP_PAIRS),
        "central": [r for r in rows if r["weighted_degree"] >= cut],
        "iris": {node: data["iri"] for node, data in network.nodes(data=True)},
    }


def summary(data: ServiceData, cache: ComputedCache) -> dict[str, Any]:
    return cache.get(("pages", "home"), lambda: home_summary(data, _network_rows(data, cache)))


@router.get("/", response_class=HTMLResponse)
def home(request: Request, plans: Plans, cache: Cache, iris: Iris) -> Response:
    """The plan's home page; with many plans and none asked, the list of plans."""
    if plans.many and plan_asked(request) is None:
        return plans_page(request, plans)
    data = plans.data(plan_asked(request))
    lang = page_language(request)
    words = messages(lang)
    values = summary(data, cache)
    return render(
        request,
        "home.html",
        {
            "home": values,
            "actions": data.catalogue.actions,
            "labels": Labels(data.graph, data.catalogue, lang, iris.data_base),
        },
        title=words.gettext(HOME_TITLE),
        twins=[
            Twin("/api/actions", "application/json", f"JSON ({words.gettext(ACTIONS)})"),
            Twin(
                f"/api/network/shared-actions?top={TOP_PAIRS}",
                "application/json",
                f"JSON ({words.gettext(SHARED_ACTIONS)})",
            ),
            Twin("/dataset", "text/turtle", "DCAT (Turtle)"),
        ],
    )
