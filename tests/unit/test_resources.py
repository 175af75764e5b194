"""A missing or empty resource folder is a loud error, never an empty answer.

The query library, the shapes, the ontology and the plan with its reference data are package
data of `actieplan` (graph/core/resources.py). An installation that lost one of them used to
answer as if nothing were wrong: `query --list` printed no questions, `validate` reported
"conforms" against an empty shapes graph. Each test below runs the real `actieplan` command in
a fresh Python process in which one resource package resolves to an empty temporary package
(an import hook put first on sys.meta_path) or cannot be imported at all, and checks that the
command stops with MissingResource's message instead. The same process without the hook is the
control: it shows that the hook, not something else, is what takes the resource away.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from support.paths import REPO

# Run as `python -c HOOK ARGS...`. ACTIEPLAN_TEST_EMPTY names packages that resolve to an empty
# package (a folder holding only __init__.py), ACTIEPLAN_TEST_MISSING packages that cannot be
# imported; then the `actieplan` command line runs with ARGS, or, with ACTIEPLAN_TEST_CALL, each
# resource function is called and what it raised is printed as JSON.
HOOK = """
import importlib.util, json, os, sys
empty_dir = os.environ.get("ACTIEPLAN_TEST_EMPTY_DIR", "")
empty = set(filter(None, os.environ.get("ACTIEPLAN_TEST_EMPTY", "").split(",")))
missing = set(filter(None, os.environ.get("ACTIEPLAN_TEST_MISSING", "").split(",")))

class TakeAway:
    def find_spec(self, name, path=None, target=None):
        if name in missing:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        if name in empty:
            return importlib.util.spec_from_file_location(
                name, os.path.join(empty_dir, "__init__.py"),
                submodule_search_locations=[empty_dir],
            )
        return None

sys.meta_path.insert(0, TakeAway())
if os.environ.get("ACTIEPLAN_TEST_CALL"):
    from actieplan.graph.core import resources
    raised = {}
    for function in ("queries_dir", "shapes_dir", "ontology_file", "reference_dir",
                     "default_source"):
        try:
            getattr(resources, function)()
            raised[function] = None
        except Exception as error:
            raised[function] = [type(error).__name__, str(error)]
    print(json.dumps(raised))
    sys.exit(0)
from actieplan.cli.main import main
sys.exit(main(sys.argv[1:]))
"""

RESOURCE_PACKAGES = [
    "actieplan.queries",
    "actieplan.shapes",
    "actieplan.ontology",
    "actieplan.data",
]


@pytest.fixture
def empty_package(tmp_path) -> Path:
    folder = tmp_path / "empty_package"
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    return folder


def run_actieplan(
    cwd: Path,
    empty_dir: Path,
    *args: str,
    empty: Sequence[str] = (),
    missing: Sequence[str] = (),
    call: bool = False,
) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "ACTIEPLAN_TEST_EMPTY_DIR": str(empty_dir),
        "ACTIEPLAN_TEST_EMPTY": ",".join(empty),
        "ACTIEPLAN_TEST_MISSING": ",".join(missing),
        "ACTIEPLAN_TEST_CALL": "1" if call else "",
    }
    return subprocess.run(
        [sys.executable, "-c", HOOK, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_query_list_with_an_empty_query_library(tmp_path, empty_package):
    control = run_actieplan(tmp_path, empty_package, "query", "--list")
    assert control.returncode == 0, control.stderr
    # one line per queries/*.rq file in the control run (counted on disk, not by the code)
    library = REPO / "queries"
    names = sorted(path.stem for path in library.glob("*.rq"))
    assert names and all(name in control.stdout for name in names)

    emptied = run_actieplan(tmp_path, empty_package, "query", "--list", empty=["actieplan.queries"])
    assert emptied.returncode == 2  # an error the user can act on, like bad input
    assert emptied.stdout == ""  # not an empty list
    assert emptied.stderr.startswith("actieplan query: error: ")
    assert "Traceback" not in emptied.stderr
    assert f"{empty_package} holds no *.rq files" in emptied.stderr
    assert "reinstall it" in emptied.stderr


def test_query_list_without_the_query_package(tmp_path, empty_package):
    gone = run_actieplan(tmp_path, empty_package, "query", "--list", missing=["actieplan.queries"])
    assert gone.returncode != 0 and gone.stdout == ""
    assert "the resource package actieplan.queries is not installed" in gone.stderr


def test_validate_with_empty_shapes(tmp_path, empty_package):
    """An action with none of its facts: the real shapes find Violations; no shapes would find
    nothing and say it conforms."""
    graph = tmp_path / "graph.ttl"
    graph.write_text(
        "<https://example.org/plan/action/1.1> a <https://w3id.org/actieplan/def#Action> .\n",
        encoding="utf-8",
    )
    args = ("validate", "--graph", str(graph), "--lang", "en", "--table", "summary")
    control = run_actieplan(tmp_path, empty_package, *args)
    assert control.returncode == 1, control.stderr  # Violations found
    assert control.stdout.startswith("Violation: ") and "violations found" in control.stdout

    emptied = run_actieplan(tmp_path, empty_package, *args, empty=["actieplan.shapes"])
    assert emptied.returncode != 0
    assert emptied.stdout == ""  # no report at all, least of all "conforms"
    assert f"{empty_package} holds no *.ttl files" in emptied.stderr


def test_build_with_empty_data(tmp_path, empty_package):
    out = tmp_path / "out"
    emptied = run_actieplan(
        tmp_path, empty_package, "build", "--out", str(out), empty=["actieplan.data"]
    )
    assert emptied.returncode != 0
    assert f"{empty_package} holds no source/actieplan-radicalisering-2020-2024.txt files" in (
        emptied.stderr
    )
    assert not out.exists()  # nothing written


@pytest.mark.parametrize("how", ["empty", "missing"])
def test_every_resource_function_is_loud(tmp_path, empty_package, how):
    """Each of the five resource functions raises MissingResource when its package is empty
    or missing, and none raises when the packages are there."""
    control = run_actieplan(tmp_path, empty_package, call=True)
    assert json.loads(control.stdout) == dict.fromkeys(
        ["queries_dir", "shapes_dir", "ontology_file", "reference_dir", "default_source"]
    )
    taken = run_actieplan(tmp_path, empty_package, call=True, **{how: RESOURCE_PACKAGES})
    raised = json.loads(taken.stdout)
    assert {name: error[0] for name, error in raised.items()} == dict.fromkeys(
        raised, "MissingResource"
    )
    assert len(raised) == 5
    says = "holds no" if how == "empty" else "is not installed"
    assert all(says in error[1] for error in raised.values())
