"""The application's error answers for browsers, and the API's for everyone else.

Bad request: a browser that asks a page with a parameter it cannot read
(`/network?objective=99`, `/timeline?organisation=nobody`) gets an HTML page with status 400
that names the parameter and the problem, a link back to the page without parameters, and
the home page. API clients (anything under /api/, /sparql, /download/, or a client that does
not prefer HTML) keep the JSON answers: `{"detail": ...}` with 400 or 422.

Not found: the HTML 404 page naming the path and the IRI it stands for, with a search link,
for a client that prefers HTML; the JSON API's `{"detail": ...}` otherwise (plain text for a
client that accepts no JSON, on paths under /id/).

Every answer whose form `Accept` chose says `Vary: Accept` (the JSON ones too), so that a cache
never hands the JSON answer to a browser or the page to an API client.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from actieplan.api.pages.web import page_language, render
from actieplan.api.plumbing.negotiation import choose
from actieplan.api.readmodel.deps import iri_map
from actieplan.api.readmodel.iri_paths import DATA_PATH, sent_path
from actieplan.graph.core.vocab import local_id

# Paths whose errors are always the JSON API's.
MACHINE_PATHS = ("/api/", "/sparql", "/download/", "/openapi.json")


def wants_page(request: Request) -> bool:
    if request.url.path.startswith(MACHINE_PATHS):
        return False
    return choose(request.headers.get("accept"), ["application/json", "text/html"]) == "text/html"


def _varies_with_accept(response: Response) -> Response:
    """`response` with Accept added to its Vary header."""
    named = [v.strip() for v in response.headers.get("vary", "").split(",") if v.strip()]
    if not any(v.lower() in ("accept", "*") for v in named):
        response.headers["Vary"] = ", ".join([*named, "Accept"])
    return response


def _messages(error: Exception) -> list[str]:
    if isinstance(error, RequestValidationError):
        found = []
        for problem in error.errors():
            where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "?"
            found.append(f"{where}: {problem.get('msg', 'not valid')}")
        return found
    detail: Any = getattr(error, "detail", None)
    return [str(detail or "bad request")]


async def bad_request_handler(request: Request, error: Exception) -> Response:
    """400 (and FastAPI's 422 for a parameter of the wrong type) as a page for browsers."""
    if not wants_page(request):
        answer: Response
        if isinstance(error, RequestValidationError):
            answer = await request_validation_exception_handler(request, error)
        else:
            assert isinstance(error, StarletteHTTPException)
            answer = await http_exception_handler(request, error)
        # Under the machine paths the answer is JSON whatever Accept says.
        machine = request.url.path.startswith(MACHINE_PATHS)
        return answer if machine else _varies_with_accept(answer)
    dutch = page_language(request) == "nl"
    values = {"messages": _messages(error), "path": request.url.path}
    title = "Ongeldige vraag" if dutch else "Bad request"
    return render(request, "bad_request.html", values, title=title, status_code=400)


def not_found(request: Request, path: str, iri: str | None, detail: str | None = None) -> Response:
    """404 for `path` (the IRI it stands for: `iri`, else the site's IRI of the path): the HTML
    page naming both when the client prefers HTML, else JSON `{"detail": ...}`, else plain
    text. `detail`: a more specific message (the JSON API's)."""
    iri = iri or iri_map(request).site_iri(path)
    chosen = choose(request.headers.get("accept"), ["application/json", "text/html", "text/plain"])
    if chosen == "text/html":
        values = {"path": path, "iri": iri, "detail": detail, "search": local_id(path)}
        title = "Niet gevonden" if page_language(request) == "nl" else "Not found"
        return render(request, "not_found.html", values, title=title, status_code=404)
    message = detail or f"no resource {iri} on this server (path {path})"
    if chosen == "application/json":
        return _varies_with_accept(JSONResponse({"detail": message}, status_code=404))
    return _varies_with_accept(PlainTextResponse(message + "\n", status_code=404))


async def not_found_handler(request: Request, error: Exception) -> Response:
    """Every 404 of the application: the HTML 404 page for a client that prefers HTML, the JSON
    API's `{"detail": ...}` answer otherwise (unchanged for API clients)."""
    assert isinstance(error, StarletteHTTPException)
    if choose(request.headers.get("accept"), ["application/json", "text/html"]) == "text/html":
        path = sent_path(request)
        iri = iri_map(request).data_iri(path) if path.startswith(DATA_PATH) else None
        generic = error.detail in (None, "", "Not Found")
        return not_found(request, path, iri, None if generic else str(error.detail))
    return _varies_with_accept(await http_exception_handler(request, error))
