"""KeptAnswers (api/readmodel/kept_answers.py): a named question's answer of every plan kept on
disk comes back as it was computed (its Decimals, ints, booleans and empty cells), and so do the
actions' facts the networks read; only for the same dataset, question text and parameters. A
damaged file is computed again, and a folder that cannot be written loses nothing but the
keeping."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actieplan.api.readmodel.kept_answers import (
    FACTS_KEY,
    KeptAnswers,
    decode_facts,
    decode_table,
    encode_facts,
    encode_table,
)
from actieplan.graph.analysis.network import ActionFacts
from actieplan.graph.sparql.library import load_library

BUDGET = load_library()["budget"]
KEY = BUDGET.sparql + repr(("question", "budget", (("by", '"objective"'),)))
# a budget row as plain_answer gives it: a sum of euro is an int 0 in one group, a Decimal in
# another (the same column), and a group without a name is None
COLUMNS = ["group", "name", "actions", "stated_one_off_eur", "regular"]
ROWS = [
    ["https://w3id.org/actieplan/id/objective/1", "Doelstelling 1", 7, Decimal("104320.50"), True],
    ["https://w3id.org/actieplan/id/objective/2", None, 3, 0, False],
]


def kept(tmp_path, digest: str = "a" * 64) -> KeptAnswers:
    return KeptAnswers.beside(tmp_path / "dataset.nq.oxigraph", digest)


def counted(value):
    calls: list[int] = []

    def compute():
        calls.append(1)
        return value

    return calls, compute


def get(answers: KeptAnswers, compute, key: str = KEY):
    return answers.get("budget", key, compute, encode_table, decode_table)


def test_an_answer_comes_back_as_it_was_computed(tmp_path):
    calls, compute = counted((COLUMNS, ROWS))
    assert get(kept(tmp_path), compute) == (COLUMNS, ROWS)
    columns, rows = get(kept(tmp_path), compute)  # a service started again
    assert len(calls) == 1
    assert (columns, rows) == (COLUMNS, ROWS)
    assert [[type(c) for c in row] for row in rows] == [[type(c) for c in row] for row in ROWS]
    assert kept(tmp_path).folder.parent == tmp_path / "dataset.nq.answers"


def test_another_dataset_or_key_is_not_read(tmp_path):
    get(kept(tmp_path), counted((COLUMNS, ROWS))[1])
    for answers, key in (
        (kept(tmp_path), KEY.replace("SELECT", "SELECT DISTINCT", 1)),  # another text
        (kept(tmp_path, "b" * 64), KEY),  # another dataset
    ):
        calls, compute = counted((["other"], [["x"]]))
        assert get(answers, compute, key) == (["other"], [["x"]])
        assert len(calls) == 1
    # the other dataset's first answer forgot the first dataset's
    assert [p.name for p in (tmp_path / "dataset.nq.answers").iterdir()] == ["b" * 32]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"columns": ["a"], "rows": [[1, 2]], "decimals": []}',
        b'{"columns": ["a"], "rows": [[{"decimal": "x"}]], "decimals": [0]}',
    ],
)
def test_a_damaged_file_is_computed_again_and_written_anew(tmp_path, damage):
    get(kept(tmp_path), counted((COLUMNS, ROWS))[1])
    [path] = kept(tmp_path).folder.iterdir()
    path.write_bytes(damage)
    calls, compute = counted((COLUMNS, ROWS))
    assert get(kept(tmp_path), compute) == (COLUMNS, ROWS)
    assert get(kept(tmp_path), compute) == (COLUMNS, ROWS)
    assert len(calls) == 1


def test_a_folder_that_cannot_be_written_keeps_nothing_and_says_so_once(tmp_path, capsys):
    (tmp_path / "dataset.nq.answers").write_text("a file where the folder would be")
    answers = kept(tmp_path)
    calls, compute = counted((COLUMNS, ROWS))
    for _ in range(2):
        assert get(answers, compute) == (COLUMNS, ROWS)
    assert len(calls) == 2
    assert capsys.readouterr().err.count("answers not kept") == 1


def test_the_actions_facts_come_back_as_they_were_read(tmp_path, plan_graph):
    facts = ActionFacts.of_graph(plan_graph)
    assert decode_facts(encode_facts(facts)) == facts
    calls, compute = counted(facts)
    for _ in range(2):
        found = kept(tmp_path).get("action-facts", FACTS_KEY, compute, encode_facts, decode_facts)
        assert found == facts
    assert len(calls) == 1
    # the vendored plan's action 3.1 and its title, as the networks label it
    [action] = [a for a, label in found.labels.items() if label == "3.1"]
    assert found.titles[action].startswith("Coördineren van het Vlaams Platform")
