"""Organisations named in action descriptions (ap:mentionsOrganisation), apart from the roles.

The expected actions below were found by reading the descriptions in
data/source/actieplan-radicalisering-2020-2024.txt (e.g. OCAD is named in the descriptions of
3.1, 3.3, 3.7 and 3.11; in 3.8 it is only a partner in the Trekker cell).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from rdflib.namespace import RDF
from support.cli_runner import run_cli
from support.paths import REPO
from support.plan_values import EXPECTED

from actieplan.graph.core.errors import InputError
from actieplan.graph.core.mentions import MentionMatcher, unknown_names
from actieplan.graph.core.parser import parse_file
from actieplan.graph.core.reference import Organisation, load_reference
from actieplan.graph.core.resources import default_source, reference_dir
from actieplan.graph.core.tables import join_values
from actieplan.graph.core.vocab import AP

# organisation id -> the actions whose description names it
MENTIONED_IN = {
    "ocad": {"3.1", "3.3", "3.7", "3.11"},
    "kazerne-dossin": {"1.1", "2.3"},
    "vvsg": {"1.2", "3.1", "3.2", "3.8", "3.16", "4.1", "5.2", "8.5"},
    "ceapire": {"1.5", "6.2"},  # "De organisatie Ceapire", "de vzw Ceapire"
    "ku-leuven": {"1.7"},
    "netwerk-islamexperten": {"4.7"},
    "caw-limburg": {"6.3", "6.4"},
    "caw": {"7.2"},  # "hulpverleners van de CAW"; 6.3 and 6.4 name CAW Limburg (longest match)
    "staatsveiligheid": {"3.10"},
    "dg-epi": {"3.9", "6.5", "8.6"},  # 3.9: "Dienst Penitentiair Gevangeniswezen"
    "vlaams-vredesinstituut": {"8.1"},  # printed "VVI"
    "ran": {"3.15"},
    "cep": {"3.15"},
    "livc-r": {"3.7", "4.1", "4.2", "5.1", "5.2"},  # LVC-R, LIVC's, LIVC R, LIVC, LIVC R
    "clb": {"4.6", "4.7"},  # "CLB's", "CLB-medewerkers"
    "cgg": {"6.4"},
    "vlaams-platform": {"3.1", "3.7", "3.15", "8.5"},  # 3.7 and 8.5: "Vlaams platform"
    "wij-zij-netwerk": {"1.1", "1.2", "8.5"},
    "fod-justitie": {"3.1", "3.9"},
    "agii": {"1.2"},
    "vdab": {"1.6"},
    "federaal-parket": {"7.2"},
    "kind-en-gezin": {"7.1"},  # "Kind & Gezin"
    "opgroeien": {"3.3", "3.11", "7.1", "8.3"},
    # added after `actieplan reference mentions --unknown` listed them (issue 12 item 5):
    "vlaamse-regering": {"3.3", "3.12"},  # 3.3 "de Vlaamse regering"; 3.12 twice, once "Regering"
    "unoct": {"3.15"},  # "UNOCT (The United Nations Office of Counter-Terrorism)"
    "raad-voor-de-kinderbescherming-nl": {"8.3"},  # "de Nederlandse Raad voor Kinderbescherming"
    "klascement": {"4.4"},  # "bundeling van materiaal op Klascement"
    "gemengde-commissie-gedetineerden": {"8.6"},
}
BASE = "https://w3id.org/actieplan/id/"
ORG = f"{BASE}organisation/"


def mentioned(plan_graph) -> dict[str, set[str]]:
    """organisation id -> action numbers, read from the graph."""
    found: dict[str, set[str]] = {}
    for action, org in plan_graph.subject_objects(AP.mentionsOrganisation):
        number = str(plan_graph.value(action, AP.number))
        found.setdefault(str(org).removeprefix(ORG), set()).add(number)
    return found


@pytest.mark.parametrize("org_id", sorted(MENTIONED_IN))
def test_actions_naming_an_organisation(plan_graph, org_id):
    assert mentioned(plan_graph)[org_id] == MENTIONED_IN[org_id]


def test_all_mentions_of_two_actions(plan_graph):
    by_action: dict[str, set[str]] = {}
    for org_id, numbers in mentioned(plan_graph).items():
        for number in numbers:
            by_action.setdefault(number, set()).add(org_id)
    # "(KB, OV, WVG, CJM, WSE, Sport), het OCAD, de FOD Justitie, de VGC en de VVSG"
    assert by_action["3.1"] == {
        "vlaams-platform",
        "departement-ov",
        "departement-wvg",
        "departement-cjm",
        "departement-wse",
        "ocad",
        "fod-justitie",
        "vgc",
        "vvsg",
    }
    assert by_action["7.2"] == {
        "federaal-parket",
        "justitiehuizen",
        "caw",
        "welzijn-en-samenleving",
    }
    assert "1.3" not in by_action and "8.2" not in by_action  # no organisation named


def test_acronyms_do_not_match_inside_words_in_the_plan(plan_graph, actions):
    def inside_words(letters: str) -> set[str]:
        pattern = rf"\w{letters}|{letters}\w"
        return {
            n
            for n, item in actions.items()
            if re.search(pattern, item.action.description.text, re.I)
        }

    assert len(inside_words("ran")) >= 3  # "verspreiden"-like words hold "ran" too
    assert len(inside_words("ov")) > 20  # "overheid", "voorzien", ...
    assert mentioned(plan_graph)["ran"] == {"3.15"}
    # "OV" is a whole word only in 3.1 ("KB, OV, WVG"); "overheid" etc. do not count
    assert mentioned(plan_graph)["departement-ov"] == {"3.1", "3.10", "4.6"}


def test_formal_roles_are_untouched(plan_graph):
    """Lead and partners are still exactly the Trekker cell, mentions or not."""
    action_of = {
        str(plan_graph.value(a, AP.number)): a for a in plan_graph.subjects(RDF.type, AP.Action)
    }
    for number, (_, _, lead, partners, *_rest) in EXPECTED.items():
        action = action_of[number]
        leads = {str(o).removeprefix(ORG) for o in plan_graph.objects(action, AP.leadOrganisation)}
        found = {
            str(o).removeprefix(ORG) for o in plan_graph.objects(action, AP.partnerOrganisation)
        }
        assert leads == ({lead} if lead else set())
        assert found == set(partners)
        agents = {
            plan_graph.value(p, AP.participant)
            for p in plan_graph.objects(action, AP.participation)
        }
        assert {str(a).removeprefix(ORG) for a in agents if str(a).startswith(ORG)} == (
            leads | found
        )
    # named but not a participant, and a participant not named
    assert "3.10" in mentioned(plan_graph)["staatsveiligheid"]
    assert "3.8" not in mentioned(plan_graph)["ocad"]


def test_mentioned_organisations_are_described(plan_graph):
    """Every organisation a description names is an ap:Organisation with the government level
    that data/reference/organisations.toml gives it (read here with tomllib)."""
    reference = tomllib.loads(
        (REPO / "data/reference/organisations.toml").read_text(encoding="utf-8")
    )
    level_of = {entry["id"]: entry["level"] for entry in reference["organisation"]}
    levels = {}
    for org in set(plan_graph.objects(None, AP.mentionsOrganisation)):
        assert (org, RDF.type, AP.Organisation) in plan_graph
        level = str(plan_graph.value(org, AP.governmentLevel))
        levels[str(org).removeprefix(ORG)] = level.removeprefix(f"{BASE}government-level/")
    assert levels == {org_id: level_of[org_id] for org_id in levels}
    assert set(MENTIONED_IN) <= set(levels)
    # levels known from the domain (GUIDE §2 and the bodies themselves): the EU's Radicalisation
    # Awareness Network, federal bodies, a local network, a university
    assert (levels["ran"], levels["ocad"], levels["staatsveiligheid"]) == (
        "eu",
        "federal",
        "federal",
    )
    assert (levels["livc-r"], levels["ku-leuven"]) == ("local", "civil-society")


def org(org_id: str, *names: str) -> Organisation:
    return Organisation(
        org_id, org_id, org_id, "", "agency", "", "flemish", "", mention_names=names
    )


MATCHER = MentionMatcher(
    [
        org("ran", "RAN"),
        org("ov", "OV"),
        org("caw", "CAW"),
        org("caw-limburg", "CAW Limburg"),
        org("opgroeien", "agentschap Opgroeien", "Opgroeien"),
        org("livc", "LIVC-R"),
        org("jh", "justitiehuisen"),
        org("dossin", "Kazerne Dossin"),
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        "TRANSPORT en RANDSTAD",
        "Frankrijk",
        "ran weg",
        "Ran",
        "OVERHEID",
        "OV2",
        "kinderen die opgroeien",
        "CAWL",
        "LIVC-RA",
    ],
)
def test_no_match_inside_words_or_in_the_wrong_case(text):
    assert MATCHER.mentions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("het EU-netwerk (RAN).", ["ran"]),
        ("KB, OV, WVG", ["ov"]),
        ("door CAW Limburg en de CAW", ["caw-limburg", "caw"]),
        ("CAW's", ["caw"]),
        ("Binnen het Agentschap Opgroeien en Opgroeien", ["opgroeien", "opgroeien"]),
        ("een LIVC R en een LIVC-R", ["livc", "livc"]),
        ("Justitiehuisen en de justitiehuisen", ["jh", "jh"]),
        ("bezoek aan Kazerne\nDossin", ["dossin"]),
    ],
)
def test_matches(text, expected):
    assert [m.organisation_id for m in MATCHER.mentions(text)] == expected


def test_longest_match_covers_the_printed_name():
    [mention] = MATCHER.mentions("in samenspraak met CAW Limburg.")
    assert (mention.organisation_id, mention.printed) == ("caw-limburg", "CAW Limburg")
    assert [m.printed for m in MATCHER.mentions("het agentschap Opgroeien")] == [
        "agentschap Opgroeien"
    ]


def test_a_mention_name_of_two_organisations_is_an_error():
    with pytest.raises(InputError, match="'OCAD' names both a and b"):
        MentionMatcher([org("a", "OCAD"), org("b", "OCAD")], "organisations.toml")


# The bodies the curator added from `reference mentions --unknown`, with the actions whose
# descriptions name them (read in the plan: see MENTIONED_IN) and the name as printed there.
ADDED = {
    "vlaamse-regering": ("Vlaamse regering", "3.3; 3.12"),
    "unoct": ("UNOCT", "3.15"),
    "raad-voor-de-kinderbescherming-nl": ("Nederlandse Raad voor Kinderbescherming", "8.3"),
    "klascement": ("Klascement", "4.4"),
    "gemengde-commissie-gedetineerden": (
        "Gemengde Commissie 'hulp- en dienstverlening aan gedetineerden'",
        "8.6",
    ),
}


def _reference_without(tmp_path: Path, ids: set[str]) -> Path:
    """A copy of the packaged reference folder whose organisations.toml lacks these ids."""
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    path = folder / "organisations.toml"
    head, *blocks = path.read_text(encoding="utf-8").split("[[organisation]]")
    kept = [b for b in blocks if not any(f'id = "{org_id}"' in b for org_id in ids)]
    assert len(blocks) - len(kept) == len(ids)
    path.write_text("[[organisation]]".join([head, *kept]), encoding="utf-8")
    return folder


def _unknown(*args: str) -> dict[str, dict[str, object]]:
    code, stdout, stderr = run_cli("reference", "mentions", "--unknown", "--format", "json", *args)
    assert code == 0, stderr
    return {row["name"]: row for row in json.loads(stdout)}


def test_unknown_mentions_list_what_the_reference_lacks(tmp_path):
    # A reference folder without these bodies (`--reference` only adds layers over the shipped
    # data, so the reduced folder is read as the base, through the functions the command runs).
    reference = load_reference(_reference_without(tmp_path, set(ADDED)))
    plan = parse_file(default_source())
    texts = [(action.number, action.description.text) for action in plan.actions]
    found = {c.name: c for c in unknown_names(texts, MentionMatcher.from_reference(reference))}
    for name, actions in ADDED.values():
        assert join_values(found[name].places) == actions, name
    assert found["Vlaamse regering"].count == 3  # 3.3 once, 3.12 twice ("regering", "Regering")
    # with the packaged reference data none of them is unknown any more
    assert not {name for name, _ in ADDED.values()} & set(_unknown())


def test_known_mentions_command_counts_actions():
    code, stdout, _ = run_cli("reference", "mentions", "--format", "csv")
    assert code == 0
    rows = {row["organisation"]: row for row in csv.DictReader(io.StringIO(stdout))}
    for org_id, numbers in MENTIONED_IN.items():
        assert set(rows[org_id]["actions"].split("; ")) == numbers, org_id
