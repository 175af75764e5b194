"""The shapes a dataset description is checked with (tests/unit/test_dataset_vl.py,
tests/unit/test_plan_datasets.py): the published DCAT-AP Vlaanderen shapes, the official
DCAT-AP 3.0.0 shapes and the project's shapes for what issue 19 asks beyond them; and the
results pyshacl finds with them."""

from __future__ import annotations

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from support.paths import TEST_DATA, TEST_VENDOR

VL_SHAPES = TEST_VENDOR / "dcat-ap-vl-2026-02-12" / "DCAT-AP-VL-SHACL.ttl"
AP3_SHAPES = TEST_VENDOR / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"
REQUIREMENTS = TEST_DATA / "dataset-requirements.ttl"

Result = tuple[URIRef, URIRef | None, URIRef]  # focus node, path, constraint component


def vl_shapes() -> Graph:
    """The published file as published, its cardinalities then read as SHACL takes them: the
    OSLO toolchain writes them as the strings "1" and "n" (no upper bound), which pyshacl
    refuses; "1" becomes the integer 1 and "n" is dropped (the vendored folder's README)."""
    shapes = Graph().parse(VL_SHAPES, format="turtle")
    for bound in (SH.minCount, SH.maxCount):
        for shape, value in list(shapes.subject_objects(bound)):
            shapes.remove((shape, bound, value))
            if str(value) != "n":
                shapes.add((shape, bound, Literal(int(str(value)))))
    return shapes


def results(data: Graph, shapes: Graph) -> set[Result]:
    """Every validation result, of any severity."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        found.add(
            (
                report.value(result, SH.focusNode),
                path if isinstance(path, URIRef) else None,
                report.value(result, SH.sourceConstraintComponent),
            )
        )
    return found  # type: ignore[return-value]
