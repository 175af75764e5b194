"""`/docs` (Swagger UI) and `/redoc` (ReDoc) from the vendored copies in api/pages/static/vendor/,
so that the API documentation works with no internet (FastAPI's own pages load a CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

SWAGGER = "/static/vendor/swagger-ui-5.35.0"
REDOC = "/static/vendor/redoc-2.5.4"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"


def _in_english(page: HTMLResponse, body_start: str = "") -> HTMLResponse:
    """The page with `lang="en"` on its root (FastAPI's templates have none) and
    `body_start` at the start of its body."""
    html = bytes(page.body).decode("utf-8").replace("<html>", '<html lang="en">', 1)
    return HTMLResponse(html.replace("<body>", "<body>\n" + body_start, 1))


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} · Swagger UI",
        swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER}/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
        oauth2_redirect_url=OAUTH2_REDIRECT,
        # No deep links: they put a link inside each operation's button (axe-core
        # nested-interactive); the operations stay reachable by their button.
        swagger_ui_parameters={"deepLinking": False},
    )
    html = (
        bytes(page.body)
        .decode("utf-8")
        .replace("</head>", '<link rel="stylesheet" href="/static/docs.css">\n</head>', 1)
    )
    return _in_english(HTMLResponse(html))


@router.get(OAUTH2_REDIRECT)
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


# ReDoc 2.5.4 always draws its maker's logo from https://cdn.redoc.ly/ (in the sidebar's
# "API docs by Redocly" link): this script, run before ReDoc, points it at the local icon.
REDOC_LOCAL_LOGO = """<script>
(function () {
  const local = (value) =>
    String(value).startsWith("https://cdn.redoc.ly/") ? "/static/favicon.svg" : value;
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    get() { return src.get.call(this); },
    set(value) { src.set.call(this, local(value)); },
  });
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    const image = this.tagName === "IMG" && name === "src";
    return setAttribute.call(this, name, image ? local(value) : value);
  };
})();
</script>
"""


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    page = get_redoc_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} · ReDoc",
        redoc_js_url=f"{REDOC}/redoc.standalone.js",
        redoc_favicon_url="/static/favicon.svg",
        with_google_fonts=False,
    )
    return _in_english(page, REDOC_LOCAL_LOGO)
