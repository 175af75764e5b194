"""The SPARQL editor: YASGUI (vendored) on `/sparql` for a browser.

`/sparql` itself is the protocol endpoint (api/sparql_endpoint.py); it hands a GET over to
`editor_page` when `wants_editor` says so: no protocol parameter (only `edit` and `lang`) and
an Accept header whose first preference is HTML (a browser). `?edit=QUERY`
opens the editor on QUERY (`page.editor_href`). The page sends its queries to this server's
`/sparql` and nothing anywhere else: YASGUI's autocompleters that ask the web (Linked Open
Vocabularies for classes and properties, prefix.cc) are off, its prefix list is the bundled
one, and the endpoint list holds this endpoint only (api/static/sparql.js).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from actieplan.api.negotiation import parse_accept
from actieplan.api.state import ServiceData
from actieplan.api.web import Twin, page_language, render
from actieplan.graph.core.vocab import PREFIXES
from actieplan.graph.sparql.library import load_library, standalone_sparql, store_terms

# The editor's own routes: none besides /sparql (which sparql_endpoint.py answers).
router = APIRouter(include_in_schema=False)

HTML_TYPES = ("text/html", "application/xhtml+xml")
EDITOR_PARAMETERS = frozenset({"edit", "lang"})
STARTING_QUERY = """SELECT ?action ?number ?title WHERE {
  ?action a ap:Action ; ap:number ?number ; dcterms:title ?title .
}
LIMIT 20
"""


def wants_editor(request: Request) -> bool:
    """A GET from a browser that is not a protocol request: only editor parameters, and HTML
    the client's first preference (a browser's Accept starts with text/html; a client that
    accepts anything, `*/*`, or prefers another type keeps the protocol's answers)."""
    if request.method != "GET":
        return False
    preferences = parse_accept(request.headers.get("accept"))
    if not preferences:  # a header with no media range at all (";;;,,,")
        return False
    media, q, _ = preferences[0]
    if media not in HTML_TYPES or q <= 0:
        return False
    return all(name in EDITOR_PARAMETERS for name in request.query_params)


def prefix_lines() -> str:
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())


def library_examples(data: ServiceData, lang: str) -> list[dict[str, str]]:
    """Each library query with its default values written in (runnable as it stands)."""
    examples = []
    for query in load_library().values():
        sparql = standalone_sparql(query, store_terms(data.store, query, {}))
        examples.append(
            {
                "name": query.name,
                "title": query.title_en if lang == "en" else query.title_nl,
                "sparql": sparql,
            }
        )
    return examples


def editor_page(request: Request) -> HTMLResponse:
    lang = page_language(request)
    data: ServiceData = request.app.state.data
    examples = request.app.state.api_cache.get(
        ("editor-examples", lang), lambda: library_examples(data, lang)
    )
    edit = request.query_params.get("edit")
    return render(
        request,
        "sparql.html",
        {
            "examples": examples,
            "editor": {
                "endpoint": "/sparql",
                "query": edit if edit is not None else prefix_lines() + "\n" + STARTING_QUERY,
                "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
                "fromUrl": edit is not None,
                # Names for YASGUI's unnamed controls (api/static/sparql.js).
                "fieldLabel": "SPARQL-query" if lang == "nl" else "SPARQL query",
                "pageSizeLabel": "Rijen per pagina" if lang == "nl" else "Rows per page",
                "tabNameLabel": "Naam van het tabblad" if lang == "nl" else "Tab name",
            },
        },
        title=("SPARQL-editor" if lang == "nl" else "SPARQL editor"),
        # With Accept: text/turtle (not a browser's), /sparql answers its service description.
        twins=[Twin("/sparql", "text/turtle", "Service description (Turtle)")],
    )
