"""The FastAPI application: pages, linked data, SPARQL endpoint, JSON API, health.

`create_app(settings)` loads the data at start-up (build the plan or read a graph file), or
takes data loaded before (`actieplan serve` loads it first, so that bad input is reported like
the build's errors), starts the SPARQL worker pool and stops it at shutdown.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles

from actieplan.api.pages import (
    api_docs,
    budget,
    completeness,
    dataset,
    errors,
    follow_up,
    home,
    manual,
    network,
    questions,
    search,
    timeline,
    vocabulary,
)
from actieplan.api.pages.errors import not_found
from actieplan.api.pages.plans import plan_required_handler, unknown_plan_handler
from actieplan.api.pages.resource import resource_html
from actieplan.api.pages.sparql_editor import editor_page
from actieplan.api.pages.web import STATIC
from actieplan.api.plumbing.bounded_cache import BoundedCache
from actieplan.api.plumbing.client_share import ClientShare, overloaded_handler
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.cors import Cors
from actieplan.api.plumbing.head_requests import HeadAsGet
from actieplan.api.plumbing.query_pool import PoolBusy, QueryPool, QueryTimeout
from actieplan.api.plumbing.remote_queries import RemoteQueries
from actieplan.api.plumbing.security_headers import SecurityHeaders
from actieplan.api.plumbing.server_timing import ServerTiming
from actieplan.api.plumbing.settings import Settings
from actieplan.api.plumbing.worker_sandbox import Isolation
from actieplan.api.readmodel.deps import BrowserPages, CachedAnswer
from actieplan.api.readmodel.plans import PlanRequired, ServedPlans, UnknownPlan
from actieplan.api.readmodel.questions import AnswerOverLimit
from actieplan.api.readmodel.service import ServiceData
from actieplan.api.routes import (
    budget as budget_api,
)
from actieplan.api.routes import (
    completeness as completeness_api,
)
from actieplan.api.routes import (
    context,
    downloads,
    entities,
    health,
    resources,
    sparql,
    tables,
)
from actieplan.api.routes import (
    network as network_api,
)
from actieplan.api.routes import (
    questions as questions_api,
)
from actieplan.api.warm_up import warm_pages
from actieplan.graph.sparql.remote import StoreUnavailable

# The pages the routes answer browsers with (api/readmodel/deps.py): pages and routes never
# import each other, the application joins them here.
BROWSER_PAGES = BrowserPages(resource=resource_html, sparql_editor=editor_page, not_found=not_found)


DESCRIPTION = """Knowledge graph of the actors and actions of a government action plan.

* `/sparql` — SPARQL 1.1 Protocol query endpoint (read-only; GET or POST; results in SPARQL
  JSON, XML, CSV, TSV; graphs in Turtle, N-Triples, JSON-LD, RDF/XML). A GET without a query
  returns the service description.
* `/api/...` — the plan's actions, objectives, organisations and minister posts, the named
  questions of the query library, network analytics and the completeness report. The answers
  of actions, objectives, organisations and minister posts are JSON-LD as well: their `Link`
  header names their context, `/api/context.jsonld`, which maps the keys that are statements
  of the data (`iri`, `title`, `lead`, …) and leaves the others (`id`, `objective`, counts) out.
* Not listed here (pages and linked data, see the manual at `/manual`): `/` and the pages
  linked from it, `/id/...` (every IRI of the data by content negotiation), `/def` (the
  vocabulary; `/def/<version>` each released version), `/dataset` and `/.well-known/void`
  (DCAT-AP and VoID), `/download/...` (dumps and tables).

A service of many plans (`actieplan serve --graph DIR/dataset.nq`) lists them at `/`; every
answer about one plan then takes `?plan=ID` (without it: 400 with the plans' ids; an unknown
plan: 404), the named questions asked without it read every plan, and `/sparql` reads every
plan as its default graph and each plan's graph by name.

Every GET answers HEAD too. `/api/...`, `/sparql` and the linked data may be read from a web
application on any site (CORS: `Access-Control-Allow-Origin: *`, no credentials; a preflight
`OPTIONS` gets 204).
"""


def check_isolation(isolation: Isolation, required: bool) -> None:
    """Say loudly when the SPARQL workers can reach the network; refuse to start if that is
    required (`--require-isolation`)."""
    if isolation.isolated:
        return
    message = (
        "the SPARQL worker processes are NOT cut off from the network "
        f"({isolation.how}); only the query check stands between a query and an "
        "outbound request"
    )
    if required:
        print(
            f"actieplan serve: error: {message}; --require-isolation: not starting",
            file=sys.stderr,
            flush=True,
        )
        raise RuntimeError(f"--require-isolation: {message}")
    print(
        f"actieplan serve: WARNING: {message}. /health reports network_isolation: false; "
        "use --require-isolation to refuse to start like this.",
        file=sys.stderr,
        flush=True,
    )


def create_app(
    settings: Settings | None = None, data: ServiceData | ServedPlans | None = None
) -> FastAPI:
    """The service for `settings`; `data`: `ServedPlans.load(settings)` (or the one plan's
    `ServiceData.load(settings)`) done already (else it is done at start-up, and an InputError
    stops the start-up)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # What api/readmodel/deps.py reads back for every request.
        if isinstance(data, ServiceData):
            plans = ServedPlans(settings, only=data)
        else:
            plans = data if data is not None else ServedPlans.load(settings)
        app.state.plans = plans
        app.state.answer_cache = BoundedCache[CachedAnswer](
            settings.cache_bytes if settings.cache else 0, sparql.answer_size
        )
        # The JSON API's computed answers (named questions, networks and their measures,
        # exports, completeness renderings): a quarter of the SPARQL answers' budget, and a
        # budget of their own for the large ones.
        app.state.api_cache = ComputedCache(
            settings.cache_bytes // 4 if settings.cache else 0, settings.large_cache_bytes
        )
        # With many plans, what the pages across plans share is read meanwhile (the warm-up
        # waits for it): the workers load the plans' summary in processes of their own.
        if settings.cache and plans.many:
            threading.Thread(target=plans.read_every_plan, daemon=True).start()
        remote = plans.only.remote if plans.only is not None else None
        app.state.query_pool = (
            RemoteQueries(remote, settings)
            if remote is not None
            else QueryPool.from_settings(plans.worker_data, settings)
        )
        await app.state.query_pool.start()
        # What start-up loaded (the graphs, the report, the index) lives as long as the
        # service: out of the collector's sight, a full collection no longer walks it (it
        # took 100-140 ms, the slowest page answers measured by bench/bench_pages.py).
        gc.collect()
        gc.freeze()
        # The warm-up runs in the background; `app.state.warming` lets a caller wait for it.
        app.state.warming = None
        try:
            if remote is None:  # on a triple store, no worker runs a query
                check_isolation(app.state.query_pool.isolation, settings.require_isolation)
            if settings.cache:
                app.state.warming = asyncio.create_task(warm_pages(app))
            yield
        finally:
            if app.state.warming is not None:
                app.state.warming.cancel()
            await app.state.query_pool.stop()

    # /docs and /redoc are served from vendored assets (api/pages/api_docs.py), not FastAPI's CDN.
    app = FastAPI(
        title="Actieplan knowledge graph",
        version="1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        # Starlette's redirect to the path with(out) a trailing slash names the request's Host
        # in its Location; /network/ is a 404 instead.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.browser_pages = BROWSER_PAGES
    app.add_middleware(ServerTiming)
    # Each client's share of the pages and the JSON API (outermost: a request waiting for its
    # turn is not the application's time in Server-Timing).
    app.add_middleware(
        ClientShare,
        share=settings.page_share,
        waiting=settings.page_share_waiting,
        total=settings.page_workers,
        max_waiting=settings.page_max_waiting,
        max_wait=2 * settings.timeout,
    )
    # HEAD is GET without the body, on every route (the share counts it as the GET it is)
    app.add_middleware(HeadAsGet)
    # CORS on the data's URLs; their preflight answered before anything else
    app.add_middleware(Cors)
    # nosniff, Referrer-Policy, CSP on every answer, the share's 503s included (outermost)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in (
        sparql,
        entities,
        questions_api,
        network_api,
        completeness_api,
        budget_api,
        tables,
        downloads,
        api_docs,
        home,
        search,
        network,
        timeline,
        budget,
        follow_up,
        questions,
        completeness,
        vocabulary,
        dataset,
        manual,
        resources,  # /id/{path} answers for every IRI of the data
        health,
        context,  # /context.jsonld, /api/context.jsonld
    ):
        app.include_router(module.router)
    # Unknown paths: the HTML 404 page for browsers, the JSON {"detail": ...} for API clients.
    app.add_exception_handler(404, errors.not_found_handler)
    # With many plans: a page or answer about one plan asked without ?plan=, or for a plan
    # the dataset lacks.
    app.add_exception_handler(PlanRequired, plan_required_handler)
    app.add_exception_handler(UnknownPlan, unknown_plan_handler)
    app.add_exception_handler(400, errors.bad_request_handler)
    app.add_exception_handler(RequestValidationError, errors.bad_request_handler)
    # A named question whose answer is over --max-rows: 413 that says so.
    app.add_exception_handler(AnswerOverLimit, errors.answer_over_limit_handler)
    # A named question the query workers had no time for: 503 with Retry-After.
    app.add_exception_handler(PoolBusy, overloaded_handler)
    app.add_exception_handler(QueryTimeout, overloaded_handler)
    # A page or answer that reads a triple store (serve --store) that did not answer: 503.
    app.add_exception_handler(StoreUnavailable, overloaded_handler)
    return app


def app_from_environment() -> FastAPI:
    """Factory for uvicorn worker processes (`--workers N`): settings come from the environment."""
    return create_app(Settings.from_env())
