"""The dataset description for the Flemish metadata portal (DCAT-AP Vlaanderen) and
data.europa.eu (DCAT-AP 3): /dataset validated with pyshacl, without inference, against the
published DCAT-AP VL shapes (tests/vendor/dcat-ap-vl-2026-02-12), the official DCAT-AP 3.0.0
shapes and the project's shapes for what issue 19 asks beyond them
(tests/data/dataset-requirements.ttl); each requirement, taken out in turn, is caught.

The service here serves the vendored plan from a graph file that states the day its data
changed (`dcterms:modified` on the plan, which graph/rdf/dates.py reads), as the build writes
it: the description then has its dates and its catalogue record."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SH, XSD
from support.dcat_shapes import AP3_SHAPES, REQUIREMENTS, Result, results, vl_shapes
from support.paths import REPO

from actieplan.api.app import create_app
from actieplan.api.plumbing.settings import Settings
from actieplan.api.readmodel.dataset_description import (
    Served,
    dcat_description,
    served_dataset,
    void_figures,
)
from actieplan.api.readmodel.iri_paths import IriMap

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
VOID = Namespace("http://rdfs.org/ns/void#")
AP = Namespace("https://w3id.org/actieplan/def#")
EU = "http://publications.europa.eu/resource/authority/"
DAY = "2026-12-06"  # the day the graph file states its data changed (any day would do)
SITE = "https://w3id.org/actieplan/"
DATASET = URIRef(SITE + "dataset")
CATALOG, RECORD, CONTACT, PUBLISHER, SERVICE = (
    URIRef(f"{DATASET}#{fragment}")
    for fragment in ("catalog", "record", "contact", "publisher", "sparql-service")
)
TURTLE_FILE = URIRef(f"{DATASET}#distribution-graph-ttl")
DCAT_AP_VL = URIRef("https://data.vlaanderen.be/doc/applicatieprofiel/DCAT-AP-VL")
GRAPH_FILES = 6  # Turtle, N-Triples, JSON-LD, each plain and gzipped (api/readmodel/downloads.py)
THEMIS_SPACE = "http://themis.vlaanderen.be/id/"
# rdfs:seeAlso into Themis: the nine posts' links (ap:themisMandataris is below rdfs:seeAlso)
# and the Flemish Government's link to its Themis body (data/reference/organisations.toml).
THEMIS_LINKS = 9  # the nine minister posts of data/reference/minister-posts.toml, each with one


@pytest.fixture(scope="module")
def shapes() -> dict[str, Graph]:
    return {
        "DCAT-AP VL": vl_shapes(),
        "DCAT-AP 3": Graph().parse(AP3_SHAPES, format="turtle"),
        "issue 19": Graph().parse(REQUIREMENTS, format="turtle"),
    }


@pytest.fixture(scope="module")
def dated_client(plan_graph, tmp_path_factory) -> Iterator[TestClient]:
    graph = Graph()
    for triple in plan_graph:
        graph.add(triple)
    for plan in graph.subjects(RDF.type, AP.ActionPlan):
        graph.set((plan, DCTERMS.modified, Literal(DAY, datatype=XSD.date)))
    path = tmp_path_factory.mktemp("dated") / "graph.ttl"
    graph.serialize(path, format="turtle")
    with TestClient(create_app(Settings(graph_file=str(path), query_workers=1))) as client:
        yield client


@pytest.fixture(scope="module")
def description(dated_client) -> Graph:
    answer = dated_client.get("/dataset.ttl")
    assert answer.status_code == 200
    return Graph().parse(data=answer.text, format="turtle")


def test_dcat_ap_3_and_the_issue_s_requirements_find_nothing(description, shapes):
    assert results(description, shapes["DCAT-AP 3"]) == set()
    assert results(description, shapes["issue 19"]) == set()


def test_dcat_ap_vl_finds_nothing(description, shapes):
    """The published DCAT-AP Vlaanderen shapes report no result of any severity. The record's
    dcterms:modified, which they type xsd:dateTime, is the start of the data's day (the data
    states a day and no time: api/readmodel/dataset_description.py's docstring)."""
    assert results(description, shapes["DCAT-AP VL"]) == set()
    assert description.value(RECORD, DCTERMS.modified) == Literal(
        f"{DAY}T00:00:00Z", datatype=XSD.dateTime
    )


def without(*triples: tuple) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        for pattern in triples:
            graph.remove(pattern)

    return change


def without_record(graph: Graph) -> None:
    graph.remove((RECORD, None, None))
    graph.remove((CATALOG, DCAT.record, RECORD))


def access_restricted(graph: Graph) -> None:
    graph.set((DATASET, DCTERMS.accessRights, URIRef(EU + "access-right/RESTRICTED")))


def endpoint_as_distribution(graph: Graph) -> None:
    """What the description said before: the endpoint as a distribution with an accessURL."""
    node = URIRef(f"{DATASET}#distribution-sparql")
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.identifier, Literal(str(node))))
    graph.add((node, DCAT.accessURL, URIRef(SITE + "sparql")))
    graph.add((node, DCAT.accessService, SERVICE))
    graph.add((DATASET, DCAT.distribution, node))


# Each requirement: what takes it out, and the result that catches it (shapes, focus, path,
# constraint component).
REQUIREMENT_CASES: dict[str, tuple[Callable[[Graph], None], str, Result]] = {
    "dataset identifier": (
        without((DATASET, DCTERMS.identifier, None)),
        "DCAT-AP VL",
        (DATASET, DCTERMS.identifier, SH.MinCountConstraintComponent),
    ),
    "distribution identifier": (
        without((TURTLE_FILE, DCTERMS.identifier, None)),
        "DCAT-AP VL",
        (TURTLE_FILE, DCTERMS.identifier, SH.MinCountConstraintComponent),
    ),
    "data service identifier": (
        without((SERVICE, DCTERMS.identifier, None)),
        "DCAT-AP VL",
        (SERVICE, DCTERMS.identifier, SH.MinCountConstraintComponent),
    ),
    "one identifier only": (
        lambda graph: graph.add((DATASET, DCTERMS.identifier, Literal("actieplan"))),
        "DCAT-AP VL",
        (DATASET, DCTERMS.identifier, SH.MaxCountConstraintComponent),
    ),
    "contact point": (
        without((DATASET, DCAT.contactPoint, None)),
        "DCAT-AP VL",
        (DATASET, DCAT.contactPoint, SH.MinCountConstraintComponent),
    ),
    "contact point a vcard:Kind": (
        without((CONTACT, RDF.type, VCARD.Kind)),
        "DCAT-AP VL",
        (SERVICE, DCAT.contactPoint, SH.ClassConstraintComponent),
    ),
    "contact point a vcard:Organization": (
        without((CONTACT, RDF.type, VCARD.Organization)),
        "issue 19",
        (CONTACT, None, SH.ClassConstraintComponent),
    ),
    "contact point's e-mail or URL": (
        without((CONTACT, VCARD.hasURL, None)),
        "issue 19",
        (CONTACT, None, SH.OrConstraintComponent),
    ),
    "access rights": (
        without((DATASET, DCTERMS.accessRights, None)),
        "DCAT-AP VL",
        (DATASET, DCTERMS.accessRights, SH.MinCountConstraintComponent),
    ),
    "access rights PUBLIC or NON_PUBLIC": (
        access_restricted,
        "issue 19",
        (DATASET, DCTERMS.accessRights, SH.InConstraintComponent),
    ),
    "catalogue record": (
        without_record,
        "issue 19",
        (CATALOG, DCAT.record, SH.MinCountConstraintComponent),
    ),
    "record conforms to DCAT-AP VL": (
        without((RECORD, DCTERMS.conformsTo, None)),
        "issue 19",
        (RECORD, DCTERMS.conformsTo, SH.HasValueConstraintComponent),
    ),
    "record's day": (
        without((RECORD, DCTERMS.modified, None)),
        "DCAT-AP 3",
        (RECORD, DCTERMS.modified, SH.MinCountConstraintComponent),
    ),
    "catalogue licence": (
        without((CATALOG, DCTERMS.license, None)),
        "issue 19",
        (CATALOG, DCTERMS.license, SH.MinCountConstraintComponent),
    ),
    "publisher a dcterms:Agent": (
        without((PUBLISHER, RDF.type, DCTERMS.Agent)),
        "DCAT-AP VL",
        (DATASET, DCTERMS.publisher, SH.ClassConstraintComponent),
    ),
    "issued": (
        without((DATASET, DCTERMS.issued, None)),
        "issue 19",
        (DATASET, DCTERMS.issued, SH.MinCountConstraintComponent),
    ),
    "accrual periodicity": (
        without((DATASET, DCTERMS.accrualPeriodicity, None)),
        "issue 19",
        (DATASET, DCTERMS.accrualPeriodicity, SH.MinCountConstraintComponent),
    ),
    "spatial": (
        without((DATASET, DCTERMS.spatial, None)),
        "issue 19",
        (DATASET, DCTERMS.spatial, SH.MinCountConstraintComponent),
    ),
    "distribution description": (
        without((TURTLE_FILE, DCTERMS.description, None)),
        "issue 19",
        (TURTLE_FILE, DCTERMS.description, SH.MinCountConstraintComponent),
    ),
    "distribution availability": (
        without((TURTLE_FILE, DCATAP.availability, None)),
        "issue 19",
        (TURTLE_FILE, DCATAP.availability, SH.MinCountConstraintComponent),
    ),
    "a distribution is a file to download": (
        endpoint_as_distribution,
        "DCAT-AP VL",
        (
            URIRef(f"{DATASET}#distribution-sparql"),
            DCAT.downloadURL,
            SH.MinCountConstraintComponent,
        ),
    ),
}


@pytest.mark.parametrize("name", REQUIREMENT_CASES)
def test_each_requirement_is_checked(description, shapes, name):
    change, which, expected = REQUIREMENT_CASES[name]
    assert expected not in results(description, shapes[which])
    changed = Graph()
    for triple in description:
        changed.add(triple)
    change(changed)
    assert expected in results(changed, shapes[which])


def test_what_the_description_states(description):
    value = description.value
    for node in (CATALOG, RECORD, DATASET, SERVICE, TURTLE_FILE):
        assert list(description.objects(node, DCTERMS.identifier)) == [Literal(str(node))]
    for node in (CATALOG, DATASET, SERVICE):
        assert value(node, DCAT.contactPoint) == CONTACT
    assert value(CONTACT, VCARD.hasURL) == URIRef(SITE)  # the site: no e-mail is published
    assert value(DATASET, DCTERMS.accessRights) == URIRef(EU + "access-right/PUBLIC")
    assert value(DATASET, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/IRREG")
    assert value(DATASET, DCTERMS.spatial) == URIRef(EU + "atu/BEL_RG_VLS")  # Flemish Region
    assert value(RECORD, RDF.type) == DCAT.CatalogRecord
    assert value(RECORD, DCTERMS.conformsTo) == DCAT_AP_VL
    assert value(RECORD, FOAF.primaryTopic) == DATASET
    assert value(CATALOG, DCTERMS.license) == value(DATASET, DCTERMS.license)
    files = set(description.objects(DATASET, DCAT.distribution))
    assert len(files) == GRAPH_FILES
    for node in files:  # files to download; the endpoint is the data service
        assert value(node, DCAT.downloadURL) is not None
        assert value(node, DCATAP.availability) == URIRef(EU + "planned-availability/AVAILABLE")
        assert {text.language for text in description.objects(node, DCTERMS.description)} == {
            "nl",
            "en",
        }
    assert value(SERVICE, DCAT.servesDataset) == DATASET


def test_dates_are_the_data_s(description):
    """Modified: the day the graph states (not a file's time); issued: the first version in
    ontology/CHANGELOG.md (its last heading, "## 1.0 — 2026-11-28")."""
    day = Literal(DAY, datatype=XSD.date)
    for node in (DATASET, CATALOG):
        assert description.value(node, DCTERMS.modified) == day
    headings = re.findall(
        r"^## [\d.]+ — (\d{4}-\d\d-\d\d)$",
        (REPO / "ontology" / "CHANGELOG.md").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    first = Literal(headings[-1], datatype=XSD.date)
    assert description.value(DATASET, DCTERMS.issued) == first
    assert description.value(CATALOG, DCTERMS.issued) == first


def test_a_graph_that_states_no_day(dated_client, shapes):
    """No day in the data: no dcterms:modified and no catalogue record (which needs one); the
    rest still meets DCAT-AP 3 and DCAT-AP VL."""
    app = dated_client.app
    served = served_dataset(app.state.plans.only, app.state.api_cache, IriMap.for_base(None))
    undated = Graph()
    for triple in served.graph:
        undated.add(triple)
    undated.remove((None, DCTERMS.modified, None))
    served = Served(undated, served.iris, served.version, served.files)
    description = dcat_description(served, void_figures(undated))
    assert not list(description.subject_objects(DCTERMS.modified))
    assert (None, RDF.type, DCAT.CatalogRecord) not in description
    assert results(description, shapes["DCAT-AP 3"]) == set()
    assert results(description, shapes["DCAT-AP VL"]) == set()


def test_void_states_title_licence_publisher_day_links_and_examples(dated_client, plan_graph):
    void = Graph().parse(data=dated_client.get("/.well-known/void").text, format="turtle")
    value = void.value
    assert {title.language for title in void.objects(DATASET, DCTERMS.title)} == {"nl", "en"}
    assert value(DATASET, DCTERMS.license) == URIRef(
        "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"
    )
    assert value(value(DATASET, DCTERMS.publisher), FOAF.name)
    assert value(DATASET, DCTERMS.modified) == Literal(DAY, datatype=XSD.date)
    dumps = {str(dump).rsplit("/", 1)[-1] for dump in void.objects(DATASET, VOID.dataDump)}
    assert dumps == {
        f"graph.{suffix}{packed}" for suffix in ("ttl", "nt", "jsonld") for packed in ("", ".gz")
    }
    linksets = {
        value(linkset, VOID.linkPredicate): linkset
        for linkset in void.objects(DATASET, VOID.subset)
    }
    assert set(linksets) == {AP.themisMandataris, RDFS.seeAlso}
    links = len(list(plan_graph.triples((None, AP.themisMandataris, None))))
    into_themis = {
        s for s, o in plan_graph.subject_objects(RDFS.seeAlso) if str(o).startswith(THEMIS_SPACE)
    }
    expected = {AP.themisMandataris: THEMIS_LINKS, RDFS.seeAlso: THEMIS_LINKS + 1}
    assert links == THEMIS_LINKS and len(into_themis) == THEMIS_LINKS + 1
    for predicate, linkset in linksets.items():
        assert value(linkset, RDF.type) == VOID.Linkset
        assert value(linkset, VOID.triples) == Literal(expected[predicate])
        themis = value(linkset, VOID.objectsTarget)
        assert value(themis, VOID.uriSpace) == Literal(THEMIS_SPACE)
        assert {DATASET, themis} == set(void.objects(linkset, VOID.target))
    examples = list(void.objects(DATASET, VOID.exampleResource))
    kinds = sorted(
        str(kind)
        for e in examples
        for kind in plan_graph.objects(e, RDF.type)
        if str(kind).startswith(str(AP))  # not the super-classes the build writes from it
    )
    assert kinds == [str(AP.Action), str(AP.Organisation)]  # one of each, typed in the data
