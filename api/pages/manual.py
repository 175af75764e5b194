"""`/manual`: the manual (the Markdown pages of docs/, the same files the repository shows) as
pages in the site's style.

`/manual` is docs/index.md, `/manual/{page}` is docs/{page}.md, `/manual/screenshots/{file}` a
screenshot they show. Headings get the ids GitHub gives them, so links between the pages
(`command-line.md#validate`) become links between these pages (`/manual/command-line#validate`);
a link to another file of the repository (`../bench/README.md`) has no page here and stays
text. The Markdown is rendered by
markdown-it-py in CommonMark mode with raw HTML off, so a page holds only what Markdown makes.
The manual is written in English, except the staff guide (docs/handleiding.md), which is in
Dutch: each page is marked with its own language, and its title is said in the page's language
(CHAPTER_TITLES).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from markdown_it import MarkdownIt
from markdown_it.token import Token

from actieplan.api.pages.web import page_language, render
from actieplan.api.plumbing.messages import N_, messages

router = APIRouter(include_in_schema=False)

MANUAL = "/manual"
# A page or screenshot name: letters, digits and dashes (no path of any other shape is read).
PAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
SCREENSHOT_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.png")
# The language each page of docs/ is written in, where it is not English.
PAGE_LANGUAGES = {"handleiding": "nl"}
# The chapters' titles, as message ids: a page in another language than the page's is titled
# in the page's language (a chapter missing here is titled "Manual").
CHAPTER_TITLES = {
    "index": N_("The manual"),
    "user-guide": N_("User guide"),
    "command-line": N_("The command line"),
    "data-model": N_("The data model"),
    "publishing": N_("Publishing and operating"),
    "contributing": N_("Contributing"),
    "handleiding": N_("Guide for staff"),
}
# A relative link to another page of the manual, with an optional fragment.
PAGE_LINK = re.compile(r"^([a-z0-9][a-z0-9-]*)\.md(#[\w-]*)?$")


def docs() -> Traversable:
    """The docs/ folder, installed as package data (`actieplan.docs`)."""
    return files("actieplan.docs")


def _local_target(target: str) -> str | None:
    """Where a link of a docs page goes on this site: another manual page, a fragment or a web
    address as it is; None for a file of the repository, which has no page here."""
    page = PAGE_LINK.match(target)
    if page:
        name = "" if page.group(1) == "index" else "/" + page.group(1)
        return MANUAL + name + (page.group(2) or "")
    if target.startswith(("#", "https://", "http://")):
        return target
    return None


def slug(heading: str) -> str:
    """The fragment a heading answers at, as GitHub makes it (so the repository's links and the
    manual's agree): lower case, punctuation dropped, spaces as hyphens."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def _name_headings(tokens: list[Token]) -> None:
    """Every heading gets the id its slug gives (a second one of the same name: `-1`, ...)."""
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            base = slug(tokens[index + 1].content)
            count = seen.get(base, 0)
            seen[base] = count + 1
            token.attrSet("id", base if count == 0 else f"{base}-{count}")


def _rewrite_links(tokens: list[Token]) -> None:
    """Links to docs/*.md go to /manual/...; images under screenshots/ to /manual/screenshots/;
    a link to another file of the repository loses its href and reads as plain text."""
    for token in tokens:
        if token.children:
            _rewrite_links(token.children)
        if token.type == "link_open":
            target = _local_target(str(token.attrGet("href") or ""))
            if target is None:
                token.attrs.pop("href", None)
            else:
                token.attrSet("href", target)
        elif token.type == "image":
            source = str(token.attrGet("src") or "")
            if source.startswith("screenshots/"):
                token.attrSet("src", f"{MANUAL}/{source}")


MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def _rendered(text: str, name: str) -> tuple[str, str]:
    """(title, HTML body) of one docs page; the title is its first `# ` heading."""
    heading = re.search(r"^# (.+)$", text, re.MULTILINE)
    title = heading.group(1).strip() if heading else name
    tokens = MARKDOWN.parse(text)
    _name_headings(tokens)
    _rewrite_links(tokens)
    return title, MARKDOWN.renderer.render(tokens, MARKDOWN.options, {})


@cache
def manual_pages() -> dict[str, tuple[str, str]]:
    """Every page of docs/, rendered once: name -> (title, HTML body). Rendered as a whole so
    that what a request names is only looked up, never a cache key of its own."""
    pages = {}
    for entry in docs().iterdir():
        name = entry.name.removesuffix(".md")
        if entry.name.endswith(".md") and PAGE_NAME.fullmatch(name):
            pages[name] = _rendered(entry.read_text(encoding="utf-8"), name)
    return pages


def _page(request: Request, name: str) -> HTMLResponse:
    found = manual_pages().get(name)
    if found is None:
        raise HTTPException(404, f"no page {name!r} in the manual: see {MANUAL}")
    title, body = found
    written_in = PAGE_LANGUAGES.get(name, "en")
    lang = page_language(request)
    if written_in != lang:
        title = messages(lang).gettext(CHAPTER_TITLES.get(name, "Manual"))
    return render(request, "manual.html", {"body": body, "written_in": written_in}, title=title)


@router.get(MANUAL, response_class=HTMLResponse)
def manual_index(request: Request) -> HTMLResponse:
    return _page(request, "index")


@router.get(MANUAL + "/screenshots/{file}")
def manual_screenshot(file: str) -> Response:
    source = docs() / "screenshots" / file
    if not SCREENSHOT_NAME.fullmatch(file) or not source.is_file():
        raise HTTPException(404, f"no screenshot {file!r} in the manual")
    return Response(
        source.read_bytes(), media_type="image/png", headers={"Cache-Control": "max-age=3600"}
    )


@router.get(MANUAL + "/{name}", response_class=HTMLResponse)
def manual_section(request: Request, name: str) -> HTMLResponse:
    return _page(request, name)
