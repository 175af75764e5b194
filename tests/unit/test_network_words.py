"""The network explorer says in the page's words what it shows (issue 18): what links two actors,
the filters, the counts as whole numbers, the stem of an exported picture's file name.

Values: the roles network has 20 organisations and 89 ties (tests/unit/test_network.py); ABB
has 77 shared actions (tests/unit/test_network_layout.py); the partners' network 16
organisations (the Trekker cells' partners, tests/support/plan_values.py)."""

from __future__ import annotations

import pytest


def _document(client, query: str) -> dict:
    answer = client.get(f"/network.json?{query}")
    assert answer.status_code == 200
    return answer.json()


def test_default_network_in_dutch_words(client):
    words = _document(client, "")["words"]
    assert words == {
        "counts": "20 organisaties, 89 verbanden.",
        "linked": "Twee organisaties zijn verbonden als ze allebei trekker of partner van "
        "eenzelfde actie zijn.",
        "filters": [],
        "file_stem": "netwerk",
    }


def test_default_network_in_english_words(client):
    words = _document(client, "lang=en")["words"]
    assert words["counts"] == "20 organisations, 89 ties."
    assert words["linked"] == (
        "Two organisations are linked when both are lead or partner of the same action."
    )
    assert words["file_stem"] == "network"


@pytest.mark.parametrize(
    "query,stem,filters",
    [
        (
            "role=partner&min_shared=3",
            "netwerk-partners-min3",
            ["minstens 3 gedeelde acties per verband"],
        ),
        ("layer=all", "netwerk-alles", []),
        (
            "layer=mentions&min_shared=2",
            "netwerk-vermeldingen-min2",
            ["minstens 2 gedeelde acties per verband"],
        ),
        ("domain=WVG", "netwerk-wvg", ["beleidsdomein WVG (Welzijn, Volksgezondheid en Gezin)"]),
        ("level=flemish", "netwerk-vlaams", ["bestuursniveau: Vlaams"]),
        ("actors=ministers&role=coordinating", "netwerk-ministers-coordinerend", []),
        ("objective=3", "netwerk-doelstelling3", None),
    ],
)
def test_filters_in_words_and_file_names(client, query, stem, filters):
    words = _document(client, query)["words"]
    assert words["file_stem"] == stem
    if filters is not None:
        assert words["filters"] == filters
    else:
        assert words["filters"][0].startswith("doelstelling 3: ")


def test_everything_layer_names_every_role_in_plain_words(client):
    document = _document(client, "layer=all")
    assert document["words"]["counts"] == "48 organisaties, 252 verbanden."
    assert "trekker, partner of genoemd in de beschrijving" in document["words"]["linked"]


def test_counts_are_whole_numbers(client):
    nodes = {n["data"]["id"]: n["data"] for n in _document(client, "")["elements"]["nodes"]}
    abb = nodes["abb"]
    assert abb["weighted_degree"] == 77 and isinstance(abb["weighted_degree"], int)
    assert all(isinstance(n["degree"], int) for n in nodes.values())
    page = client.get("/network").text
    assert "77.0" not in page
