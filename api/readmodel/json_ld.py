"""The JSON-LD context as the service derives it: from the data, the ontology (/def) and the
dataset description (/dataset), with the prefixes of all three (graph/rdf/jsonld_context.py
has the rules). scripts/jsonld_context.py writes it to ontology/context.jsonld, the file the
service serves at /context.jsonld and every JSON-LD document embeds."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from actieplan.api.readmodel.dataset_description import DESCRIPTION_PREFIXES
from actieplan.api.readmodel.linked_data import ontology
from actieplan.graph.rdf.jsonld_context import derive_context

# The data's and the description's prefixes, and vann (the ontology's namespace metadata).
CONTEXT_PREFIXES = dict(
    sorted({**DESCRIPTION_PREFIXES, "vann": "http://purl.org/vocab/vann/"}.items())
)


def derived_context(data: Graph, description: Graph) -> dict[str, Any]:
    """The context the data graph, the ontology and the dataset description call for."""
    return derive_context([data, ontology(), description], CONTEXT_PREFIXES)
