"""The questions in one language: every query header carries Dutch and English texts (the
parser refuses one without), and the question pages and downloads show the page's language.

Plan values: Opgroeien leads 2.1, 3.3, 3.11, 7.1 and 8.3 and is a partner in 3.7, 3.8, 3.15
and 3.16 (the Trekker column), and the descriptions of 3.3, 3.11, 7.1 and 8.3 also name it;
ABB and AgII share 13 actions, no other pair as many; objective 1 states 1 276 248 euro
one-off and 104 320 euro a year (the budget question).
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook
from support.paths import REPO
from support.plan_values import PROFILE_HEADERS_NL

from actieplan.graph.sparql.library import QueryLibraryError, load_library, parse_query_file

LIBRARY = load_library()
OPGROEIEN_LEAD = ["2.1", "3.3", "3.11", "7.1", "8.3"]
OPGROEIEN_PARTNER = ["3.7", "3.8", "3.15", "3.16"]


def _headers(html: str) -> list[str]:
    """The answer table's column headers as the page shows them."""
    head = re.search(r'<table id="answer">\s*<thead>(.*?)</thead>', html, re.S)
    assert head is not None
    return [unescape(h) for h in re.findall(r"<th [^>]*>([^<]*)</th>", head.group(1))]


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


# --- the headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_query_header_has_both_languages(name):
    query = LIBRARY[name]
    text = (REPO / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    for field in ("title@nl", "title@en", "description@nl", "description@en"):
        assert f"# {field}: " in text, f"{name}: no {field}"
    assert query.title_nl and query.title_en and query.title_nl != query.title_en
    assert len(query.about.nl) > 40 and len(query.about.en) > 40
    assert query.about.nl != query.about.en
    for parameter in query.parameters:
        assert parameter.help.nl and parameter.help.en, f"{name}: {parameter.name}"
        assert set(parameter.values) == set(parameter.choices)  # every choice in words
    for column in query.columns:
        assert column.header.nl and column.header.en, f"{name}: {column.name}"
        assert column.name not in (column.header.nl, column.header.en)  # not the machine name
    for column in query.columns:
        for code, words in column.values.items():
            assert words.nl and words.en, f"{name}: {column.name}={code}"


HEADER = (
    "# title@nl: Budget\n"
    "# title@en: Budget\n"
    "# description@nl: De bedragen die het plan noemt.\n"
    "# description@en: The amounts the plan states.\n"
    "# param: by (enum: objective) = objective ; nl: Groeperen ; en: Group by\n"
    "# value: by = objective ; nl: per doelstelling ; en: by objective\n"
    "# column: stated_one_off_eur (money) ; nl: Eenmalig bedrag (euro) ; en: One-off amount\n"
    "SELECT ?stated_one_off_eur $by WHERE {}\n"
)


def _broken(tmp_path, old: str, new: str):
    assert old in HEADER
    path = tmp_path / "broken.rq"
    path.write_text(HEADER.replace(old, new), encoding="utf-8")
    return path


def test_the_complete_header_reads(tmp_path):
    query = parse_query_file(_broken(tmp_path, "", ""))
    column = query.columns[0]
    assert (column.type, column.header.nl, column.header.en) == (
        "money",
        "Eenmalig bedrag (euro)",
        "One-off amount",
    )
    assert query.parameters[0].values["objective"].text("nl") == "per doelstelling"


@pytest.mark.parametrize(
    "old, new, message",
    [
        # a column without its English header: file, line 7, the column named
        (
            " ; en: One-off amount",
            "",
            r"broken\.rq:7 \[column stated_one_off_eur\]: no English text",
        ),
        # a parameter without its Dutch text: line 5
        ("nl: Groeperen ; ", "", r"broken\.rq:5 \[param by\]: no Dutch text"),
        # the English description missing: named beside the Dutch one's line
        (
            "# description@en: The amounts the plan states.\n",
            "",
            r"broken\.rq:3 \[description@en\]: missing",
        ),
        # a coded value without its English word: line 6
        (" ; en: by objective", "", r"broken\.rq:6 \[value by=objective\]: no English text"),
        # an enum choice without words at all
        (
            "# value: by = objective ; nl: per doelstelling ; en: by objective\n",
            "",
            r"broken\.rq \[value by=objective\]: every choice of by needs a line",
        ),
    ],
)
def test_a_header_missing_a_language_is_refused_naming_file_line_and_field(
    tmp_path, old, new, message
):
    with pytest.raises(QueryLibraryError, match=message):
        parse_query_file(_broken(tmp_path, old, new))


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_a_dutch_question_page_has_no_english_column_header(client, name):
    query = LIBRARY[name]
    page = client.get(f"/questions/{name}")
    assert page.status_code == 200
    headers = _headers(page.text)
    dutch = {c.header.nl for c in query.columns}
    english = {c.header.en for c in query.columns} - dutch
    machine = {c.name for c in query.columns}
    assert set(headers) <= dutch, f"{name}: {set(headers) - dutch}"
    assert not set(headers) & (english | machine)
    # and the English page the other way round
    english_headers = _headers(client.get(f"/questions/{name}", params={"lang": "en"}).text)
    assert not set(english_headers) & (dutch - {c.header.en for c in query.columns})


def test_question_page_words_values_and_money_in_the_pages_language(client):
    profile = client.get("/questions/organisation-profile", params={"organisation": "opgroeien"})
    text = _text(profile.text)
    assert _headers(profile.text) == PROFILE_HEADERS_NL
    assert "Elke actie waaraan een organisatie deelneemt" in text
    assert "De organisatie: naam of afkorting" in text
    assert "standaard: Agentschap Binnenlands Bestuur" in text
    assert "trekker, vermeld" in text and "lead mentioned" not in text
    budget = client.get("/questions/budget")
    assert "1.276.248 €" in budget.text and "104.320 €" in budget.text
    assert "per doelstelling" in budget.text and ">objective<" not in budget.text
    english = client.get("/questions/budget", params={"lang": "en"})
    assert "€1,276,248" in english.text and "One-off amount (euro)" in english.text


def test_the_row_count_has_its_plural(client):
    one = client.get("/questions/shared-actions-organisations", params={"min_shared": "13"})
    assert re.search(r'id="row-count">\(1 rij\)', one.text)  # ABB and AgII: 13 shared actions
    two = client.get("/questions/shared-actions-organisations", params={"min_shared": "12"})
    assert re.search(r'id="row-count">\(2 rijen\)', two.text)
    english = client.get(
        "/questions/shared-actions-organisations", params={"min_shared": "13", "lang": "en"}
    )
    assert re.search(r'id="row-count">\(1 row\)', english.text)


@pytest.mark.parametrize(
    "name, params, dutch, english",
    [
        (
            "shared-actions-organisations",
            {"min_shared": "abc"},
            "Alleen paren met minstens zoveel gedeelde acties: 'abc' is geen geheel getal",
            "Leave out pairs that share fewer actions: 'abc' is not a whole number",
        ),
        (
            "active-on-date",
            {"date": "2022-13-01"},
            "De datum: '2022-13-01' is geen datum (jjjj-mm-dd)",
            "The date: '2022-13-01' is not a date (yyyy-mm-dd)",
        ),
        (
            "shared-actions-organisations",
            {"role": "boss"},
            "Welke rollen de twee hebben: 'boss' is geen van de keuzes "
            "(elke rol, trekker en partner, allebei partner)",
            "Which roles the two hold: 'boss' is not one of the choices "
            "(any role, lead and partner, both partners)",
        ),
    ],
)
def test_a_bad_value_is_said_in_the_pages_language_naming_the_field(
    client, name, params, dutch, english
):
    page = client.get(f"/questions/{name}", params=params)
    assert page.status_code == 400
    errors = [
        _text(e).strip() for e in re.findall(r'class="error" role="alert">(.*?)</span>', page.text)
    ]
    assert errors == [dutch]
    assert "Invalid isoformat" not in page.text and "is not a whole number" not in page.text
    in_english = client.get(f"/questions/{name}", params={**params, "lang": "en"})
    errors = [
        _text(e).strip()
        for e in re.findall(r'class="error" role="alert">(.*?)</span>', in_english.text)
    ]
    assert errors == [english]


# --- downloads -----------------------------------------------------------------------------


def test_organisation_profile_download_one_row_per_action_iri_last(client):
    path = "/api/questions/organisation-profile"
    params = {"organisation": "Opgroeien", "lang": "nl"}
    answer = client.get(path, params={**params, "format": "csv"})
    rows = list(csv.reader(io.StringIO(answer.text)))
    header, body = rows[0], rows[1:]
    assert header == PROFILE_HEADERS_NL
    numbers = [r[0] for r in body]
    assert len(numbers) == len(set(numbers)) == 9  # no action repeated for another role
    roles = {r[0]: r[2] for r in body}
    assert sorted(n for n, r in roles.items() if "trekker" in r) == sorted(OPGROEIEN_LEAD)
    assert sorted(n for n, r in roles.items() if "partner" in r) == sorted(OPGROEIEN_PARTNER)
    assert roles["3.3"] == "trekker, vermeld" and roles["2.1"] == "trekker"
    assert all(r[-1].startswith("https://w3id.org/actieplan/id/") for r in body)
    # the XLSX: the same table, the sheet named by the question's Dutch title
    xlsx = client.get(path, params={**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.title == "Alles over één organisatie"
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == header
    assert [str(r[0]) for r in table[1:]] == numbers
    assert table[1][-1].startswith("https://w3id.org/actieplan/id/")
    # English headers and words with lang=en; the JSON API keeps the machine names
    english = client.get(path, params={**params, "lang": "en", "format": "csv"}).text
    assert (
        english.splitlines()[0] == "Number,Title,Roles,Objective,Coordinating minister,Action (IRI)"
    )
    assert '"lead, mentioned"' in english
    machine = client.get(path, params={"organisation": "Opgroeien"}).json()
    assert machine["columns"][2] == "roles"
    assert {r["number"]: r["roles"] for r in machine["rows"]}["3.3"] == "lead mentioned"


@pytest.mark.parametrize(
    "path, dutch, english",
    [
        (
            "/network?min_shared=abc",
            "min_shared: 'abc' is geen geheel getal",
            "min_shared: 'abc' is not a whole number",
        ),
        (
            "/timeline?objective=99",
            "objective: het plan heeft geen doelstelling 99",
            "objective: the plan has no objective 99",
        ),
        (
            "/timeline?organisation=nobody",
            "organisatie: niets gevonden voor 'nobody'",
            "organisation: nothing found for 'nobody'",
        ),
        (
            "/network?layer=x",
            "layer: 'x' is geen van de keuzes (roles, mentions, all)",
            "layer: 'x' is not one of the choices (roles, mentions, all)",
        ),
        (
            "/network?layer=mentions&role=lead",
            "role: 'lead' is geen van de keuzes (mention)",
            "role: 'lead' is not one of the choices (mention)",
        ),
        (
            "/network?layer=mentions&actors=ministers",
            "De laag 'mentions' heeft geen ministers: de beschrijvingen noemen alleen organisaties",
            "The layer 'mentions' has no ministers: the descriptions name organisations only",
        ),
        (
            # the plan's actions run from 2019 to 2025 (tests/support/plan_values.py)
            "/timeline?year=1800",
            "year: de acties van het plan lopen van 2019 tot 2025, niet in 1800",
            "year: the plan's actions run from 2019 to 2025, not in 1800",
        ),
    ],
)
def test_the_bad_request_page_says_the_problem_in_its_language(client, path, dutch, english):
    accept = {"Accept": "text/html"}
    page = client.get(path, headers=accept)
    assert page.status_code == 400
    problems = [_text(p).strip() for p in re.findall(r"<li><code>(.*?)</code></li>", page.text)]
    assert problems == [dutch]
    assert "Ongeldige vraag" in page.text
    separator = "&" if "?" in path else "?"
    in_english = client.get(path + separator + "lang=en", headers=accept)
    problems = [
        _text(p).strip() for p in re.findall(r"<li><code>(.*?)</code></li>", in_english.text)
    ]
    assert problems == [english]


def _numbers(html: str) -> list[str]:
    """The action numbers of the answer table's rows, in order (the timeline's column)."""
    body = re.search(r'<table id="answer">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert body is not None
    return re.findall(r"<tr>\s*<td[^>]*>([^<]*)</td>", body.group(1))  # the first column


def test_a_long_answer_is_shown_a_window_of_rows_at_a_time(client, monkeypatch):
    """A page shows PAGE_ROWS rows at once (here 20), with links to the windows before and
    after; the row count and the downloads are of the whole answer."""
    from actieplan.api.pages import questions

    monkeypatch.setattr(questions, "PAGE_ROWS", 20)
    whole = [row["number"] for row in client.get("/api/questions/timeline").json()["rows"]]
    assert len(whole) > 40  # every action with a timing, in the plan's order of dates
    first = client.get("/questions/timeline")
    assert _numbers(first.text) == whole[:20]
    text = _text(first.text)
    assert f"Rijen 1 tot 20 van {len(whole)}; de downloads bevatten alle rijen." in text
    assert "Vorige rijen" not in text
    assert 'href="?rows=21" rel="next"' in first.text
    second = client.get("/questions/timeline", params={"rows": "21", "lang": "en"})
    assert _numbers(second.text) == whole[20:40]
    assert f"Rows 21 to 40 of {len(whole)}" in _text(second.text)
    assert 'href="?lang=en&amp;rows=1" rel="prev"' in second.text
    assert 'href="?lang=en&amp;rows=41" rel="next"' in second.text
    # a row inside a window starts that window; past the end, the last; anything else, row 1
    assert _numbers(client.get("/questions/timeline", params={"rows": "25"}).text) == whole[20:40]
    last = client.get("/questions/timeline", params={"rows": "999999999"}).text
    assert _numbers(last) == whole[(len(whole) - 1) // 20 * 20 :]
    assert 'rel="next"' not in last
    for odd in ("abc", "-5", "0", "1e3", "9" * 40, "²", "٣", " 21"):
        assert _numbers(client.get("/questions/timeline", params={"rows": odd}).text) == whole[:20]
