"""`actieplan diff OLD NEW` (cli/diff.py): the vendored plan against a copy with three edits
(tests/support/plan_edits.py says which lines), as a table, JSON and an HTML page; plan texts
and built graph files alike; the exit codes of diff(1)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.cli_runner import run_cli
from support.plan_edits import NEW_LEAD_8_2, OLD_LEAD_8_2, TITLE_8_3, three_edits, write_plan

from actieplan.graph.analysis.plan_diff import FIELDS
from actieplan.graph.analysis.plan_diff_render import KINDS, LANGUAGES, WORDS
from actieplan.graph.core.resources import default_source

PLAN = str(default_source())

# Only the three edits, with the values the plan text prints (lines 309, 409, 411).
EXPECTED_JSON = {
    "removed": [{"action": "8.3", "title": TITLE_8_3}],
    "added": [],
    "renumbered": [],
    "changed": [
        {
            "action": "4.5",
            "fields": {
                "timing_text": {"old": "2020 - 2021", "new": "2020 - 2022"},
                "end": {"old": "2021", "new": "2022"},
            },
        },
        {"action": "8.2", "fields": {"lead": {"old": OLD_LEAD_8_2, "new": NEW_LEAD_8_2}}},
    ],
}
NOTHING = {"removed": [], "added": [], "renumbered": [], "changed": []}


@pytest.fixture(scope="module")
def edited_plan(tmp_path_factory) -> str:
    return str(write_plan(tmp_path_factory.mktemp("edited"), three_edits()))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The vendored plan built into graph.ttl, graph.nt and graph.jsonld."""
    out = tmp_path_factory.mktemp("build")
    code, _, err = run_cli("build", "--out", str(out))
    assert code == 0, err
    return out


def test_json_lists_only_the_three_edits(edited_plan):
    code, out, err = run_cli("diff", PLAN, edited_plan, "--format", "json")
    assert (code, err) == (1, "")
    assert json.loads(out) == EXPECTED_JSON
    assert list(json.loads(out)) == ["removed", "added", "renumbered", "changed"]


def test_table_has_a_line_per_changed_fact(edited_plan):
    code, out, _ = run_cli("diff", PLAN, edited_plan)
    assert code == 1
    lines = out.splitlines()
    assert lines[:3] == [
        f"old: {PLAN} (50 actions)",
        f"new: {edited_plan} (49 actions)",
        "1 removed, 0 added, 0 renumbered, 2 changed",
    ]
    rows = [line.split() for line in lines[6:]]  # after a blank line, the header and its rule
    assert [row[:3] for row in rows] == [
        ["4.5", "changed", "timing_text"],
        ["4.5", "changed", "end"],
        ["8.2", "changed", "lead"],
        ["8.3", "removed", "title"],
    ]
    assert OLD_LEAD_8_2 in lines[8] and lines[8].endswith(NEW_LEAD_8_2)
    assert lines[9].endswith(TITLE_8_3)


def test_identical_inputs_differ_in_nothing():
    code, out, _ = run_cli("diff", PLAN, PLAN)
    assert code == 0
    assert out.splitlines()[-1] == "no differences in the actions"
    code, out, _ = run_cli("diff", PLAN, PLAN, "--format", "json")
    assert (code, json.loads(out)) == (0, NOTHING)


def test_a_text_and_its_build_compare_the_same(built, edited_plan):
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        code, out, err = run_cli("diff", PLAN, str(built / name), "--format", "json")
        assert (code, json.loads(out), err) == (0, NOTHING, ""), name
    # a build against an edited text: the same three differences as text against text
    code, out, _ = run_cli("diff", str(built / "graph.nt"), edited_plan, "--format", "json")
    assert (code, json.loads(out)) == (1, EXPECTED_JSON)


class PageParts(HTMLParser):
    """What the tests look at in a page: the root's lang, elements by tag, attributes used,
    the caption, the row-group headers and each row's cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.column_headers = 0
        self.groups: list[str] = []  # the text of each th scope=rowgroup
        self.caption = ""
        self.rows: list[list[str]] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        self.attributes |= set(attributes)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "th" and attributes.get("scope") == "col":
            self.column_headers += 1
        if tag == "th" and attributes.get("scope") == "rowgroup":
            self.groups.append("")
        if tag == "tr" and "tbody" in self._in:
            self.rows.append([])
        if tag in ("td", "th") and "tbody" in self._in:
            self.rows[-1].append("")
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag) :]

    def handle_data(self, data):
        if "caption" in self._in:
            self.caption += data
        if self._in[-1:] == ["th"] and "tbody" in self._in:
            self.groups[-1] += data
        if self._in[-1:] in (["td"], ["th"]) and "tbody" in self._in:
            self.rows[-1][-1] += data


def parse_page(path: Path) -> PageParts:
    parts = PageParts()
    parts.feed(path.read_text(encoding="utf-8"))
    return parts


def test_html_page_has_a_row_group_per_edit(edited_plan, tmp_path):
    page = tmp_path / "diff.html"
    code, out, _ = run_cli("diff", PLAN, edited_plan, "--format", "html", "--out", str(page))
    assert (code, out) == (1, "")
    parts = parse_page(page)
    assert parts.lang == "nl"
    assert parts.caption == "Verschillen per actie, in de volgorde van het plan"
    assert parts.column_headers == 5
    assert parts.groups == ["4.5", "8.2", "8.3"]  # the three edits, in the plan's order
    assert parts.tags.count("tbody") == 3
    assert parts.rows == [
        ["4.5", "gewijzigd", "Timing zoals in het plan", "2020 - 2021", "2020 - 2022"],
        ["Einde", "2021", "2022"],  # the second row of 4.5's group: number and kind span it
        ["8.2", "gewijzigd", "Trekker", OLD_LEAD_8_2, NEW_LEAD_8_2],
        ["8.3", "verwijderd", "Titel", TITLE_8_3, "(geen)"],
    ]
    # standalone: no script, nothing loaded from anywhere
    assert not {"script", "link", "img", "iframe", "object"} & set(parts.tags)
    assert not {"src", "href", "srcset"} & parts.attributes


def test_html_page_in_english(edited_plan, tmp_path):
    page = tmp_path / "diff.html"
    run_cli("diff", PLAN, edited_plan, "--format", "html", "--lang", "en", "--out", str(page))
    parts = parse_page(page)
    assert parts.lang == "en"
    assert parts.caption == "Differences per action, in the plan's order"
    assert [row[-3:] for row in parts.rows] == [
        ["Timing as printed", "2020 - 2021", "2020 - 2022"],
        ["End", "2021", "2022"],
        ["Lead", OLD_LEAD_8_2, NEW_LEAD_8_2],
        ["Title", TITLE_8_3, "(none)"],
    ]


def test_bad_input_exits_2_naming_the_file(tmp_path):
    no_actions = tmp_path / "no-actions.ttl"
    no_actions.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    code, out, err = run_cli("diff", PLAN, str(no_actions))
    assert (code, out) == (2, "")
    assert f"{no_actions}: holds no actions" in err
    code, _, err = run_cli("diff", str(tmp_path / "missing.txt"), PLAN)
    assert code == 2 and f"{tmp_path / 'missing.txt'}: no such file" in err


def test_the_page_has_words_for_every_fact_and_kind_in_both_languages():
    needed = {*FIELDS, "action", *KINDS}
    for lang in LANGUAGES:
        assert needed <= set(WORDS[lang]), lang
    assert set(WORDS["nl"]) == set(WORDS["en"])
