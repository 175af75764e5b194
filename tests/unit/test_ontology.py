"""The ontology: its header and version, its own terms, OWL 2 DL, and other vocabularies'
terms used as their specifications define them (never re-declared here).

What the other vocabularies declare comes from tests/data/external-vocabularies.ttl: their
axioms copied from the published files, named there per vocabulary. The OWL 2 DL rules checked
are those of the OWL 2 Structural Specification: every class and property used is declared
(section 5.8.2), a property is an annotation property or an object or datatype property, never
two of these, an object or datatype property has no annotation property as a super-property
(section 5.8.1, typing constraints), and datatype ranges are in the OWL 2 datatype map
(section 4). tests/service/test_owl_reasoners.py checks the same with the OWL API and three
reasoners.
"""

from __future__ import annotations

import re

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from support.paths import REPO, TEST_DATA

from actieplan.graph.core.resources import ontology_file
from actieplan.graph.core.vocab import AP

VANN = "http://purl.org/vocab/vann/"
HEADER = URIRef("https://w3id.org/actieplan/def")
EXTERNAL_AXIOMS = TEST_DATA / "external-vocabularies.ttl"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): no xsd:date, xsd:gYear or
# xsd:gYearMonth, which the ontology declares because the header and the data hold such dates.
OWL2_DATATYPE_MAP = {RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, OWL.real, OWL.rational} | {
    URIRef(XSD_NS + name)
    for name in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger "
        "long int short byte unsignedLong unsignedInt unsignedShort unsignedByte double float "
        "string normalizedString token language Name NCName NMTOKEN boolean hexBinary "
        "base64Binary anyURI dateTime dateTimeStamp"
    ).split()
}
NOT_IN_THE_DATATYPE_MAP = {URIRef(XSD_NS + name) for name in ("date", "gYear", "gYearMonth")}
CHANGELOG = REPO / "ontology" / "CHANGELOG.md"

# (owl:NamedIndividual: schema.org's action statuses, instances there, that the progress
# statuses are skos:closeMatch of)
DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
}
# Property characteristics: types a property may have next to its one declaration.
CHARACTERISTICS = {
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
}
# OWL 2's built-in annotation properties (Structural Specification, section 5.5).
BUILT_IN_ANNOTATION_PROPERTIES = {
    RDFS.label,
    RDFS.comment,
    RDFS.seeAlso,
    RDFS.isDefinedBy,
    OWL.deprecated,
    OWL.versionInfo,
    OWL.priorVersion,
    OWL.backwardCompatibleWith,
    OWL.incompatibleWith,
}
# Predicates that state axioms (RDF mapping of OWL 2) rather than annotate a term.
AXIOM_PREDICATES = {
    RDF.type,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.disjointWith,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.inverseOf,
    OWL.imports,
    OWL.versionIRI,
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file())


@pytest.fixture(scope="module")
def external_labels() -> Graph:
    path = ontology_file().with_name("external-labels.ttl")
    assert path.is_file(), f"{path} is missing"
    return Graph().parse(path)


@pytest.fixture(scope="module")
def external() -> Graph:
    return Graph().parse(EXTERNAL_AXIOMS)


def own_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(AP))}


def declared(graph: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def property_kinds(ontology: Graph, external: Graph) -> dict[URIRef, set[URIRef]]:
    """Property -> the kinds (annotation, object, datatype) it is declared or used as: declared
    in the ontology or by its own specification, or used to annotate the ontology or one of its
    classes and properties (which makes it an annotation property in OWL 2)."""
    kinds: dict[URIRef, set[URIRef]] = {}
    for graph in (ontology, external):
        for kind in (OWL.AnnotationProperty, OWL.ObjectProperty, OWL.DatatypeProperty):
            for prop in declared(graph, kind):
                kinds.setdefault(prop, set()).add(kind)
    for prop in BUILT_IN_ANNOTATION_PROPERTIES:
        kinds.setdefault(prop, set()).add(OWL.AnnotationProperty)
    terms = {HEADER} | {t for kind in DECLARATIONS for t in declared(ontology, kind)}
    for term in terms:
        for prop in set(ontology.predicates(term)) - AXIOM_PREDICATES:
            kinds.setdefault(prop, set()).add(OWL.AnnotationProperty)
    return kinds


# ---------------------------------------------------------------------------------------
# Header and version
# ---------------------------------------------------------------------------------------


def test_header(ontology):
    assert (HEADER, RDF.type, OWL.Ontology) in ontology
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in ontology.objects(HEADER, predicate)} == {"nl", "en"}
    assert ontology.value(HEADER, DCTERMS.license) is not None
    # DCMI: the range of dcterms:creator is dcterms:Agent, a thing, not a text
    creator = ontology.value(HEADER, DCTERMS.creator)
    assert creator is not None and not isinstance(creator, Literal)
    assert ontology.value(HEADER, URIRef(VANN + "preferredNamespacePrefix")) == Literal("ap")


def test_the_ontology_is_versioned_and_the_changelog_says_what_changed(ontology):
    info = ontology.value(HEADER, OWL.versionInfo)
    version_iri = ontology.value(HEADER, OWL.versionIRI)
    assert info is not None and version_iri is not None
    assert str(version_iri) == f"{HEADER}/{info}"
    prior = ontology.value(HEADER, OWL.priorVersion)
    assert prior is not None and prior != version_iri
    headings = re.findall(r"^## (\S+)", CHANGELOG.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings[0] == str(info), "the newest entry of ontology/CHANGELOG.md is this version"
    assert str(prior).rsplit("/", 1)[-1] in headings


# ---------------------------------------------------------------------------------------
# Own terms
# ---------------------------------------------------------------------------------------


def test_every_own_term_is_typed_once(ontology):
    """Each ap: class or property has one declaration (and property characteristics at most);
    each ap: individual (a role, status, funding mode or concept scheme) one class."""
    classes = declared(ontology, OWL.Class) | {SKOS.ConceptScheme}
    for term in own_terms(ontology):
        types = set(ontology.objects(term, RDF.type))
        declarations = types & DECLARATIONS
        if declarations:
            assert len(declarations) == 1, f"{term} is declared {sorted(declarations)}"
            assert types - declarations <= CHARACTERISTICS, f"{term} is typed {sorted(types)}"
            if types & CHARACTERISTICS:
                assert declarations <= {OWL.ObjectProperty, OWL.DatatypeProperty}
        else:
            assert len(types) == 1 and types <= classes, f"{term} is typed {sorted(types)}"


def test_every_own_term_has_one_label_and_a_definition_in_dutch_and_english(ontology):
    terms = own_terms(ontology)
    assert len(terms) > 80  # guards against a vacuous pass on a file that did not parse whole
    for term in terms:
        label = SKOS.prefLabel if (term, RDF.type, SKOS.ConceptScheme) in ontology else RDFS.label
        for predicate in (label, SKOS.definition):
            languages = [o.language for o in ontology.objects(term, predicate)]
            assert sorted(languages) == ["en", "nl"], f"{term}: {predicate} in {languages}"


def test_every_own_term_is_defined_by_the_ontology(ontology):
    for kind in DECLARATIONS:
        for term in declared(ontology, kind) & own_terms(ontology):
            assert ontology.value(term, RDFS.isDefinedBy) == HEADER, term


# ---------------------------------------------------------------------------------------
# Other vocabularies' terms
# ---------------------------------------------------------------------------------------


def external_terms(graph: Graph, header: URIRef) -> set[URIRef]:
    """The terms of other vocabularies a graph states something of (the blank nodes are the
    header's and its terms': the creator, a union of classes)."""
    return {
        s
        for s in graph.subjects()
        if isinstance(s, URIRef) and s != header and not s.startswith(str(AP))
    }


def test_external_terms_are_declared_as_their_vocabularies_declare_them(ontology, external):
    """actieplan.ttl only declares other vocabularies' terms, never defines them, and declares
    each as its specification does (DCMI Terms and schema.org declare rdf:Property only)."""
    terms = external_terms(ontology, HEADER)
    assert len(terms) > 40
    for term in terms:
        statements = set(ontology.predicate_objects(term))
        assert len(statements) == 1, f"{term} is described here: {sorted(statements)}"
        ((predicate, kind),) = statements
        assert predicate == RDF.type and kind in DECLARATIONS | {RDFS.Datatype}, term
        if kind == RDFS.Datatype:
            # outside the OWL 2 datatype map, declared for the dates of the header and the data
            assert term in NOT_IN_THE_DATATYPE_MAP, term
            continue
        types = set(external.objects(term, RDF.type))
        if kind == OWL.NamedIndividual:  # an instance of a class of its vocabulary
            assert types and all((t, RDF.type, RDFS.Class) in external for t in types), term
            continue
        specified = types & DECLARATIONS or ({OWL.Class} if RDFS.Class in types else set())
        if specified:
            assert specified == {kind}, f"{term}: declared {kind}, specified {specified}"
        else:  # DCMI Terms, schema.org (rdf:Property), VANN (not in the external axioms)
            assert RDF.Property in types or term.startswith(VANN), term
            assert kind != OWL.Class, term


def test_external_labels_only_label_and_annotate_usage(external_labels):
    """external-labels.ttl gives other vocabularies' terms a Dutch label and usage notes: no
    definitions, no axioms; its only types declare the annotation properties it uses."""
    header = URIRef("https://w3id.org/actieplan/def/external-labels")
    used = set(external_labels.predicates()) - {RDF.type} - BUILT_IN_ANNOTATION_PROPERTIES
    declarations = {s: o for s, o in external_labels.subject_objects(RDF.type) if s != header}
    assert declarations == dict.fromkeys(used, OWL.AnnotationProperty)
    labelled = {s for s in external_labels.subjects(RDFS.label) if isinstance(s, URIRef)}
    assert len(labelled) > 30
    assert external_terms(external_labels, header) == labelled | set(declarations)
    for term in labelled:
        assert not term.startswith(str(AP))
        allowed = {RDFS.label, SKOS.scopeNote} | ({RDF.type} if term in declarations else set())
        assert set(external_labels.predicates(term)) <= allowed, term
        labels = list(external_labels.objects(term, RDFS.label))
        assert [label.language for label in labels] == ["nl"], term


def test_every_term_of_the_data_is_declared_by_its_vocabulary(
    ontology, external, external_labels, plan_graph
):
    """ap: terms by the ontology (and none deprecated); other terms by their specification,
    each with a Dutch label in external-labels.ttl."""
    used = set(plan_graph.predicates()) | set(plan_graph.objects(None, RDF.type))
    used.discard(RDF.type)
    own = {term for term in used if term.startswith(str(AP))}
    declared_here = {t for kind in DECLARATIONS for t in declared(ontology, kind)}
    assert own - declared_here == set()
    # OWL 2 DL: the ontology declares every class and property the data uses
    assert used - declared_here - BUILT_IN_ANNOTATION_PROPERTIES == set()
    assert {t for t in own if (t, OWL.deprecated, Literal(True)) in ontology} == set()
    for term in used - own - BUILT_IN_ANNOTATION_PROPERTIES:
        assert (term, RDF.type, None) in external, f"{term} is not a term of its vocabulary"
        assert (term, RDFS.label, None) in external_labels, f"{term} has no Dutch label"
    # the roles, statuses and funding modes the data points at are defined individuals
    for concept in (AP.StatusUnknown, AP.WithinRegularResources, AP.LeadOrganisationRole):
        assert (concept, SKOS.inScheme, None) in ontology


# ---------------------------------------------------------------------------------------
# OWL 2 DL
# ---------------------------------------------------------------------------------------


def test_no_property_is_both_an_annotation_property_and_an_object_or_datatype_property(
    ontology, external
):
    kinds = property_kinds(ontology, external)
    mixed = {prop: sorted(k) for prop, k in kinds.items() if len(k) > 1}
    assert mixed == {}


def test_no_object_or_datatype_property_is_a_sub_property_of_an_annotation_property(
    ontology, external
):
    kinds = property_kinds(ontology, external)
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in declared(ontology, kind):
            for parent in ontology.objects(prop, RDFS.subPropertyOf):
                assert OWL.AnnotationProperty not in kinds.get(parent, set()), (prop, parent)
                # and an object property is not under a datatype property, nor the reverse
                assert kinds.get(parent, {kind}) <= {kind}, (prop, parent)


def test_datatype_ranges_are_in_the_owl_2_datatype_map(ontology):
    ranges = {
        (prop, value)
        for prop in declared(ontology, OWL.DatatypeProperty)
        for value in ontology.objects(prop, RDFS.range)
    }
    assert len(ranges) > 20
    assert {(prop, value) for prop, value in ranges if value not in OWL2_DATATYPE_MAP} == set()


def test_datatype_ranges_match_the_values_of_the_data(ontology, external, plan_graph):
    """A DL reasoner finds a language-tagged text under range xsd:string inconsistent: every
    literal of the data fits its property's range (rdf:PlainLiteral: a text, with or without a
    language tag; the shapes demand the tag where the ontology says so)."""
    ranges = {}
    for graph in (ontology, external):
        for prop in declared(graph, OWL.DatatypeProperty):
            for value in graph.objects(prop, RDFS.range):
                ranges[prop] = value
    checked = 0
    for _, prop, value in plan_graph:
        if prop not in ranges or not isinstance(value, Literal):
            continue
        expected = ranges[prop]
        actual = RDF.langString if value.language else (value.datatype or XSD_STRING)
        if expected == RDF.PlainLiteral:
            assert actual in {RDF.langString, XSD_STRING}, f"{prop} holds {value!r}"
        else:
            assert actual == expected, f"{prop} holds {value!r}, its range is {expected}"
        checked += 1
    assert checked > 1000  # the plan's 50 actions alone have several per action


# ---------------------------------------------------------------------------------------
# Terms in the data
# ---------------------------------------------------------------------------------------


def test_data_uses_no_blank_nodes(plan_graph):
    assert not any(isinstance(term, BNode) for triple in plan_graph for term in triple)


def test_the_plan_points_at_its_source_document_which_has_the_file_name(plan_graph):
    """dcterms:source: "a related resource from which the described resource is derived"
    (DCMI), a resource, not a text; the file name (GUIDE §1: the vendored plan) is on it."""
    (plan,) = plan_graph.subjects(RDF.type, AP.ActionPlan)
    source = plan_graph.value(plan, DCTERMS.source)
    assert (source, RDF.type, AP.SourceDocument) in plan_graph
    assert plan_graph.value(source, AP.fileName) == Literal(
        "actieplan-radicalisering-2020-2024.txt"
    )
    assert (None, DCTERMS.source, None) in plan_graph
    assert {type(o) for o in plan_graph.objects(None, DCTERMS.source)} == {URIRef}


def test_printed_labels_of_timing_cells(plan_graph):
    """The two timing cells of the plan that print a label before a colon (source lines 132
    and 393: "Conceptnota: voorzien in najaar 2021", "Draaiboek: 2020")."""
    labels = {
        str(timing).rsplit("/", 2)[-2]: str(label)
        for timing, label in plan_graph.subject_objects(AP.printedLabel)
    }
    assert labels == {"2.2": "Conceptnota", "7.2": "Draaiboek"}


def test_minister_posts_link_to_their_themis_mandataris(plan_graph):
    """Each post's Themis IRI is the mandataris whose title is that portfolio."""
    from actieplan.graph.core.resources import reference_dir

    themis = Graph().parse(reference_dir() / "themis-jambon-ministers.ttl")
    posts = set(plan_graph.subjects(RDF.type, AP.MinisterPost))
    assert len(posts) == 9
    for post in posts:
        mandataris = plan_graph.value(post, AP.themisMandataris)
        title = str(themis.value(mandataris, DCTERMS.title))
        portfolio = next(
            str(p) for p in plan_graph.objects(post, AP.portfolio) if p.language == "nl"
        )
        assert title == f"Vlaams minister van {portfolio}"
