"""The description of the served dataset: DCAT-AP 3 (catalogue, dataset, distributions, the
SPARQL endpoint as a data service) and VoID (size, class and property partitions, dumps,
endpoint, URI space, vocabularies), as one rdflib graph with the published IRIs.

The dataset is `{public site}dataset` (answering at /dataset); its nodes are fragments of that
document (`#catalog`, `#publisher`, `#distribution-graph-ttl`, `#class-ap-Action`), so the
description has no blank nodes and is written by the build's deterministic writers. Every node
the description refers to is typed as DCAT-AP's shapes expect (a licence is a
dcterms:LicenseDocument, a download URL an rdfs:Resource, a theme a skos:Concept with a label):
the official DCAT-AP 3.0.0 shapes pass on it without inference (tests/unit/test_dataset.py).

What it states, and why:
- licence of the data: Modellicentie Gratis Hergebruik v1.0, the Flemish open-data licence of
  what the graph is made from (the plan, a public document of the Flemish Government, and the
  Themis reference data); the ontology keeps its own (CC BY 4.0, ontology/actieplan.ttl);
- publisher: this project (it publishes the graph; the plan's author is the Flemish
  Government, named in the provenance statement); no publisher type: none of the EU list's
  types is known to fit, and DCAT-AP does not require one;
- temporal coverage: the years printed in the plan's title or source file name ("2020-2024":
  1 January of the first to 31 December of the last), else the span of the actions' dates;
- provenance: prov:wasDerivedFrom the source document (its file name and SHA-256 from the
  graph) and a dcterms:provenance statement; not dcterms:source, which DCAT-AP reserves for
  datasets;
- dcterms:modified: the date the graph states of itself (graph/rdf/dates.py data_modified:
  the build dates it by the ontology and the reference data); no dcterms:issued (the service
  cannot know when the dataset was first published).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.settings import Settings
from actieplan.api.readmodel.downloads import GRAPH_DUMPS, Download, FileFacts, file_facts
from actieplan.api.readmodel.iri_paths import IriMap
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.resources import default_source, ontology_file
from actieplan.graph.core.vocab import AP, DATA_LICENCE, DCAT, PREFIXES, VOID
from actieplan.graph.rdf.dates import data_modified
from actieplan.graph.rdf.export import serialize
from actieplan.graph.rdf.writer import to_jsonld, to_turtle

SPDX = Namespace("http://spdx.org/rdf/terms#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
DATA_LICENCE_TITLE = "Modellicentie Gratis Hergebruik v1.0"
PUBLISHER_NAME = {
    "nl": "Project Actieplan-kennisgraaf",
    "en": "Action plan knowledge graph project",
}
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
THEME = URIRef(EU + "data-theme/GOVE")  # Government and public sector
THEME_LABEL = {"nl": "Overheid en publieke sector", "en": "Government and public sector"}
LANGUAGES = {"NLD": "Nederlands", "ENG": "English"}  # texts are Dutch, labels also English
KEYWORDS = {
    "nl": ("actieplan", "Vlaamse Regering", "kennisgraaf", "beleid", "linked data"),
    "en": ("action plan", "Flemish Government", "knowledge graph", "policy", "linked data"),
}
# Prefixes of the description's own documents (Turtle and JSON-LD).
DESCRIPTION_PREFIXES = {
    **{prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
    "spdx": str(SPDX),
}
PERIOD_PRINTED = re.compile(r"\b((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class SourceDocument:
    iri: URIRef
    file_name: str | None
    sha256: str | None
    line_count: int | None


@dataclass(frozen=True)
class Served:
    """What the description is made from: the served graph and facts about its files."""

    graph: Graph
    iris: IriMap
    version: str
    data_file: Path  # the file the data was read or built from
    files: dict[str, FileFacts]  # by download name; those listed are distributions


def _literal(graph: Graph, node: URIRef, predicate: URIRef) -> str | None:
    value = graph.value(node, predicate)
    return str(value) if value is not None else None


def source_documents(graph: Graph) -> list[SourceDocument]:
    """The graph's ap:SourceDocuments with their file name, SHA-256 and line count."""
    documents = []
    for node in sorted(graph.subjects(RDF.type, AP.SourceDocument), key=str):
        if isinstance(node, URIRef):
            lines = graph.value(node, AP.lineCount)
            count = lines.toPython() if isinstance(lines, Literal) else None
            documents.append(
                SourceDocument(
                    node,
                    _literal(graph, node, AP.fileName),
                    _literal(graph, node, AP.sha256),
                    count if isinstance(count, int) else None,
                )
            )
    return documents


def plan_titles(graph: Graph) -> list[str]:
    return sorted(
        str(t)
        for p in graph.subjects(RDF.type, AP.ActionPlan)
        for t in graph.objects(p, DCTERMS.title)
    )


def temporal_coverage(graph: Graph) -> tuple[dt.date, dt.date] | None:
    """The plan's period: years printed as "YYYY-YYYY" in its title or source file name, else
    the first and last date of its actions' timings (None when neither is there)."""
    printed = plan_titles(graph) + [d.file_name or "" for d in source_documents(graph)]
    for text in printed:
        match = PERIOD_PRINTED.search(text)
        if match and match.group(1) <= match.group(2):
            return dt.date(int(match.group(1)), 1, 1), dt.date(int(match.group(2)), 12, 31)
    dates = [
        value.toPython()
        for value in graph.objects(None, TIME.inXSDDate)
        if isinstance(value, Literal) and isinstance(value.toPython(), dt.date)
    ]
    return (min(dates), max(dates)) if dates else None


@dataclass(frozen=True)
class VoidFigures:
    triples: int
    entities: int  # distinct typed IRI subjects
    distinct_subjects: int
    distinct_objects: int
    classes: dict[URIRef, int]  # class -> instances
    properties: dict[URIRef, int]  # property -> triples


def void_figures(graph: Graph) -> VoidFigures:
    classes: Counter[URIRef] = Counter()
    properties: Counter[URIRef] = Counter()
    subjects, objects, typed = set(), set(), set()
    for s, p, o in graph:
        subjects.add(s)
        objects.add(o)
        properties[p] += 1  # type: ignore[index]
        if p == RDF.type and isinstance(o, URIRef):
            classes[o] += 1
            if isinstance(s, URIRef):
                typed.add(s)
    return VoidFigures(
        len(graph), len(typed), len(subjects), len(objects), dict(classes), dict(properties)
    )


def _curie_key(iri: str) -> str:
    """`ap-Action` for ap:Action: a readable fragment for a partition node."""
    for prefix, namespace in sorted(DESCRIPTION_PREFIXES.items(), key=lambda i: -len(i[1])):
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if re.fullmatch(r"[A-Za-z0-9_-]+", local):
                return f"{prefix}-{local}"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", iri).strip("-")


class Description:
    """Builds the description graph of one served dataset."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.g = Graph()
        site = served.iris.public_site
        self.site = site
        self.dataset = URIRef(site + "dataset")
        self.catalog = URIRef(site + "dataset#catalog")
        self.publisher = URIRef(site + "dataset#publisher")
        self.service = URIRef(site + "dataset#sparql-service")
        self.endpoint = URIRef(site + "sparql")
        self.home = URIRef(site)

    def node(self, fragment: str) -> URIRef:
        return URIRef(f"{self.dataset}#{fragment}")

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    def typed(self, node: URIRef, *types: URIRef) -> URIRef:
        for kind in types:
            self.add(node, RDF.type, kind)
        return node

    def texts(self, node: URIRef, predicate: URIRef, texts: dict[str, str]) -> None:
        for lang, text in texts.items():
            self.add(node, predicate, Literal(text, lang=lang))

    # --- DCAT-AP -----------------------------------------------------------------------
    def build_dcat(self) -> None:
        graph, served = self.served.graph, self.served
        plan = plan_titles(graph)
        name = plan[0] if plan else ""
        period = temporal_coverage(graph)
        years = f" {period[0].year}-{period[1].year}" if period else ""
        title = {
            "nl": f"Kennisgraaf van het {name}{years}" if name else "Kennisgraaf van een actieplan",
            "en": f"Knowledge graph of the action plan “{name}”{years}"
            if name
            else "Knowledge graph of an action plan",
        }
        description = {
            "nl": "De doelstellingen en acties van een actieplan van de Vlaamse Regering met hun "
            "coördinerende en betrokken ministers, trekkers en partners, timing en budget, "
            "als linked data opgebouwd uit de tekst van het plan; elk feit verwijst naar zijn "
            "bronregels.",
            "en": "The objectives and actions of a Flemish Government action plan with their "
            "coordinating and involved ministers, lead and partner organisations, timing and "
            "budget, as linked data built from the plan's text; every fact points to its "
            "source lines.",
        }
        catalog = self.typed(self.catalog, DCAT.Catalog)
        self.texts(
            catalog,
            DCTERMS.title,
            {
                "nl": "Catalogus van de actieplan-kennisgraaf",
                "en": "Catalogue of the action plan knowledge graph",
            },
        )
        self.texts(
            catalog,
            DCTERMS.description,
            {
                "nl": "De dataset en de SPARQL-dienst van deze server.",
                "en": "The dataset and the SPARQL service of this server.",
            },
        )
        self.add(catalog, DCTERMS.publisher, self.publisher)
        self.add(catalog, FOAF.homepage, self.typed(self.home, FOAF.Document))
        self.add(catalog, DCAT.dataset, self.dataset)
        self.add(catalog, DCAT.service, self.service)

        publisher = self.typed(self.publisher, FOAF.Agent)
        self.texts(publisher, FOAF.name, PUBLISHER_NAME)

        dataset = self.typed(self.dataset, DCAT.Dataset)
        self.texts(dataset, DCTERMS.title, title)
        self.texts(dataset, DCTERMS.description, description)
        self.add(dataset, DCTERMS.publisher, self.publisher)
        self.add(dataset, DCAT.landingPage, self.home)
        self.add(dataset, DCTERMS.license, self.licence())
        for code, label in LANGUAGES.items():
            language = self.typed(URIRef(EU + "language/" + code), DCTERMS.LinguisticSystem)
            self.add(language, RDFS.label, Literal(label))
            self.add(dataset, DCTERMS.language, language)
        for lang, words in KEYWORDS.items():
            for word in words:
                self.add(dataset, DCAT.keyword, Literal(word, lang=lang))
        theme = self.typed(THEME, SKOS.Concept)
        self.texts(theme, SKOS.prefLabel, THEME_LABEL)
        scheme = self.typed(URIRef(EU + "data-theme"), SKOS.ConceptScheme)
        self.add(scheme, DCTERMS.title, Literal("Data theme", lang="en"))
        self.add(theme, SKOS.inScheme, scheme)
        self.add(dataset, DCAT.theme, theme)
        if period:
            when = self.typed(self.node("period"), DCTERMS.PeriodOfTime)
            self.add(when, DCAT.startDate, Literal(period[0].isoformat(), datatype=XSD.date))
            self.add(when, DCAT.endDate, Literal(period[1].isoformat(), datatype=XSD.date))
            self.add(dataset, DCTERMS.temporal, when)
        if (modified := data_modified(graph)) is not None:
            self.add(dataset, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date))
        self.add(dataset, DCAT.version, Literal(served.version))
        self.provenance(dataset)
        ontology = self.ontology()
        if ontology is not None:
            self.add(dataset, DCTERMS.conformsTo, ontology)
        for download in GRAPH_DUMPS:
            if download.name in served.files:
                self.add(dataset, DCAT.distribution, self.distribution(download))
        self.add(dataset, DCAT.distribution, self.sparql_distribution())
        self.data_service()

    def licence(self) -> URIRef:
        licence = self.typed(DATA_LICENCE, DCTERMS.LicenseDocument)
        self.add(licence, DCTERMS.title, Literal(DATA_LICENCE_TITLE, lang="nl"))
        return licence

    def provenance(self, dataset: URIRef) -> None:
        for document in source_documents(self.served.graph):
            self.typed(document.iri, FOAF.Document, AP.SourceDocument)
            self.add(dataset, PROV.wasDerivedFrom, document.iri)
            if document.file_name:
                self.add(document.iri, AP.fileName, Literal(document.file_name))
            if document.sha256:
                self.add(document.iri, AP.sha256, Literal(document.sha256))
            if document.line_count is not None:
                self.add(document.iri, AP.lineCount, Literal(document.line_count))
            statement = self.typed(self.node("provenance"), DCTERMS.ProvenanceStatement)
            file_name = document.file_name or str(document.iri)
            digest = f" (SHA-256 {document.sha256})" if document.sha256 else ""
            self.texts(
                statement,
                RDFS.label,
                {
                    "nl": f"Opgebouwd uit de tekst van het plan, een openbaar document van de "
                    f"Vlaamse Regering: {file_name}{digest}; namen van ministers en "
                    "organisaties uit gecureerde referentiegegevens.",
                    "en": f"Built from the plan's text, a public document of the Flemish "
                    f"Government: {file_name}{digest}; names of ministers and organisations "
                    "from curated reference data.",
                },
            )
            self.add(dataset, DCTERMS.provenance, statement)

    def ontology(self) -> URIRef | None:
        ontology = Graph().parse(ontology_file(), format="turtle")
        iri = ontology.value(None, RDF.type, OWL.Ontology)
        if not isinstance(iri, URIRef):
            return None
        self.typed(iri, DCTERMS.Standard)
        for title in ontology.objects(iri, DCTERMS.title):
            if isinstance(title, Literal):
                self.add(iri, DCTERMS.title, title)
        for licence in ontology.objects(iri, DCTERMS.license):
            if isinstance(licence, URIRef):
                self.add(iri, DCTERMS.license, self.typed(licence, DCTERMS.LicenseDocument))
        return iri

    def resource(self, path: str) -> URIRef:
        """A URL of this site, typed rdfs:Resource as DCAT-AP's shapes check it."""
        return self.typed(URIRef(self.site + path.lstrip("/")), RDFS.Resource)

    def media_type(self, media_type: str) -> URIRef:
        return self.typed(URIRef(IANA + media_type), DCTERMS.MediaType)

    def distribution(self, download: Download) -> URIRef:
        facts = self.served.files[download.name]
        node = self.typed(
            self.node("distribution-" + download.name.replace(".", "-")), DCAT.Distribution
        )
        self.texts(node, DCTERMS.title, {"nl": download.title_nl, "en": download.title_en})
        url = self.resource("download/" + download.name)
        self.add(node, DCAT.downloadURL, url)
        self.add(node, DCAT.accessURL, url)
        self.add(node, DCAT.mediaType, self.media_type(download.media_type))
        file_type = self.typed(
            URIRef(EU + "file-type/" + download.file_type), DCTERMS.MediaTypeOrExtent
        )
        self.add(node, DCTERMS.format, file_type)
        if download.compressed:
            self.add(node, DCAT.compressFormat, self.media_type("application/gzip"))
        self.add(node, DCAT.byteSize, Literal(facts.byte_size, datatype=XSD.nonNegativeInteger))
        checksum = self.typed(URIRef(f"{node}-checksum"), SPDX.Checksum)
        algorithm = self.typed(SPDX.checksumAlgorithm_sha256, SPDX.ChecksumAlgorithm)
        self.add(checksum, SPDX.algorithm, algorithm)
        self.add(checksum, SPDX.checksumValue, Literal(facts.sha256, datatype=XSD.hexBinary))
        self.add(node, SPDX.checksum, checksum)
        self.add(node, DCTERMS.license, DATA_LICENCE)
        return node

    def sparql_distribution(self) -> URIRef:
        node = self.typed(self.node("distribution-sparql"), DCAT.Distribution)
        self.texts(node, DCTERMS.title, {"nl": "SPARQL-eindpunt", "en": "SPARQL endpoint"})
        self.add(node, DCAT.accessURL, self.resource("sparql"))
        self.add(node, DCAT.accessService, self.service)
        self.add(node, DCTERMS.license, DATA_LICENCE)
        return node

    def data_service(self) -> None:
        service = self.typed(self.service, DCAT.DataService)
        self.texts(
            service,
            DCTERMS.title,
            {
                "nl": "SPARQL-eindpunt van de actieplan-kennisgraaf",
                "en": "SPARQL endpoint of the action plan knowledge graph",
            },
        )
        self.texts(
            service,
            DCTERMS.description,
            {
                "nl": "Alleen lezen, SPARQL 1.1 Protocol; een GET zonder query geeft de "
                "servicebeschrijving.",
                "en": "Read-only, SPARQL 1.1 Protocol; a GET without a query returns the "
                "service description.",
            },
        )
        self.add(service, DCAT.endpointURL, self.resource("sparql"))
        self.add(service, DCAT.endpointDescription, self.resource("sparql"))
        self.add(service, DCAT.servesDataset, self.dataset)
        standard = self.typed(SPARQL_PROTOCOL, DCTERMS.Standard)
        self.add(standard, DCTERMS.title, Literal("SPARQL 1.1 Protocol", lang="en"))
        self.add(service, DCTERMS.conformsTo, standard)
        self.add(service, DCTERMS.publisher, self.publisher)
        self.add(service, DCTERMS.license, DATA_LICENCE)

    # --- VoID --------------------------------------------------------------------------
    def build_void(self, figures: VoidFigures) -> None:
        dataset = self.typed(self.dataset, VOID.Dataset)
        self.add(dataset, VOID.triples, Literal(figures.triples))
        self.add(dataset, VOID.entities, Literal(figures.entities))
        self.add(dataset, VOID.distinctSubjects, Literal(figures.distinct_subjects))
        self.add(dataset, VOID.distinctObjects, Literal(figures.distinct_objects))
        self.add(dataset, VOID.classes, Literal(len(figures.classes)))
        self.add(dataset, VOID.properties, Literal(len(figures.properties)))
        self.add(dataset, VOID.sparqlEndpoint, self.endpoint)
        for download in GRAPH_DUMPS:
            if download.name in self.served.files and not download.compressed:
                self.add(dataset, VOID.dataDump, URIRef(self.site + "download/" + download.name))
        self.add(dataset, VOID.uriSpace, Literal(self.served.iris.data_base))
        for namespace in sorted(self.vocabularies(figures)):
            self.add(dataset, VOID.vocabulary, URIRef(namespace))
        for iri, count in sorted(figures.classes.items()):
            part = self.typed(self.node("class-" + _curie_key(iri)), VOID.Dataset)
            self.add(part, VOID["class"], iri)
            self.add(part, VOID.entities, Literal(count))
            self.add(dataset, VOID.classPartition, part)
        for iri, count in sorted(figures.properties.items()):
            part = self.typed(self.node("property-" + _curie_key(iri)), VOID.Dataset)
            self.add(part, VOID.property, iri)
            self.add(part, VOID.triples, Literal(count))
            self.add(dataset, VOID.propertyPartition, part)

    @staticmethod
    def vocabularies(figures: VoidFigures) -> set[str]:
        """The namespaces (of the known prefixes) whose classes or properties the graph uses."""
        used = set()
        for term in [*figures.classes, *figures.properties]:
            for namespace in PREFIXES.values():
                if str(term).startswith(str(namespace)):
                    used.add(str(namespace))
        return used


def dcat_description(served: Served, figures: VoidFigures) -> Graph:
    """DCAT-AP and VoID in one graph: what /dataset serves."""
    description = Description(served)
    description.build_dcat()
    description.build_void(figures)
    return description.g


def void_description(served: Served, figures: VoidFigures) -> Graph:
    """VoID alone: what /.well-known/void serves."""
    description = Description(served)
    description.build_void(figures)
    return description.g


def served_dataset(
    data: ServiceData, cache: ComputedCache, settings: Settings, iris: IriMap
) -> Served:
    """The served dataset and the facts of its downloads (computing the downloads once)."""
    data_file = Path(settings.graph_file or settings.source or default_source())
    files = {d.name: file_facts(data, cache, d) for d in GRAPH_DUMPS}
    return Served(data.graph, iris, data.version, data_file, files)


def description_graph(
    data: ServiceData, cache: ComputedCache, settings: Settings, iris: IriMap, which: str
) -> Graph:
    """The description graph ("dataset": DCAT-AP + VoID, "void": VoID), built once."""

    def compute() -> Graph:
        facts = served_dataset(data, cache, settings, iris)
        figures = void_figures(facts.graph)
        build = dcat_description if which == "dataset" else void_description
        return build(facts, figures)

    return cache.get(("description", which), compute)


def description_text(graph: Graph, fmt: str) -> str:
    """The description in an RDF format ("ttl", "jsonld", "nt": a document format's suffix),
    with the description's prefixes where the format has them."""
    if fmt == "ttl":
        return to_turtle(graph, DESCRIPTION_PREFIXES)
    if fmt == "jsonld":
        return to_jsonld(graph, DESCRIPTION_PREFIXES)
    return serialize(graph, "nt")
