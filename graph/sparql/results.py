"""Serialise an `Answer` in the W3C formats: SPARQL results JSON, XML, CSV, TSV for
solutions and booleans; Turtle, N-Triples, JSON-LD, RDF/XML for graphs (CONSTRUCT/DESCRIBE).

The rdflib engine's answers, every CSV / TSV answer and every graph go through here. Solutions
and booleans of the Oxigraph engine in JSON or XML are written by pyoxigraph itself
(graph/sparql/store.py, `OxigraphStore.write`): the same solutions, compact formatting (no
spaces in JSON, no line breaks in XML); tests/unit/test_store.py compares them on every named
query.

CSV and TSV cells are made inert for spreadsheets (graph.core.tables.inert_cell): a value that
starts with = + - @, a tab or a carriage return is written with a leading ' (in TSV inside the
literal's quotes), so these two formats differ from the W3C's for such values.
"""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from actieplan.graph.core.builder import new_graph
from actieplan.graph.core.tables import inert_cell, render_csv
from actieplan.graph.rdf.export import serialize
from actieplan.graph.sparql.store import Answer

# media type -> format name; the first of each kind is the default.
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "text/plain": "nt",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",  # Turtle is N3
}
CANONICAL_TYPE = {
    ("solutions", "json"): "application/sparql-results+json",
    ("solutions", "xml"): "application/sparql-results+xml",
    ("solutions", "csv"): "text/csv; charset=utf-8",
    ("solutions", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("graph", "turtle"): "text/turtle; charset=utf-8",
    ("graph", "nt"): "application/n-triples",
    ("graph", "json-ld"): "application/ld+json",
    ("graph", "xml"): "application/rdf+xml",
}


def json_term(term: Node) -> dict[str, str]:
    """A term as a SPARQL results JSON cell (`term_of_json` reads it back)."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
    return out


def to_json(answer: Answer) -> bytes:
    doc: dict[str, object]
    if answer.boolean is not None:
        doc = {"head": {}, "boolean": answer.boolean}
    else:
        bindings = [
            {
                name: json_term(term)
                for name, term in zip(answer.variables, row, strict=True)
                if term is not None
            }
            for row in answer.rows
        ]
        doc = {"head": {"vars": answer.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def term_of_json(cell: dict[str, str]) -> Node:
    """The rdflib term of a SPARQL results JSON cell."""
    if cell["type"] == "uri":
        return URIRef(cell["value"])
    if cell["type"] == "bnode":
        return BNode(cell["value"])
    if "xml:lang" in cell:
        return Literal(cell["value"], lang=cell["xml:lang"])
    datatype = cell.get("datatype")
    return Literal(cell["value"], datatype=URIRef(datatype) if datatype else None)


def from_json(body: bytes) -> Answer:
    """An answer in SPARQL results JSON (as `to_json` writes it) read back: the same terms.
    A term met again (an organisation, a plan, a number) is made once: rdflib checks every
    IRI it makes, which was most of the time of reading a large answer (py-spy)."""
    doc = json.loads(body)
    if "boolean" in doc:
        return Answer(boolean=bool(doc["boolean"]))
    variables: list[str] = doc["head"]["vars"]
    made: dict[tuple[str | None, ...], Node] = {}

    def term(cell: dict[str, str]) -> Node:
        key = (cell["type"], cell["value"], cell.get("datatype"), cell.get("xml:lang"))
        found = made.get(key)
        if found is None:
            found = made[key] = term_of_json(cell)
        return found

    rows = [
        tuple(term(b[v]) if v in b else None for v in variables) for b in doc["results"]["bindings"]
    ]
    return Answer(variables=variables, rows=rows)


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attribute = ""
    if isinstance(term, Literal):
        if term.language:
            attribute = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype:
            attribute = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attribute}>{escape(str(term))}</literal>"


def to_xml(answer: Answer) -> bytes:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
    ]
    out += [f"<variable name={quoteattr(v)}/>" for v in answer.variables]
    out.append("</head>")
    if answer.boolean is not None:
        out.append(f"<boolean>{'true' if answer.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in answer.rows:
            out.append("<result>")
            out += [
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(answer.variables, row, strict=True)
                if t is not None
            ]
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out).encode("utf-8")


def _csv_cell(term: Node | None) -> str:
    """A term as SPARQL 1.1 CSV writes it: its lexical form or IRI, a blank node as _:label,
    nothing for an unbound variable."""
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def to_csv(answer: Answer) -> bytes:
    """SPARQL 1.1 Query Results CSV, written by render_csv (RFC 4180, CRLF line ends)."""
    if answer.boolean is not None:
        text = render_csv(["boolean"], [["true" if answer.boolean else "false"]])
    else:
        text = render_csv(answer.variables, [[_csv_cell(t) for t in row] for row in answer.rows])
    return text.encode("utf-8")


# Datatypes whose values TSV may write in short form (a bare number or boolean), when the
# lexical form is one: signs, digits, letters (INF, NaN, true) and points only.
_SHORT_TYPES = ("#integer", "#decimal", "#double", "#boolean")
_SHORT_FORM = re.compile(r"[0-9A-Za-z.+-]+")
# Turtle string escapes: a TSV cell holds no tab or line break, a literal no bare quote.
_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv_iri(iri: str) -> str:
    """An IRI in Turtle's form; characters Turtle does not allow inside <...> as \\u escapes."""
    escaped = (f"\\u{ord(c):04X}" if ord(c) <= 0x20 or c in '<>"{}|^`\\' else c for c in iri)
    return "<" + "".join(escaped) + ">"


def _tsv_cell(term: Node | None) -> str:
    """A term as SPARQL 1.1 TSV writes it (Turtle's form), a literal's text made inert."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return _tsv_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    text = inert_cell(str(term))
    datatype = term.datatype if isinstance(term, Literal) else None
    language = term.language if isinstance(term, Literal) else None
    if (
        datatype
        and str(datatype).endswith(_SHORT_TYPES)
        and text == str(term)
        and _SHORT_FORM.fullmatch(text)
    ):
        return text
    quoted = '"' + text.translate(_STRING_ESCAPES) + '"'
    if language:
        return f"{quoted}@{language}"
    return f"{quoted}^^{_tsv_iri(str(datatype))}" if datatype else quoted


def to_tsv(answer: Answer) -> bytes:
    if answer.boolean is not None:
        return ("?boolean\n" + ("true" if answer.boolean else "false") + "\n").encode()
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    lines += ["\t".join(_tsv_cell(t) for t in row) for row in answer.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def graph_of(answer: Answer) -> Graph:
    """The triples of a CONSTRUCT / DESCRIBE answer, with the project's prefixes (readable
    Turtle)."""
    graph = new_graph()
    for triple in answer.triples or []:
        graph.add(triple)
    return graph


def serialise_graph(answer: Answer, fmt: str) -> bytes:
    graph = graph_of(answer)
    if fmt == "xml":
        return graph.serialize(format="xml", encoding="utf-8")
    return serialize(graph, fmt).encode("utf-8")


SOLUTION_WRITERS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}


def serialise(answer: Answer, fmt: str) -> tuple[bytes, str]:
    """Bytes and media type of `answer` in `fmt` (a value of SOLUTION_TYPES or GRAPH_TYPES)."""
    if answer.kind == "graph":
        return serialise_graph(answer, fmt), CANONICAL_TYPE[("graph", fmt)]
    return SOLUTION_WRITERS[fmt](answer), CANONICAL_TYPE[("solutions", fmt)]
