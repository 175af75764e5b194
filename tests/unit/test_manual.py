"""The manual at /manual (api/pages/manual.py): the Markdown pages of docs/ served in the site's
style, from the same files the repository shows."""

from __future__ import annotations

import re

import pytest
from support.paths import REPO

from actieplan.api.pages.manual import CHAPTER_TITLES, PAGE_LANGUAGES
from actieplan.api.plumbing.messages import messages

PAGES = sorted(p.stem for p in (REPO / "docs").glob("*.md"))


def test_the_manual_has_the_pages_readme_links():
    assert PAGES == [
        "command-line",
        "contributing",
        "data-model",
        "handleiding",
        "index",
        "publishing",
        "user-guide",
    ]


@pytest.mark.parametrize("name", PAGES)
def test_every_docs_page_is_a_manual_page_titled_by_its_heading(client, name):
    """Each page is marked with the language it is written in (English, the staff guide
    Dutch), and titled by its heading on a page of that language, else by the catalogue."""
    path = "/manual" if name == "index" else f"/manual/{name}"
    written_in = PAGE_LANGUAGES.get(name, "en")
    other = "nl" if written_in == "en" else "en"
    own = client.get(f"{path}?lang={written_in}")
    assert own.status_code == 200
    heading = re.search(r"^# (.+)$", (REPO / "docs" / f"{name}.md").read_text(), re.MULTILINE)
    assert heading is not None
    assert f"<title>{heading.group(1)} · " in own.text
    assert f'<article class="manual" lang="{written_in}">' in own.text
    translated = messages(other).gettext(CHAPTER_TITLES[name])
    assert f"<title>{translated} · " in client.get(f"{path}?lang={other}").text


def test_english_chapters_are_titled_in_dutch_on_dutch_pages(client):
    assert "<title>Gebruikersgids (Engelstalig) · " in client.get("/manual/user-guide").text
    assert "<title>Guide for staff · " in client.get("/manual/handleiding?lang=en").text


def test_the_contents_link_every_page_at_its_manual_address(client):
    links = set(re.findall(r'href="(/manual[^"#]*)', client.get("/manual").text))
    assert {f"/manual/{name}" for name in PAGES if name != "index"} <= links


def test_links_between_pages_keep_their_fragment_and_screenshots_are_served(client):
    # docs/command-line.md links "(publishing.md#security-and-limits)"
    assert (
        'href="/manual/publishing#security-and-limits"' in client.get("/manual/command-line").text
    )
    assert 'id="security-and-limits"' in client.get("/manual/publishing").text
    guide = client.get("/manual/user-guide").text
    assert 'src="/manual/screenshots/home.png"' in guide
    picture = client.get("/manual/screenshots/home.png")
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert picture.content == (REPO / "docs" / "screenshots" / "home.png").read_bytes()


def test_a_link_to_a_file_of_the_repository_is_text_not_a_broken_link(client):
    # docs/command-line.md links "(../data/reference/README.md)": no page here, so no href
    page = client.get("/manual/command-line").text
    assert "../data/reference/README.md" not in page
    assert 'href="../' not in page


@pytest.mark.parametrize(
    "path", ["/manual/nothing", "/manual/..%2FREADME", "/manual/screenshots/..%2F..%2FREADME.md"]
)
def test_what_is_not_a_page_of_the_manual_is_404(client, path):
    assert client.get(path).status_code == 404
