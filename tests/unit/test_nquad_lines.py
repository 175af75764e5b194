"""The dataset's N-Quads lines (graph/rdf/writer.py nquad_lines) are the lines rdflib's own
N-Triples serialiser writes, with the graph's name added: on literals that need escaping, in a
language, typed, and on the vendored plan's whole graph."""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from actieplan.graph.rdf.writer import nquad_lines

NAME = "https://example.org/graph/plan/x"
S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")
LITERALS = [
    Literal('a "quoted" title'),
    Literal("two\nlines\r\nand a \\ backslash"),
    Literal("tab\tand unicode: één €"),
    Literal("Minister van Justitie", lang="nl"),
    Literal("2021-03-01", datatype=XSD.date),
    Literal(12500.50, datatype=XSD.decimal),
    Literal(True),
    Literal('"\\', lang="en"),
]


def rdflib_lines(graph: Graph) -> list[str]:
    text = graph.serialize(format="nt")
    return sorted(f"{line[: -len(' .')]} <{NAME}> .\n" for line in text.splitlines() if line)


def test_each_literal_is_written_as_rdflib_writes_it():
    graph = Graph()
    for literal in LITERALS:
        graph.add((S, P, literal))
    graph.add((S, P, URIRef("https://example.org/o")))
    assert nquad_lines(graph, NAME) == rdflib_lines(graph)


def test_the_lines_parse_back_to_the_graph_in_its_named_graph():
    graph = Graph()
    for literal in LITERALS:
        graph.add((S, P, literal))
    dataset = Dataset().parse(data="".join(nquad_lines(graph, NAME)), format="nquads")
    assert set(dataset.graph(URIRef(NAME))) == set(graph)


def test_the_plans_graph_is_written_as_rdflib_writes_it(plan_graph):
    lines = nquad_lines(plan_graph, NAME)
    assert len(lines) == 5728  # the vendored plan's triples, one line each
    assert lines == rdflib_lines(plan_graph)
