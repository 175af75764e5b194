"""Warm the pages' caches right after start-up, so that the first visitor of a page does not
pay for what every visitor shares (the vocabulary's usage counts, the home page's network
measures, the dumps behind the dataset page, the explorer's layout; with many plans, the read
model of every plan at once that the questions and the network across plans read, and every
named question asked of all plans, as its page first asks it and at each choice of a parameter
of named choices (api/readmodel/questions.py, `kept_parameters`): at 1000 plans the largest take
the query workers seconds; their answers are kept in the cache's budget for large answers, and
on disk for the next start, api/readmodel/kept_answers.py).

`warm_pages(app)` asks the application itself, in-process (a plain ASGI call, no socket), for
the pages below in both languages, once, in the background: the server answers requests
meanwhile, and a request for a page being warmed waits for that one computation
(`ComputedCache`). Nothing is warmed when the answer cache is off (`--no-cache`): nothing would
be kept.
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import urlencode

import anyio
from fastapi import FastAPI

from actieplan.api.readmodel.labels import LANGUAGES
from actieplan.api.readmodel.questions import kept_parameters
from actieplan.graph.sparql.library import load_library

PAGES = (
    "/",
    "/def",
    "/dataset",
    "/network",
    "/timeline",
    "/budget",
    "/completeness",
    "/questions",
    "/sparql",
)


async def ask(app: FastAPI, path: str, query: str) -> int:
    """The status of a browser's GET of `path?query`, asked of `app` directly."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"warm-up"), (b"accept", b"text/html")],
        "client": ("warm-up", 0),  # a client of its own for the per-client share
        "server": ("warm-up", 80),
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def warm_pages(app: FastAPI) -> int:
    """Ask for every page of PAGES in every language; returns how many answered 200. A page
    that fails, or a question whose answer is over --max-rows (413), is said on stderr (its
    first visitor will see it too) and the warm-up goes on."""
    answered = 0
    plans = app.state.plans
    # every plan's read model and its networks' facts: what the pages across plans share
    await anyio.to_thread.run_sync(plans.read_every_plan)
    questions = [
        (f"/questions/{name}", values)
        for name, query in sorted(load_library().items())
        for values in kept_parameters(query)
    ]
    # The questions as many at a time as there are query workers, each runs in one.
    limiter = anyio.CapacityLimiter(app.state.settings.query_workers)

    async def warm(path: str, values: dict[str, str]) -> None:
        nonlocal answered
        async with limiter:
            for lang in LANGUAGES:
                query = urlencode({**values, "lang": lang})
                try:
                    status = await ask(app, path, query)
                except Exception as error:  # the application re-raises what it answered 500 for
                    print(f"actieplan serve: warm-up of {path}?{query}: {error!r}", file=sys.stderr)
                    continue
                answered += status == 200
                if status == 413:  # the operator's --max-rows: its readers will see it too
                    print(
                        f"actieplan serve: warm-up of {path}?{query}: the answer is over "
                        "--max-rows, its page says so (413)",
                        file=sys.stderr,
                    )
                    return

    for path in PAGES:
        await warm(path, {})
    if plans.many:
        async with anyio.create_task_group() as group:
            for path, values in questions:
                group.start_soon(warm, path, values)
    return answered
