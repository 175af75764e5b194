"""The application's error answers for browsers, and the API's for everyone else.

Bad request: a browser that asks a page with a parameter it cannot read
(`/network?objective=99`, `/timeline?organisation=nobody`) gets an HTML page with status 400
that names the parameter and the problem, a link back to the page without parameters, and
the home page. API clients (anything under /api/, /sparql, /download/, or a client that does
not prefer HTML) keep the JSON answers: `{"detail": ...}` with 400 or 422.

The page says each problem in its language, naming the parameter: a value that is not a whole
number, not a date, not one of the choices, or names no organisation or minister ("min_shared:
'abc' is geen geheel getal", "date: '2022-13-01' is geen datum (jjjj-mm-dd)"), read from the
error's cause (graph/core/numbers.py NumberError, graph/core/lookup.py UnknownName), FastAPI's
validation errors by their type, or the pages' known messages; any other message is shown as it
is.

Not found: the HTML 404 page naming the path and the IRI it stands for, with a search link,
for a client that prefers HTML; the JSON API's `{"detail": ...}` otherwise (plain text for a
client that accepts no JSON, on paths under /id/).

Every answer whose form `Accept` chose says `Vary: Accept` (the JSON ones too), so that a cache
never hands the JSON answer to a browser or the page to an API client.
"""

from __future__ import annotations

import re
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
from actieplan.api.plumbing.messages import N_, Messages, messages
from actieplan.api.plumbing.negotiation import choose
from actieplan.api.readmodel.deps import iri_map
from actieplan.api.readmodel.iri_paths import DATA_PATH, sent_path
from actieplan.api.readmodel.questions import AnswerOverLimit, problem_message
from actieplan.graph.core.lookup import UnknownName
from actieplan.graph.core.numbers import NumberError
from actieplan.graph.core.vocab import local_id
from actieplan.graph.sparql.library import ParameterError

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


# FastAPI's (pydantic's) validation error types -> the problem a page says in words
# (api/readmodel/questions.py PROBLEM_MESSAGES).
VALIDATION_PROBLEMS = {
    "int_parsing": "integer",
    "int_type": "integer",
    "int_from_float": "integer",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
    "date_type": "date",
    "bool_parsing": "boolean",
    "literal_error": "enum",
    "enum": "enum",
    "missing": "missing",
}
# Messages of the pages that carry no structured cause: (pattern, problem); the pattern names
# the parameter (`field`), the value and, for a choice, the choices (`detail`).
KNOWN_MESSAGES = (
    (
        re.compile(r"(?P<field>\w+)=(?:'(?P<value>.*)'|(?P<bare>.*)): use one of (?P<detail>.*)"),
        "enum",
    ),
    (re.compile(r"unknown (?P<field>\w+) '(?P<value>.*)': use one of (?P<detail>.*)"), "enum"),
    (re.compile(r"(?P<field>objective)=(?P<value>\d+): the plan"), "no-objective"),
    (re.compile(r"Invalid isoformat string: '(?P<value>.*)'"), "date"),
    (re.compile(r"(?P<field>\w+)='(?P<value>.*)': not a date"), "date"),  # follow_up.py
    (
        re.compile(
            r"role '(?P<value>.*)' is not in the '.*' layer of \w+: use one of (?P<detail>.*)"
        ),
        "enum-role",
    ),
    (
        re.compile(
            r"(?P<field>year)=(?P<value>\d+): the plan's actions run from (?P<detail>\d+ to \d+)"
        ),
        "year-range",
    ),
    (re.compile(r"the '(?P<value>.*)' layer has no (?P<detail>\w+):"), "layer-actors"),
)
YEAR_RANGE = N_("%(field)s: the plan's actions run from %(first)s to %(last)s, not in %(value)s")
LAYER_ACTORS = N_(
    "The layer '%(value)s' has no ministers: the descriptions name organisations only"
)
NO_OBJECTIVE = N_("%(field)s: the plan has no objective %(value)s")
NOT_A_DATE = N_("'%(value)s' is not a date (yyyy-mm-dd)")
KIND_WORDS = {"organisation": N_("organisation"), "minister": N_("minister")}


def _said(words: Messages, field: str, problem: str, value: str, detail: tuple[str, ...]) -> str:
    if problem == "no-objective":
        return words.gettext(NO_OBJECTIVE, field=field, value=value)
    if problem == "date" and not field:
        return words.gettext(NOT_A_DATE, value=value)
    if problem == "year-range":
        first, last = detail[0].split(" to ")
        return words.gettext(YEAR_RANGE, field=field, value=value, first=first, last=last)
    if problem == "layer-actors":
        return words.gettext(LAYER_ACTORS, value=value)
    if problem == "enum-role":
        field, problem = "role", "enum"
    error = ParameterError("", parameter=field, problem=problem, value=value, detail=detail)
    return problem_message(error, field, words)


def _messages(error: Exception, words: Messages) -> list[str]:
    """The problems of a bad request, each in the page's language where it is known."""
    if isinstance(error, RequestValidationError):
        found = []
        for problem in error.errors():
            where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "?"
            kind = VALIDATION_PROBLEMS.get(str(problem.get("type")))
            given = problem.get("input")
            if kind is not None and (isinstance(given, str) or kind == "missing"):
                expected = (problem.get("ctx") or {}).get("expected", "")
                choices = tuple(c.strip(" '") for c in str(expected).split(",") if c.strip())
                found.append(_said(words, where, kind, str(given or ""), choices))
            else:
                found.append(f"{where}: {problem.get('msg', 'not valid')}")
        return found
    cause = error.__cause__
    if isinstance(cause, NumberError):
        digits = cause.detail if cause.problem == "too-long" else ()
        return [_said(words, cause.name, cause.problem, cause.value, digits)]
    if isinstance(cause, UnknownName) and cause.kind:
        field = words.gettext(KIND_WORDS.get(cause.kind, cause.kind))
        return [_said(words, field, "unknown-name", cause.text, cause.candidates)]
    detail: Any = getattr(error, "detail", None)
    text = str(detail or "bad request")
    for pattern, problem in KNOWN_MESSAGES:
        match = pattern.match(text)
        if match:
            parts = {k: v for k, v in match.groupdict().items() if v is not None}
            value = parts.get("value", parts.get("bare", ""))
            choices = tuple(c.strip() for c in parts.get("detail", "").split(",") if c.strip())
            return [_said(words, parts.get("field", ""), problem, value, choices)]
    return [text]


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
    words = messages(page_language(request))
    values = {"messages": _messages(error, words), "path": request.url.path}
    title = words.gettext("Bad request")
    return render(request, "bad_request.html", values, title=title, status_code=400)


ANSWER_OVER_LIMIT = N_("Answer too large")
TOO_MANY_ROWS = N_(
    "The answer to this question has more than %(size)s rows, the most this server gives at "
    "once (its --max-rows). Narrow the question (one plan, other settings), or ask the "
    "server's operator for a larger --max-rows."
)
TOO_MANY_BYTES = N_(
    "The answer to this question is larger than %(size)s MiB, the most this server holds of "
    "one answer. Narrow the question (one plan, other settings)."
)


async def answer_over_limit_handler(request: Request, error: Exception) -> Response:
    """A named question whose answer is over the service's limits: 413 (as /sparql answers an
    answer too large), a page in the reader's language or the JSON API's `{"detail": ...}`,
    which says which limit and what to do."""
    assert isinstance(error, AnswerOverLimit)
    words = messages(page_language(request) if wants_page(request) else "en")
    if error.limit == "rows":
        message = words.gettext(TOO_MANY_ROWS, size=str(error.size))
    else:
        message = words.gettext(TOO_MANY_BYTES, size=str(error.size // (1024 * 1024)))
    if not wants_page(request):
        return _varies_with_accept(JSONResponse({"detail": message}, status_code=413))
    title = words.gettext(ANSWER_OVER_LIMIT)
    return render(
        request, "answer_too_large.html", {"message": message}, title=title, status_code=413
    )


def not_found(request: Request, path: str, iri: str | None, detail: str | None = None) -> Response:
    """404 for `path` (the IRI it stands for: `iri`, else the site's IRI of the path): the HTML
    page naming both when the client prefers HTML, else JSON `{"detail": ...}`, else plain
    text. `detail`: a more specific message (the JSON API's)."""
    iri = iri or iri_map(request).site_iri(path)
    chosen = choose(request.headers.get("accept"), ["application/json", "text/html", "text/plain"])
    if chosen == "text/html":
        values = {"path": path, "iri": iri, "detail": detail, "search": local_id(path)}
        title = messages(page_language(request)).gettext("Not found")
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
