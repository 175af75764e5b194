"""The shapes themselves: valid SHACL (SHACL-SHACL), documented in Dutch and English, fast."""

from __future__ import annotations

import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH, SKOS

from actieplan.graph.core.entailment import Hierarchy
from actieplan.graph.core.resources import ontology_file
from actieplan.graph.validation.report import FACT_GROUPS, checks, facts, load_shapes, notes

SHAPES = load_shapes()
ALL_SHAPES = sorted(
    set(SHAPES.subjects(RDF.type, SH.NodeShape)) | set(SHAPES.subjects(RDF.type, SH.PropertyShape))
)


def test_shapes_pass_shacl_shacl():
    conforms, _, text = meta_validate(SHAPES)  # with RDFS inference, as pyshacl does
    assert conforms, text


def test_every_shape_is_declared_and_named():
    with_path = set(SHAPES.subjects(SH.path, None))
    assert with_path <= set(SHAPES.subjects(RDF.type, SH.PropertyShape))
    assert len(ALL_SHAPES) == len(set(SHAPES.subjects(SH.name, None)))


@pytest.mark.parametrize("shape", ALL_SHAPES, ids=lambda s: s.split("#")[-1])
def test_every_shape_is_documented_in_dutch_and_english(shape):
    for predicate in (SH.name, SH.description, SH.message):
        languages = sorted(value.language for value in SHAPES.objects(shape, predicate))
        assert languages == ["en", "nl"], predicate
    group = SHAPES.value(shape, SH.group)
    assert (group, RDF.type, SH.PropertyGroup) in SHAPES
    assert sorted(label.language for label in SHAPES.objects(group, RDFS.label)) == ["en", "nl"]
    assert isinstance(SHAPES.value(shape, SH.order), Literal)


def test_designed_for_speed():
    """Class targets only (no SPARQL-based targets), nothing that needs inference or the
    ontology, SPARQL constraints only where Core cannot say it (two)."""
    targets = {p for p in SHAPES.predicates() if p.startswith(str(SH)) and "arget" in p}
    assert targets == {SH.targetClass}
    assert len(set(SHAPES.subjects(SH.sparql, None))) == 2
    assert not list(SHAPES.subjects(SH.property, None))  # every property shape has its target


def test_fact_shapes_are_simple_paths():
    """The completeness matrix reads facts as path + minCount 1 / hasValue / in."""
    allowed = {
        RDF.type,
        SH.targetClass,
        SH.path,
        SH.minCount,
        SH.hasValue,
        SH["in"],
        SH["or"],
        SH.severity,
        SH.group,
        SH.order,
        SH.name,
        SH.description,
        SH.message,
    }
    for fact in facts():
        assert {p for p, _ in SHAPES.predicate_objects(fact.shape)} <= allowed
    assert {fact.level for fact in facts()} == set(FACT_GROUPS.values())


def test_checks_by_severity_then_group():
    severities = [check.severity for check in checks()]
    assert severities == sorted(severities, key=[SH.Violation, SH.Warning].index)
    assert checks()[0].key == "ActionNumber"
    assert not set(SHAPES.subjects(SH.severity, SH.Info))  # worth knowing is a note, not Info


def test_notes_are_deactivated_simple_paths():
    """A note never gives a validation result (sh:deactivated), so it never counts against
    sh:conforms; the report reads it as path + sh:hasValue / sh:maxCount 0."""
    assert [note.key for note in notes()] == [
        "PlanStatusUnknown",
        "ActionOngoing",
        "ActionOpenEnded",
        "ActionNoEuroFigure",
        "ActionExternalFund",
        "ActionNoPartners",
    ]
    assert set(SHAPES.subjects(SH.deactivated, Literal(True))) == {n.shape for n in notes()}
    assert not {n.shape for n in notes()} & {c.shape for c in checks()}
    allowed = {
        RDF.type,
        SH.targetClass,
        SH.deactivated,
        SH.path,
        SH.hasValue,
        SH.maxCount,
        SH.group,
        SH.order,
        SH.name,
        SH.description,
        SH.message,
    }
    for note in notes():
        assert {p for p, _ in SHAPES.predicate_objects(note.shape)} <= allowed
        assert (note.accepted is None) == note.none_allowed
    assert [n.scope for n in notes()] == ["plan"] + ["action"] * 5


def test_every_class_in_the_data_has_a_shape(plan_graph):
    """skos:Concept is the second type of the vocabulary terms, which have shapes of their own;
    the other super-classes the build writes from the ontology (graph/core/entailment.py) are
    the types of nodes that have shapes by their own class."""
    supers = set().union(*Hierarchy.of(Graph().parse(ontology_file())).super_classes.values())
    in_data = set(plan_graph.objects(None, RDF.type)) - {SKOS.Concept} - supers
    assert SKOS.ConceptScheme in in_data
    assert in_data <= set(SHAPES.objects(None, SH.targetClass))
    node_shapes = set(SHAPES.subjects(RDF.type, SH.NodeShape))
    assert all(set(SHAPES.subjects(SH.targetClass, cls)) & node_shapes for cls in in_data)
