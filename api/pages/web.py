"""Server-rendered HTML pages: the Jinja2 environment, the page language and one `render`.

Every page is in Dutch by default and in English with `?lang=en`; every word of a template comes
from the message catalogue of the page's language (`{{ _("Actions") }}`,
api/plumbing/messages.py), numbers and money are written in its locale (`{{ fmt.money(x) }}`),
names come from the graph in the page's language. Every page names its machine-readable twins
(JSON or RDF): `render` puts them in `<link rel="alternate">` and in the page's footer. Links
made with `href()` keep the language.

Links to IRIs of the data: `link_target` alone decides where a page may link for an IRI (its
local path here, or the IRI itself when it is http or https); every other IRI (`javascript:`,
`data:`, `vbscript:`, ...) is shown as text. Templates link IRIs with `iri_link`, never with an
`href` of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from rdflib.namespace import RDF

from actieplan.api.plumbing.messages import Messages, messages
from actieplan.api.readmodel.deps import iri_map, plan_asked, served_plans, service_data
from actieplan.api.readmodel.iri_paths import IriMap
from actieplan.api.readmodel.labels import LANGUAGES
from actieplan.graph.core.vocab import AP

TEMPLATES = files("actieplan.api.pages") / "templates"
STATIC = files("actieplan.api.pages") / "static"

_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,  # a misspelt name fails the page (and its test), never blank
    trim_blocks=True,
    lstrip_blocks=True,
)


LINK_SCHEMES = ("http", "https")


def link_target(iris: IriMap, iri: str) -> str | None:
    """Where a page may link for `iri`: its path on this site, the IRI itself when it is an
    http or https IRI with a host, else None (the page shows it as text). The scheme is read
    as a browser reads it (urlsplit drops the spaces, tabs and line breaks a browser drops)."""
    local = iris.local_path(str(iri))
    if local is not None:
        return site_path(local)
    parts = urlsplit(str(iri))
    return str(iri) if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def site_path(path: str) -> str:
    """`path` as a link that stays on this site: one leading "/", never "//" or "/\\" (which
    a browser reads as another host); the rest percent-encoded as it was."""
    rest = path.lstrip("/\\")
    dropped = path[: len(path) - len(rest)]
    return "/" + "".join("%2F" if c == "/" else "%5C" for c in dropped[1:]) + rest


def page_language(request: Request) -> str:
    lang = request.query_params.get("lang", "nl")
    return lang if lang in LANGUAGES else "nl"


@dataclass(frozen=True)
class Twin:
    """A machine-readable twin of a page: its URL, media type and a short label ("JSON")."""

    href: str
    media_type: str
    label: str


@dataclass
class PageContext:
    """What every template may use, besides the page's own values."""

    request: Request
    lang: str
    iris: IriMap
    twins: list[Twin] = field(default_factory=list)

    @property
    def messages(self) -> Messages:
        """The page language's message catalogue and formats."""
        return messages(self.lang)

    @property
    def store(self) -> str | None:
        """The SPARQL endpoint of the triple store the data is read from (`serve --store`);
        None on the embedded store."""
        plans = getattr(self.request.app.state, "plans", None)  # absent before start-up ends
        remote = getattr(getattr(plans, "only", None), "remote", None)
        return remote.query_url if remote is not None else None

    @property
    def other_lang(self) -> str:
        return "en" if self.lang == "nl" else "nl"

    @property
    def other_language_name(self) -> str:
        """The other language, named in itself (the language switch)."""
        return {"nl": "Nederlands", "en": "English"}[self.other_lang]

    @property
    def plan(self) -> str | None:
        """The plan the page is about, in a service of many plans (`?plan=`); None with one."""
        plans = getattr(self.request.app.state, "plans", None)  # absent before start-up ends
        if plans is None or not plans.many:
            return None
        asked = plan_asked(self.request)
        return asked if asked is not None and plans.has(asked) else None

    @property
    def kept_fields(self) -> Markup:
        """The hidden inputs of a GET form on this page: its language (unless Dutch) and its
        plan, so that what the form asks is answered in both, as the page's links are."""
        kept = [("lang", self.lang)] if self.lang != "nl" else []
        kept += [("plan", self.plan)] if self.plan is not None else []
        field = Markup('<input type="hidden" name="{}" value="{}">')
        return Markup("").join(field.format(name, value) for name, value in kept)

    def href(self, path: str, **params: Any) -> str:
        """A link to a page of this site in the page's language and of the page's plan, with
        query parameters (None values left out; `plan=None` for a link to no plan)."""
        query = {k: v for k, v in params.items() if v is not None and v != ""}
        if self.plan is not None and "plan" not in params:
            query["plan"] = self.plan
        if self.lang != "nl":
            query["lang"] = self.lang
        base, _, fragment = path.partition("#")
        base = site_path(base) if base.startswith(("/", "\\")) else base
        separator = "&" if "?" in base else "?"
        link = base + (separator + urlencode(query, doseq=True) if query else "")
        return link + ("#" + fragment if fragment else "")

    @property
    def plan_href(self) -> str:
        """The plan's own page (its objectives and actions); the home page when the graph
        names no plan."""
        if served_plans(self.request).many and self.plan is None:
            return self.href("/")
        plan = service_data(self.request).graph.value(predicate=RDF.type, object=AP.ActionPlan)
        target = self.iri_href(str(plan)) if plan is not None else None
        return target or self.href("/")

    def iri_href(self, iri: str) -> str | None:
        """Where to link for an IRI of the graph (`link_target`), in the page's language when
        it is a page here; None when the IRI may not be a link."""
        target = link_target(self.iris, iri)
        return self.href(target) if target is not None and target.startswith("/") else target

    def iri_link(self, iri: str, text: Any, **attributes: Any) -> Markup:
        """`text` (escaped unless Markup) as a link to `iri` (`iri_href`); when the IRI may not
        be a link, a <span> with the text and the IRI as code. `attributes`: more attributes
        (`class_` for class, `data_fact` for data-fact; None left out)."""
        target = self.iri_href(iri)
        shown = {
            name.rstrip("_").replace("_", "-"): value
            for name, value in attributes.items()
            if value is not None
        }
        if target is None:
            shown.pop("rel", None)
            same = str(text) == str(iri)
            iri_text = Markup("") if same else Markup(' <code class="iri">{}</code>').format(iri)
            return Markup("<span{}>{}{}</span>").format(_attributes(shown), text, iri_text)
        return Markup('<a href="{}"{}>{}</a>').format(target, _attributes(shown), text)

    def named(self, name: Any) -> Markup:
        """A name for the text of the page: marked with its language when it is a literal in
        another language than the page's (a Dutch-only label on an English page)."""
        language = getattr(name, "language", None)
        if language and language != self.lang:
            return Markup('<span lang="{}" translate="no">{}</span>').format(language, name)
        return Markup("{}").format(name)

    def editor_href(self, query: str) -> str:
        """The SPARQL editor (YASGUI at /sparql) opened on `query`."""
        return self.href("/sparql", edit=query)

    def switch_language(self) -> str:
        """This page's URL in the other language, every other parameter kept."""
        params = [(k, v) for k, v in self.request.query_params.multi_items() if k != "lang"]
        if self.lang == "nl":
            params.append(("lang", "en"))
        query = urlencode(params)
        path = quote(self.request.url.path, safe="/:@!$&'()*+,;=")  # "?", "#", "\\" encoded
        return site_path(path) + ("?" + query if query else "")


# The language the plan is written in: its own words quoted on a page (titles, cells, source
# lines) are marked with it, and translate="no", whatever the page's language.
PLAN_LANGUAGE = "nl"


def plan_text(text: Any) -> Markup:
    """`text`, the plan's own words, marked as a quotation in the plan's language: a screen
    reader reads it in Dutch on an English page, and a translator leaves it alone."""
    return Markup('<span lang="{}" translate="no">{}</span>').format(PLAN_LANGUAGE, text)


_environment.filters["plan_text"] = plan_text


def _with_plan(href: str, plan: str) -> str:
    """A link of this site with `plan=` added to its query (other sites' links unchanged)."""
    if not href.startswith("/") or href.startswith("//"):
        return href
    base, _, fragment = href.partition("#")
    separator = "&" if "?" in base else "?"
    return base + separator + urlencode({"plan": plan}) + ("#" + fragment if fragment else "")


def _attributes(values: dict[str, Any]) -> Markup:
    return Markup("").join(Markup(' {}="{}"').format(name, value) for name, value in values.items())


def render(
    request: Request,
    template: str,
    values: dict[str, Any],
    *,
    title: str,
    twins: list[Twin] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The page `template` with `values`, the page context as `page`, the catalogue's `_` and
    `ngettext`, its formats as `fmt`, `href`, and the page's `title` (already in the page's
    language)."""
    page = PageContext(request, page_language(request), iri_map(request), twins or [])
    if page.plan is not None:  # the twins of a page of one plan among many: that plan's
        page.twins = [
            Twin(_with_plan(twin.href, page.plan), twin.media_type, twin.label)
            for twin in page.twins
        ]
    words = page.messages
    html = _environment.get_template(template).render(
        page=page,
        _=words.gettext,
        ngettext=words.ngettext,
        fmt=words,
        href=page.href,
        iri_link=page.iri_link,
        title=title,
        **values,
    )
    headers = {"Content-Language": page.lang, "Vary": "Accept"}
    if page.twins:
        headers["Link"] = ", ".join(
            f'<{twin.href}>; rel="alternate"; type="{twin.media_type}"' for twin in page.twins
        )
    return HTMLResponse(html, status_code=status_code, headers=headers)
