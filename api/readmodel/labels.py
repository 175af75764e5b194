"""Names in a page's language for the entity pages, the home page and the search: of the
plan's organisations and minister posts (from the catalogue: the reference data's Dutch and
English names, Dutch when there is no English one), and of any node or vocabulary term (through
api/readmodel/linked_data.py `Names`: the data graph, then the ontology and the reused terms'
labels).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from actieplan.api.readmodel.catalogue import Catalogue
from actieplan.api.readmodel.linked_data import LABEL_PROPERTIES, Names, vocabulary
from actieplan.api.readmodel.models import AgentRef
from actieplan.graph.core.vocab import AP

# The languages of the pages and of the names in them: Dutch (the default), English.
LANGUAGES = ("nl", "en")


@dataclass
class Labels:
    """Names for one page: `graph` and `catalogue` of the service, `lang` of the page;
    `data_base` names data IRIs without a label by their path under it."""

    graph: Graph
    catalogue: Catalogue
    lang: str
    data_base: str = ""

    @cached_property
    def names(self) -> Names:
        return Names((self.graph, vocabulary()), self.lang, self.data_base)

    def node(self, node: Node) -> str:
        """A node of the data graph or a term of the vocabulary: its label in the page's
        language (api/readmodel/linked_data.py Names)."""
        return self.names.label(node)

    def literal(self, node: Node) -> Literal | str:
        """The node's label as the literal it is (with its language, for a page to mark a
        name in another language than its own: PageContext.named), or `node`'s name."""
        label = self.node(node)
        found = self.names.literal(node, LABEL_PROPERTIES)
        return found if found is not None and str(found) == label else label

    def term(self, term: str) -> str:
        """A term of the vocabulary (an IRI, or a local name of `ap:` such as "SpecificBudget")."""
        return self.names.label(URIRef(term if ":" in term else str(AP[term])))

    def organisation(self, org_id: str) -> str:
        org = self.catalogue.organisations.get(org_id)
        if org is None:
            return org_id
        return (org.name_en if self.lang == "en" else None) or org.name_nl

    def minister_post(self, post_id: str) -> str:
        post = self.catalogue.minister_posts.get(post_id)
        if post is None:
            return post_id
        return (post.label_en if self.lang == "en" else None) or post.label_nl

    def agent(self, agent: AgentRef) -> str:
        """An organisation or minister post an action names."""
        org = self.catalogue.organisations.get(agent.id)
        if org is not None and org.iri == agent.iri:
            return self.organisation(agent.id)
        post = self.catalogue.minister_posts.get(agent.id)
        if post is not None and post.iri == agent.iri:
            return self.minister_post(agent.id)
        return agent.name
