"""A page's bad request as a page: a browser that asks a page with a parameter it cannot read
(`/network?objective=99`, `/timeline?organisation=nobody`) gets an HTML page with status 400
that names the parameter and the problem, a link back to the page without parameters, and
the home page. API clients (anything under /api/, /sparql, /download/, or a client that does
not prefer HTML) keep the JSON answers they get today: `{"detail": ...}` with 400 or 422."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from actieplan.api.negotiation import choose
from actieplan.api.web import page_language, render

# Paths whose errors are always the JSON API's.
MACHINE_PATHS = ("/api/", "/sparql", "/download/", "/openapi.json")


def wants_page(request: Request) -> bool:
    if request.url.path.startswith(MACHINE_PATHS):
        return False
    return choose(request.headers.get("accept"), ["application/json", "text/html"]) == "text/html"


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
        if isinstance(error, RequestValidationError):
            return await request_validation_exception_handler(request, error)
        assert isinstance(error, StarletteHTTPException)
        return await http_exception_handler(request, error)
    dutch = page_language(request) == "nl"
    values = {"messages": _messages(error), "path": request.url.path}
    title = "Ongeldige vraag" if dutch else "Bad request"
    return render(request, "bad_request.html", values, title=title, status_code=400)
