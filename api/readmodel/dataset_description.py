"""The description of the served dataset: DCAT-AP 3 and DCAT-AP Vlaanderen (catalogue, its
record, dataset, distributions, the SPARQL endpoint as a data service) and VoID (size, class and
property partitions, dumps, endpoint, URI space, vocabularies, the Themis linkset, example
resources), as one rdflib graph with the published IRIs.

The dataset is `{public site}dataset` (answering at /dataset); its nodes are fragments of that
document (`#catalog`, `#record`, `#publisher`, `#contact`, `#distribution-graph-ttl`,
`#class-ap-Action`), so the description has no blank nodes and is written by the build's
deterministic writers. Every node the description refers to is typed as the profiles' shapes
expect (a licence is a dcterms:LicenseDocument, a download URL an rdfs:Resource, a theme a
skos:Concept with a label, a file type both a dcterms:MediaTypeOrExtent and a skos:Concept): the
official DCAT-AP 3.0.0 shapes and the published DCAT-AP Vlaanderen shapes pass on it without
inference (tests/unit/test_dataset.py, tests/unit/test_dataset_vl.py).

What it states, and why:
- licence of the data, and of the catalogue: Modellicentie Gratis Hergebruik v1.0, the Flemish
  open-data licence of what the graph is made from (the plan, a public document of the Flemish
  Government, and the Themis reference data); the ontology keeps its own (CC BY 4.0,
  ontology/actieplan.ttl);
- publisher and contact point: this project (it publishes the graph; the plan's author is the
  Flemish Government, named in the provenance statement); the contact point is the project as a
  vcard:Organization with its web site (vcard:hasURL), as no e-mail address is published. No
  publisher type: none of the ADMS publisher types (authorities, company, academia, NGO,
  non-profit, private individuals...) is known to fit a project, and DCAT-AP does not require
  one;
- identifiers: each catalogue resource's `dcterms:identifier` is its IRI, written as a literal;
- access rights PUBLIC (EU access-right list): the data, dumps and endpoint are open to anyone,
  without registration; the endpoint's limits only protect its working;
- dcterms:issued 2026-11-28: nothing in the data states when it was first published; this is the
  day of its first release (ontology/CHANGELOG.md, "1.0 — 2026-11-28: First version": the
  ontology and the first graph built with it);
- dcterms:modified: the day the data last changed as the graph states it on its plans
  (graph/rdf/dates.py), never a file's time; a graph that states no such day gets no
  dcterms:modified and no catalogue record (DCAT-AP requires the record's date);
- accrual periodicity IRREG (EU frequency list): the graph is rebuilt when the plan's text or
  the curated reference data change, on no schedule;
- spatial coverage: the Flemish Region, as the EU administrative-territorial-unit IRI
  `atu/BEL_RG_VLS` (the value the Flemish open-data portal states for its own catalogue, and
  data.gov.be's converters for Flanders);
- temporal coverage: the years printed in the plan's title or source file name ("2020-2024":
  1 January of the first to 31 December of the last), else the span of the actions' dates;
- provenance: prov:wasDerivedFrom the source document (its file name and SHA-256 from the
  graph) and a dcterms:provenance statement; not dcterms:source, which DCAT-AP reserves for
  datasets;
- distributions: one per graph file, each available "AVAILABLE" (EU planned-availability list:
  for the medium term; the project promises no longer). The SPARQL endpoint is a
  dcat:DataService that serves the dataset, not a distribution: DCAT-AP Vlaanderen keeps
  distributions for downloadable files and describes a query interface as a data service;
- the catalogue record (DCAT-AP Vlaanderen): conforms to DCAT-AP Vlaanderen (the profile's IRI,
  as its usage note asks; rdfs:seeAlso the recognised version 2026-02-12 that the tests check
  against); its dcterms:modified is the start (00:00 UTC) of the data's day as an xsd:dateTime,
  the datatype the profile's shapes ask of a record (the data states a day and no time).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.readmodel.downloads import GRAPH_DUMPS, Download, FileFacts, file_facts
from actieplan.api.readmodel.iri_paths import IriMap
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.resources import ontology_file
from actieplan.graph.core.vocab import AP, DATA_LICENCE, DCAT, PREFIXES, VOID
from actieplan.graph.rdf.dates import data_modified, plan_period
from actieplan.graph.rdf.export import serialize
from actieplan.graph.rdf.writer import to_jsonld, to_turtle

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
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
SERVICE_KEYWORDS = {"nl": ("SPARQL", "linked data"), "en": ("SPARQL", "linked data")}
# The first release of the data (ontology/CHANGELOG.md: "1.0 — 2026-11-28: First version").
FIRST_RELEASE = dt.date(2026, 11, 28)
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
IRREGULAR = URIRef(EU + "frequency/IRREG")
AVAILABLE = URIRef(EU + "planned-availability/AVAILABLE")
# The English labels of the EU file types the graph files have (a skos:Concept needs one).
FILE_TYPE_LABELS = {
    "RDF_TURTLE": "RDF Turtle",
    "RDF_N_TRIPLES": "RDF N-Triples",
    "JSON_LD": "JSON-LD",
}
FLEMISH_REGION = URIRef(EU + "atu/BEL_RG_VLS")
FLEMISH_REGION_LABEL = {"nl": "Vlaams Gewest", "en": "Flemish Region"}
# DCAT-AP Vlaanderen: the IRI its usage note asks a catalogue record to conform to, and the
# recognised version the tests check against (tests/vendor/dcat-ap-vl-2026-02-12).
DCAT_AP_VL = URIRef("https://data.vlaanderen.be/doc/applicatieprofiel/DCAT-AP-VL")
DCAT_AP_VL_VERSION = URIRef(
    "https://data.vlaanderen.be/doc/applicatieprofiel/DCAT-AP-VL/erkendestandaard/2026-02-12"
)
THEMIS_SITE = URIRef("http://themis.vlaanderen.be")
THEMIS_URI_SPACE = "http://themis.vlaanderen.be/id/"
THEMIS_TITLE = {
    "nl": "Themis-dataset van de Vlaamse Kanselarij",
    "en": "Themis dataset of the Flemish Chancellery",
}
# Prefixes of the description's own documents (Turtle and JSON-LD).
DESCRIPTION_PREFIXES = {
    **{prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
    "spdx": str(SPDX),
    "vcard": str(VCARD),
    "dcatap": str(DCATAP),
}


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
    """The plan's period (graph/rdf/dates.py: plan_period); of many plans, from the first
    start to the last end of the periods their catalogue states (dcterms:temporal)."""
    plans = list(graph.subjects(RDF.type, AP.ActionPlan))
    if len(plans) <= 1:
        return plan_period(graph)
    periods = [p for plan in plans for p in graph.objects(plan, DCTERMS.temporal)]
    starts = [graph.value(p, DCAT.startDate) for p in periods]
    ends = [graph.value(p, DCAT.endDate) for p in periods]
    days = [[d.toPython() for d in found if isinstance(d, Literal)] for found in (starts, ends)]
    if not all(days) or not all(isinstance(d, dt.date) for d in days[0] + days[1]):
        return plan_period(graph)
    return min(days[0]), max(days[1])


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
    triples = 0
    for s, p, o in graph:  # one pass: on a store, one request (len() would be another)
        triples += 1
        subjects.add(s)
        objects.add(o)
        properties[p] += 1  # type: ignore[index]
        if p == RDF.type and isinstance(o, URIRef):
            classes[o] += 1
            if isinstance(s, URIRef):
                typed.add(s)
    return VoidFigures(
        triples, len(typed), len(subjects), len(objects), dict(classes), dict(properties)
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
        self.record = URIRef(site + "dataset#record")
        self.publisher = URIRef(site + "dataset#publisher")
        self.contact = URIRef(site + "dataset#contact")
        self.service = URIRef(site + "dataset#sparql-service")
        self.endpoint = URIRef(site + "sparql")
        self.home = URIRef(site)
        self.modified = data_modified(served.graph)

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

    def identified(self, node: URIRef) -> URIRef:
        """A catalogue resource's dcterms:identifier: its IRI, as DCAT-AP Vlaanderen asks one
        literal of the catalogue, the record, the dataset, each distribution and the service."""
        self.add(node, DCTERMS.identifier, Literal(str(node)))
        return node

    @staticmethod
    def day(value: dt.date) -> Literal:
        return Literal(value.isoformat(), datatype=XSD.date)

    # --- the nodes both descriptions name --------------------------------------------------
    def title(self) -> dict[str, str]:
        graph = self.served.graph
        plan = plan_titles(graph)
        if len(plan) > 1:  # a dataset of many plans (plan_datasets.py): each has its own title
            return {
                "nl": f"Kennisgraaf van {len(plan)} actieplannen",
                "en": f"Knowledge graph of {len(plan)} action plans",
            }
        name = plan[0] if plan else ""
        period = temporal_coverage(graph)
        years = f" {period[0].year}-{period[1].year}" if period else ""
        return {
            "nl": f"Kennisgraaf van het {name}{years}" if name else "Kennisgraaf van een actieplan",
            "en": f"Knowledge graph of the action plan “{name}”{years}"
            if name
            else "Knowledge graph of an action plan",
        }

    def publisher_agent(self) -> URIRef:
        publisher = self.typed(self.publisher, FOAF.Agent, DCTERMS.Agent)
        self.texts(publisher, FOAF.name, PUBLISHER_NAME)
        return publisher

    def licence(self) -> URIRef:
        licence = self.typed(DATA_LICENCE, DCTERMS.LicenseDocument)
        self.add(licence, DCTERMS.title, Literal(DATA_LICENCE_TITLE, lang="nl"))
        self.add(licence, DCTERMS.type, self.attribution())
        return licence

    def attribution(self) -> URIRef:
        """The ADMS licence type of both licences: free reuse on condition of attribution."""
        attribution = self.typed(ATTRIBUTION, SKOS.Concept)
        self.add(attribution, SKOS.prefLabel, Literal("Attribution", lang="en"))
        self.add(attribution, SKOS.inScheme, URIRef("http://purl.org/adms/licencetype/1.0"))
        return attribution

    def about_dataset(self, dataset: URIRef) -> None:
        """Title, licence, publisher and dates: in DCAT-AP and in VoID alike."""
        self.texts(dataset, DCTERMS.title, self.title())
        self.add(dataset, DCTERMS.license, self.licence())
        self.add(dataset, DCTERMS.publisher, self.publisher_agent())
        self.add(dataset, DCTERMS.issued, self.day(FIRST_RELEASE))
        if self.modified is not None:
            self.add(dataset, DCTERMS.modified, self.day(self.modified))

    def publication(self, dataset: URIRef) -> None:
        """How a dataset of this service is published, the same for the whole and for each
        plan's part (plan_datasets.py): contact point, landing page, access rights, update
        frequency, spatial coverage, theme and languages."""
        self.add(dataset, DCAT.contactPoint, self.contact_point())
        self.add(dataset, DCAT.landingPage, self.home)
        self.add(dataset, DCTERMS.accessRights, self.access_rights())
        self.add(dataset, DCTERMS.accrualPeriodicity, self.frequency())
        self.add(dataset, DCTERMS.spatial, self.region())
        self.add(dataset, DCAT.theme, self.theme())
        for language in self.languages():
            self.add(dataset, DCTERMS.language, language)

    # --- DCAT-AP -----------------------------------------------------------------------
    def build_dcat(self) -> None:
        served = self.served
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
        catalog = self.identified(self.typed(self.catalog, DCAT.Catalog))
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
        self.add(catalog, DCTERMS.publisher, self.publisher_agent())
        self.add(catalog, DCAT.contactPoint, self.contact_point())
        self.add(catalog, DCTERMS.license, self.licence())
        self.add(catalog, FOAF.homepage, self.typed(self.home, FOAF.Document, RDFS.Resource))
        self.add(catalog, DCTERMS.issued, self.day(FIRST_RELEASE))
        if self.modified is not None:
            self.add(catalog, DCTERMS.modified, self.day(self.modified))
        self.add(catalog, DCTERMS.spatial, self.region())
        self.add(catalog, DCAT.themeTaxonomy, self.theme_scheme())
        for language in self.languages():
            self.add(catalog, DCTERMS.language, language)
        self.add(catalog, DCAT.dataset, self.dataset)
        self.add(catalog, DCAT.service, self.service)

        # dcat:Resource too (DCAT 3's superclass), as DCAT-AP's record shape checks it
        dataset = self.identified(self.typed(self.dataset, DCAT.Dataset, DCAT.Resource))
        self.about_dataset(dataset)
        self.texts(dataset, DCTERMS.description, description)
        self.publication(dataset)
        for lang, words in KEYWORDS.items():
            for word in words:
                self.add(dataset, DCAT.keyword, Literal(word, lang=lang))
        period = temporal_coverage(served.graph)
        if period:
            when = self.typed(self.node("period"), DCTERMS.PeriodOfTime)
            self.add(when, DCAT.startDate, self.day(period[0]))
            self.add(when, DCAT.endDate, self.day(period[1]))
            self.add(dataset, DCTERMS.temporal, when)
        self.add(dataset, DCAT.version, Literal(served.version))
        self.provenance(dataset)
        ontology = self.ontology()
        if ontology is not None:
            self.add(dataset, DCTERMS.conformsTo, ontology)
        for download in GRAPH_DUMPS:
            if download.name in served.files:
                self.add(dataset, DCAT.distribution, self.distribution(download))
        self.data_service()
        if self.modified is not None:
            self.catalog_record(self.modified)

    def languages(self) -> list[URIRef]:
        languages = []
        for code, label in LANGUAGES.items():
            language = self.typed(URIRef(EU + "language/" + code), DCTERMS.LinguisticSystem)
            self.add(language, RDFS.label, Literal(label))
            languages.append(language)
        return languages

    def theme_scheme(self) -> URIRef:
        scheme = self.typed(URIRef(EU + "data-theme"), SKOS.ConceptScheme)
        self.add(scheme, DCTERMS.title, Literal("Data theme", lang="en"))
        return scheme

    def theme(self) -> URIRef:
        theme = self.typed(THEME, SKOS.Concept)
        self.texts(theme, SKOS.prefLabel, THEME_LABEL)
        self.add(theme, SKOS.inScheme, self.theme_scheme())
        return theme

    def contact_point(self) -> URIRef:
        """The project as a vCard organisation with its web site (it publishes no e-mail)."""
        contact = self.typed(self.contact, VCARD.Organization, VCARD.Kind)
        self.texts(contact, VCARD.fn, PUBLISHER_NAME)
        self.add(contact, VCARD.hasURL, self.home)
        return contact

    def access_rights(self) -> URIRef:
        public = self.typed(PUBLIC, SKOS.Concept, DCTERMS.RightsStatement)
        self.add(public, SKOS.prefLabel, Literal("public", lang="en"))
        self.add(public, SKOS.inScheme, URIRef(EU + "access-right"))
        return public

    def frequency(self) -> URIRef:
        irregular = self.typed(IRREGULAR, DCTERMS.Frequency, SKOS.Concept)
        self.add(irregular, SKOS.prefLabel, Literal("irregular", lang="en"))
        self.add(irregular, SKOS.inScheme, URIRef(EU + "frequency"))
        return irregular

    def region(self) -> URIRef:
        region = self.typed(FLEMISH_REGION, DCTERMS.Location)
        self.texts(region, RDFS.label, FLEMISH_REGION_LABEL)
        return region

    def catalog_record(self, modified: dt.date) -> None:
        """The catalogue's record of the dataset, conforming to DCAT-AP Vlaanderen."""
        record = self.identified(self.typed(self.record, DCAT.CatalogRecord))
        self.add(record, FOAF.primaryTopic, self.dataset)
        # The profile types a record's date xsd:dateTime; the data states a day: its start, UTC.
        start = dt.datetime.combine(modified, dt.time(), tzinfo=dt.UTC).isoformat()
        self.add(
            record, DCTERMS.modified, Literal(start.replace("+00:00", "Z"), datatype=XSD.dateTime)
        )
        profile = self.typed(DCAT_AP_VL, DCTERMS.Standard)
        self.add(profile, DCTERMS.title, Literal("DCAT-AP Vlaanderen", lang="nl"))
        self.add(profile, RDFS.seeAlso, self.typed(DCAT_AP_VL_VERSION, RDFS.Resource))
        self.add(record, DCTERMS.conformsTo, profile)
        self.add(self.catalog, DCAT.record, record)

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
                self.typed(licence, DCTERMS.LicenseDocument)
                self.add(licence, DCTERMS.type, self.attribution())
                self.add(iri, DCTERMS.license, licence)
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
        self.identified(node)
        self.texts(node, DCTERMS.title, {"nl": download.title_nl, "en": download.title_en})
        packed = {"nl": "", "en": ""}
        if download.compressed:
            packed = {
                "nl": " Een gzip-bestand (application/gzip).",
                "en": " A gzip file (application/gzip).",
            }
        self.texts(
            node,
            DCTERMS.description,
            {
                "nl": f"{download.title_nl}: dezelfde triples als het SPARQL-eindpunt, "
                f"geschreven door de deterministische schrijvers van de build.{packed['nl']}",
                "en": f"{download.title_en}: the same triples as the SPARQL endpoint, written "
                f"by the build's deterministic writers.{packed['en']}",
            },
        )
        url = self.resource("download/" + download.name)
        self.add(node, DCAT.downloadURL, url)
        self.add(node, DCAT.accessURL, url)
        self.add(node, DCAT.mediaType, self.media_type(download.media_type))
        file_type = self.typed(
            URIRef(EU + "file-type/" + download.file_type),
            DCTERMS.MediaTypeOrExtent,
            SKOS.Concept,
        )
        self.add(
            file_type, SKOS.prefLabel, Literal(FILE_TYPE_LABELS[download.file_type], lang="en")
        )
        self.add(file_type, SKOS.inScheme, URIRef(EU + "file-type"))
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
        available = self.typed(AVAILABLE, SKOS.Concept)
        self.add(available, SKOS.prefLabel, Literal("available", lang="en"))
        self.add(available, SKOS.inScheme, URIRef(EU + "planned-availability"))
        self.add(node, DCATAP.availability, available)
        return node

    def data_service(self) -> None:
        service = self.identified(self.typed(self.service, DCAT.DataService, DCAT.Resource))
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
        self.add(service, DCAT.theme, self.theme())
        for lang, words in SERVICE_KEYWORDS.items():
            for word in words:
                self.add(service, DCAT.keyword, Literal(word, lang=lang))
        standard = self.typed(SPARQL_PROTOCOL, DCTERMS.Standard)
        self.add(standard, DCTERMS.title, Literal("SPARQL 1.1 Protocol", lang="en"))
        self.add(service, DCTERMS.conformsTo, standard)
        self.add(service, DCTERMS.publisher, self.publisher_agent())
        self.add(service, DCAT.contactPoint, self.contact_point())
        self.add(service, DCTERMS.accessRights, self.access_rights())
        self.add(service, DCTERMS.license, DATA_LICENCE)

    # --- VoID --------------------------------------------------------------------------
    def build_void(self, figures: VoidFigures) -> None:
        dataset = self.typed(self.dataset, VOID.Dataset)
        self.about_dataset(dataset)
        self.add(dataset, VOID.triples, Literal(figures.triples))
        self.add(dataset, VOID.entities, Literal(figures.entities))
        self.add(dataset, VOID.distinctSubjects, Literal(figures.distinct_subjects))
        self.add(dataset, VOID.distinctObjects, Literal(figures.distinct_objects))
        self.add(dataset, VOID.classes, Literal(len(figures.classes)))
        self.add(dataset, VOID.properties, Literal(len(figures.properties)))
        self.add(dataset, VOID.sparqlEndpoint, self.endpoint)
        for download in GRAPH_DUMPS:  # plain and gzipped: VoID allows compressed dumps
            if download.name in self.served.files:
                self.add(dataset, VOID.dataDump, URIRef(self.site + "download/" + download.name))
        self.add(dataset, VOID.uriSpace, Literal(self.served.iris.data_base))
        for namespace in sorted(self.vocabularies(figures)):
            self.add(dataset, VOID.vocabulary, URIRef(namespace))
        for example in self.example_resources():
            self.add(dataset, VOID.exampleResource, example)
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
        self.themis_linksets(dataset)

    def example_resources(self) -> list[URIRef]:
        """An action and an organisation of the plan: the first of each by IRI."""
        examples = []
        for kind in (AP.Action, AP.Organisation):
            members = sorted(
                (s for s in self.served.graph.subjects(RDF.type, kind) if isinstance(s, URIRef)),
                key=str,
            )
            examples.extend(members[:1])
        return examples

    def themis_linksets(self, dataset: URIRef) -> None:
        """The links into the Flemish Chancellery's Themis data (described here by its site and
        URI space): a void:Linkset per link property, ap:themisMandataris (minister post ->
        mandatee) and rdfs:seeAlso (its super-property, which the data also states, and the
        Flemish Government -> its Themis body), each with the links the graph holds."""
        graph = self.served.graph
        counts = {
            predicate: sum(
                1
                for _, o in graph.subject_objects(predicate)
                if str(o).startswith(THEMIS_URI_SPACE)
            )
            for predicate in (AP.themisMandataris, RDFS.seeAlso)
        }
        if not any(counts.values()):
            return
        themis = self.typed(self.node("themis"), VOID.Dataset)
        self.texts(themis, DCTERMS.title, THEMIS_TITLE)
        self.add(themis, FOAF.homepage, THEMIS_SITE)
        self.add(themis, VOID.uriSpace, Literal(THEMIS_URI_SPACE))
        for predicate, links in counts.items():
            if not links:
                continue
            name = (
                "linkset-themis" if predicate == AP.themisMandataris else "linkset-themis-see-also"
            )
            linkset = self.typed(self.node(name), VOID.Linkset)
            self.add(linkset, VOID.linkPredicate, predicate)
            self.add(linkset, VOID.subjectsTarget, dataset)
            self.add(linkset, VOID.objectsTarget, themis)
            for target in (dataset, themis):  # void:target, which both specialise
                self.add(linkset, VOID.target, target)
            self.add(linkset, VOID.triples, Literal(links))
            self.add(dataset, VOID.subset, linkset)

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


def served_dataset(data: ServiceData, cache: ComputedCache, iris: IriMap) -> Served:
    """The served dataset and the facts of its downloads (computing the downloads once)."""
    files = {d.name: file_facts(data, cache, d) for d in GRAPH_DUMPS}
    return Served(data.graph, iris, data.version, files)


def description_graph(data: ServiceData, cache: ComputedCache, iris: IriMap, which: str) -> Graph:
    """The description graph ("dataset": DCAT-AP + VoID, "void": VoID), built once."""

    def compute() -> Graph:
        facts = served_dataset(data, cache, iris)
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
        return to_jsonld(graph)  # the served context's terms (graph/rdf/jsonld_context.py)
    return serialize(graph, "nt")
