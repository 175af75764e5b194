"""The parser and the build read generated plans as the generator wrote them (issue 20 point 3).

tools/plan_generator.py writes plans in every layout and printed form the parser reads, each
with its ground truth: what it printed, per action. Six plans of 50 actions (seeds 1-6) are
built with their generated reference layer (no --allow-unknown), and every field of every
action is compared with the ground truth. The expected values are the generator's, which knows
what it printed; it reads nothing back from the parser.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from support.cli_runner import run_cli

from actieplan.graph.core.reference import load_reference
from actieplan.graph.core.resolve import ResolvedAction
from actieplan.graph.rdf.pipeline import build
from actieplan.tools.plan_generator import FORMS_READ_TODAY, GeneratedPlan, generate_plan, main

SEEDS = range(1, 7)
ACTIONS_PER_PLAN = 50
# The forms the parser reads today. Once it reads those of issue 20 point 1 (FORMS_TO_COME:
# official titles, "i.s.m.", quarters, school years, "miljoen", yearly amounts, "Geen extra
# middelen"), this becomes FORMS.
PRINTED_FORMS = FORMS_READ_TODAY


def read(action: ResolvedAction) -> dict[str, Any]:
    """The fields of a built action, in the ground truth's terms."""
    timing, budget = action.timing, action.budget
    return {
        "number": action.action.number,
        "objective": action.action.objective,
        "section": action.action.section,
        "title": action.action.title.text,
        "coordinating_minister": action.coordinating_minister.entity_id
        if action.coordinating_minister
        else None,
        "involved_ministers": [ref.entity_id for ref in action.involved_ministers],
        "lead": action.lead.entity_id if action.lead else None,
        "partners": [ref.entity_id for ref in action.partners],
        "timing": {
            "start": timing.start.iso if timing.start else None,
            "end": timing.end.iso if timing.end else None,
            "ongoing": timing.ongoing,
            "open_ended": timing.open_ended,
        },
        "budget": {
            "amounts": [
                {"eur": f"{a.eur.normalize():f}", "per_year": a.per_year, "years": a.years}
                for a in budget.amounts
            ],
            "regular_means": budget.regular_means,
            "payer": action.budget_payer.entity_id if action.budget_payer else None,
            "shares": [[str(s.percent), s.source] for s in budget.shares],
            "funding_source": bool(budget.funding_source),
        },
    }


def truth(plan: GeneratedPlan) -> list[dict[str, Any]]:
    actions = []
    for action in plan.actions:
        fields = action.to_json()
        for amount in fields["budget"]["amounts"]:
            amount["eur"] = f"{Decimal(amount['eur']).normalize():f}"
        actions.append(fields)
    return actions


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> list[tuple[GeneratedPlan, list[ResolvedAction]]]:
    folder = tmp_path_factory.mktemp("generated")
    reference = load_reference()
    built = []
    for seed in SEEDS:
        plan = generate_plan(seed, ACTIONS_PER_PLAN, PRINTED_FORMS, reference, f"plan-{seed}")
        text = folder / f"{plan.name}.txt"
        layer = folder / f"{plan.name}.reference.toml"
        text.write_text(plan.text, encoding="utf-8")
        layer.write_text(plan.reference_toml, encoding="utf-8")
        result = build(text, reference_layers=[layer], serialise=False)
        built.append((plan, result.resolved.actions))
    return built


def test_every_field_of_every_generated_action_reads_as_printed(plans):
    mismatches = []
    count = 0
    for plan, actions in plans:
        assert [a.action.number for a in actions] == [a.number for a in plan.actions]
        for expected, action in zip(truth(plan), actions, strict=True):
            count += 1
            got = read(action)
            for key, value in got.items():
                if value != expected[key]:
                    mismatches.append(
                        f"{plan.name} {expected['number']} {key}: read {value!r}, "
                        f"printed {expected[key]!r} (forms {expected['forms']})"
                    )
    assert count == len(SEEDS) * ACTIONS_PER_PLAN == 300
    assert not mismatches, "\n".join(mismatches[:40])


def test_the_plans_use_every_form(plans):
    used = Counter(form for plan, _ in plans for action in plan.actions for form in action.forms)
    assert set(PRINTED_FORMS) - set(used) == set()


def test_the_same_seed_gives_the_same_plan():
    first, again = generate_plan(7, 20), generate_plan(7, 20)
    assert (first.text, first.truth_json(), first.reference_toml) == (
        again.text,
        again.truth_json(),
        again.reference_toml,
    )
    assert generate_plan(8, 20).text != first.text


def test_the_command_writes_plans_that_build(tmp_path):
    assert main(["--out", str(tmp_path), "--plans", "2", "--actions", "10", "--seed", "5"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"plan-00{i}.{suffix}" for i in (1, 2) for suffix in ("reference.toml", "truth.json", "txt")
    ]
    truth_file = json.loads((tmp_path / "plan-002.truth.json").read_text(encoding="utf-8"))
    assert len(truth_file["actions"]) == 10
    code, stdout, stderr = run_cli(
        "build",
        str(tmp_path / "plan-002.txt"),
        "--reference",
        str(tmp_path / "plan-002.reference.toml"),
        "--out",
        str(tmp_path / "built"),
    )
    assert code == 0, stderr
    assert "actions:        10" in stdout and "(0 unresolved)" in stdout
