"""Queries more than one test module runs.

- PARAMETER_CASES (and their test ids): each parameterised query of the library with its
  defaults, then with each other value of each parameter; tests/unit/test_queries.py runs them
  on both engines against the values written in, tests/unit/test_store.py compares the engines.
- EMPTY_ON_ONE_PLAN: the questions whose answer on one plan (the vendored plan alone) is
  rightly empty at their defaults, and why; tests that expect rows from every question leave
  them to tests/unit/test_cross_plan_questions.py, which asks them on three plans.
- CARTESIAN: a cartesian product of the graph with itself, three times: a runaway query the
  timeout must stop (tests/service/test_sparql_hostile.py, test_sparql_limits.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from actieplan.graph.sparql.library import load_library

# Values other than the defaults, by parameter type (every choice of an enum).
OTHER_VALUES = {
    "integer": ["1", "3"],
    "boolean": ["false"],
    "date": ["2021-11-30"],
    "organisation": ["OCAD"],
    "minister": ["mobiliteit"],
    "string": [],
}


def parameter_cases() -> Iterator[tuple[str, dict[str, str]]]:
    """(query name, parameter values): each parameterised query with its defaults, then with
    each other value of each parameter."""
    for name, query in sorted(load_library().items()):
        if not query.parameters:
            continue
        yield name, {}
        for parameter in query.parameters:
            others = parameter.choices if parameter.type == "enum" else OTHER_VALUES[parameter.type]
            for value in others:
                if value != parameter.default:
                    yield name, {parameter.name: value}


PARAMETER_CASES = list(parameter_cases())
PARAMETER_IDS = [f"{name}{values or ''}" for name, values in PARAMETER_CASES]

EMPTY_ON_ONE_PLAN = {
    "organisations-across-plans": "a pair works together in 2 plans (min_plans) or more",
}


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
