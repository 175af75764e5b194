"""One store interface over two SPARQL engines: pyoxigraph (Rust, the default) and rdflib.

Both take the same data (a default graph and optional named graphs) and return the same
engine-neutral `Answer` (rdflib terms), so the query library, the CLI and the service do not
care which engine runs. `bench/bench_queries.py` measures both on the whole query library;
`tests/unit/test_store.py` asserts that they give identical answers.

No engine is allowed to fetch anything: callers check queries with `graph.sparql.safety`
first; rdflib's loading of remote FROM graphs is switched off here, and a query that rdflib
parses into a SERVICE clause is refused before it runs (a second check, on what rdflib would
execute, after its own reading of escapes and comments).

Both engines take the SPARQL Protocol's dataset (`QueryDataset`) the same way: when a request
names graphs, the dataset is exactly those graphs; the default graph is empty when only named
graphs are given, and there are no named graphs when only default graphs are given.

Both take values for variables through their own bindings, never pasted into the query text
(`bindings`: pyoxigraph's `substitutions`, rdflib's `initBindings`), and a base IRI for the
query's relative IRIs (`base_iri`: pyoxigraph's `base_iri`, rdflib's `prepareQuery(base=)`),
so an engine's error positions are those of the text it was given.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib.plugins.sparql as rdflib_sparql
from pyparsing import ParseResults
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import ResultRow
from rdflib.term import Identifier, Node, Variable

from actieplan.graph.rdf.loading import dataset_union_triples
from actieplan.graph.rdf.oxigraph_terms import rdflib_term
from actieplan.graph.rdf.rdflib_lock import RDFLIB_LOCK
from actieplan.graph.sparql.safety import UnsafeQuery

# rdflib would otherwise dereference FROM / FROM NAMED IRIs it does not hold.
rdflib_sparql.SPARQL_LOAD_GRAPHS = False

ENGINES = ("oxigraph", "rdflib")
# Chosen by measurement: bench/bench_queries.py (docs/command-line.md#questions gives the figures).
DEFAULT_ENGINE = "oxigraph"


class QueryError(ValueError):
    """The query cannot be run: a syntax error, or it asks for more than the store allows."""


class ResultTooLarge(QueryError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the result has more than {limit} rows; add a LIMIT to the query")
        self.limit = limit


@dataclass
class Answer:
    """The result of one query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT)."""

    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] | None = None

    @property
    def kind(self) -> str:
        if self.boolean is not None:
            return "boolean"
        return "graph" if self.triples is not None else "solutions"

    def records(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class QueryDataset:
    """Which graphs a query sees (the SPARQL Protocol's default-graph-uri / named-graph-uri)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    # Oxigraph only. `every_graph`: the union of every graph of the store as the default
    # graph (one index lookup per pattern, where a list of 1000 graphs is 1000 lookups; a
    # triple in two graphs is met twice). `summary`: not graphs, the summary of every plan of
    # a dataset's store (graph/sparql/dataset_index.py PlansStore).
    every_graph: bool = False
    summary: bool = False


@dataclass(frozen=True)
class QueryOptions:
    """How to run one query (see Store.query)."""

    dataset: QueryDataset | None = None
    max_rows: int | None = None
    bindings: Mapping[str, Identifier] = field(default_factory=dict)
    base_iri: str | None = None


class Store(ABC):
    engine: str

    def query(
        self,
        sparql: str,
        *,
        dataset: QueryDataset | None = None,
        max_rows: int | None = None,
        bindings: Mapping[str, Identifier] | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        """Run a SPARQL query; QueryError on syntax errors or more than max_rows rows.

        `bindings` gives variables (by name, without ? or $) their values before the query runs,
        as SPARQL's substitution (SEP-0007) says: a bound variable must be in the SELECT
        projection, and a sub-query sees it only if the sub-query projects it too (Oxigraph
        follows this; rdflib binds it in every sub-query, so a query meant for both engines
        projects the variable in every SELECT that uses it). `base_iri` resolves the query's
        relative IRIs (a BASE in the query itself comes later and wins); without it, Oxigraph
        refuses a relative IRI and rdflib keeps it relative.
        """
        return self._query(sparql, QueryOptions(dataset, max_rows, bindings or {}, base_iri))

    @abstractmethod
    def _query(self, sparql: str, options: QueryOptions) -> Answer:
        """Store.query, in this engine."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of triples in the default graph."""


def _unprojected(names: Iterable[str]) -> QueryError:
    listed = ", ".join(f"?{name}" for name in names)
    return QueryError(
        f"the query binds {listed} but its SELECT does not project it: a value is bound only "
        "to a variable the SELECT lists (SPARQL substitution, SEP-0007); add it to the SELECT"
    )


def _check_size(count: int, max_rows: int | None) -> None:
    if max_rows is not None and count > max_rows:
        raise ResultTooLarge(max_rows)


# --- pyoxigraph --------------------------------------------------------------------------


OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


# Result formats pyoxigraph writes for the endpoint itself (the W3C's SPARQL JSON and XML);
# CSV and TSV stay with graph/sparql/results.py, which makes cells inert for spreadsheets.
WRITTEN_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
# Bytes of a solution with no bound variable as pyoxigraph writes it: `{}` (and a comma), the
# XML `<result></result>`; every row takes at least this many.
SMALLEST_ROW = {"json": 2, "xml": len("<result></result>")}


class AnswerTooLarge(Exception):
    """The written answer grew past its byte limit (CappedOutput)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the answer is more than {limit} bytes")
        self.limit = limit


class CappedOutput(io.BytesIO):
    """A binary output that holds at most `limit` bytes: the write that would pass it raises
    AnswerTooLarge, which stops pyoxigraph's writer (it writes in chunks of a few KiB)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: bytes, /) -> int:  # type: ignore[override]
        if self.tell() + memoryview(data).nbytes > self.limit:
            raise AnswerTooLarge(self.limit)
        return super().write(data)


def _from_ox(term: OxTerm | ox.Triple) -> Node:
    if isinstance(term, ox.Triple):  # RDF 1.2 triple terms: not in this project's graphs
        raise QueryError("the answer holds a triple term, which this service does not return")
    return rdflib_term(term)


def _to_ox_node(term: Node) -> ox.NamedNode | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"{term!r} is not an IRI or a blank node")


def _to_ox(term: Node) -> OxTerm:
    if not isinstance(term, Literal):
        return _to_ox_node(term)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def answer_of(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterable[ox.Triple | ox.Quad],
    max_rows: int | None,
) -> Answer:
    """pyoxigraph's answer (of a query, or triples parsed from a document) as an Answer;
    ResultTooLarge past max_rows rows or triples."""
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=bool(result))
    # Answers repeat a few terms many times: convert each distinct term once per query.
    converted: dict[OxTerm | ox.Triple, Node] = {}

    def term(value: OxTerm | ox.Triple) -> Node:
        node = converted.get(value)
        if node is None:
            node = converted[value] = _from_ox(value)
        return node

    if not isinstance(result, ox.QuerySolutions):
        triples = []
        for triple in result:
            triples.append((term(triple.subject), term(triple.predicate), term(triple.object)))
            _check_size(len(triples), max_rows)
        return Answer(triples=triples)
    variables = [v.value for v in result.variables]
    # The cells read in one loop (no call per cell): a large answer (50 000 rows of a dozen
    # columns across many plans) spends more time here than in the engine otherwise.
    known = converted.get
    rows: list[tuple[Node | None, ...]] = []
    for solution in result:
        cells: list[Node | None] = []
        for value in solution:
            if value is None:
                cells.append(None)
            elif (node := known(value)) is not None:
                cells.append(node)
            else:
                cells.append(term(value))
        rows.append(tuple(cells))
        _check_size(len(rows), max_rows)
    return Answer(variables=variables, rows=rows)


class OxigraphStore(Store):
    engine = "oxigraph"

    def __init__(
        self, store: ox.Store | None = None, default_dataset: QueryDataset | None = None
    ) -> None:
        """A new store in memory, or `store` (an on-disk one: graph/sparql/dataset_index.py).
        `default_dataset`: the graphs a query reads when it names none (else the store's
        default graph)."""
        self._store = store if store is not None else ox.Store()
        self._default_dataset = default_dataset

    def add_graph(self, graph: Graph, name: str | None = None) -> None:
        context = ox.NamedNode(name) if name else ox.DefaultGraph()
        self._store.extend(
            ox.Quad(_to_ox_node(s), ox.NamedNode(str(p)), _to_ox(o), context) for s, p, o in graph
        )

    def add_triples(self, triples: Iterable[ox.Triple]) -> None:
        """Add pyoxigraph triples to the default graph (a triple met twice is one)."""
        self._store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)

    def __len__(self) -> int:
        if self._default_dataset is not None:
            answer = self._run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", QueryOptions())
            assert isinstance(answer, ox.QuerySolutions)
            return int(next(answer)["n"].value)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def _run(
        self, sparql: str, options: QueryOptions
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """pyoxigraph's own (lazy) result of a query."""
        arguments: dict[str, Any] = {"base_iri": options.base_iri}
        bindings, dataset = options.bindings, options.dataset or self._default_dataset
        if dataset is not None and dataset.summary:
            raise QueryError("this store holds no summary of plans (dataset_index.PlansStore)")
        if bindings:
            arguments["substitutions"] = {ox.Variable(n): _to_ox(t) for n, t in bindings.items()}
        if dataset is not None and dataset.every_graph:
            arguments["use_default_graph_as_union"] = True
        elif dataset is not None:
            # The protocol's dataset replaces the store's and the query's FROM / FROM NAMED;
            # an empty list is an empty default graph / no named graphs (without the option,
            # pyoxigraph would use the store's own).
            arguments["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
            arguments["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        try:
            result = self._store.query(sparql, **arguments)
        except SyntaxError as error:
            raise QueryError(str(error)) from error
        except RuntimeError as error:
            # pyoxigraph's one evaluation error raised before any solution: a bound variable
            # the SELECT does not project ("... does not contains variable ?x in its SELECT
            # projection").
            if bindings and "SELECT projection" in str(error):
                raise _unprojected(bindings) from error
            raise
        return result

    def _query(self, sparql: str, options: QueryOptions) -> Answer:
        return answer_of(self._run(sparql, options), options.max_rows)

    def write(
        self, sparql: str, fmt: str, output: CappedOutput, options: QueryOptions
    ) -> str | Answer:
        """Run a query and let pyoxigraph write its solutions or boolean in `fmt` (json or
        xml) into `output`, with no term passing through Python; returns the kind written
        ("solutions", "boolean"). A graph (CONSTRUCT, DESCRIBE) is returned as an Answer, for
        the project's writers (prefixes, the JSON-LD context). QueryError as `query`;
        AnswerTooLarge when `output` fills; ResultTooLarge over `options.max_rows` rows,
        counted by reading the written answer back (pyoxigraph's parser, no terms kept) when
        it is large enough to hold that many."""
        result = self._run(sparql, options)
        if isinstance(result, ox.QueryTriples):
            return answer_of(result, options.max_rows)
        result_format = WRITTEN_FORMATS[fmt]
        result.serialize(output, result_format)
        if isinstance(result, ox.QueryBoolean):
            return "boolean"
        max_rows = options.max_rows
        # Fewer bytes than max_rows + 1 of the smallest rows cannot hold too many rows.
        if max_rows is not None and output.tell() >= (max_rows + 1) * SMALLEST_ROW[fmt]:
            written = ox.parse_query_results(output.getvalue(), result_format)
            assert isinstance(written, ox.QuerySolutions)
            _check_size(sum(1 for _ in written), max_rows)
        return "solutions"


# --- rdflib ------------------------------------------------------------------------------


class RdflibStore(Store):
    engine = "rdflib"

    def __init__(self) -> None:
        self._dataset = Dataset()

    def add_graph(self, graph: Graph, name: str | None = None) -> None:
        target = self._dataset.graph(URIRef(name)) if name else self._dataset.default_graph
        for prefix, namespace in graph.namespaces():
            self._dataset.bind(prefix, namespace, override=False)
        target += graph

    def __len__(self) -> int:
        return len(self._dataset.default_graph)

    def _view(self, dataset: QueryDataset) -> Dataset:
        """The protocol's dataset: a default graph merged from the graphs named in
        default-graph-uri (empty if none) and only the named graphs in named-graph-uri."""
        view = Dataset()
        for name in dataset.default_graphs:
            view.default_graph += self._dataset.graph(URIRef(name))
        for name in dataset.named_graphs:
            named = view.graph(URIRef(name))
            named += self._dataset.graph(URIRef(name))
        return view

    def _query(self, sparql: str, options: QueryOptions) -> Answer:
        bindings, dataset, max_rows = options.bindings, options.dataset, options.max_rows
        target = self._dataset
        with RDFLIB_LOCK:  # rdflib's SPARQL parser is not thread-safe (graph.rdflib_lock)
            try:
                prepared = prepareQuery(sparql, base=options.base_iri)
            except Exception as error:  # pyparsing's ParseException, RecursionError, ...
                raise QueryError(str(error)) from error
            refuse_service(prepared.algebra)
            if bindings and prepared.algebra.name == "SelectQuery":
                projected = set(prepared.algebra.get("PV") or ())
                if any(Variable(name) not in projected for name in bindings):
                    raise _unprojected(bindings)  # as Oxigraph refuses it
            try:
                if dataset is not None:
                    # The protocol's dataset replaces the query's FROM / FROM NAMED.
                    prepared.algebra["datasetClause"] = None
                    target = self._view(dataset)
                result = target.query(
                    prepared, initBindings={Variable(n): t for n, t in bindings.items()}
                )
            except Exception as error:  # pyparsing's ParseException and rdflib's own errors
                raise QueryError(str(error)) from error
            if result.type == "ASK":
                return Answer(boolean=bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                triples = list(result.graph or ())
                _check_size(len(triples), max_rows)
                return Answer(triples=triples)
            variables = [str(v) for v in result.vars or ()]
            rows: list[tuple[Node | None, ...]] = [
                tuple(row) for row in result if isinstance(row, ResultRow)
            ]  # evaluated here, lazily
        _check_size(len(rows), max_rows)
        return Answer(variables=variables, rows=rows)


def refuse_service(algebra: CompValue) -> None:
    """Raise UnsafeQuery if rdflib's algebra of a query holds a SERVICE clause anywhere (in a
    sub-query, EXISTS, OPTIONAL, MINUS, GRAPH, UNION, ...): rdflib would fetch it."""
    stack, seen = [algebra], set()
    while stack:  # not recursive: a deep algebra must not hit Python's recursion limit
        node = stack.pop()
        if isinstance(node, str) or id(node) in seen:  # terms are strings
            continue
        seen.add(id(node))
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            target = node.get("term")
            raise UnsafeQuery(
                "SERVICE",
                "SERVICE (federated query) is not allowed: this endpoint never "
                f"fetches data from elsewhere (rdflib reads SERVICE {target.n3() if target else ''}"
                " in this query). Remove the SERVICE clause and query the graphs held here",
                kind="service",
            )
        if isinstance(node, dict):  # CompValue is a dict
            stack.extend(node.values())
        elif isinstance(node, list | tuple | set | frozenset | ParseResults):
            stack.extend(node)


def open_dataset_store(path: Path | str) -> OxigraphStore:
    """Every plan of a dataset file (.trig, .nq) in the default graph of a pyoxigraph store,
    loaded from the file with no rdflib graph in between: the store of
    open_store(loading.read_dataset_union(path)), in a fraction of its time and memory.
    InputError as read_dataset_union."""
    store = OxigraphStore()
    store.add_triples(dataset_union_triples(path))
    return store


def open_store(
    graph: Graph, engine: str = DEFAULT_ENGINE, named_graphs: Iterable[tuple[str, Graph]] = ()
) -> Store:
    """A store of `engine` holding `graph` as its default graph (plus optional named graphs)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SPARQL engine {engine!r}; use one of {', '.join(ENGINES)}")
    store = OxigraphStore() if engine == "oxigraph" else RdflibStore()
    store.add_graph(graph)
    for name, named in named_graphs:
        store.add_graph(named, name)
    return store
