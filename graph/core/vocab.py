"""Namespaces and the IRI scheme of the graph.

Ontology terms live in one fixed namespace (``ap:``). Data IRIs are minted under one
configurable base IRI:

    {base}plan/{plan}                          the action plan
    {base}plan/{plan}/objective/{N}            an objective
    {base}plan/{plan}/action/{N.M}             an action (and sub-resources below it:
                                               /timing, /budget, /participation/..., /derivation)
    {base}plan/{plan}/source                   the source text file
    {base}organisation/{id}                    organisations (reference data)
    {base}minister-post/{id}                   minister posts
    {base}policy-domain/{id}, {base}government-level/{id}, {base}organisation-kind/{id}
    {base}concept-scheme/{id}                  the concept scheme of each of those vocabularies

A dataset of many plans (`actieplan build PLAN...`, graph/rdf/dataset.py) has named graphs:

    {base}graph/plan/{plan}                    one plan's own triples
    {base}graph/reference                      the shared reference entities, once
    {base}graph/catalogue                      what the dataset holds: per plan its graph,
                                               title, period, source file and its sha256
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

AP = Namespace("https://w3id.org/actieplan/def#")
PPLAN = Namespace("http://purl.org/net/p-plan#")
SCHEMA = Namespace("http://schema.org/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
MANDAAT = Namespace("http://data.vlaanderen.be/ns/mandaat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

DEFAULT_BASE_IRI = "https://w3id.org/actieplan/id/"
BASE_IRI_ENV = "ACTIEPLAN_BASE_IRI"
# The government body ("Jambon", 2019-2024) in the Flemish Chancellery's Themis dataset.
THEMIS_GOVERNMENT = URIRef("http://themis.vlaanderen.be/id/bestuursorgaan/5fed907ee6670526694a0706")
# The licence of the data (the dataset description and every resource's document state it):
# Modellicentie Gratis Hergebruik v1.0, the Flemish open-data licence of what the graph is made
# from (the plan, a public document of the Flemish Government, and the Themis reference data).
DATA_LICENCE = URIRef("https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0")

PREFIXES = {
    "ap": AP,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "p-plan": PPLAN,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "time": TIME,
    "xsd": XSD,
    "dcat": DCAT,
    "void": VOID,
}


def local_id(iri: str | None) -> str:
    """An entity's id: the last segment of its IRI ("abb" for .../organisation/abb, "3.12"
    for .../action/3.12, "Action" for ...def#Action); empty for no IRI."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] if iri else ""


def default_base_iri() -> str:
    return os.environ.get(BASE_IRI_ENV, DEFAULT_BASE_IRI)


@dataclass(frozen=True)
class Iris:
    """Mints the data IRIs of one plan under one base IRI."""

    base: str
    plan_id: str

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    @property
    def plan(self) -> URIRef:
        return URIRef(f"{self.base}plan/{self.plan_id}")

    @property
    def source(self) -> URIRef:
        return URIRef(f"{self.plan}/source")

    @property
    def dataset(self) -> URIRef:
        return URIRef(f"{self.plan}/dataset")

    def objective(self, number: int | str) -> URIRef:
        return URIRef(f"{self.plan}/objective/{number}")

    def action(self, number: str) -> URIRef:
        return URIRef(f"{self.plan}/action/{number}")

    def below(self, parent: URIRef, *path: object) -> URIRef:
        return URIRef("/".join([str(parent), *map(str, path)]))

    def organisation(self, org_id: str) -> URIRef:
        return URIRef(f"{self.base}organisation/{org_id}")

    def minister_post(self, post_id: str) -> URIRef:
        return URIRef(f"{self.base}minister-post/{post_id}")

    def policy_domain(self, domain_id: str) -> URIRef:
        return URIRef(f"{self.base}policy-domain/{domain_id}")

    def government_level(self, level_id: str) -> URIRef:
        return URIRef(f"{self.base}government-level/{level_id}")

    def organisation_kind(self, kind_id: str) -> URIRef:
        return URIRef(f"{self.base}organisation-kind/{kind_id}")

    def concept_scheme(self, scheme_id: str) -> URIRef:
        return URIRef(f"{self.base}concept-scheme/{scheme_id}")


@dataclass(frozen=True)
class DatasetIris:
    """Mints the named-graph IRIs of a dataset of many plans under one base IRI."""

    base: str

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    @property
    def catalogue(self) -> URIRef:
        return URIRef(f"{self.base}graph/catalogue")

    @property
    def reference(self) -> URIRef:
        return URIRef(f"{self.base}graph/reference")

    def plan(self, plan_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/plan/{plan_id}")

    def plan_id(self, graph: str) -> str | None:
        """The id of the plan whose graph is `graph`; None for any other IRI."""
        prefix = f"{self.base}graph/plan/"
        rest = graph[len(prefix) :] if graph.startswith(prefix) else ""
        return rest if rest and "/" not in rest else None

    @classmethod
    def of_catalogue(cls, catalogue: str) -> DatasetIris | None:
        """The IRIs of the dataset whose catalogue graph is `catalogue`; None for another IRI."""
        suffix = "graph/catalogue"
        return cls(catalogue[: -len(suffix)]) if catalogue.endswith(suffix) else None
