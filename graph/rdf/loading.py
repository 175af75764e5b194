"""Get the plan graph for a command or the service: read a graph file, or build the plan.

Every reader of the graph (validation, queries, network analytics, the service) starts here, so
they all accept the same inputs: a built graph file (Turtle, N-Triples, JSON-LD), a dataset of
many plans (TriG, N-Quads: graph/rdf/dataset.py) whole or one plan of it, or a plan text.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.resources import default_source
from actieplan.graph.core.vocab import DatasetIris
from actieplan.graph.rdf.dataset import DATASET_FORMATS, PlanDataset
from actieplan.graph.rdf.oxigraph_terms import rdflib_term
from actieplan.graph.rdf.pipeline import build

GRAPH_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


def _require_file(path: Path, what_to_do: str) -> None:
    """InputError naming `path` when it is not a file, saying what to do instead."""
    if not path.is_file():
        raise InputError(Problem(str(path), None, None, what_to_do))


def read_graph_file(path: Path | str) -> Graph:
    """Parse a graph file by its suffix; InputError (file, field "format"/"syntax") if it fails.

    Nothing is fetched, by two walls: a JSON-LD document that refers to a context (any string
    where rdflib would load a context: "@context", "@import", scoped contexts) and an RDF/XML
    document with a DTD (entity expansion, external entities) are refused before parsing; and
    the parse itself runs with the network refused (no_network), so that a reference the first
    wall missed fails instead of connecting. Turtle and N-Triples have no way to fetch (rdflib
    does not follow owl:imports). The bytes checked are the bytes parsed: the file is read once.
    """
    path = Path(path)
    fmt = GRAPH_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(GRAPH_FORMATS))
        raise InputError(
            Problem(
                str(path),
                None,
                "format",
                f"unknown graph file suffix {path.suffix!r}; use one of {known}",
            )
        )
    _require_file(path, "no such graph file; run `actieplan build --out DIR` first or omit --graph")
    data = path.read_bytes()
    if fmt == "json-ld":
        _refuse_context_references(path, data)
    elif fmt == "xml":
        _refuse_xml_dtd(path, data)
    graph = Graph()
    try:
        with no_network():
            graph.parse(data=data, format=fmt, publicID=path.absolute().as_uri())
    except Exception as error:  # rdflib raises many parser-specific types
        line = getattr(error, "lines", None) or getattr(error, "line", None)
        raise InputError(
            Problem(
                str(path),
                line if isinstance(line, int) else None,
                "syntax",
                f"not valid {fmt}: {error}",
            )
        ) from error
    if len(graph) == 0:
        raise InputError(Problem(str(path), None, None, "the graph file holds no triples"))
    return graph


def is_dataset_file(path: Path | str) -> bool:
    """Whether `path` names a dataset of many plans (.trig, .nq) rather than one graph."""
    return Path(path).suffix.lower() in DATASET_FORMATS


# pyoxigraph's parsers: a dataset file is read about 30 times faster than with rdflib's.
DATASET_PARSERS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}


def read_dataset_file(path: Path | str, plan: str | None = None) -> PlanDataset:
    """A dataset of plans (.trig, .nq) as `actieplan build PLAN... --out DIR` wrote it: every
    graph, or with `plan` only that plan's, the reference data and the catalogue (the other
    plans' quads are parsed and dropped). InputError (file, field "syntax"/"catalogue") when
    it is not one."""
    wanted = (
        ("graph/catalogue", "graph/reference", f"graph/plan/{plan}") if plan is not None else None
    )
    graphs: dict[str, Graph] = {}

    def graph_of(name: str) -> Graph | None:
        if wanted is not None and not name.endswith(wanted):
            return None
        return graphs.setdefault(name, Graph())

    _read_quads(Path(path), graph_of)
    return PlanDataset.of_graphs(graphs, str(path))


def read_dataset_union(path: Path | str) -> Graph:
    """Every graph of a dataset of plans in one graph (PlanDataset.union), read straight into
    it rather than graph by graph and then copied; InputError as read_dataset_file."""
    union, catalogue = Graph(), Graph()
    is_catalogue = DatasetIris.of_catalogue
    names = _read_quads(Path(path), lambda name: catalogue if is_catalogue(name) else union)
    # The same checks as read_dataset_file: the catalogue, and every plan graph listed in it
    # (the plans' graphs, already in `union`, stand in empty).
    PlanDataset.of_graphs(
        {name: catalogue if is_catalogue(name) else Graph() for name in names}, str(path)
    )
    for triple in catalogue:
        union.add(triple)
    return union


def dataset_union_triples(path: Path | str) -> Iterator[ox.Triple]:
    """Every triple of a dataset of plans, as pyoxigraph's terms (for a store loaded natively,
    with no rdflib graph: read_dataset_union's graph without its copy); a triple in many graphs
    comes as often. InputError as read_dataset_file, the checks of the catalogue made after
    the last triple."""
    path = Path(path)
    catalogue = Graph()
    names: set[str] = set()
    for name, quad in _quads(path):
        names.add(name)
        if DatasetIris.of_catalogue(name):
            _add_to_catalogue(catalogue, quad, path)
        yield quad.triple
    PlanDataset.of_graphs(
        {name: catalogue if DatasetIris.of_catalogue(name) else Graph() for name in names},
        str(path),
    )


def _add_to_catalogue(catalogue: Graph, quad: ox.Quad, path: Path) -> None:
    """A quad of the dataset's catalogue graph, added to `catalogue` as rdflib terms;
    InputError naming the file for a triple term (the catalogue is read as rdflib)."""
    s, p, o = quad.subject, quad.predicate, quad.object
    if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
        raise InputError(Problem(str(path), None, "catalogue", "holds a triple term"))
    catalogue.add((rdflib_term(s), rdflib_term(p), rdflib_term(o)))


@dataclass(frozen=True)
class DatasetParts:
    """A dataset of plans split into one N-Triples file per graph (split_dataset_file): each
    plan's (by plan id, in id order) and the reference graph's; the catalogue read."""

    iris: DatasetIris
    plans: dict[str, Path]
    reference: Path
    catalogue: Graph


# Triples held in memory while a dataset file is split, before they are written out.
SPLIT_BUFFER_TRIPLES = 200_000


def split_dataset_file(path: Path | str, folder: Path) -> DatasetParts:
    """Every plan's graph and the reference graph of a dataset file, each written to an
    N-Triples file of its own in `folder` (by pyoxigraph, with no rdflib graph), for readers
    that take one plan at a time: the file is parsed once, and memory holds at most
    SPLIT_BUFFER_TRIPLES triples, whatever the number of plans. InputError as
    read_dataset_file."""
    path = Path(path)
    catalogue = Graph()
    files: dict[str, Path] = {}
    buffered: dict[str, list[ox.Triple]] = {}
    held = 0

    def write_out() -> None:
        for name, triples in buffered.items():
            if name not in files:
                files[name] = folder / f"{len(files)}.nt"
            with open(files[name], "ab") as output:
                ox.serialize(triples, output, ox.RdfFormat.N_TRIPLES)
        buffered.clear()

    names: set[str] = set()
    for name, quad in _quads(path):
        names.add(name)
        if DatasetIris.of_catalogue(name):
            _add_to_catalogue(catalogue, quad, path)
            continue
        buffered.setdefault(name, []).append(quad.triple)
        held += 1
        if held >= SPLIT_BUFFER_TRIPLES:
            write_out()
            held = 0
    write_out()
    dataset = PlanDataset.of_graphs(
        {name: catalogue if DatasetIris.of_catalogue(name) else Graph() for name in names},
        str(path),
    )
    reference = str(dataset.iris.reference)
    if reference not in files:  # a dataset of plans without reference entities
        files[reference] = folder / "reference.nt"
        files[reference].touch()
    plans = {}
    for plan_id in dataset.plan_ids:
        name = str(dataset.iris.plan(plan_id))
        if name not in files:
            raise InputError(
                Problem(str(path), None, "catalogue", f"lists the graph {name}, which it lacks")
            )
        plans[plan_id] = files[name]
    return DatasetParts(dataset.iris, plans, files[reference], catalogue)


def read_ntriples(path: Path) -> Graph:
    """A graph of an N-Triples file split_dataset_file wrote (add_ntriples)."""
    graph = Graph()
    add_ntriples(path, graph)
    return graph


def add_ntriples(path: Path, graph: Graph) -> None:
    """Add the triples of an N-Triples file split_dataset_file wrote to `graph` (read by
    pyoxigraph's parser, several times faster than rdflib's)."""
    terms: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def term(value: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        if isinstance(value, ox.Triple):
            raise InputError(Problem(str(path), None, "syntax", "holds a triple term"))
        if value not in terms:
            terms[value] = rdflib_term(value)
        return terms[value]

    for triple in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
        graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))


def _read_quads(path: Path, graph_of: Callable[[str], Graph | None]) -> set[str]:
    """Parse a dataset file, adding each quad's triple to graph_of(its graph's name), or
    dropping it where that is None; returns the names of the graphs met. InputError as
    _quads."""
    terms: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def term(value: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        if isinstance(value, ox.Triple):
            raise SyntaxError("a triple term (RDF 1.2), which no plan's graph holds")
        if value not in terms:
            terms[value] = rdflib_term(value)
        return terms[value]

    names: set[str] = set()
    fmt = DATASET_FORMATS[path.suffix.lower()]
    try:
        for name, quad in _quads(path):
            names.add(name)
            graph = graph_of(name)
            if graph is not None:
                graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    except SyntaxError as error:
        raise InputError(
            Problem(str(path), error.lineno, "syntax", f"not valid {fmt}: {error.msg}")
        ) from error
    return names


def _quads(path: Path) -> Iterator[tuple[str, ox.Quad]]:
    """The quads of a dataset file (pyoxigraph's parser, which fetches nothing: nor can TriG
    and N-Quads ask it to), each with the name of its graph. InputError for a file missing,
    not valid, or with a triple outside the named graphs."""
    _require_file(path, "no such dataset file; run `actieplan build PLAN... --out DIR` first")
    fmt = DATASET_FORMATS[path.suffix.lower()]
    try:
        for quad in ox.parse(path=str(path), format=DATASET_PARSERS[fmt]):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise SyntaxError("a triple outside the named graphs of a dataset of plans")
            yield quad.graph_name.value, quad
    except SyntaxError as error:
        raise InputError(
            Problem(str(path), error.lineno, "syntax", f"not valid {fmt}: {error.msg}")
        ) from error


def read_graph_or_dataset(path: Path | str, plan: str | None = None) -> Graph:
    """The graph of a graph file; of a dataset file, the plan `plan` with the reference data,
    or without `plan` every graph of it in one. InputError for `plan` with a graph file."""
    if is_dataset_file(path):
        if plan is None:
            return read_dataset_union(path)
        return read_dataset_file(path, plan).plan(plan)
    if plan is not None:
        raise InputError(
            Problem(
                "--plan",
                None,
                None,
                f"{path} holds one plan; --plan picks a plan of a dataset "
                "(dataset.trig or dataset.nq of `actieplan build PLAN... --out DIR`)",
            )
        )
    return read_graph_file(path)


# --- JSON-LD: no context is loaded from anywhere ------------------------------------------


def context_references(document: object) -> list[tuple[str, str, object]]:
    """(JSON path, keyword, value) of every context reference in a JSON-LD document.

    Where rdflib's JSON-LD parser meets a context (the value of "@context" anywhere in the
    document), it loads each string in it (also in nested lists) as a context document, the
    value of "@import" in a context, and, within a term definition, its scoped "@context"; a
    context document ({"@context": ...}) is unwrapped. Strings elsewhere in a context are IRIs
    of terms and load nothing. A reference that is not a string is invalid and listed too.
    """
    found: list[tuple[str, str, object]] = []

    def document_node(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    context(value, f"{where}.@context")
                else:
                    document_node(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                document_node(item, f"{where}[{index}]")

    def context(value: object, where: str) -> None:
        if value is None:
            return
        if isinstance(value, list):
            for index, item in enumerate(value):
                context(item, f"{where}[{index}]")
        elif isinstance(value, dict):
            for key, entry in value.items():
                if key == "@context":
                    context(entry, f"{where}.@context")
                elif key == "@import":
                    found.append((f"{where}.@import", "@import", entry))
                elif isinstance(entry, dict) and "@context" in entry:  # a scoped context
                    context(entry["@context"], f"{where}.{key}.@context")
        else:
            found.append((where, "@context", value))

    document_node(document, "$")
    return found


def _refuse_context_references(path: Path, data: bytes) -> None:
    try:
        document = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(
            Problem(str(path), getattr(error, "lineno", None), "syntax", f"not valid JSON: {error}")
        ) from error
    references = context_references(document)
    if references:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    keyword,
                    f"{where} refers to a JSON-LD context ({_shorten(value)}); nothing is fetched",
                )
                for where, keyword, value in references[:10]
            ],
            'Inline every context (an object under "@context") instead of referring to one.',
        )


def _shorten(value: object, limit: int = 200) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "..."


# --- RDF/XML: no DTD, so no entities to expand or fetch ------------------------------------


class _DtdFound(Exception):
    pass


def xml_dtd_line(data: bytes) -> int | None:
    """The line of the document type declaration (DTD) of an XML document, None when it has
    none: its entities can expand a few hundred bytes into gigabytes and external ones would be
    fetched. The check is expat, the parser rdflib and openpyxl use, stopped at the start of a
    DTD; expat.ExpatError for a document that is not XML."""
    parser = expat.ParserCreate()

    def refuse(*_: object) -> NoReturn:
        raise _DtdFound

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _DtdFound:
        return int(parser.CurrentLineNumber)
    return None


def _refuse_xml_dtd(path: Path, data: bytes) -> None:
    """Refuse RDF/XML with a document type declaration (RDF/XML needs none)."""
    try:
        line = xml_dtd_line(data)
    except expat.ExpatError as error:
        raise InputError(
            Problem(
                str(path), error.lineno, "syntax", f"not valid XML: {expat.ErrorString(error.code)}"
            )
        ) from error
    if line is not None:
        raise InputError(
            Problem(
                str(path),
                line,
                "DOCTYPE",
                "declares a document type (DTD); entities are not expanded "
                "or fetched: remove the DOCTYPE",
            ),
            "Write the graph as RDF/XML without a DOCTYPE, or as Turtle, N-Triples or JSON-LD.",
        )


# --- the second wall: no network while a graph file is parsed -----------------------------

# Python audit events raised before any network access (see Python's audit events table);
# rdflib documents audit hooks as the way to stop it fetching ("Security considerations").
NETWORK_EVENTS = frozenset(
    {
        "urllib.Request",
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
        "socket.sendto",
        "socket.sendmsg",
    }
)
_network_refused: ContextVar[bool] = ContextVar("network_refused", default=False)
_hook_lock = threading.Lock()
_hook_installed = False


def _refuse_network(event: str, args: tuple[object, ...]) -> None:
    if event in NETWORK_EVENTS and _network_refused.get():
        # socket.connect/sendto/sendmsg: (socket, address); the others start with the target
        target = (
            args[1] if event in ("socket.connect", "socket.sendto", "socket.sendmsg") else args[0]
        )
        raise PermissionError(
            f"no network access while reading a graph file ({event} {target!r} refused)"
        )


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Within this block, in this thread or task only, any network access raises
    PermissionError. An audit hook cannot be removed: it is installed once per process and
    does nothing outside such a block."""
    global _hook_installed
    with _hook_lock:
        if not _hook_installed:
            sys.addaudithook(_refuse_network)
            _hook_installed = True
    token = _network_refused.set(True)
    try:
        yield
    finally:
        _network_refused.reset(token)


def load_graph(
    graph_file: Path | str | None = None,
    source: Path | str | None = None,
    *,
    allow_unknown: bool = False,
    base_iri: str | None = None,
    reference_layers: Sequence[Path] = (),
    plan: str | None = None,
) -> Graph:
    """The graph from `graph_file` if given (of a dataset file, the plan `plan` or all plans:
    read_graph_or_dataset), else built in memory from `source` (default plan) under
    `base_iri` with the shipped reference data and `reference_layers` over it (a graph file
    keeps the IRIs and names it was built with)."""
    if plan is not None and graph_file is None:
        raise InputError(
            Problem(
                "--plan",
                None,
                None,
                "--plan picks a plan of a dataset: give it with --graph dataset.trig "
                "(or dataset.nq) of `actieplan build PLAN... --out DIR`",
            )
        )
    if graph_file is not None and reference_layers:
        raise InputError(
            Problem(
                str(graph_file),
                None,
                "reference",
                "--reference applies when building from a plan; a graph file keeps the "
                "names it was built with",
            )
        )
    if graph_file is not None:
        if base_iri is not None:
            raise InputError(
                Problem(
                    str(graph_file),
                    None,
                    "base IRI",
                    "--base-iri applies when building from a plan; a graph "
                    "file keeps the IRIs it was built with",
                )
            )
        return read_graph_or_dataset(graph_file, plan)
    return build(
        source or default_source(),
        allow_unknown=allow_unknown,
        base_iri=base_iri,
        reference_layers=reference_layers,
        serialise=False,
    ).graph
