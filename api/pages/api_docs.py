"""`/docs` (Swagger UI) and `/redoc` (ReDoc) from the vendored copies in api/pages/static/vendor/,
so that the API documentation works with no internet (FastAPI's own pages load a CDN).

The pages hold no inline script (the Content-Security-Policy, api/plumbing/security_headers.py,
refuses it): each names its settings in a JSON data island, and a script of api/pages/static/
starts the tool from them. /redoc's policy lets in the two <style> elements ReDoc adds (by
their hashes) and the worker its search starts from a blob: URL.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from actieplan.api.plumbing.security_headers import page_policy

router = APIRouter(include_in_schema=False)

SWAGGER = "/static/vendor/swagger-ui-5.35.0"
REDOC = "/static/vendor/redoc-2.5.4"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"

# What ReDoc 2.5.4 needs beyond the site's policy. Its bundle adds two <style> elements when it
# loads, allowed by their SHA-256 (they change only with the vendored file, SHA256SUMS): the
# empty one styled-components fills with CSSOM rules, and perfect-scrollbar's stylesheet. Its
# search runs in a web worker made from a blob: URL.
REDOC_ALLOW = {
    "style-src": (
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    ),
    "worker-src": ("'self'", "blob:"),
}
REDOC_POLICY = page_policy(REDOC_ALLOW)


def _data_island(element_id: str, values: dict[str, Any]) -> str:
    """`values` as JSON in a <script type="application/json"> (no `<` in it, so nothing in the
    values can end the element)."""
    text = json.dumps(values).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _page(title: str, head: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">\n'
        f"{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    settings = {
        "url": request.app.openapi_url,
        "dom_id": "#swagger-ui",
        "layout": "BaseLayout",
        # No deep links: they put a link inside each operation's button (axe-core
        # nested-interactive); the operations stay reachable by their button.
        "deepLinking": False,
        "showExtensions": True,
        "showCommonExtensions": True,
        "oauth2RedirectPath": OAUTH2_REDIRECT,
    }
    head = (
        f'<link rel="stylesheet" href="{SWAGGER}/swagger-ui.css">\n'
        '<link rel="stylesheet" href="/static/docs.css">\n'
    )
    body = (
        '<div id="swagger-ui"></div>\n'
        f"{_data_island('swagger-settings', settings)}\n"
        f'<script src="{SWAGGER}/swagger-ui-bundle.js"></script>\n'
        '<script src="/static/swagger-ui-start.js"></script>\n'
    )
    return HTMLResponse(_page(f"{request.app.title} · Swagger UI", head, body))


@router.get(OAUTH2_REDIRECT)
def swagger_ui_redirect() -> HTMLResponse:
    body = '<script src="/static/swagger-oauth2-redirect.js"></script>\n'
    return HTMLResponse(_page("Swagger UI: OAuth2 Redirect", "", body))


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    settings = {"specUrl": request.app.openapi_url}
    body = (
        "<noscript>ReDoc needs JavaScript; the same description is at "
        f'<a href="{escape(request.app.openapi_url)}">the OpenAPI document</a>.</noscript>\n'
        '<div id="redoc"></div>\n'
        f"{_data_island('redoc-settings', settings)}\n"
        f'<script src="{REDOC}/redoc.standalone.js"></script>\n'
        '<script src="/static/redoc-start.js"></script>\n'
    )
    head = '<link rel="stylesheet" href="/static/redoc.css">\n'
    page = _page(f"{request.app.title} · ReDoc", head, body)
    return HTMLResponse(page, headers={"Content-Security-Policy": REDOC_POLICY})
