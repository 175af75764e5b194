"""Onboarding a new plan (issue 20 point 2): `reference suggest` and `--reference` layers.

tests/data/onboarding-plan.txt is a made-up plan in the vendored plan's layout that prints a
minister post the reference data does not know ("Digitalisering en Administratieve
Vereenvoudiging", coordinating in 1.1, involved in 1.2), one unknown organisation in full with
its abbreviation ("Vlaamse Toezichtcommissie (VTC)", lead of 1.1) and by the abbreviation
alone ("VTC": lead of 1.2, partner in 2.1), and one under a domain code ("KBBJ (Dienst Online
Veiligheid)", lead of 2.1). tests/data/unknown-names-plan.txt prints six unknown organisations
(test_unknown_names.py). The expected values below are read off those files.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from rdflib.namespace import SKOS
from support.cli_runner import run_cli
from support.paths import TEST_DATA

from actieplan.graph.core.errors import InputError
from actieplan.graph.core.reference import load_reference
from actieplan.graph.core.resources import default_source, reference_dir
from actieplan.graph.rdf.pipeline import BuildResult, build

ONBOARDING_PLAN = TEST_DATA / "onboarding-plan.txt"
UNKNOWN_NAMES_PLAN = TEST_DATA / "unknown-names-plan.txt"
SHIPPED_ORGANISATIONS = reference_dir() / "organisations.toml"


def suggest(plan: Path, out: Path) -> Path:
    code, _, stderr = run_cli("reference", "suggest", str(plan), "--out", str(out))
    assert code == 0, stderr
    return out


def printed_actions(result: BuildResult) -> list[tuple[object, ...]]:
    """Each action as printed and read: number, title, printed minister and organisation names
    in order, timing and budget text."""
    return [
        (
            a.action.number,
            a.action.title.text,
            [ref.printed for ref in a.ministers],
            [ref.printed for ref in a.organisations],
            a.timing.text,
            a.budget.text,
        )
        for a in result.resolved.actions
    ]


@pytest.mark.parametrize("plan", [ONBOARDING_PLAN, UNKNOWN_NAMES_PLAN], ids=lambda p: p.name)
def test_suggested_layer_builds_the_plan_without_allow_unknown(tmp_path, plan):
    with pytest.raises(InputError, match="resolve to nothing"):
        build(plan, serialise=False)
    layer = suggest(plan, tmp_path / "suggested.toml")
    layered = build(plan, reference_layers=[layer], serialise=False)
    provisional = build(plan, allow_unknown=True, serialise=False)
    assert not layered.resolved.provisional_posts
    assert not layered.resolved.provisional_organisations
    assert printed_actions(layered) == printed_actions(provisional)
    # the folder holding the file is a layer too
    assert printed_actions(build(plan, reference_layers=[tmp_path], serialise=False)) == (
        printed_actions(provisional)
    )


def test_full_name_and_abbreviation_are_one_organisation(tmp_path):
    layer = suggest(ONBOARDING_PLAN, tmp_path / "suggested.toml")
    entries = tomllib.loads(layer.read_text(encoding="utf-8"))
    vtc = next(o for o in entries["organisation"] if o["abbreviation"] == "VTC")
    assert vtc["name_nl"] == "Vlaamse Toezichtcommissie"
    assert set(vtc["aliases"]) >= {"Vlaamse Toezichtcommissie (VTC)", "VTC"}
    # two new organisations (VTC, Dienst Online Veiligheid) and one new post
    assert len(entries["organisation"]) == 2 and len(entries["minister_post"]) == 1
    dienst = next(o for o in entries["organisation"] if o["abbreviation"] == "")
    assert (dienst["name_nl"], dienst["policy_domain"]) == ("Dienst Online Veiligheid", "KBBJ")

    actions = {
        a.action.number: a
        for a in build(ONBOARDING_PLAN, reference_layers=[layer], serialise=False).resolved.actions
    }
    assert actions["1.1"].lead.entity_id == vtc["id"]  # printed "Vlaamse Toezichtcommissie (VTC)"
    assert actions["1.2"].lead.entity_id == vtc["id"]  # printed "VTC"
    assert [p.entity_id for p in actions["2.1"].partners] == [vtc["id"]]
    post = entries["minister_post"][0]["id"]
    assert actions["1.1"].coordinating_minister.entity_id == post
    assert [m.entity_id for m in actions["1.2"].involved_ministers] == [post]


def test_build_command_takes_reference_layers(tmp_path):
    layer = suggest(ONBOARDING_PLAN, tmp_path / "suggested.toml")
    code, stdout, stderr = run_cli(
        "build",
        str(ONBOARDING_PLAN),
        "--reference",
        str(layer.parent),
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 0, stderr
    assert "organisations:  4 in roles (0 unresolved)" in stdout  # VTC, OCAD, ABB, Dienst


def test_a_graph_file_takes_no_reference_layer(tmp_path):
    code, _, stderr = run_cli(
        "validate", "--graph", str(tmp_path / "g.ttl"), "--reference", str(tmp_path)
    )
    assert code == 2 and "--reference applies when building from a plan" in stderr


def test_suggest_never_overwrites_without_force(tmp_path):
    out = tmp_path / "mine.toml"
    out.write_text("# my curated entries\n", encoding="utf-8")
    code, _, stderr = run_cli("reference", "suggest", str(ONBOARDING_PLAN), "--out", str(out))
    assert code == 2 and "exists; not overwritten" in stderr
    assert out.read_text(encoding="utf-8") == "# my curated entries\n"
    code, _, _ = run_cli("reference", "suggest", str(ONBOARDING_PLAN), "--out", str(out), "--force")
    assert code == 0 and "[[organisation]]" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.toml"]  # no temporary file left


def test_suggest_without_out_prints_and_a_known_plan_needs_nothing(tmp_path):
    code, stdout, _ = run_cli("reference", "suggest", str(ONBOARDING_PLAN))
    assert code == 0 and tomllib.loads(stdout)["minister_post"][0]["name_nl"] == (
        "Digitalisering en Administratieve Vereenvoudiging"
    )
    code, stdout, stderr = run_cli("reference", "suggest", str(default_source()))
    assert code == 0 and stdout == "" and "nothing to suggest" in stderr


# Conflicts between layers -------------------------------------------------------------------

ORGANISATION = """
[[organisation]]
id = "{id}"
name_nl = "{name}"
name_en = "{name}"
abbreviation = ""
kind = "unit"
policy_domain = ""
level = "flemish"
parent = ""
aliases = [{aliases}]
"""


def write_layer(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_an_id_of_the_shipped_data_in_a_layer_names_both_files(tmp_path):
    layer = write_layer(
        tmp_path / "mine", "orgs.toml", ORGANISATION.format(id="ocad", name="Mijn OCAD", aliases="")
    )
    with pytest.raises(InputError) as error:
        load_reference(layers=[tmp_path / "mine"])
    message = str(error.value)
    assert f"{layer}:{line_of(layer, 'id = ')} [id]" in message
    shipped_line = line_of(SHIPPED_ORGANISATIONS, 'id = "ocad"')
    assert f"also defined in {SHIPPED_ORGANISATIONS}:{shipped_line}" in message


def test_the_same_id_in_two_layers_names_both_files(tmp_path):
    entry = ORGANISATION.format(id="nieuw-orgaan", name="Nieuw Orgaan", aliases="")
    first = write_layer(tmp_path / "a", "a.toml", entry)
    second = write_layer(tmp_path / "b", "b.toml", entry.replace("Nieuw Orgaan", "Ander Orgaan"))
    with pytest.raises(InputError) as error:
        load_reference(layers=[tmp_path / "a", tmp_path / "b"])
    (problem,) = error.value.problems
    assert problem.file == str(second) and str(first) in problem.message
    assert "'nieuw-orgaan'" in problem.message


def test_an_alias_of_two_organisations_names_both_files(tmp_path):
    layer = write_layer(
        tmp_path / "mine",
        "orgs.toml",
        ORGANISATION.format(id="nieuw-orgaan", name="Nieuw Orgaan", aliases='"OCAD"'),
    )
    with pytest.raises(InputError) as error:
        load_reference(layers=[layer])
    (problem,) = error.value.problems
    assert problem.file == str(layer)
    assert "'OCAD' names both ocad and nieuw-orgaan" in problem.message
    assert str(SHIPPED_ORGANISATIONS) in problem.message


def test_a_layer_file_with_an_unknown_table_is_refused(tmp_path):
    layer = write_layer(tmp_path, "x.toml", '[[organisations]]\nid = "x"\n')
    with pytest.raises(InputError, match=r"x.toml:1 \[organisations\]: not a table"):
        load_reference(layers=[layer])


def test_the_service_serves_a_plan_with_its_reference_layers(tmp_path, monkeypatch):
    from actieplan.api.plumbing.settings import SETTINGS_ENV, Settings
    from actieplan.api.readmodel.service import ServiceData

    layer = suggest(ONBOARDING_PLAN, tmp_path / "suggested.toml")
    settings = Settings(source=str(ONBOARDING_PLAN), reference_layers=[str(tmp_path)])
    # the worker processes read the settings back from the environment
    monkeypatch.setenv(SETTINGS_ENV, settings.to_env())
    assert Settings.from_env().reference_layers == [str(tmp_path)]
    data = ServiceData.load(settings)
    vtc = next(
        o
        for o in tomllib.loads(layer.read_text(encoding="utf-8"))["organisation"]
        if o["abbreviation"] == "VTC"
    )
    names = {str(label) for label in data.graph.objects(None, SKOS.prefLabel)}
    assert vtc["name_nl"] in names
    assert "with 1 reference layer(s)" in settings.describe()
