"""The on-disk store of a dataset file (graph/sparql/dataset_index.py): made once, opened after,
made again for a changed file, and a bad file refused with its name and line, leaving no store."""

from __future__ import annotations

import shutil

import pytest
from support.cli_runner import run_cli
from support.paths import TEST_DATA

from actieplan.graph.core.errors import InputError
from actieplan.graph.sparql.dataset_index import MADE_FROM, file_digest, open_index, store_folder

CROSS_PLAN = TEST_DATA / "cross-plan"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("index")
    code, _, stderr = run_cli(
        "build", *map(str, sorted(CROSS_PLAN.glob("*.txt"))), "--out", str(out)
    )
    assert code == 0, stderr
    return out / "dataset.nq"


def test_the_store_holds_the_plans_and_is_made_once(built, tmp_path):
    dataset = shutil.copy(built, tmp_path / "dataset.nq")
    index = open_index(dataset)
    assert index.plan_ids == ("integratie-2022-2025", "lokaal-2023-2026", "veiligheid-2021-2024")
    assert index.digest == file_digest(dataset)
    made = (store_folder(dataset) / MADE_FROM).stat()
    again = open_index(dataset)
    assert (store_folder(dataset) / MADE_FROM).stat().st_ino == made.st_ino  # opened, not made
    assert again.triples == index.triples
    # lokaal-2023-2026's actions are 1.1-1.4 (tests/data/cross-plan/README.md)
    answer = index.store().query(
        "PREFIX ap: <https://w3id.org/actieplan/def#> "
        "SELECT ?n WHERE { ?a a ap:Action ; ap:number ?n } ORDER BY ?n",
        dataset=index.plan_dataset("lokaal-2023-2026"),
    )
    assert [str(row[0]) for row in answer.rows] == ["1.1", "1.2", "1.3", "1.4"]


def test_a_changed_file_gets_a_new_store(built, tmp_path):
    dataset = tmp_path / "dataset.nq"
    lines = built.read_text(encoding="utf-8").splitlines(keepends=True)
    dataset.write_text("".join(lines), encoding="utf-8")
    first = open_index(dataset)
    kept = [line for line in lines if "lokaal-2023-2026" not in line]
    dataset.write_text("".join(kept), encoding="utf-8")
    second = open_index(dataset)
    assert second.digest != first.digest
    assert "lokaal-2023-2026" not in second.plan_ids
    assert second.triples < first.triples


def test_a_malformed_file_is_refused_with_its_line_and_leaves_no_store(built, tmp_path):
    dataset = tmp_path / "dataset.nq"
    lines = built.read_text(encoding="utf-8").splitlines(keepends=True)
    dataset.write_text("".join([*lines[:3], "<https://x.example/s> <not closed\n"]), "utf-8")
    with pytest.raises(InputError) as refused:
        open_index(dataset)
    message = str(refused.value)
    assert str(dataset) in message and "line 4" in message
    assert not store_folder(dataset).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["dataset.nq"]  # no temporary folder left


def test_a_file_without_a_catalogue_is_no_dataset(tmp_path):
    dataset = tmp_path / "dataset.nq"
    dataset.write_text("<https://x.example/s> <https://x.example/p> <https://x.example/o> .\n")
    with pytest.raises(InputError, match="one catalogue graph"):
        open_index(dataset)
