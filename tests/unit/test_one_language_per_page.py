"""One language per page: every page the site links to, and every staff download it offers,
rendered in Dutch and in English, shows no string of the other language.

The pages are found by following the links of the site from its home page in each language
(in-process, no socket). What is checked is what a reader sees: text, and the title,
aria-label, placeholder and alt of elements. Left out, because they are not words of the page:
script, style, code and pre blocks, any part marked with another `lang`, and any part marked
translate="no": the plan's own text, quoted (lang="nl" translate="no", in Dutch with the
English phrases the plan itself uses). Proper names (the organisations, minister
posts and persons of the reference data) are allowed in both languages.

A string fails when it is a message of the other language's catalogue, or when it holds a
function word only the other language uses ("the", "with" on a Dutch page; "de", "met" on an
English one). Downloads are checked on their column headers and sheet names: a staff download
(in the page's language, Dutch when the link names none) has no machine column name
(`stated_one_off_eur`) and no header of the other language. The dataset's distributions,
linked without a language, keep their documented machine column names (docs/user-guide.md,
Downloads) and are not checked here.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal
from rdflib.namespace import FOAF
from support.paths import REPO

from actieplan.api.plumbing.messages import messages
from actieplan.graph.core.reference import load_reference

# Function words of one language that the other does not use. A word on this list in a page
# of the other language is a string left untranslated.
ENGLISH_ONLY = frozenset(
    """the and with without which who whose this these those from not none only every each
    are has have been were by to on at or into its their there than other more less
    ongoing unknown shared actions organisations organisation mentioned missing results
    result question questions search year years total lead leads led yes no
    objective objectives timeline network page""".split()
)
DUTCH_ONLY = frozenset(
    """de het een van en niet met voor zijn geen wordt worden deze die dat ook naar bij uit
    tot aan ontbreekt ontbreken acties actie organisaties organisatie trekker trekkers
    doorlopend onbekend vragen vraag jaar jaren tijdlijn netwerk zoeken bron eenmalig
    doelstelling doelstellingen gedeeld gedeelde alle welke wie waar hoeveel ja nee""".split()
)
OTHER_LANGUAGE_WORDS = {"nl": ENGLISH_ONLY, "en": DUTCH_ONLY}

SKIPPED_TAGS = frozenset({"script", "style", "code", "pre", "textarea", "template", "kbd", "samp"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

# Where the crawl does not go: files and machine answers (the downloads are read apart), the
# third-party API explorers (Swagger UI, ReDoc: English only, for developers), the endpoint.
NOT_PAGES = ("/static/", "/api/", "/docs", "/redoc", "/openapi", "/health", "/download/")
MACHINE_SUFFIXES = (".json", ".ttl", ".nt", ".jsonld", ".rdf", ".gexf", ".graphml", ".gz", ".rq")
STAFF_DOWNLOAD_SUFFIXES = (".csv", ".xlsx")
# The dataset's distributions: linked without a language, they keep machine column names.
DISTRIBUTIONS = ("/download/actions.csv", "/download/actions-long.csv", "/download/actions.xlsx")
# A path with many query variants (filters, one question's parameters) is read a few times.
VARIANTS_PER_PATH = 3
WORD = re.compile(r"[^\W\d_]+")
MACHINE_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
MACHINE_WORD = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Technical tokens that are no words of either language: checksums and versions (hex: "b840de8d"
# holds "de"), IRIs, paths, prefixed names, files.
TOKEN = re.compile(
    r"\b[0-9a-f]{8,}\b|\S*[/:@]\S*|\S+\.(?:csv|xlsx|ttl|nt|jsonld|json|gexf|graphml|rq|gz|png|svg)\b"
)
# Quotations of the plan's words inside a sentence (“Trekker”, 'Doorlopend', «2021 en verder»).
QUOTED = re.compile(
    r"“[^”]{1,80}”|«[^»]{1,80}»|‘[^’]{1,80}’|\"[^\"]{1,80}\""
    r"|(?:^|(?<=[\s(]))'[^']{1,80}'(?=[\s).,;:]|$)"
)
# The number a page puts before a name ("2. WE HANTEREN …": objective 2).
NUMBERED = re.compile(r"^\d+[.)] ")
# Names of things that are the same in both languages.
SHARED_NAMES = ("CC BY 4.0", "Creative Commons", "dataset")


class _Words(HTMLParser):
    """The strings a reader of the page sees, in the page's language."""

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[bool] = []  # per open element: is its content skipped?
        self.strings: list[str] = []
        self.links: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        lang = attributes.get("lang", "").split("-")[0]
        skipped = (
            self._skipped()
            or tag in SKIPPED_TAGS
            or bool(lang and lang != self.page_lang)
            or attributes.get("translate") == "no"  # quoted plan text, names: not the page's words
        )
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if not skipped:
            self.strings.extend(
                attributes[name] for name in READ_ATTRIBUTES if attributes.get(name)
            )
        if tag not in VOID_TAGS:
            self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipped() and data.strip():
            self.strings.append(data)


class Language:
    """What counts as a string of the other language for pages in `lang`."""

    def __init__(self, lang: str, names: list[str]) -> None:
        other = "en" if lang == "nl" else "nl"
        own, theirs = messages(lang), messages(other)
        # Messages whose text differs between the two languages, as the other language says it.
        self.other_messages = {
            _collapse(theirs.gettext(message_id))
            for message_id in messages("nl").singular  # the ids: every translated message
            if own.gettext(message_id).lower() != theirs.gettext(message_id).lower()
        } - {""}
        # ... unless this language says the same for another message ("Start": Dutch "Home",
        # English "Start").
        self.other_messages -= {_collapse(own.gettext(m)) for m in messages("nl").singular}
        self.words = OTHER_LANGUAGE_WORDS[lang]
        self.names = names
        self.name_set = set(names)
        self.names_in_text = re.compile("|".join(map(re.escape, names)), re.IGNORECASE)

    def problem(self, text: str) -> str | None:
        text = _collapse(text)
        if text in self.name_set:  # the plan's own words, or a name
            return None
        if text in self.other_messages:
            return "a message of the other language"
        if machine := MACHINE_WORD.search(text):
            return f"the machine name {machine.group()!r}"
        if self._word_of_the_other(text) is None:  # the common case: nothing to look into
            return None
        # A name cut short to fit ("2. WE HANTEREN EEN …"): the start of a name.
        stem = NUMBERED.sub("", text).rstrip(".… ")
        if stem != text and len(stem) >= 8 and any(n.startswith(stem) for n in self.names):
            return None
        word = self._word_of_the_other(self.names_in_text.sub(" ", text))
        return None if word is None else f"the word {word!r}"

    def _word_of_the_other(self, text: str) -> str | None:
        for word in WORD.findall(TOKEN.sub(" ", QUOTED.sub(" ", text))):
            if word.lower() in self.words:
                return word
        return None


def _collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def proper_names(plan_graph) -> list[str]:
    """Names allowed in both languages, longest first so a long name is removed whole: the
    organisations (names, abbreviations, aliases), minister posts and the persons holding them,
    and the plan's own words as the graph holds them (titles, printed cells, descriptions: the
    plan's names for its things), where they are at least three words long, so that a single
    untranslated word ("Doorlopend" as a value) is still found."""
    reference = load_reference()
    names: set[str] = {
        _collapse(str(text))
        for text in plan_graph.objects()
        if isinstance(text, Literal) and text.language in ("nl", None) and len(text.split()) >= 3
    }
    persons = Graph().parse(REPO / "data" / "reference" / "themis-jambon-ministers.ttl")
    names.update(str(name) for name in persons.objects(None, FOAF.familyName))
    names.update(str(name) for name in persons.objects(None, FOAF.givenName))
    for org in reference.organisations.values():
        names.update((org.name_nl, org.name_en, org.abbreviation, *org.aliases, *org.mention_names))
    for post in reference.minister_posts.values():
        names.update((post.name_nl, post.name_en, *post.variants))
    names.update(SHARED_NAMES)
    return sorted((name for name in names if len(name) > 2), key=len, reverse=True)


def _same_site(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _lang_of(url: str) -> str:
    return dict(parse_qsl(urlsplit(url).query)).get("lang", "nl")


def _crawl(client, start: str) -> tuple[dict[str, str], set[str]]:
    """The HTML pages reachable from `start` in its language (url → html), and the staff
    downloads they link to."""
    lang = _lang_of(start)
    pages: dict[str, str] = {}
    downloads: set[str] = set()
    variants: dict[str, int] = {}
    queue, seen = deque([start]), {start}
    while queue:
        url = queue.popleft()
        answer = client.get(url)
        if answer.status_code != 200 or "text/html" not in answer.headers["content-type"]:
            continue
        pages[url] = answer.text
        reader = _Words(lang)
        reader.feed(answer.text)
        for href in reader.links:
            target = _same_site(href.split("#")[0])
            if target is None or target in seen:
                continue
            seen.add(target)
            path = urlsplit(target).path
            if (
                path.endswith(STAFF_DOWNLOAD_SUFFIXES)
                or "format=xlsx" in target
                or "format=csv" in target
            ):
                downloads.add(target)
                continue
            if path.startswith(NOT_PAGES) or path.endswith(MACHINE_SUFFIXES):
                continue
            if _lang_of(target) != lang or "query=" in target:
                continue
            variants[path] = variants.get(path, 0) + 1
            if variants[path] <= VARIANTS_PER_PATH:
                queue.append(target)
    return pages, downloads


@pytest.fixture(scope="module")
def site_in(client):
    crawled = {}

    def site(lang: str) -> tuple[dict[str, str], set[str]]:
        if lang not in crawled:
            crawled[lang] = _crawl(client, "/" if lang == "nl" else "/?lang=en")
        return crawled[lang]

    return site


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_in_one_language(site_in, proper_names, lang):
    pages, _ = site_in(lang)
    # The crawl reaches every kind of page: the plan, its actions and actors, and the tools.
    paths = {urlsplit(url).path for url in pages}
    for expected in ("/action/1.1", "/objective/3", "/organisation/abb", "/minister-post/"):
        assert any(expected in path for path in paths), f"the crawl did not reach {expected}"
    for expected in ("/", "/network", "/timeline", "/questions", "/completeness", "/dataset"):
        assert expected in paths, f"the crawl did not reach {expected}"
    assert len(pages) > 150
    language = Language(lang, proper_names)
    problems = []
    for url, html in pages.items():
        reader = _Words(lang)
        reader.feed(html)
        for text in reader.strings:
            problem = language.problem(text)
            if problem:
                problems.append(f"{url}: {_collapse(text)[:90]!r} ({problem})")
    assert not problems, f"{len(problems)} strings of the other language:\n" + "\n".join(
        sorted(set(problems))[:80]
    )


def _headers(name: str, body: bytes) -> list[str]:
    """The column headers (and sheet names) of a CSV or XLSX download."""
    if name.endswith(".xlsx") or body[:2] == b"PK":
        book = load_workbook(io.BytesIO(body), read_only=True)
        headers = list(book.sheetnames)
        for sheet in book.worksheets:
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            headers.extend(str(cell) for cell in first if cell is not None)
        return headers
    text = body.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    return next(csv.reader(io.StringIO(text), dialect))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_staff_download_in_one_language(client, site_in, proper_names, lang):
    _, downloads = site_in(lang)
    staff = sorted(
        url
        for url in downloads
        if _lang_of(url) == lang
        and not (urlsplit(url).path in DISTRIBUTIONS and "lang=" not in url)
    )
    assert any(".xlsx" in url or "xlsx" in url for url in staff), downloads
    language = Language(lang, proper_names)
    problems = []
    for url in staff:
        answer = client.get(url)
        assert answer.status_code == 200, url
        for header in _headers(urlsplit(url).path, answer.content):
            if MACHINE_NAME.match(header):
                problems.append(f"{url}: machine column name {header!r}")
            elif problem := language.problem(header):
                problems.append(f"{url}: {header!r} ({problem})")
    assert not problems, "\n".join(problems)


def test_the_check_sees_an_untranslated_string(proper_names):
    """The check itself finds the issue's own examples and lets proper names through."""
    dutch, english = Language("nl", proper_names), Language("en", proper_names)
    assert dutch.problem("(laag roles; rollen: lead, partner)") == "the word 'lead'"
    assert dutch.problem("the organisation: id, abbreviation or name") == "the word 'the'"
    assert english.problem("co-funding: 90.0 % de EU") == "the word 'de'"
    assert english.problem("led by Agentschap Integratie en Inburgering") is None
    assert english.problem("ongoing ('Doorlopend', 'continu proces')") is None
    assert english.problem("the lead cell (“Trekker”)") is None
    assert dutch.problem("Agentschap Binnenlands Bestuur en Opgroeien") is None
    assert dutch.problem(messages("en").gettext("Timeline")) == "a message of the other language"
    assert english.problem(messages("nl").gettext("Timeline")) == "a message of the other language"
    assert MACHINE_NAME.match("stated_one_off_eur")
    assert not MACHINE_NAME.match("Eenmalig bedrag")
    assert english.problem("version b840de8dc3af8597, SHA-256 8de0a1b2c3d4") is None
