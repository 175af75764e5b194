"""The SPARQL editor: YASGUI (vendored) on `/sparql` for a browser.

`/sparql` itself is the protocol endpoint (api/routes/sparql.py); it hands a GET over to
`editor_page` when its `wants_editor` says so: no protocol parameter (only `edit` and `lang`)
and an Accept header whose first preference is HTML (a browser). `?edit=QUERY`
opens the editor on QUERY (`page.editor_href`). The page sends its queries to this server's
`/sparql` and nothing anywhere else: YASGUI's autocompleters that ask the web (Linked Open
Vocabularies for classes and properties, prefix.cc) are off, its prefix list is the bundled
one, and the endpoint list holds this endpoint only (api/pages/static/sparql.js).

The page's Content-Security-Policy is the site's, plus the two <style> elements YASGUI's
column resizer adds to its results table, allowed by their SHA-256 (`EDITOR_POLICY`).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from actieplan.api.pages.web import Twin, page_language, render
from actieplan.api.plumbing.security_headers import page_policy
from actieplan.api.readmodel.deps import computed_cache, service_data
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import PREFIXES
from actieplan.graph.sparql.library import load_library, standalone_sparql, store_terms

# The <style> elements of YASGUI 4.6.2's column resizer: its grip rules when the results table
# is drawn, and `*{cursor:col-resize!important}` while a column is dragged. They change only
# with the vendored file (tests/unit/test_page_policies.py computes them from it).
RESIZER_STYLES = (
    "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='",
    "'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='",
)
EDITOR_POLICY = page_policy({"style-src": RESIZER_STYLES})

STARTING_QUERY = """SELECT ?action ?number ?title WHERE {
  ?action a ap:Action ; ap:number ?number ; dcterms:title ?title .
}
LIMIT 20
"""


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
    data = service_data(request)
    examples = computed_cache(request).get(
        ("editor-examples", lang), lambda: library_examples(data, lang)
    )
    edit = request.query_params.get("edit")
    page = render(
        request,
        "sparql.html",
        {
            "examples": examples,
            "editor": {
                "endpoint": "/sparql",
                "query": edit if edit is not None else prefix_lines() + "\n" + STARTING_QUERY,
                "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
                "fromUrl": edit is not None,
                # Names for YASGUI's unnamed controls (api/pages/static/sparql.js).
                "fieldLabel": "SPARQL-query" if lang == "nl" else "SPARQL query",
                "pageSizeLabel": "Rijen per pagina" if lang == "nl" else "Rows per page",
                "tabNameLabel": "Naam van het tabblad" if lang == "nl" else "Tab name",
            },
        },
        title=("SPARQL-editor" if lang == "nl" else "SPARQL editor"),
        # With Accept: text/turtle (not a browser's), /sparql answers its service description.
        twins=[Twin("/sparql", "text/turtle", "Service description (Turtle)")],
    )
    page.headers["Content-Security-Policy"] = EDITOR_POLICY
    return page
