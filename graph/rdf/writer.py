"""Fast, deterministic Turtle and JSON-LD writers for graphs without blank nodes.

rdflib's own Turtle and JSON-LD serialisers spend most of the build time (about 0.5 s and
0.3 s on the plan); these writers sort subjects, predicates and objects and write plain,
readable documents in a fraction of that. Both round-trip to an isomorphic graph (tested).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

LOCAL_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class _Abbreviator:
    """Writes IRIs as prefix:local where the local part is a safe Turtle name."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.by_length = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def curie(self, iri: str) -> str | None:
        for prefix, namespace in self.by_length:
            if iri.startswith(namespace) and LOCAL_NAME_RE.fullmatch(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return None


def _by_subject(graph: Graph) -> dict[URIRef, dict[URIRef, list[URIRef | Literal]]]:
    subjects: dict[URIRef, dict[URIRef, list[URIRef | Literal]]] = {}
    for s, p, o in graph:
        if not (
            isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, (URIRef, Literal))
        ):
            raise ValueError("these writers write IRIs and literals only, no blank nodes")
        subjects.setdefault(s, {}).setdefault(p, []).append(o)
    return subjects


def _predicate_order(predicate: URIRef) -> tuple[bool, str]:
    return predicate != RDF.type, str(predicate)


def _object_order(node: URIRef | Literal) -> tuple[str, str, str]:
    if isinstance(node, URIRef):
        return "", str(node), ""
    return str(node), node.language or "", str(node.datatype or "")


def to_turtle(graph: Graph, prefixes: Mapping[str, str]) -> str:
    names = _Abbreviator(prefixes)
    nsm = graph.namespace_manager

    def term(node: URIRef | Literal) -> str:
        if isinstance(node, URIRef):
            return names.curie(str(node)) or f"<{node}>"
        return node.n3(nsm)

    lines = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(prefixes.items())]
    for subject, predicates in sorted(_by_subject(graph).items()):
        statements = []
        for predicate in sorted(predicates, key=_predicate_order):
            verb = "a" if predicate == RDF.type else term(predicate)
            objects = sorted(term(o) for o in predicates[predicate])
            statements.append(f"{verb} " + ",\n        ".join(objects))
        lines.append(f"\n{term(subject)} " + " ;\n    ".join(statements) + " .")
    return "\n".join(lines) + "\n"


def to_jsonld(graph: Graph, prefixes: Mapping[str, str]) -> str:
    """A flat JSON-LD document: @context with the prefixes, one node object per subject."""
    names = _Abbreviator(prefixes)

    def key(iri: str) -> str:
        return names.curie(iri) or iri

    def value(node: URIRef | Literal) -> dict[str, str]:
        if isinstance(node, URIRef):
            return {"@id": str(node)}
        if node.language:
            return {"@value": str(node), "@language": node.language}
        if node.datatype:
            return {"@value": str(node), "@type": key(str(node.datatype))}
        return {"@value": str(node)}

    nodes = []
    for subject, predicates in sorted(_by_subject(graph).items()):
        node: dict[str, object] = {"@id": str(subject)}
        for predicate in sorted(predicates, key=_predicate_order):
            if predicate == RDF.type:
                node["@type"] = sorted(key(str(o)) for o in predicates[predicate])
            else:
                objects = sorted(predicates[predicate], key=_object_order)
                node[key(str(predicate))] = [value(o) for o in objects]
        nodes.append(node)
    # One node object per line: readable, and json's fast C encoder (indent= is pure Python).
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False)
    body = ",\n".join(json.dumps(node, ensure_ascii=False) for node in nodes)
    return f'{{"@context": {context},\n"@graph": [\n{body}\n]}}\n'
