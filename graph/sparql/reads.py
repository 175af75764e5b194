"""Which triples a SPARQL query reads: the IRIs in the predicate place of its triple patterns
and property paths, wherever they sit (sub-queries, OPTIONAL, MINUS, EXISTS, UNION); for a
pattern `?s a C` with a constant class, only the rdf:type triples of that class
(`type_read(C)`), as most of a plan's rdf:type triples type what no question asks by type.

A store that holds every triple of those predicates, and the rdf:type triples of those classes,
answers the query as the whole data would; the summary of a dataset's plans
(graph/sparql/dataset_index.py) is such a store. None when the query could read anything: a
variable or a negated path as predicate, a GRAPH or a SERVICE.
"""

from __future__ import annotations

from pyparsing import ParseResults
from rdflib import RDF, URIRef
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translatePath
from rdflib.plugins.sparql.parserutils import CompValue

# Algebra nodes whose triples are not those of the query's default graph.
_ANY_GRAPH = {"Graph", "ServiceGraphPattern"}
RDF_TYPE = str(RDF.type)


def type_read(kind: str) -> str:
    """What a query reads of `?s a <kind>`: the rdf:type triples whose class is `kind`."""
    return f"{RDF_TYPE} {kind}"


def read_pattern(read: str) -> tuple[str, str | None]:
    """The predicate and class (None: any object) of a read of predicates_read."""
    predicate, _, kind = read.partition(" ")
    return predicate, kind or None


def predicates_read(sparql: str) -> frozenset[str] | None:
    """What `sparql` reads: predicate IRIs and `type_read` classes; None when it may read any
    (see the module's text)."""
    found: set[str] = set()
    stack: list[object] = [prepareQuery(sparql).algebra]
    seen: set[int] = set()
    while stack:  # not recursive: a deep algebra must not hit Python's recursion limit
        node = stack.pop()
        if isinstance(node, str) or id(node) in seen:  # terms are strings
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name in _ANY_GRAPH:
                return None
            # BGP: translated triples; TriplesBlock: an EXISTS's pattern, which rdflib keeps
            # as parsed until it runs: a subject's triples in one flat list (s p o s p o for
            # `?s p ?o, ?o2`), its paths in their parsed form
            if node.name in ("BGP", "TriplesBlock"):
                for terms in node.get("triples") or ():
                    if len(terms) % 3:
                        return None
                    for predicate, value in zip(terms[1::3], terms[2::3], strict=True):
                        if predicate == RDF.type and isinstance(value, URIRef):
                            found.add(type_read(str(value)))
                        elif not _add_path(predicate, found):
                            return None
        if isinstance(node, dict):  # CompValue is a dict
            stack.extend(node.values())
        elif isinstance(node, list | tuple | set | frozenset | ParseResults):
            stack.extend(node)
    return frozenset(found)


def _add_path(predicate: object, found: set[str]) -> bool:
    """Add the IRIs of a predicate or property path to `found`; False when it may be any."""
    if isinstance(predicate, CompValue):  # a path as parsed
        predicate = translatePath(predicate)
    if isinstance(predicate, URIRef):
        found.add(str(predicate))
        return True
    if isinstance(predicate, SequencePath | AlternativePath):
        return all(_add_path(part, found) for part in predicate.args)
    if isinstance(predicate, InvPath):
        return _add_path(predicate.arg, found)
    if isinstance(predicate, MulPath):
        return _add_path(predicate.path, found)
    if isinstance(predicate, NegatedPath | Path):
        return False  # !(p) reads every other predicate
    return False  # a variable
