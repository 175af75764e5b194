"""The SPARQL 1.1 Service Description of `/sparql`, returned on a GET without a query."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from actieplan.graph.core.vocab import VOID

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


def describe(endpoint: str, default_triples: int, named_graphs: dict[str, int]) -> Graph:
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "Read-only SPARQL 1.1 query endpoint of the action-plan knowledge graph. Updates, "
                "SERVICE and LOAD are refused; queries are stopped after a timeout.",
                lang="en",
            ),
        )
    )
    dataset = BNode("dataset")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode("default-graph")
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(default_triples, datatype=XSD.integer)))
    for name, triples in sorted(named_graphs.items()):
        named = BNode(f"named-{len(graph)}")
        inner = BNode(f"graph-{len(graph)}")
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return graph
