"""The description of a dataset of many plans (api/readmodel/plan_datasets.py): a dcat:Dataset
per plan beside the whole, checked as tests/unit/test_dataset_vl.py checks the description of
one plan (the DCAT-AP Vlaanderen, DCAT-AP 3 and issue 19 shapes, pyshacl, no inference).

The dataset: the three small plans of tests/data/cross-plan, built by `actieplan build`. What
each plan's dataset must say comes from the plan files: the title each prints on its first
line, the years of that title as its period (1 January to 31 December: GUIDE §3, the
description's temporal coverage), the SHA-256 of the file's bytes (hashlib here).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, XSD
from support.cli_runner import run_cli
from support.dcat_shapes import AP3_SHAPES, REQUIREMENTS, results, vl_shapes

from actieplan.api.readmodel.dataset_description import Served, dcat_description, void_figures
from actieplan.api.readmodel.iri_paths import IriMap
from actieplan.api.readmodel.plan_datasets import plans_dcat_description
from actieplan.graph.rdf.loading import read_dataset_file

CROSS_PLAN = Path(__file__).parents[1] / "data" / "cross-plan"
AP = Namespace("https://w3id.org/actieplan/def#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SITE = "https://w3id.org/actieplan/"
SD = "http://www.w3.org/ns/sparql-service-description#"
DATASET = URIRef(SITE + "dataset")
GRAPHS = "https://w3id.org/actieplan/id/graph/"
# plan id: (title on the plan's first line, first day, last day of the years in it)
PLANS = {
    "integratie-2022-2025": ("Actieplan Integratie 2022-2025", "2022-01-01", "2025-12-31"),
    "lokaal-2023-2026": ("Actieplan Lokaal Samenleven 2023-2026", "2023-01-01", "2026-12-31"),
    "veiligheid-2021-2024": ("Actieplan Veiligheid 2021-2024", "2021-01-01", "2024-12-31"),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> tuple[Served, Graph, object]:
    out = tmp_path_factory.mktemp("plan-datasets") / "out"
    code, _, err = run_cli("build", str(CROSS_PLAN), "--out", str(out), "--workers", "1")
    assert code == 0, err
    dataset = read_dataset_file(out / "dataset.trig")
    union = dataset.union()
    for plan in union.subjects(RDF.type, AP.ActionPlan):  # a day the data changed, as built
        union.set((plan, DCTERMS.modified, Literal("2026-12-06", datatype=XSD.date)))
    return Served(union, IriMap.for_base(None), "test", {}), dataset.catalogue, dataset.iris


@pytest.fixture(scope="module")
def description(served) -> Graph:
    facts, catalogue, iris = served
    return plans_dcat_description(facts, void_figures(facts.graph), catalogue, iris)


def plan_node(plan_id: str) -> URIRef:
    return URIRef(f"{DATASET}#plan-{plan_id}")


def test_the_profiles_shapes_find_nothing(description):
    for shapes in (
        vl_shapes(),
        Graph().parse(AP3_SHAPES, format="turtle"),
        Graph().parse(REQUIREMENTS, format="turtle"),
    ):
        assert results(description, shapes) == set()


def test_the_shapes_check_each_plans_dataset(description):
    broken = Graph()
    for triple in description:
        broken.add(triple)
    node = plan_node("lokaal-2023-2026")
    broken.remove((node, DCTERMS.title, None))
    broken.remove((node, DCTERMS.identifier, None))
    found = results(broken, vl_shapes())
    assert (node, DCTERMS.title, SH.MinCountConstraintComponent) in found
    assert (node, DCTERMS.identifier, SH.MinCountConstraintComponent) in found


def test_a_dataset_per_plan_with_its_title_period_and_source(description):
    datasets = set(description.subjects(RDF.type, DCAT.Dataset)) - {DATASET}
    assert datasets == {plan_node(plan_id) for plan_id in PLANS}
    for plan_id, (title, first, last) in PLANS.items():
        node = plan_node(plan_id)
        assert set(description.objects(node, DCTERMS.title)) == {
            Literal(f"Kennisgraaf van het {title}", lang="nl"),
            Literal(f"Knowledge graph of the action plan “{title}”", lang="en"),
        }
        period = description.value(node, DCTERMS.temporal)
        assert description.value(period, DCAT.startDate) == Literal(first, datatype=XSD.date)
        assert description.value(period, DCAT.endDate) == Literal(last, datatype=XSD.date)
        source = description.value(node, PROV.wasDerivedFrom)
        file = CROSS_PLAN / f"{plan_id}.txt"
        assert description.value(source, AP.fileName) == Literal(file.name)
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        assert description.value(source, AP.sha256) == Literal(digest)
        statement = description.value(node, DCTERMS.provenance)
        labels = list(description.objects(statement, RDFS.label))
        assert len(labels) == 2 and all(digest in label for label in labels)


def test_each_plans_dataset_is_a_part_of_the_whole_and_its_named_graph(description):
    for plan_id in PLANS:
        node = plan_node(plan_id)
        graph = URIRef(f"{GRAPHS}plan/{plan_id}")
        assert (DATASET, VOID.subset, node) in description
        assert (URIRef(f"{DATASET}#catalog"), DCAT.dataset, node) in description
        assert (URIRef(f"{DATASET}#sparql-service"), DCAT.servesDataset, node) in description
        assert (graph, URIRef(SD + "graph"), node) in description
        assert (graph, URIRef(SD + "name"), graph) in description


def test_the_description_of_one_plan_is_unchanged(served, description):
    facts, _, _ = served
    alone = dcat_description(facts, void_figures(facts.graph))
    assert set(alone) < set(description)
    assert not any("#plan-" in str(node) for triple in alone for node in triple)
