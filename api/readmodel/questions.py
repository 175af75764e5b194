"""Named questions' answers (graph/sparql/library.py), computed once per parameters and cached:
the JSON API (/api/questions), the question pages and the tables read the same answers.

A question runs in the query workers (api/plumbing/query_pool.py) like a query sent to
/sparql, on either engine: within `--timeout` (the worker is killed after it: QueryTimeout,
503) and with no lock shared with other requests (rdflib's, graph/rdf/rdflib_lock.py, is the
worker's own). Its parameters travel as bindings, and its SPARQL JSON answer is read back into
plain values (`plain_answer`).

In a language (the pages, and a CSV or XLSX asked with `lang=`), an answer has the header's
column texts for headers, its coded values in words ("trekker, vermeld" for `lead mentioned`),
yes/no for booleans, and its IRI columns last; without a language (the JSON API, a CSV or XLSX
asked without `lang`) it keeps the machine names and values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import anyio.from_thread
from rdflib import URIRef
from rdflib.term import Identifier, Node

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.messages import N_, Messages, messages
from actieplan.api.plumbing.query_pool import QueryReply, QueryRequest
from actieplan.api.plumbing.remote_queries import QueryRunner
from actieplan.api.readmodel.kept_answers import decode_table, encode_table
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import local_id
from actieplan.graph.core.workbook import EURO, Sheet
from actieplan.graph.sparql.library import (
    NUMBER_TYPES,
    Column,
    NamedQuery,
    ParameterError,
    list_items,
    parameter_terms,
    plain_answer,
)
from actieplan.graph.sparql.remote import StoreUnavailable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The most bytes of a named question's answer (SPARQL JSON) from the query workers. Not
# --max-answer-bytes, which bounds what any client's query may make the service hold: a named
# question is the library's, and its answer grows with the data only (its rows bounded by
# --max-rows). The timeline across 1000 plans: 50 000 rows, 41 MB.
QUESTION_ANSWER_BYTES = 256 * 1024 * 1024


class QuestionFailed(RuntimeError):
    """The query workers could not answer a named question (a bug, not the client's)."""


class AnswerOverLimit(Exception):
    """A named question's answer is over a limit of the service: more rows than `--max-rows`
    (`rows`), or more bytes than QUESTION_ANSWER_BYTES (`bytes`). The client can narrow the
    question (one plan, other parameters); the operator can raise --max-rows."""

    def __init__(self, question: str, limit: str, size: int) -> None:
        super().__init__(f"named question {question}: the answer has more than {size} {limit}")
        self.question, self.limit, self.size = question, limit, size


def _as_text(term: Node) -> str:
    """A parameter as the API echoes it: a literal's value, an entity's id."""
    return local_id(term) if isinstance(term, URIRef) else str(term)


def _pool_answer(pool: QueryRunner, client: str, query: NamedQuery, request: QueryRequest) -> bytes:
    """The answer of the query workers in SPARQL JSON, from a thread of the thread pool (which
    waits without holding anything: the query runs in a worker process). QueryTimeout and
    PoolBusy pass on; an answer over the bytes it may have is AnswerOverLimit."""
    status, payload = anyio.from_thread.run(pool.run, request, client)
    if status == "unavailable":
        raise StoreUnavailable(str(payload))
    if status == "answer-too-large" and request.max_answer_bytes is not None:
        raise AnswerOverLimit(query.name, "bytes", request.max_answer_bytes)
    if status != "ok" or not isinstance(payload, QueryReply):
        raise QuestionFailed(f"named question {query.name}: {status}: {payload}")
    return payload.body


def _terms_key(terms: dict[str, Identifier]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, term.n3()) for name, term in terms.items()))


def kept_parameters(query: NamedQuery) -> list[dict[str, str]]:
    """The parameters, besides their defaults, whose answers across every plan are warmed at
    start and kept on disk (api/warm_up.py, api/readmodel/kept_answers.py): none (the defaults,
    as the question's page first asks it), and each other choice of a parameter of a few named
    choices (`budget`'s `by`), the others at their defaults. A bounded set, whatever clients
    ask: dates, numbers and names are computed at their first ask and kept in memory only."""
    kept: list[dict[str, str]] = [{}]
    for parameter in query.parameters:
        if parameter.type == "enum":
            kept += [{parameter.name: c} for c in parameter.choices if c != parameter.default]
    return kept


def _kept_files(data: ServiceData, query: NamedQuery) -> dict[tuple[tuple[str, str], ...], str]:
    """The name of the kept file of each of kept_parameters, by its terms' key: the question's
    name, then `--by-lead-organisation` for a choice other than the default. A default the data
    cannot read (an organisation it lacks) keeps nothing."""
    defaults = {p.name: p.default for p in query.parameters if p.default is not None}
    files = {}
    for changed in kept_parameters(query):
        try:
            terms = parameter_terms(query, defaults | changed, data.entities)
        except ParameterError:
            continue
        files[_terms_key(terms)] = query.name + "".join(f"--{n}-{v}" for n, v in changed.items())
    return files


def computed_answer(
    data: ServiceData,
    cache: ComputedCache,
    pool: QueryRunner,
    client: str,
    query: NamedQuery,
    values: dict[str, str],
) -> tuple[dict[str, str], list[str], list[list]]:
    """(the given parameters as read, columns, rows). Cached by the parameters' RDF terms, not
    their text: `min_shared=1`, `01` and `+1` are one entry. Runs in a thread of the thread
    pool (`run_in_threadpool`); `client` is the address the query counts against in the query
    workers' fair share."""
    terms = parameter_terms(query, values, data.entities)
    given = _terms_key(terms)
    key = ("question", query.name, given)

    def ask() -> tuple[list[str], list[list]]:
        request = QueryRequest(
            query.sparql,
            data.question_dataset(query),
            "json",
            "nt",
            None,  # the rows are counted below, once read: a worker would read its answer again
            bindings=terms,
            max_answer_bytes=QUESTION_ANSWER_BYTES,
        )
        return plain_answer(query, _pool_answer(pool, client, query, request))

    def compute() -> tuple[list[str], list[list]]:
        # every plan's answer to kept_parameters, kept on disk (api/readmodel/kept_answers.py);
        # other parameters are kept in memory only
        kept = data.kept_answers
        kept_as = _kept_files(data, query).get(given) if kept is not None else None
        if kept is None or kept_as is None:
            columns, rows = ask()
        else:
            columns, rows = kept.get(
                kept_as, query.sparql + repr(key), ask, encode_table, decode_table
            )
        # --max-rows of this start, also for an answer kept by a start with a larger one
        if pool.max_rows is not None and len(rows) > pool.max_rows:
            raise AnswerOverLimit(query.name, "rows", pool.max_rows)
        return columns, rows

    columns, rows = cache.get(key, compute)
    return {name: _as_text(terms[name]) for name in values}, columns, rows


YES, NO = N_("yes"), N_("no")


def shown_order(query: NamedQuery, columns: list[str]) -> list[int]:
    """The positions of `columns` as a person reads them: IRI columns last, never first."""
    types = {c.name: c.type for c in query.columns}
    return sorted(range(len(columns)), key=lambda i: (types.get(columns[i]) == "iri", i))


def coded_words(column: Column | None, value: object, words: Messages) -> object:
    """A cell with its coded values in the language of `words` (a list's items joined by
    ", "), a boolean as yes/no; any other value as it is."""
    if isinstance(value, bool):
        return words.gettext(YES if value else NO)
    if column is None or not column.values or not isinstance(value, str):
        return value
    lang = words.lang
    if column.type == "list":
        items = list_items(column, value)
        return ", ".join(column.values[i].text(lang) if i in column.values else i for i in items)
    return column.values[value].text(lang) if value in column.values else value


def cell_display(column: Column | None, value: object, words: Messages) -> str:
    """A cell as a page shows it (not IRIs: the page links them): coded values in words,
    numbers and money in the locale's form, dates in words."""
    if value is None or value == "":
        return ""
    kind = column.type if column is not None else "string"
    if kind in NUMBER_TYPES and isinstance(value, (int, float, Decimal)):
        number = value if isinstance(value, int) else float(value)
        if kind == "money":
            return words.money(number)
        return words.number(number, 0 if kind == "integer" else 2)
    if kind == "date" and isinstance(value, str):
        try:
            return words.date(dt.date.fromisoformat(value))
        except ValueError:
            return value  # a date printed as a year or month stays as printed
    return str(coded_words(column, value, words))


def localised_table(
    query: NamedQuery, columns: list[str], rows: list[list], lang: str
) -> tuple[list[str], list[list]]:
    """An answer for a person reading `lang`: the header's column texts, coded values in
    words, IRI columns last (the rows' values otherwise as they are: numbers stay numbers)."""
    words = messages(lang)
    order = shown_order(query, columns)
    found = [query.column(columns[i]) for i in order]
    headers = [c.header.text(lang) if c else columns[i] for c, i in zip(found, order, strict=True)]
    shown = [
        [coded_words(c, row[i], words) for c, i in zip(found, order, strict=True)] for row in rows
    ]
    return headers, shown


# What a page says for each ParameterError.problem: the message ids, filled with `field` (the
# parameter's text in the page's language), `value` and `detail`.
PROBLEM_MESSAGES = {
    "integer": N_("%(field)s: '%(value)s' is not a whole number"),
    "too-long": N_("%(field)s: a number of %(digits)s digits is too long (at most %(most)s)"),
    "boolean": N_("%(field)s: choose yes or no"),
    "date": N_("%(field)s: '%(value)s' is not a date (yyyy-mm-dd)"),
    "enum": N_("%(field)s: '%(value)s' is not one of the choices (%(detail)s)"),
    "unknown-name": N_("%(field)s: no single match for '%(value)s'; did you mean %(detail)s?"),
    "unknown-name-none": N_("%(field)s: nothing found for '%(value)s'"),
    "no-graph": N_("%(field)s: cannot be looked up"),
    "missing": N_("%(field)s: a value is needed"),
    "unknown-parameter": N_("Unknown parameter %(field)s"),
}


def problem_message(error: ParameterError, field: str, words: Messages) -> str:
    """A ParameterError said in the language of `words`, naming `field` (the parameter as the
    page calls it); the English message for a problem without words of its own."""
    problem = error.problem
    if problem == "unknown-name" and not error.detail:
        problem = "unknown-name-none"
    message = PROBLEM_MESSAGES.get(problem)
    if message is None:
        return str(error)
    shown = error.value if len(error.value) <= 24 else error.value[:24] + "…"
    if problem == "too-long":
        digits, most = (words.number(int(d)) for d in error.detail)
        return words.gettext(message, field=field, digits=digits, most=most)
    return words.gettext(message, field=field, value=shown, detail=", ".join(error.detail))


def answer_sheet(
    query: NamedQuery, columns: list[str], rows: list[list], lang: str | None = None
) -> Sheet:
    """An answer as a sheet; the values of date columns as dates (the JSON has them as text).
    With `lang`: headers and coded values in that language, IRI columns last
    (localised_table), the sheet named by the question's title."""
    dates = {c.name for c in query.columns if c.type == "date"}

    def cell(column: str, value: object) -> object:
        if column in dates and isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value  # a date the engine did not give as xsd:date stays text
        return value

    # A sheet's name holds at most 31 characters, none of : \ / ? * [ ].
    typed = [[cell(c, v) for c, v in zip(columns, row, strict=True)] for row in rows]
    money = {c.name for c in query.columns if c.type == "money"}
    if lang is None:
        return Sheet(query.name[:31], columns, typed, {c: EURO for c in columns if c in money})
    headers, shown = localised_table(query, columns, typed, lang)
    euro = {
        header: EURO
        for header in headers
        for c in query.columns
        if c.type == "money" and c.header.text(lang) == header
    }
    name = "".join(" " if c in ":\\/?*[]" else c for c in query.title(lang))[:31].strip()
    return Sheet(name or query.name[:31], headers, shown, euro)
