"""The JSON-LD context as the service derives it: from the data, the ontology (/def) and the
dataset description (/dataset), with the prefixes of all three (graph/rdf/jsonld_context.py
has the rules). scripts/jsonld_context.py writes it to ontology/context.jsonld, the file the
service serves at /context.jsonld and every JSON-LD document embeds."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from actieplan.api.readmodel.dataset_description import DESCRIPTION_PREFIXES
from actieplan.api.readmodel.linked_data import ontology, publisher_statements
from actieplan.graph.core.vocab import AP, DCAT
from actieplan.graph.rdf.jsonld_context import derive_context

# The data's and the description's prefixes, and vann (the ontology's namespace metadata).
CONTEXT_PREFIXES = dict(
    sorted({**DESCRIPTION_PREFIXES, "vann": "http://purl.org/vocab/vann/"}.items())
)


def derived_context(data: Graph, description: Graph) -> dict[str, Any]:
    """The context the data graph, the ontology, the dataset description and the publisher's
    statements of every resource's document (linked_data.describe) call for."""
    documents = Graph()
    dataset = next(description.subjects(RDF.type, DCAT.Dataset), None)
    for plan in data.subjects(RDF.type, AP.ActionPlan):
        if isinstance(plan, URIRef) and isinstance(dataset, URIRef):
            documents += publisher_statements(plan, dataset)
    return derive_context([data, ontology(), description, documents], CONTEXT_PREFIXES)
