"""The served graph of the vendored plan in figures, each from where it comes (the plan read by
hand in support/plan_values.py, the reference data's TOML files, the plan's text), not from the
build under test: its triple count and how it decomposes, and the generic queries of issue 19
(a client that knows ORG, PROV, DCTERMS and SKOS but not this ontology) with their answers.

The count is stated + entailed + inverse (`actieplan build` prints the three):

- stated (5023): the facts of the plan and the reference data. 4916 before issue 19 (measured
  by building the plan; its history in tests/service/test_sparql_protocol.py), + 107: three
  SKOS concept schemes of 5 triples each (a skos:ConceptScheme, skos:prefLabel and rdfs:label
  in Dutch and English), the 30 concepts' skos:inScheme and skos:topConceptOf and the schemes'
  skos:hasTopConcept (3 x 30), the plan's dcterms:modified, vlaamse-regering's rdfs:seeAlso to
  its Themis body.
- entailed (647): the super-classes and super-properties ontology/actieplan.ttl states,
  ENTAILED below, term by term.
- inverse (58): dcterms:hasPart for each dcterms:isPartOf (8 objectives in the plan, 50 actions
  in their objective).
"""

from __future__ import annotations

import tomllib

from support.paths import REPO
from support.plan_values import EXPECTED

REFERENCE = REPO / "data" / "reference"


def _entries(file: str, table: str) -> int:
    return len(tomllib.loads((REFERENCE / file).read_text(encoding="utf-8"))[table])


ORGANISATIONS = _entries("organisations.toml", "organisation")  # 48
MINISTER_POSTS = _entries("minister-posts.toml", "minister_post")  # 9
CONCEPTS = sum(  # 5 policy domains + 8 government levels + 17 kinds = 30
    _entries("vocabularies.toml", table) for table in ("policy_domain", "government_level", "kind")
)
SCHEMES = _entries("vocabularies.toml", "scheme")  # 3
ACTIONS = len(EXPECTED)  # 50
OBJECTIVES = len({number.split(".")[0] for number in EXPECTED})  # 8
# Every minister and organisation of each action's row (coordinating + involved; lead +
# partners), as read by hand.
MINISTER_ROLES = sum(1 + len(row[1]) for row in EXPECTED.values())  # 112
ORGANISATION_ROLES = sum((row[2] is not None) + len(row[3]) for row in EXPECTED.values())  # 130
BUDGET_AMOUNTS = sum(len(row[6]) for row in EXPECTED.values() if isinstance(row[6], list))  # 15
# A timing per action; action 4.3's cell prints two phases ("Eerste fase : 2021", "Tweede fase:
# eind 2021 - 2024", source lines 301 and 304), no other cell prints any.
PERIODS = ACTIONS + 2

# What the build writes from the ontology's rdfs:subClassOf / rdfs:subPropertyOf, term by term:
# (term, ontology axiom that licenses it, triples).
ENTAILED = [
    ("org:Organization", "ap:Organisation ⊑ org:Organization", ORGANISATIONS),
    ("org:Post", "ap:MinisterPost ⊑ org:Post", MINISTER_POSTS),
    (
        "prov:Entity",
        "ap:Objective, ap:Action, ap:SourceDocument ⊑ prov:Entity",
        OBJECTIVES + ACTIONS + 1,
    ),
    ("p-plan:Step", "ap:Action ⊑ p-plan:Step", ACTIONS),
    ("p-plan:Plan", "ap:ActionPlan ⊑ p-plan:Plan", 1),
    ("prov:Plan", "ap:ActionPlan ⊑ prov:Plan", 1),
    ("foaf:Document", "ap:SourceDocument ⊑ foaf:Document", 1),
    ("ap:Period", "ap:Timing, ap:Phase ⊑ ap:Period", PERIODS),
    ("time:ProperInterval", "ap:Period ⊑ time:ProperInterval", PERIODS),
    ("schema:MonetaryAmount", "ap:BudgetAmount ⊑ schema:MonetaryAmount", BUDGET_AMOUNTS),
    ("dcterms:isPartOf", "ap:objective ⊑ dcterms:isPartOf", ACTIONS),
    ("ap:involvesMinister", "ap:coordinatingMinister, ap:involvedMinister ⊑", MINISTER_ROLES),
    (
        "ap:involvesOrganisation",
        "ap:leadOrganisation, ap:partnerOrganisation ⊑",
        ORGANISATION_ROLES,
    ),
    ("skos:notation", "ap:number ⊑ skos:notation", OBJECTIVES + ACTIONS),
    ("rdfs:seeAlso", "ap:themisMandataris ⊑ rdfs:seeAlso", MINISTER_POSTS),
]
PLAN_STATED_TRIPLES = 4916 + 3 * 5 + 3 * CONCEPTS + 1 + 1  # 5023
PLAN_ENTAILED_TRIPLES = sum(count for _, _, count in ENTAILED)  # 647
PLAN_INVERSE_TRIPLES = OBJECTIVES + ACTIONS  # 58
PLAN_TRIPLES = PLAN_STATED_TRIPLES + PLAN_ENTAILED_TRIPLES + PLAN_INVERSE_TRIPLES  # 5728

PREFIXES = """PREFIX ap: <https://w3id.org/actieplan/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
PLAN = "<https://w3id.org/actieplan/id/plan/actieplan-radicalisering-2020-2024>"
# Generic queries and their answers: (query counting ?n, the count). The OWL-RL
# figures: 48 org:Organization, 130 ap:involvesOrganisation; it gives 112 prov:Entity and 59
# ap:involvesMinister, the two figures swapped: a closure of ontology + data gives 59
# prov:Entity and 112 ap:involvesMinister (tests/unit/test_entailment.py), as the hand count
# does. (With PROV-O's own axioms loaded, a reasoner also makes the plan a prov:Entity: 60;
# the build writes what this ontology states, not what PROV-O states about prov:Plan.)
GENERIC_QUERIES = {
    "organisations": ("SELECT (COUNT(?x) AS ?n) WHERE { ?x a org:Organization }", ORGANISATIONS),
    "PROV entities": (
        "SELECT (COUNT(?x) AS ?n) WHERE { ?x a prov:Entity }",
        OBJECTIVES + ACTIONS + 1,
    ),
    "organisations in actions": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ap:involvesOrganisation ?o }",
        ORGANISATION_ROLES,
    ),
    "ministers in actions": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ap:involvesMinister ?o }",
        MINISTER_ROLES,
    ),
    # DCTERMS: the plan's parts, and their parts (the actions, through their objectives)
    "parts of the plan's parts": (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {PLAN} dcterms:hasPart ?o . ?o dcterms:hasPart ?a }}",
        ACTIONS,
    ),
    "what is part of something": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?part dcterms:isPartOf ?whole }",
        OBJECTIVES + ACTIONS,
    ),
    # SKOS: every concept of the data in a scheme, each scheme's top concepts
    "concepts in a scheme": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a skos:Concept ; skos:inScheme ?s . "
        "?s a skos:ConceptScheme ; skos:hasTopConcept ?c }",
        CONCEPTS,
    ),
    "concepts without a scheme": (
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept "
        "FILTER NOT EXISTS { ?c skos:inScheme ?s } }",
        0,
    ),
}
