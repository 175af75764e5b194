"""Installed as a user installs it: the wheel in a fresh virtual environment, run from a
folder outside the repository, gives the same answers as the checkout.

The wheel must carry the resources (queries/, shapes/, ontology/, data/) as package data: an
installation that lacked them would list no questions and validate against no shapes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import httpx
import pytest
from support.cli_runner import run_cli
from support.server import REPO, running_server


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `actieplan` script of a fresh venv that has only the wheel and its dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(root / "dist"),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((root / "dist").glob("actieplan_kg-*.whl"))
    venv.create(root / "venv", with_pip=True)
    python = root / "venv" / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    return root / "venv" / "bin" / "actieplan"


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working folder with nothing of the repository in it."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def run_installed(script: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(script), *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_wheel_ships_one_import_package_with_its_resources(installed):
    site = next(installed.parent.parent.glob("lib/python*/site-packages"))
    top_level = {p.name for p in site.iterdir() if p.name in ("graph", "api", "actieplan")}
    assert top_level == {"actieplan"}  # no generic `graph` or `api` in site-packages
    package = site / "actieplan"
    assert len(list((package / "queries").glob("*.rq"))) == len(
        list((REPO / "queries").glob("*.rq"))
    )
    assert (package / "shapes" / "actieplan.ttl").is_file()
    assert (package / "shapes" / "as-of" / "follow-up.ttl").is_file()  # validate --as-of
    assert (package / "ontology" / "actieplan.ttl").is_file()
    assert (package / "ontology" / "context.jsonld").is_file()  # every JSON-LD answer embeds it
    assert (package / "data" / "source" / "actieplan-radicalisering-2020-2024.txt").is_file()
    assert (package / "data" / "reference" / "organisations.toml").is_file()


def test_build_from_elsewhere_gives_the_checkouts_files(installed, elsewhere, tmp_path):
    result = run_installed(installed, elsewhere, "build", "--out", "out")
    assert result.returncode == 0, result.stderr
    code, _, err = run_cli("build", "--out", str(tmp_path / "checkout"))
    assert code == 0, err
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "actions.csv"):
        assert (elsewhere / "out" / name).read_bytes() == (
            tmp_path / "checkout" / name
        ).read_bytes(), name


def test_validate_query_and_serve_from_elsewhere(installed, elsewhere):
    assert run_installed(installed, elsewhere, "build", "--out", "out").returncode == 0
    graph = str(elsewhere / "out" / "graph.ttl")

    # The shapes are found: the plan's one Violation (3.12 has no lead) is reported.
    validated = run_installed(
        installed, elsewhere, "validate", "--graph", graph, "--format", "json"
    )
    checkout = run_cli("validate", "--graph", graph, "--format", "json")
    assert validated.returncode == checkout[0] == 1
    assert json.loads(validated.stdout) == json.loads(checkout[1])

    listed = run_installed(installed, elsewhere, "query", "--list")
    assert listed.returncode == 0 and listed.stdout == run_cli("query", "--list")[1]
    assert "shared-actions-organisations" in listed.stdout

    asked = run_installed(
        installed, elsewhere, "query", "actions-without-lead", "--graph", graph, "--format", "csv"
    )
    assert asked.returncode == 0, asked.stderr
    # (compared line by line: the subprocess's text mode reads the CSV's CRLF as LF)
    assert (
        asked.stdout.splitlines()
        == run_cli("query", "actions-without-lead", "--graph", graph, "--format", "csv")[
            1
        ].splitlines()
    )
    assert "3.12" in asked.stdout

    with running_server("--graph", graph, program=installed, cwd=elsewhere) as server:
        questions = httpx.get(server.url("/api/questions"), timeout=30).json()
        # The pages' templates and vendored assets are package data too.
        home = httpx.get(server.url("/"), timeout=30)
        assert home.status_code == 200 and "/static/site.css" in home.text
        for asset in ("/static/site.css", "/static/vendor/yasgui-4.6.2/yasgui.min.js"):
            assert httpx.get(server.url(asset), timeout=30).status_code == 200, asset
        docs = httpx.get(server.url("/docs"), timeout=30)
        assert "/static/vendor/swagger-ui-5.35.0/" in docs.text
    assert sorted(q["name"] for q in questions) == sorted(
        p.stem for p in (REPO / "queries").glob("*.rq")
    )


def test_the_manual_is_served_from_the_wheel(installed, elsewhere):
    """docs/ is package data: /manual and its screenshots answer from an installed wheel."""
    assert run_installed(installed, elsewhere, "build", "--out", "out").returncode == 0
    graph = str(elsewhere / "out" / "graph.ttl")
    with running_server("--graph", graph, program=installed, cwd=elsewhere) as server:
        contents = httpx.get(server.url("/manual"), timeout=30)
        guide = httpx.get(server.url("/manual/user-guide"), timeout=30)
        picture = httpx.get(server.url("/manual/screenshots/home.png"), timeout=30)
    assert contents.status_code == guide.status_code == picture.status_code == 200
    assert 'href="/manual/user-guide"' in contents.text
    assert picture.content == (REPO / "docs" / "screenshots" / "home.png").read_bytes()
