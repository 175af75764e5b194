"""`/questions`: the named questions of the query library as pages.

`/questions` lists them; `/questions/{name}` shows one: its parameters as a form (GET, so the
URL is the permalink of the answer on screen), its answer as a table (entities linked to their
pages), the SPARQL with the values written in, downloads (CSV, XLSX, JSON: the JSON API's
answer, /api/questions/{name}, with the same parameters) and a link that opens that SPARQL in
the editor. A value that does not fit its parameter gives the form again (400), the message
beside the field. The answers are the JSON API's (api/readmodel/questions.py, cached).

A page is in one language: the question's description, each parameter's text and choices, the
column headers and coded values are the query header's texts in the page's language (the
library's headers carry both), numbers, money and dates in its locale, the error messages from
the catalogue; the downloads it links are asked in its language. The machine names
(parameters, columns) and the SPARQL are in the folded part for researchers and developers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from rdflib.term import Identifier

from actieplan.api.pages.web import Twin, page_language, render
from actieplan.api.plumbing.client_share import client_address
from actieplan.api.plumbing.messages import Messages, messages
from actieplan.api.readmodel.deps import Cache, PlanOrAll, Pool
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.questions import (
    NO,
    YES,
    cell_display,
    computed_answer,
    problem_message,
    shown_order,
)
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import local_id
from actieplan.graph.sparql.library import (
    NamedQuery,
    Parameter,
    ParameterError,
    load_library,
    parameter_term,
    standalone_sparql,
)

router = APIRouter(include_in_schema=False)
# Query parameters of a question page that are not the question's own.
PAGE_PARAMETERS = ("lang", "plan", "rows")
# Rows of an answer a page shows at once: across many plans an answer runs to tens of
# thousands (26 693 for cross-level-actions at 1000 plans), which no one reads on a page and
# which would make it slow and heavy; the downloads hold every row.
PAGE_ROWS = 500
_ROW_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only: "²".isdigit(), but int() refuses it


@dataclass(frozen=True)
class RowWindow:
    """The part of an answer a page shows: rows `first` to `last` (1-based) of `total`, and
    the first rows of the windows before and after it (None at either end)."""

    first: int
    last: int
    total: int
    previous: int | None
    next: int | None

    @classmethod
    def of(cls, asked: str | None, total: int) -> RowWindow:
        """The window that starts at row `asked` (the page's `rows` parameter), moved to the
        start of its window; row 1 for anything that is not a row number of the answer."""
        start = int(asked) if asked and _ROW_NUMBER.fullmatch(asked) else 1
        start = min(max(start, 1), max(total, 1))
        start -= (start - 1) % PAGE_ROWS
        last = min(start + PAGE_ROWS - 1, total)
        return cls(
            start,
            last,
            total,
            start - PAGE_ROWS if start > 1 else None,
            last + 1 if last < total else None,
        )


@dataclass
class Field:
    """A parameter as the form shows it: its value, its choices (value, label) for a select,
    the HTML input type otherwise, and the error of the value given."""

    parameter: Parameter
    value: str
    choices: list[tuple[str, str]]
    input_type: str
    error: str | None = None
    label: str = ""  # the parameter's text in the page's language
    default_shown: str = ""  # its default as the form shows it (a choice's label)


def title(query: NamedQuery, lang: str) -> str:
    return query.title(lang)


def _entity_choices(data: ServiceData, kind: str, lang: str) -> list[tuple[str, str]]:
    labels = Labels(data.graph, data.catalogue, lang)
    if kind == "organisation":
        found = [(o, labels.organisation(o)) for o in data.catalogue.organisations]
    else:
        found = [(p, labels.minister_post(p)) for p in data.catalogue.minister_posts]
    return sorted(found, key=lambda choice: choice[1].casefold())


def _field(
    data: ServiceData, parameter: Parameter, value: str, words: Messages
) -> tuple[Field, Identifier | None]:
    """The form field of a parameter with the value given, and the value's RDF term (None and
    the field's error, in the page's language, when it does not fit)."""
    lang = words.lang
    choices: list[tuple[str, str]] = []
    input_type = {"integer": "number", "date": "date"}.get(parameter.type, "text")
    if parameter.type == "enum":
        choices = [(c, parameter.values[c].text(lang)) for c in parameter.choices]
    elif parameter.type == "boolean":
        choices = [("true", words.gettext(YES)), ("false", words.gettext(NO))]
    elif parameter.type in ("organisation", "minister"):
        choices = _entity_choices(data, parameter.type, lang)
    label = parameter.help.text(lang)
    default = parameter.default or ""
    default_shown = dict(choices).get(default, default) if choices else default
    if parameter.type == "date" and default:
        default_shown = words.date(default)
    field = Field(parameter, value, choices, input_type, None, label, default_shown)
    try:
        term = parameter_term(parameter, value, data.entities)
    except ParameterError as error:
        if error.problem == "enum":  # the choices as the form shows them
            error.detail = tuple(shown for _, shown in choices)
        field.error = problem_message(error, label, words)
        return field, None
    if parameter.type in ("organisation", "minister"):
        field.value = local_id(str(term))  # a name or abbreviation given: select its entry
    elif parameter.type == "boolean":
        field.value = value.lower()
    elif parameter.type == "integer":
        field.value = str(term)  # as answered: read, and moved into the data's range
    return field, term


def entity_labels(data: ServiceData, lang: str) -> dict[str, str]:
    """IRI -> the name a table shows for it (actions by number, objectives by number)."""
    catalogue = data.catalogue
    words = messages(lang)
    labels = {
        a.iri: words.gettext("Action %(number)s", number=a.number)
        for a in catalogue.actions.values()
    }
    labels |= {
        o.iri: words.gettext("Objective %(number)s", number=o.number)
        for o in catalogue.objectives.values()
    }
    names = Labels(data.graph, catalogue, lang)
    labels |= {o.iri: names.organisation(o.id) for o in catalogue.organisations.values()}
    labels |= {p.iri: names.minister_post(p.id) for p in catalogue.minister_posts.values()}
    return labels


@router.get("/questions", response_class=HTMLResponse)
def questions_page(request: Request) -> HTMLResponse:
    lang = page_language(request)
    return render(
        request,
        "questions.html",
        {"questions": list(load_library().values()), "question_title": title},
        title=messages(lang).gettext("Questions"),
        twins=[Twin("/api/questions", "application/json", "JSON")],
    )


@router.get("/questions/{name}", response_class=HTMLResponse)
async def question_page(
    request: Request, data: PlanOrAll, cache: Cache, pool: Pool, name: str
) -> HTMLResponse:
    lang = page_language(request)
    library = load_library()
    if name not in library:
        return render(
            request,
            "question.html",
            {"query": None, "name": name, "questions": list(library)},
            title=messages(lang).gettext("Unknown question"),
            status_code=404,
        )
    query = library[name]
    words = messages(lang)
    given = {k: v for k, v in request.query_params.items() if k not in PAGE_PARAMETERS}
    unknown = [k for k in given if k not in {p.name for p in query.parameters}]
    fields, terms = [], {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default or "")
        field, term = _field(data, parameter, value, words)
        fields.append(field)
        if term is not None:
            terms[parameter.name] = term
    values = {f.parameter.name: f.value for f in fields}
    failed = bool(unknown) or any(f.error for f in fields)
    columns: list[str] = []
    rows: list[list] = []
    if not failed:
        _, columns, rows = await run_in_threadpool(
            computed_answer, data, cache, pool, client_address(request), query, values
        )
    api = f"/api/questions/{name}"
    twins = [] if failed else [Twin(_with(api, values, "json"), "application/json", "JSON")]
    order = shown_order(query, columns)
    found = [query.column(columns[i]) for i in order]
    headers = [c.header.text(lang) if c else columns[i] for c, i in zip(found, order, strict=True)]
    kinds = [c.type if c else "string" for c in found]
    window = RowWindow.of(request.query_params.get("rows"), len(rows))
    cells = [
        [(row[i], cell_display(c, row[i], words)) for c, i in zip(found, order, strict=True)]
        for row in rows[window.first - 1 : window.last]
    ]
    here = {k: v for k, v in request.query_params.items() if k != "rows"}
    person = {**values, "lang": lang}
    return render(
        request,
        "question.html",
        {
            "query": query,
            "fields": fields,
            "unknown": unknown,
            "failed": failed,
            "columns": [columns[i] for i in order],
            "headers": headers,
            "kinds": kinds,
            "coded": [bool(c and c.values) for c in found],
            "rows": cells,
            "window": window,
            "window_href": lambda first: "?" + urlencode({**here, "rows": first}),
            "labels": entity_labels(data, lang) if not failed else {},
            "sparql": _body(standalone_sparql(query, terms) if not failed else query.sparql),
            "downloads": {
                **{fmt: _with(api, person, fmt) for fmt in ("csv", "xlsx")},
                "json": _with(api, values, "json"),
                "excel_csv": _with(api, {**person, "delimiter": "semicolon"}, "csv"),
            },
        },
        title=title(query, lang),
        twins=twins,
        status_code=400 if failed else 200,
    )


def _body(sparql: str) -> str:
    """A library query without its header (the page shows the header's texts already, in
    its language)."""
    lines = sparql.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(lines[start:])


def _with(path: str, values: dict[str, str], fmt: str) -> str:
    """The API URL of this answer in a format."""
    return f"{path}?{urlencode({**values, 'format': fmt})}"
