"""Which predicates a query reads (graph/sparql/reads.py): what decides whether a question
across plans can be answered by the summary of the plans."""

from __future__ import annotations

from actieplan.graph.sparql.library import load_library
from actieplan.graph.sparql.reads import RDF_TYPE, predicates_read, read_pattern, type_read

AP = "https://w3id.org/actieplan/def#"
PREFIX = f"PREFIX ap: <{AP}> "


def test_paths_sub_queries_and_exists_are_read_through():
    sparql = PREFIX + (
        "SELECT ?a WHERE { ?a ap:leadOrganisation|^ap:partnerOrganisation ?o . "
        "?o ap:policyDomain/ap:parent* ?d . "
        "FILTER EXISTS { ?a ap:number ?n } MINUS { ?a ap:status ?s } "
        "{ SELECT ?o WHERE { ?o ap:governmentLevel ?l } } }"
    )
    assert predicates_read(sparql) == {
        AP + name
        for name in (
            "leadOrganisation",
            "partnerOrganisation",
            "policyDomain",
            "parent",
            "number",
            "status",
            "governmentLevel",
        )
    }


def test_a_query_that_may_read_anything_reads_none():
    assert predicates_read("SELECT * WHERE { ?s ?p ?o }") is None
    assert predicates_read(PREFIX + "SELECT * WHERE { ?s !ap:number ?o }") is None
    assert predicates_read(PREFIX + "SELECT * WHERE { GRAPH ?g { ?s ap:number ?o } }") is None
    # a variable predicate deep inside an OPTIONAL in a sub-query
    nested = PREFIX + (
        "SELECT ?s WHERE { ?s ap:number ?n { SELECT ?s WHERE { OPTIONAL { ?s ?p ?o } } } }"
    )
    assert predicates_read(nested) is None


def test_the_library_s_questions_say_what_they_read():
    library = load_library()
    # organisations-across-plans: the plan of each action, its lead and partners, their names
    assert library["organisations-across-plans"].reads == {
        "http://purl.org/net/p-plan#isStepOfPlan",
        AP + "leadOrganisation",
        AP + "partnerOrganisation",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
    }
    assert AP + "timing" in library["timeline"].reads
    # its EXISTS lists two objects of one predicate
    assert library["shared-actions-organisations"].reads == {
        AP + "leadOrganisation",
        AP + "partnerOrganisation",
        AP + "number",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
    }


def test_a_path_inside_exists_is_read_as_parsed():
    # rdflib keeps an EXISTS's pattern as parsed: its paths are not yet rdflib paths
    sparql = PREFIX + "ASK { ?a ap:number ?n FILTER NOT EXISTS { ?a ap:lead/^ap:member ?o } }"
    assert predicates_read(sparql) == {AP + "number", AP + "lead", AP + "member"}
    # an object list and a predicate list: one flat list of terms as parsed
    lists = PREFIX + "ASK { ?a ap:n ?n FILTER (?n = 1 || EXISTS { ?a ap:p ?b, ?c ; ap:q ?d }) }"
    assert predicates_read(lists) == {AP + "n", AP + "p", AP + "q"}
    assert predicates_read("ASK { ?a <x:n> ?n FILTER EXISTS { ?a ?p ?o } }") is None


def test_a_constant_class_reads_only_the_types_of_that_class():
    # ?s a ap:Action reads the rdf:type triples of ap:Action, in a pattern or in an EXISTS
    typed = PREFIX + "ASK { ?a a ap:Action FILTER EXISTS { ?o a ap:Organisation, ap:Agency } }"
    assert predicates_read(typed) == {
        type_read(AP + "Action"),
        type_read(AP + "Organisation"),
        type_read(AP + "Agency"),
    }
    assert read_pattern(type_read(AP + "Action")) == (RDF_TYPE, AP + "Action")
    assert read_pattern(AP + "number") == (AP + "number", None)
    # a class that is a variable, or a path through rdf:type, reads every type
    assert predicates_read("ASK { ?a a ?kind }") == {RDF_TYPE}
    paths = "ASK { ?a a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <x:C> }"
    assert RDF_TYPE in predicates_read(paths)
    # progress-as-of asks its actions by type: the summary needs the actions' types only
    assert type_read(AP + "Action") in load_library()["progress-as-of"].reads
