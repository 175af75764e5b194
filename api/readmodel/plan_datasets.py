"""The description of a dataset of many plans: the description of the whole
(dataset_description.py) and, per plan its catalogue graph lists (graph/rdf/dataset.py), a
dcat:Dataset of its own, so a portal harvests each plan as a dataset.

Each plan's dataset (`{site}dataset#plan-ID`) is:
- a part of the whole: the whole's `void:subset` (VoID's term for a part of a dataset), listed
  in the catalogue (`dcat:dataset`) and served by the SPARQL service (`dcat:servesDataset`);
- the content of the plan's named graph: the graph is an `sd:NamedGraph` whose `sd:graph` is
  the plan's dataset (SPARQL 1.1 Service Description), also a `void:Dataset` with the endpoint;
- titled after the plan (its dcterms:title in the catalogue), with the plan's period as
  temporal coverage (dcterms:temporal, a dcterms:PeriodOfTime with dcat:startDate and
  dcat:endDate, as the catalogue states it);
- derived from its source file (prov:wasDerivedFrom, the file's name and SHA-256 as
  ap:fileName and ap:sha256, and a dcterms:provenance statement naming both). DCAT-AP has a
  checksum (spdx:checksum) only for a distribution, and the source text is no distribution of
  the dataset (not the same data in another form); an adms:identifier would identify the
  dataset, which a digest of its source does not; so the digest stays on the source document;
- licence, publisher, contact point, access rights, frequency, spatial coverage, theme,
  languages and first release as the whole dataset has them: the same publication.

It has no distribution: a plan's graph is not a file to download on its own; it is read
through the SPARQL service. The description of one plan (dcat_description) is unchanged.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDFS, XSD

from actieplan.api.readmodel.dataset_description import (
    FIRST_RELEASE,
    Description,
    Served,
    VoidFigures,
    void_description,
)
from actieplan.api.readmodel.iri_paths import IriMap
from actieplan.graph.core.vocab import AP, DCAT, SD, VOID, DatasetIris
from actieplan.graph.sparql.dataset_index import DatasetIndex


def plans_dcat_description(
    served: Served, figures: VoidFigures, catalogue: Graph, iris: DatasetIris
) -> Graph:
    """DCAT-AP and VoID of a dataset of many plans (dataset_description.dcat_description),
    with a dcat:Dataset per plan of its catalogue graph; `iris` names the dataset's graphs
    (PlanDataset.iris)."""
    description = Description(served)
    description.build_dcat()
    description.build_void(figures)
    add_plan_datasets(description, catalogue, iris)
    return description.g


def served_plans_description(index: DatasetIndex, iris: IriMap, which: str) -> Graph:
    """What /dataset ("dataset": plans_dcat_description) and /.well-known/void ("void")
    serve for every plan of a dataset's store at once, made without reading the plans: from
    the catalogue graph, each plan's date of change (dcterms:modified, read from the store)
    and the VoID figures counted when the store was made."""
    catalogue = index.read_graph(str(index.iris.catalogue))
    facts = Graph()
    facts += catalogue
    changed = index.every_graph_store().query(
        f"SELECT ?plan ?day WHERE {{ ?plan a <{AP.ActionPlan}> ; <{DCTERMS.modified}> ?day }}"
    )
    for plan, day in changed.rows:
        if isinstance(plan, URIRef) and isinstance(day, Literal):
            facts.add((plan, DCTERMS.modified, day))
    found = index.figures
    figures = VoidFigures(
        found["triples"],
        found["entities"],
        found["distinct_subjects"],
        found["distinct_objects"],
        {URIRef(k): v for k, v in found["classes"].items()},
        {URIRef(k): v for k, v in found["properties"].items()},
    )
    served = Served(facts, iris, index.digest[:16], {})  # no file of all plans to download
    if which == "void":
        return void_description(served, figures)
    return plans_dcat_description(served, figures, catalogue, index.iris)


def add_plan_datasets(
    description: Description, catalogue: Graph, iris: DatasetIris
) -> list[URIRef]:
    """Add one dcat:Dataset per plan the catalogue graph lists (the module docstring says
    what each states), in the order of their graphs' names; returns them."""
    added = []
    for graph in sorted(catalogue.subjects(FOAF.primaryTopic, None), key=str):
        plan_id = iris.plan_id(str(graph))
        plan = catalogue.value(graph, FOAF.primaryTopic)
        if plan_id is None or not isinstance(graph, URIRef) or not isinstance(plan, URIRef):
            continue  # a graph of the catalogue that is not a plan's
        added.append(_plan_dataset(description, catalogue, graph, plan_id, plan))
    return added


def _plan_dataset(
    d: Description, catalogue: Graph, graph: URIRef, plan_id: str, plan: URIRef
) -> URIRef:
    node = d.identified(
        d.typed(d.node(f"plan-{plan_id}"), DCAT.Dataset, DCAT.Resource, VOID.Dataset, SD.Graph)
    )
    title = str(catalogue.value(plan, DCTERMS.title) or plan_id)
    d.texts(
        node,
        DCTERMS.title,
        {
            "nl": f"Kennisgraaf van het {title}",
            "en": f"Knowledge graph of the action plan “{title}”",
        },
    )
    d.texts(
        node,
        DCTERMS.description,
        {
            "nl": f"De doelstellingen en acties van het {title}, met hun ministers, trekkers en "
            f"partners, timing en budget: de benoemde graaf <{graph}> van de SPARQL-dienst.",
            "en": f"The objectives and actions of the action plan “{title}”, with their "
            f"ministers, lead and partner organisations, timing and budget: the named graph "
            f"<{graph}> of the SPARQL service.",
        },
    )
    d.add(node, DCTERMS.license, d.licence())
    d.add(node, DCTERMS.publisher, d.publisher_agent())
    d.add(node, DCTERMS.issued, d.day(FIRST_RELEASE))
    d.publication(node)
    d.add(node, VOID.sparqlEndpoint, d.endpoint)
    _period(d, catalogue, plan, node)
    _provenance(d, catalogue, plan, node)
    # A part of the whole, listed and served like it; the content of the plan's named graph.
    d.add(d.dataset, VOID.subset, node)
    d.add(d.catalog, DCAT.dataset, node)
    d.add(d.service, DCAT.servesDataset, node)
    d.typed(graph, SD.NamedGraph)
    d.add(graph, SD.name, graph)
    d.add(graph, SD.graph, node)
    return node


def _period(d: Description, catalogue: Graph, plan: URIRef, node: URIRef) -> None:
    period = catalogue.value(plan, DCTERMS.temporal)
    start = catalogue.value(period, DCAT.startDate) if period is not None else None
    end = catalogue.value(period, DCAT.endDate) if period is not None else None
    if start is None or end is None:
        return
    when = d.typed(URIRef(f"{node}-period"), DCTERMS.PeriodOfTime)
    d.add(when, DCAT.startDate, Literal(str(start), datatype=XSD.date))
    d.add(when, DCAT.endDate, Literal(str(end), datatype=XSD.date))
    d.add(node, DCTERMS.temporal, when)


def _provenance(d: Description, catalogue: Graph, plan: URIRef, node: URIRef) -> None:
    source = catalogue.value(plan, DCTERMS.source)
    if not isinstance(source, URIRef):
        return
    d.typed(source, FOAF.Document, AP.SourceDocument)
    d.add(node, PROV.wasDerivedFrom, source)
    file_name = catalogue.value(source, AP.fileName)
    sha256 = catalogue.value(source, AP.sha256)
    if file_name is not None:
        d.add(source, AP.fileName, Literal(str(file_name)))
    if sha256 is not None:
        d.add(source, AP.sha256, Literal(str(sha256)))
    statement = d.typed(URIRef(f"{node}-provenance"), DCTERMS.ProvenanceStatement)
    name = str(file_name) if file_name is not None else str(source)
    digest = f" (SHA-256 {sha256})" if sha256 is not None else ""
    d.texts(
        statement,
        RDFS.label,
        {
            "nl": f"Opgebouwd uit de tekst van het plan: {name}{digest}; namen van ministers "
            "en organisaties uit gecureerde referentiegegevens.",
            "en": f"Built from the plan's text: {name}{digest}; names of ministers and "
            "organisations from curated reference data.",
        },
    )
    d.add(node, DCTERMS.provenance, statement)
