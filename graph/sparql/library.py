"""The SPARQL query library: `queries/*.rq`, each with a header this module reads.

Header lines (comments before the first PREFIX/SELECT line); every text a person reads is
given in Dutch and in English, and a header missing either is refused (QueryLibraryError
naming file:line and field)::

    # title@nl: ...              # title@en: ...
    # description@nl: ...        # description@en: ...
    #   (either continued on lines starting with "#   ")
    # param: NAME (TYPE) = DEFAULT ; nl: what it means ; en: what it means
    # column: NAME (TYPE) ; nl: Column header ; en: Column header
    # value: NAME = CODE ; nl: word ; en: word      (a coded value of a column or parameter)
    # pivot: ROW, COLUMN, VALUE   (optional: the long-form result is a matrix)

The machine names (NAME, CODE) are what the SPARQL, the JSON API and the CLI use; the texts
are what a page or a download in a language shows (`Bilingual.text(lang)`). Every choice of
an enum parameter has a `value:` line; a column's coded values may have them (a list column's
codes are then ordered as the `value:` lines are).

A parameter appears in the query as the variable `$NAME`, and the engine binds it to an RDF
term when the query runs (pyoxigraph's `substitutions`, rdflib's `initBindings`: see
`Store.query`); the text is never changed. SPARQL substitution (SEP-0007) binds only a
variable the SELECT projects, and a sub-query sees it only if it projects it too, so a query
lists each parameter in its SELECT (and GROUP BY, if it groups), and in the SELECT (and
GROUP BY) of every sub-query that uses it; the answer leaves the parameters' columns out.
Parameter types: integer, boolean, date, string, enum (one of the values listed:
`enum: a, b`), organisation and minister (an id, abbreviation or name, looked up in the graph).
An integer may be bounded to the data's range, `integer: LOW..HIGH`, each bound a number or a
size of the served graph (`BOUND_MEASURES`: actions, plans, policy_domains, levels,
first_year, last_year) plus or minus a number: a value beyond a bound is answered as the bound
(so `min_shared=1000` and `min_shared=999999` are one answer and one cache entry), and the bounds
are chosen so that this answer is the same (`min_shared (integer: 1..actions+1)`: no pair
shares more actions than the plan has).
A query's ORDER BY is total, across plans too: where rows could tie on every other key (two
plans' actions 3.2), it ends on the row's IRI (the action, the organisation, the group), which
puts them in the order of their IRIs, that is of their plans, on every engine.
Column types: iri, string, integer, decimal, money (a decimal in euro), date, boolean, list
(space- or "; "-separated values; GROUP_CONCAT order is engine-specific, so lists are sorted
here).
A value that does not fit its parameter raises ParameterError, which carries what a page needs
to say it in its own language (`problem`, `value`, `detail`) beside the English message.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import threading
import weakref
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from actieplan.graph.core.lookup import KIND_CLASSES, NAME_PROPERTIES, NameLookup, UnknownName
from actieplan.graph.core.numbers import NumberError, clamped, read_integer, shown
from actieplan.graph.core.records import number_order
from actieplan.graph.core.resources import queries_dir
from actieplan.graph.sparql.reads import predicates_read
from actieplan.graph.sparql.results import term_of_json
from actieplan.graph.sparql.store import Answer, Store
from actieplan.graph.sparql.substitution import written_in

PARAM_TYPES = ("integer", "boolean", "date", "string", "enum", "organisation", "minister")
COLUMN_TYPES = ("iri", "string", "integer", "decimal", "money", "date", "boolean", "list")
NUMBER_TYPES = ("integer", "decimal", "money")
LANGUAGES = ("nl", "en")
_LANGUAGE_NAMES = {"nl": "Dutch", "en": "English"}
_HEADER = re.compile(
    r"#\s*(title@nl|title@en|description@nl|description@en|param|column|value|pivot):\s*(.*)"
)
_PARAM = re.compile(r"(\w+)\s*\(([^)]*)\)\s*(?:=\s*([^;]*?))?\s*(?:;\s*(.*))?$")
_COLUMN = re.compile(r"(\w+)\s*\((\w+)\)\s*(?:;\s*(.*))?$")
_VALUE = re.compile(r"(\w+)\s*=\s*([^;]+?)\s*(?:;\s*(.*))?$")
_TEXT_PART = re.compile(r"(?:^|;)\s*(nl|en):\s*")
_BOUND = re.compile(r"(-?\d+)|([a-z_]+)(?:([+-])(\d+))?")
# The sizes of the served graph an integer parameter's bounds may name (EntityIndex.of).
_AP = "https://w3id.org/actieplan/def#"
BOUND_MEASURES = {
    "actions": f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{_AP}Action> }}",
    "plans": f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{_AP}ActionPlan> }}",
    "policy_domains": f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?o <{_AP}policyDomain> ?x }}",
    "levels": f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?o <{_AP}governmentLevel> ?x }}",
    "first_year": f"SELECT (MIN(YEAR(?x)) AS ?n) WHERE {{ ?t <{_AP}startsOn>|<{_AP}endsOn> ?x }}",
    "last_year": f"SELECT (MAX(YEAR(?x)) AS ?n) WHERE {{ ?t <{_AP}startsOn>|<{_AP}endsOn> ?x }}",
}


class QueryLibraryError(ValueError):
    """A query file's header is malformed (says file, line and field)."""


class ParameterError(ValueError):
    """A parameter value the query cannot take (says which parameter and why).

    Beside the English message: `parameter` (its name), `problem` (what is wrong, for a page to
    say in its language: "integer", "too-long", "boolean", "date", "enum", "unknown-name",
    "no-graph", "unknown-parameter", "missing"), `value` (the text given) and `detail` (the
    enum's choices, the lookup's candidates...)."""

    def __init__(
        self,
        message: str,
        *,
        parameter: str = "",
        problem: str = "",
        value: str = "",
        detail: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.problem = problem
        self.value = value
        self.detail = detail


@dataclass(frozen=True)
class Bilingual:
    """A text of a query's header in Dutch and in English."""

    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    help: Bilingual
    choices: tuple[str, ...] = ()
    bounds: tuple[str, str] | None = None  # an integer's LOW..HIGH, as the header says them
    values: dict[str, Bilingual] = field(default_factory=dict, compare=False, hash=False)

    @property
    def description(self) -> str:
        """What the parameter means, in English (the JSON API's and the CLI's text)."""
        return self.help.en


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    header: Bilingual
    values: dict[str, Bilingual] = field(default_factory=dict, compare=False, hash=False)

    @property
    def description(self) -> str:
        """The column's header in English (the JSON API's text)."""
        return self.header.en


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title_nl: str
    title_en: str
    about: Bilingual
    parameters: tuple[Parameter, ...]
    columns: tuple[Column, ...]
    sparql: str
    path: Path
    pivot: tuple[str, str, str] | None = None

    @cached_property
    def reads(self) -> frozenset[str] | None:
        """The predicates the query reads (graph/sparql/reads.py): a store of every triple of
        these answers it as the whole data does. None: it may read any."""
        return predicates_read(self.sparql)

    @property
    def description(self) -> str:
        """What the query answers, in English (the JSON API's and the CLI's text)."""
        return self.about.en

    def title(self, lang: str) -> str:
        return self.title_nl if lang == "nl" else self.title_en

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise ParameterError(
            f"query {self.name!r} has no parameter {name!r} (parameters: {known})",
            parameter=name,
            problem="unknown-parameter",
            detail=tuple(p.name for p in self.parameters),
        )

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _texts(rest: str | None, where: str) -> Bilingual:
    """`nl: ... ; en: ...` read into both languages; QueryLibraryError (`where` is
    "file:line [field]") when a language is missing, given twice or empty."""
    parts = _TEXT_PART.split((rest or "").strip())
    if parts[0].strip():
        raise QueryLibraryError(
            f"{where}: unreadable text {parts[0].strip()!r}; expected 'nl: ... ; en: ...'"
        )
    found: dict[str, str] = {}
    for lang, text in zip(parts[1::2], parts[2::2], strict=True):
        if lang in found:
            raise QueryLibraryError(f"{where}: the {_LANGUAGE_NAMES[lang]} text is given twice")
        found[lang] = text.strip()
    for lang in LANGUAGES:
        if not found.get(lang):
            raise QueryLibraryError(
                f"{where}: no {_LANGUAGE_NAMES[lang]} text ('{lang}: ...'); every text of a "
                "header is given in Dutch (nl) and English (en)"
            )
    return Bilingual(found["nl"], found["en"])


def parse_query_file(path: Path) -> NamedQuery:
    """Read one .rq file and its header; QueryLibraryError names file:line and field on a bad
    header (a text missing a language among them)."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    parameters: list[Parameter] = []
    columns: list[Column] = []
    values: list[tuple[int, str, str, Bilingual]] = []
    pivot = None
    last = None
    header_end = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            header_end = number
            break
        match = _HEADER.match(line)
        if match is None:
            if last is not None and last.startswith("description@") and line.startswith("#   "):
                fields[last] += " " + line[1:].strip()
                continue
            raise QueryLibraryError(f"{path}:{number}: unreadable header line {line!r}")
        key, value = match.group(1), match.group(2).strip()
        last = key
        if key == "param":
            parameters.append(_parse_parameter(value, path, number))
        elif key == "column":
            column = _COLUMN.match(value)
            if column is None or column.group(2) not in COLUMN_TYPES:
                raise QueryLibraryError(
                    f"{path}:{number} [column]: expected 'NAME (TYPE) ; nl: header ; "
                    f"en: header' with TYPE one of {', '.join(COLUMN_TYPES)}"
                )
            where = f"{path}:{number} [column {column.group(1)}]"
            columns.append(Column(column.group(1), column.group(2), _texts(column.group(3), where)))
        elif key == "value":
            coded = _VALUE.match(value)
            if coded is None:
                raise QueryLibraryError(
                    f"{path}:{number} [value]: expected 'NAME = CODE ; nl: word ; en: word'"
                )
            where = f"{path}:{number} [value {coded.group(1)}={coded.group(2)}]"
            values.append((number, coded.group(1), coded.group(2), _texts(coded.group(3), where)))
        elif key == "pivot":
            parts = tuple(p.strip() for p in value.split(","))
            if len(parts) != 3:
                raise QueryLibraryError(f"{path}:{number} [pivot]: expected ROW, COLUMN, VALUE")
            pivot = (parts[0], parts[1], parts[2])
        else:
            fields[key] = value
            lines[key] = number
    for required in ("title@nl", "title@en", "description@nl", "description@en"):
        if not fields.get(required):
            base = required.split("@")[0]
            other = next((k for k in lines if k.startswith(base + "@")), None)
            at = lines.get(required) or (lines[other] if other else header_end)
            raise QueryLibraryError(
                f"{path}:{at} [{required}]: missing from the header; every text of a header "
                "is given in Dutch (@nl) and English (@en)"
            )
    if not columns:
        raise QueryLibraryError(f"{path} [column]: the header declares no result columns")
    parameters, columns = _with_values(path, parameters, columns, values)
    return NamedQuery(
        path.stem,
        fields["title@nl"],
        fields["title@en"],
        Bilingual(fields["description@nl"], fields["description@en"]),
        tuple(parameters),
        tuple(columns),
        text,
        path,
        pivot,
    )


def _with_values(
    path: Path,
    parameters: list[Parameter],
    columns: list[Column],
    values: list[tuple[int, str, str, Bilingual]],
) -> tuple[list[Parameter], list[Column]]:
    """The parameters and columns with their coded values' texts (the `value:` lines); every
    choice of an enum parameter must have one."""
    named: dict[str, dict[str, Bilingual]] = {}
    known = {p.name for p in parameters} | {c.name for c in columns}
    for number, name, code, texts in values:
        if name not in known:
            raise QueryLibraryError(
                f"{path}:{number} [value {name}={code}]: no parameter or column {name!r}"
            )
        parameter = next((p for p in parameters if p.name == name), None)
        if parameter is not None and parameter.type == "enum" and code not in parameter.choices:
            raise QueryLibraryError(
                f"{path}:{number} [value {name}={code}]: {code!r} is not one of the "
                f"choices of {name} ({', '.join(parameter.choices)})"
            )
        named.setdefault(name, {})[code] = texts
    for parameter in parameters:
        missing = [c for c in parameter.choices if c not in named.get(parameter.name, {})]
        if missing:
            raise QueryLibraryError(
                f"{path} [value {parameter.name}={missing[0]}]: every choice of {parameter.name} "
                f"needs a line '# value: {parameter.name} = {missing[0]} ; nl: ... ; en: ...'"
            )
    return (
        [replace(p, values=named.get(p.name, {})) for p in parameters],
        [replace(c, values=named.get(c.name, {})) for c in columns],
    )


def _parse_parameter(value: str, path: Path, number: int) -> Parameter:
    match = _PARAM.match(value)
    if match is None:
        raise QueryLibraryError(
            f"{path}:{number} [param]: expected 'NAME (TYPE) = DEFAULT ; nl: what it means ; "
            "en: what it means'"
        )
    name, type_text, default, description = match.groups()
    choices: tuple[str, ...] = ()
    bounds = None
    if type_text.startswith("integer:"):
        low, sep, high = type_text[8:].strip().partition("..")
        if not sep or not all(_BOUND.fullmatch(b.strip()) for b in (low, high)):
            raise QueryLibraryError(
                f"{path}:{number} [param]: expected 'integer: LOW..HIGH', each bound a number "
                f"or one of {', '.join(BOUND_MEASURES)} (+N or -N)"
            )
        bounds = (low.strip(), high.strip())
        named = {m.group(2) for m in map(_BOUND.fullmatch, bounds) if m and m.group(2)}
        unknown = named - set(BOUND_MEASURES)
        if unknown:
            raise QueryLibraryError(
                f"{path}:{number} [param]: unknown bound {sorted(unknown)[0]!r}; use a number "
                f"or one of {', '.join(BOUND_MEASURES)}"
            )
        type_text = "integer"
    if type_text.startswith("enum:"):
        choices = tuple(c.strip() for c in type_text[5:].split(","))
        type_text = "enum"
    if type_text not in PARAM_TYPES:
        raise QueryLibraryError(
            f"{path}:{number} [param]: unknown type {type_text!r}; use one "
            f"of {', '.join(PARAM_TYPES)}"
        )
    help_texts = _texts(description, f"{path}:{number} [param {name}]")
    return Parameter(name, type_text, default, help_texts, choices, bounds)


@lru_cache(maxsize=4)
def _library(directory: Path) -> dict[str, NamedQuery]:
    queries = [parse_query_file(path) for path in sorted(directory.glob("*.rq"))]
    return {query.name: query for query in queries}


def load_library(directory: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query of the library, by name (the file name without .rq)."""
    return _library((directory or queries_dir()).resolve())


def get_query(name: str, directory: Path | None = None) -> NamedQuery:
    library = load_library(directory)
    if name not in library:
        close = difflib.get_close_matches(name, library, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ParameterError(
            f"no query named {name!r} in {directory or queries_dir()}{hint} "
            "(`actieplan query --list` lists them)"
        )
    return library[name]


# --- parameters ---------------------------------------------------------------------------


@dataclass
class EntityIndex(NameLookup):
    """What parameters are read against in one store: its organisations and minister posts by
    the one name lookup (graph/core/lookup.py: the same names, read with SPARQL instead of from
    an rdflib graph), and the sizes an integer's bounds name (`BOUND_MEASURES`)."""

    measures: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store) -> EntityIndex:
        kinds = " ".join(f"<{c}>" for c in KIND_CLASSES.values())
        names = "|".join(f"<{p}>" for p in NAME_PROPERTIES)
        answer = store.query(
            f"SELECT ?entity ?kind ?name WHERE {{ VALUES ?kind {{ {kinds} }} ?entity a ?kind . "
            f"?entity {names} ?name }}"
        )
        kind_of = {str(c): k for k, c in KIND_CLASSES.items()}
        rows = [
            (kind_of[str(kind)], str(entity), str(name))
            for entity, kind, name in answer.rows
            if isinstance(entity, URIRef)  # a parameter names an entity by its IRI
        ]
        index = cls.of_names(rows)
        for measure, sparql in BOUND_MEASURES.items():
            found = store.query(sparql).rows
            value = found[0][0] if found else None
            if isinstance(value, Literal) and isinstance(value.toPython(), int):
                index.measures[measure] = value.toPython()
        return index

    def bound(self, text: str) -> int | None:
        """A bound of an integer parameter: a number, or a measure +/- a number (None for a
        measure this graph has no value of: no dates, say)."""
        match = _BOUND.fullmatch(text)
        if match is None:
            raise ValueError(f"not a bound: {text!r}")
        if match.group(1):
            return int(match.group(1))
        if match.group(2) not in self.measures:
            return None
        step = int(match.group(4) or 0)
        return self.measures[match.group(2)] + (step if match.group(3) != "-" else -step)

    def find_term(self, what: str, text: str) -> URIRef:
        """The entity's IRI as an RDF term; ParameterError with the lookup's message."""
        try:
            return URIRef(self.find(what, text))
        except UnknownName as error:
            raise ParameterError(str(error)) from error


def parameter_term(parameter: Parameter, value: str, entities: EntityIndex | None) -> Identifier:
    """The RDF term a parameter value stands for; ParameterError if the value does not fit
    (its `problem` says what is wrong: see ParameterError)."""
    where = f"parameter {parameter.name} ({parameter.type})"

    def refused(problem: str, why: str, detail: tuple[str, ...] = ()) -> ParameterError:
        return ParameterError(
            f"{where}: {shown(value)} does not fit: {why}",
            parameter=parameter.name,
            problem=problem,
            value=value,
            detail=detail,
        )

    if parameter.type == "integer":
        try:
            number = read_integer(value, parameter.name, signed=True)
        except NumberError as error:
            raise refused(error.problem, str(error), error.detail) from error
        if parameter.bounds is not None and entities is not None:
            low, high = (entities.bound(b) for b in parameter.bounds)
            number = clamped(
                number,
                low if low is not None else number,
                high if high is not None else number,
            )
        return Literal(number)
    if parameter.type == "boolean":
        if value.lower() not in ("true", "false"):
            raise refused("boolean", "expected true or false")
        return Literal(value.lower() == "true")
    if parameter.type == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise refused("date", "expected a date as YYYY-MM-DD") from None
        return Literal(day, datatype=XSD.date)
    if parameter.type == "enum":
        if value not in parameter.choices:
            raise refused("enum", f"expected one of {', '.join(parameter.choices)}")
        return Literal(value)
    if parameter.type in ("organisation", "minister"):
        if entities is None:
            raise refused("no-graph", "no graph to look it up in")
        try:
            return URIRef(entities.find(parameter.type, value))
        except UnknownName as error:
            raise ParameterError(
                f"{where}: {error}",
                parameter=parameter.name,
                problem="unknown-name",
                value=value,
                detail=error.candidates,
            ) from error
    return Literal(value)


def parameter_terms(
    query: NamedQuery, values: dict[str, str], entities: EntityIndex | None = None
) -> dict[str, Identifier]:
    """The RDF term of every parameter: the value given (read as its type) or the header's
    default. Two texts of one value ("1", "01", "+1") give the same term."""
    for name in values:
        query.parameter(name)  # raises on an unknown name
    terms = {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            raise ParameterError(
                f"parameter {parameter.name} of {query.name!r} needs a value",
                parameter=parameter.name,
                problem="missing",
            )
        terms[parameter.name] = parameter_term(parameter, value, entities)
    return terms


def standalone_sparql(query: NamedQuery, terms: dict[str, Identifier]) -> str:
    """The query as plain SPARQL with each parameter's value written in, for reading
    (`actieplan query --show`) and for SPARQL servers that take no bindings (see
    graph/sparql/substitution.py). `answer` never runs it on the embedded engines: they bind
    the values."""
    return written_in(query.sparql, terms)


# --- results ------------------------------------------------------------------------------


def without_parameters(query: NamedQuery, answer: Answer) -> Answer:
    """The answer without the parameters' columns (a query projects its parameters only so
    that the engine can bind them)."""
    names = {parameter.name for parameter in query.parameters}
    keep = [i for i, variable in enumerate(answer.variables) if variable not in names]
    if len(keep) == len(answer.variables):
        return answer
    return Answer(
        variables=[answer.variables[i] for i in keep],
        rows=[tuple(row[i] for i in keep) for row in answer.rows],
    )


def list_items(column: Column, text: str) -> list[str]:
    """The items of a list column's cell: split at "; " or else at spaces (a cell that is one
    coded value of the column whole, spaces and all, is one item)."""
    if text in column.values:
        return [text]
    separator = "; " if "; " in text else " "
    return [item for item in text.split(separator) if item]


def _position(codes: list[str], item: str) -> int:
    return codes.index(item) if item in codes else len(codes)


def normalise_lists(query: NamedQuery, answer: Answer) -> Answer:
    """Sort the items of list columns (action numbers in numeric order: 3.9 before 3.10; coded
    values in the order of the header's `value:` lines)."""
    lists = _list_columns(query, answer.variables)
    if not lists:
        return answer
    rows = []
    for row in answer.rows:
        cells = list(row)
        for index, column in lists:
            if cells[index] is not None:
                cells[index] = Literal(sorted_list(column, str(cells[index])))
        rows.append(tuple(cells))
    return Answer(variables=answer.variables, rows=rows)


def _list_columns(query: NamedQuery, variables: list[str]) -> list[tuple[int, Column]]:
    """(position in `variables`, column) of each list column an answer has."""
    columns = {c.name: c for c in query.columns if c.type == "list"}
    return [(i, columns[v]) for i, v in enumerate(variables) if v in columns]


def sorted_list(column: Column, text: str) -> str:
    """A list column's cell with its items sorted: coded values in the order of the header's
    `value:` lines (lead before mentioned), others as numbers (3.9 before 3.10)."""
    if text in column.values:
        return text
    separator = "; " if "; " in text else " "
    items = [p for p in text.split(separator) if p]
    codes = list(column.values)
    if codes:
        items.sort(key=lambda item: (_position(codes, item), item))
    else:
        items.sort(key=number_order)
    return separator.join(items)


# One index per store: a store's data does not change once it is loaded.
_ENTITY_INDEXES: weakref.WeakKeyDictionary[Store, EntityIndex] = weakref.WeakKeyDictionary()
_ENTITY_INDEXES_LOCK = threading.Lock()


def entity_index(store: Store) -> EntityIndex:
    """The store's organisations and minister posts by name, read once per store."""
    with _ENTITY_INDEXES_LOCK:
        if store not in _ENTITY_INDEXES:
            _ENTITY_INDEXES[store] = EntityIndex.of(store)
        return _ENTITY_INDEXES[store]


def store_terms(store: Store, query: NamedQuery, values: dict[str, str]) -> dict[str, Identifier]:
    """parameter_terms, with organisations and minister posts looked up in the store and
    integers bounded by its sizes."""
    entity_types = {"organisation", "minister"}
    read_in_store = any(p.type in entity_types or p.bounds for p in query.parameters)
    return parameter_terms(query, values, entity_index(store) if read_in_store else None)


def shaped(query: NamedQuery, result: Answer) -> Answer:
    """An engine's answer to a query as the library gives it: the columns the header declares
    (without the parameters'), list items sorted."""
    return normalise_lists(query, without_parameters(query, result))


def answer(store: Store, query: NamedQuery, terms: dict[str, Identifier]) -> Answer:
    """The (normalised) answer of a query, its parameters bound by the engine to their terms
    (see store_terms); it has the columns the header declares."""
    return shaped(query, store.query(query.sparql, bindings=terms))


def run_query(
    store: Store, name: str, values: dict[str, str] | None = None, directory: Path | None = None
) -> tuple[NamedQuery, Answer]:
    """Run a named query with parameter values; returns the query and its (normalised) answer."""
    query = get_query(name, directory)
    return query, answer(store, query, store_terms(store, query, values or {}))


PlainValue = int | Decimal | bool | str | None
# Read once: each `XSD.x` is a namespace look-up, and python_value meets every cell of an
# answer (550 000 in the timeline across 1000 plans: 1.3 s of look-ups)
_PLAIN_DATATYPES = (XSD.integer, XSD.decimal, XSD.boolean)
_PLAIN_COLUMNS = (*NUMBER_TYPES, "boolean")


# What python_value gives for a literal of these datatypes, read from SPARQL JSON without making
# an rdflib term (`plain_answer`; its lexical form as Oxigraph and rdflib write it): the text
# as it is, unless its column is a number or boolean.
_XSD = str(XSD)
_TEXT_DATATYPES = frozenset(
    {None, _XSD + "string", _XSD + "date", _XSD + "gYear", _XSD + "gYearMonth", _XSD + "anyURI"}
)
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_INTEGER, _DECIMAL, _BOOLEAN = _XSD + "integer", _XSD + "decimal", _XSD + "boolean"  # made once


def _plain_cell(cell: dict[str, str] | None, column_type: str) -> PlainValue:
    """python_value of the term of a SPARQL JSON cell, made without the term where it can."""
    if cell is None:
        return None
    value = cell["value"]
    if cell["type"] != "literal" or "xml:lang" in cell:
        return value  # an IRI's or blank node's text; a language's string
    datatype = cell.get("datatype")
    try:
        if datatype == _INTEGER:
            return int(value)
        if datatype == _DECIMAL:
            return Decimal(value)
    except (ValueError, ArithmeticError):
        return value  # ill-typed: its text, as rdflib gives it
    if datatype == _BOOLEAN:
        return _BOOLEANS.get(value, value)
    if datatype in _TEXT_DATATYPES and column_type not in _PLAIN_COLUMNS:
        return value
    return python_value(term_of_json(cell), column_type)


def plain_answer(query: NamedQuery, body: bytes) -> tuple[list[str], list[list[PlainValue]]]:
    """(columns, rows of plain values) of a SPARQL JSON answer to `query`: what `shaped` and
    then python_value give of `from_json(body)`, without rdflib terms (the timeline across 1000
    plans, 550 000 cells: rdflib's terms were half the time of a page)."""
    doc = json.loads(body)
    names = {parameter.name for parameter in query.parameters}
    columns = [v for v in doc["head"]["vars"] if v not in names]
    types = [c.type if c else "string" for c in map(query.column, columns)]
    lists = _list_columns(query, columns)
    rows = []
    for binding in doc["results"]["bindings"]:
        row = [
            _plain_cell(binding.get(name), kind) for name, kind in zip(columns, types, strict=True)
        ]
        for index, column in lists:
            cell = row[index]
            if isinstance(cell, str):
                row[index] = sorted_list(column, cell)
        rows.append(row)
    return columns, rows


def python_value(term: Node | None, column_type: str = "string") -> PlainValue:
    """A cell as a plain Python value: int, Decimal, bool, str (IRIs and dates as text)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if column_type in _PLAIN_COLUMNS or term.datatype in _PLAIN_DATATYPES:
            value = term.toPython()
            if isinstance(value, (int, Decimal, bool)):
                return value
        return str(term)
    return str(term)
