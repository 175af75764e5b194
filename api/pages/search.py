"""Search: `/search?q=` (HTML) and its twin `/search.json?q=`.

Finds organisations (id, names in Dutch and English, aliases, abbreviation), minister posts
(labels, the minister's portfolio, variants, and the name of the person who held the post in
the plan's period: "Jambon" finds the post of Jan Jambon, by the reference data's Themis
extract, api/readmodel/office_holders.py), actions (number "3.12" or words of the title) and
objectives (number or words of the title). Texts are compared in the compact form of the name
lookup (graph/core/reference.py: no case, accents, punctuation or spaces); the names are those
the lookup reads (graph/core/lookup.py NAME_PROPERTIES). Ranked: a whole name or number first,
then a name that starts with the text, then one that contains it, then titles that contain every
word. Nothing found: the closest names ("did you mean").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from rdflib import Graph, Literal, URIRef

from actieplan.api.pages.web import Twin, link_target, page_language, render
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.readmodel.catalogue import Catalogue
from actieplan.api.readmodel.deps import Cache, Data, iri_map
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.office_holders import Holder, office_holders
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.lookup import NAME_PROPERTIES
from actieplan.graph.core.reference import compact
from actieplan.graph.core.vocab import local_id

router = APIRouter(include_in_schema=False)

MAX_QUERY_CHARS = 100  # longer texts are cut here (and the page says so)
MAX_HITS = 50
SUGGESTIONS = 5
# Rank of a match, best first.
WHOLE, START, PART, WORDS = 0, 1, 2, 3
KINDS = ("organisation", "minister-post", "action", "objective")


@dataclass(frozen=True)
class Entry:
    """One findable entity: its kind, IRI, order in the plan and the texts it is found by."""

    kind: str
    iri: str
    order: int
    names: tuple[str, ...]  # compact names, abbreviations, ids, numbers
    title: str = ""  # compact-word form of a title, " word word " (actions, objectives)
    people: tuple[str, ...] = ()  # a minister post's holders in the plan's period, by name


def _words(text: str) -> list[str]:
    return [w for w in (compact(part) for part in text.split()) if w]


def search_index(
    graph: Graph, catalogue: Catalogue, holders: dict[str, list[Holder]] | None = None
) -> list[Entry]:
    """Every findable entity; `holders`: minister post id -> its holders (office_holders),
    whose names (whole, and the family name alone) find the post."""
    holders = holders or {}
    entries = []
    agents: list[tuple[str, list[str]]] = [
        ("organisation", [o.iri for o in catalogue.organisations.values()]),
        ("minister-post", [p.iri for p in catalogue.minister_posts.values()]),
    ]
    for kind, iris in agents:
        for position, iri in enumerate(iris):
            node = URIRef(iri)
            names = {compact(local_id(iri))}
            names |= {
                compact(str(o))
                for p in NAME_PROPERTIES
                for o in graph.objects(node, p)
                if isinstance(o, Literal)
            }
            people: tuple[str, ...] = ()
            if kind == "minister-post":
                found = holders.get(local_id(iri), [])
                people = tuple(h.name for h in found)
                names |= {compact(h.name) for h in found} | {compact(h.family_name) for h in found}
            entries.append(Entry(kind, iri, position, tuple(sorted(names - {""})), "", people))
    for position, action in enumerate(catalogue.actions.values()):
        title = " " + " ".join(_words(action.title)) + " "
        entries.append(Entry("action", action.iri, position, (action.number,), title))
    for objective in catalogue.objectives.values():
        title = " " + " ".join(_words(objective.title)) + " "
        entries.append(
            Entry("objective", objective.iri, objective.number, (str(objective.number),), title)
        )
    return entries


def rank(entry: Entry, text: str) -> int | None:
    """How well `text` (stripped) finds `entry`: WHOLE, START, PART, WORDS or None."""
    key, words = compact(text), _words(text)
    numbers = entry.names if entry.kind in ("action", "objective") else ()
    if text in numbers:
        return WHOLE
    if numbers:
        # a number is found whole or not at all ("3.1" is not "3.12"); titles by their words
        if words and all(f" {w}" in entry.title for w in words):
            return WORDS
        return None
    if key in entry.names:
        return WHOLE
    if any(name.startswith(key) for name in entry.names):
        return START
    if len(key) >= 3 and any(key in name for name in entry.names):
        return PART
    return None


def find(entries: list[Entry], text: str) -> list[tuple[int, Entry]]:
    """The entries `text` finds, best first (then by kind, then in the plan's order)."""
    if not compact(text):
        return []
    hits = [(r, e) for e in entries if (r := rank(e, text)) is not None]
    hits.sort(key=lambda hit: (hit[0], KINDS.index(hit[1].kind), hit[1].order))
    return hits[:MAX_HITS]


def suggestions(entries: list[Entry], text: str) -> list[Entry]:
    """The entries with a name closest to `text` (difflib), for "did you mean"."""
    by_name: dict[str, Entry] = {}
    for entry in entries:
        for name in entry.names if entry.kind in ("organisation", "minister-post") else ():
            by_name.setdefault(name, entry)
    close = difflib.get_close_matches(compact(text), list(by_name), n=SUGGESTIONS * 3, cutoff=0.6)
    found: dict[str, Entry] = {}
    for name in close:
        found.setdefault(by_name[name].iri, by_name[name])
    return list(found.values())[:SUGGESTIONS]


def _entries(data: ServiceData, cache: ComputedCache) -> list[Entry]:
    def index() -> list[Entry]:
        holders = office_holders(data.graph, data.catalogue)
        return search_index(data.graph, data.catalogue, holders)

    return cache.get(("pages", "search-index"), index)


def _name(entry: Entry, labels: Labels) -> str:
    catalogue = labels.catalogue
    if entry.kind == "organisation":
        org = catalogue.organisations[local_id(entry.iri)]
        name = labels.organisation(org.id)
        return f"{name} ({org.abbreviation})" if org.abbreviation else name
    if entry.kind == "minister-post":
        return labels.minister_post(local_id(entry.iri))
    if entry.kind == "action":
        action = catalogue.actions[entry.names[0]]
        return f"{entry.names[0]}: {action.title}"
    return f"{entry.names[0]}: {catalogue.objectives[entry.order].title}"


def answer(request: Request, data: ServiceData, cache: ComputedCache, query: str) -> dict[str, Any]:
    """The search's answer as plain data: the query (cut to MAX_QUERY_CHARS), the hits and,
    when there are none, suggestions."""
    text = query.strip()
    cut = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    iris = iri_map(request)
    labels = Labels(data.graph, data.catalogue, page_language(request), iris.data_base)
    entries = _entries(data, cache)
    hits = find(entries, text)

    def row(entry: Entry, match: str | None = None) -> dict[str, Any]:
        return {
            "kind": entry.kind,
            "iri": entry.iri,
            "path": link_target(iris, entry.iri),  # None: not an IRI to link to
            "name": _name(entry, labels),
            **({"people": list(entry.people)} if entry.people else {}),
            **({"match": match} if match else {}),
        }

    matches = {WHOLE: "whole", START: "start", PART: "part", WORDS: "words"}
    return {
        "query": text,
        "truncated": cut,
        "hits": [row(entry, matches[r]) for r, entry in hits],
        "suggestions": [row(e) for e in suggestions(entries, text)] if text and not hits else [],
    }


def _twin(query: str) -> list[Twin]:
    return [Twin(f"/search.json?q={quote(query)}", "application/json", "JSON")]


@router.get("/search.json")
def search_json(request: Request, data: Data, cache: Cache, q: str = "") -> JSONResponse:
    return JSONResponse(answer(request, data, cache, q))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, data: Data, cache: Cache, q: str = "") -> HTMLResponse:
    found = answer(request, data, cache, q)
    lang = page_language(request)
    title = ("Search" if lang == "en" else "Zoeken") + (f": {found['query']}" if q else "")
    return render(
        request, "search.html", {"found": found}, title=title, twins=_twin(found["query"])
    )
