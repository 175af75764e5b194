"""Two versions of a plan compared action by action: the actions added, removed and
renumbered, and per action the facts that changed.

Each version is a graph (a plan text is built first), read as the actions table
(graph/rdf/export.actions_table), so a text and its build compare the same and a field is what
actions.csv calls it. Actions are paired in four passes, each over what the passes before left
unpaired: the same number and title; the same title under another number (renumbered); the
same number (a retitled action); a similar title (renumbered and slightly retitled). What stays
unpaired is removed (old) or added (new).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from rdflib import Graph

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.records import number_order
from actieplan.graph.rdf.export import ACTION_COLUMNS, actions_table

# The facts compared: every column of the actions table but the number, which pairs them.
FIELDS = tuple(column for column in ACTION_COLUMNS if column != "action")
# How alike two titles must be (difflib's ratio, 0..1) for the last pass to pair them.
SIMILAR_TITLE = 0.9

Action = dict[str, object]  # a row of actions_table


@dataclass(frozen=True)
class ActionRef:
    """An action added or removed: its number and title in the version that has it."""

    number: str
    title: str


@dataclass(frozen=True)
class FieldChange:
    """One fact of an action that differs: its actions_table column, old and new value."""

    field: str
    old: object
    new: object


@dataclass(frozen=True)
class ActionChange:
    """An action in both versions that differs: renumbered, or with facts changed, or both."""

    old_number: str
    new_number: str
    title: str  # in the new version
    fields: tuple[FieldChange, ...]

    @property
    def renumbered(self) -> bool:
        return self.old_number != self.new_number


@dataclass(frozen=True)
class PlanDiff:
    """What differs between two versions; each list in the plan's order (removed by old
    number, the others by new number)."""

    old_actions: int  # how many actions each version has
    new_actions: int
    added: tuple[ActionRef, ...]
    removed: tuple[ActionRef, ...]
    changed: tuple[ActionChange, ...]

    @property
    def renumbered(self) -> tuple[ActionChange, ...]:
        return tuple(change for change in self.changed if change.renumbered)

    @property
    def same(self) -> bool:
        return not (self.added or self.removed or self.changed)


def plan_actions(graph: Graph, where: str) -> list[Action]:
    """The actions table of `graph`; InputError naming `where` (its file) when the graph holds
    no action or one number twice (two plans in one graph cannot be compared)."""
    table = actions_table(graph)
    if not table:
        raise InputError(
            Problem(where, None, None, "holds no actions (no ap:Action): not a plan graph")
        )
    numbers = [str(row["action"]) for row in table]
    twice = sorted({n for n in numbers if numbers.count(n) > 1}, key=number_order)
    if twice:
        raise InputError(
            Problem(
                where,
                None,
                "action",
                f"numbers {', '.join(twice)} are each on more than one action: "
                "the graph holds more than one plan; compare one plan at a time",
            )
        )
    return table


def compare_plans(old: Graph, new: Graph, old_name: str = "old", new_name: str = "new") -> PlanDiff:
    """What differs between the plan in `old` and the plan in `new` (names for errors)."""
    return compare_actions(plan_actions(old, old_name), plan_actions(new, new_name))


def compare_actions(old: Sequence[Action], new: Sequence[Action]) -> PlanDiff:
    """What differs between two actions tables (rows of actions_table)."""
    pairs: list[tuple[Action, Action]] = []
    old_left, new_left = list(old), list(new)
    for key in (
        lambda row: (row["action"], normalised_title(row)),
        normalised_title,
        lambda row: row["action"],
    ):
        old_left, new_left = _pair_by(key, old_left, new_left, pairs)
    old_left, new_left = _pair_similar(old_left, new_left, pairs)
    changed = [
        change
        for old_row, new_row in pairs
        if (change := _change(old_row, new_row)).renumbered or change.fields
    ]
    return PlanDiff(
        old_actions=len(old),
        new_actions=len(new),
        added=tuple(_refs(new_left)),
        removed=tuple(_refs(old_left)),
        changed=tuple(sorted(changed, key=lambda change: number_order(change.new_number))),
    )


def normalised_title(row: Action) -> str:
    """A title as the passes match it: Unicode compatibility forms, case, runs of white space
    and closing punctuation do not count."""
    text = unicodedata.normalize("NFKC", str(row["title"])).casefold()
    return " ".join(text.split()).rstrip(" .;:")


def _pair_by(
    key: Callable[[Action], Hashable],
    old: list[Action],
    new: list[Action],
    pairs: list[tuple[Action, Action]],
) -> tuple[list[Action], list[Action]]:
    """Pair each old action with the first unpaired new one of the same key; the unpaired."""
    waiting: dict[Hashable, list[Action]] = {}
    for row in new:
        waiting.setdefault(key(row), []).append(row)
    old_left = []
    for row in old:
        candidates = waiting.get(key(row))
        if candidates:
            pairs.append((row, candidates.pop(0)))
        else:
            old_left.append(row)
    paired = {id(new_row) for _, new_row in pairs}
    return old_left, [row for row in new if id(row) not in paired]


def _pair_similar(
    old: list[Action], new: list[Action], pairs: list[tuple[Action, Action]]
) -> tuple[list[Action], list[Action]]:
    """Pair each old action with the unpaired new one whose title is most alike, if at least
    SIMILAR_TITLE alike (the first in the plan's order on a tie); the unpaired."""
    new_left = list(new)
    old_left = []
    for row in old:
        title = normalised_title(row)
        best, best_ratio = None, 0.0
        for candidate in new_left:
            ratio = _title_likeness(title, normalised_title(candidate))
            if ratio >= SIMILAR_TITLE and ratio > best_ratio:
                best, best_ratio = candidate, ratio
        if best is None:
            old_left.append(row)
        else:
            pairs.append((row, best))
            new_left.remove(best)
    return old_left, new_left


def _title_likeness(a: str, b: str) -> float:
    """difflib's ratio of two titles; 0 when its cheap upper bounds are below SIMILAR_TITLE."""
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < SIMILAR_TITLE or matcher.quick_ratio() < SIMILAR_TITLE:
        return 0.0
    return matcher.ratio()


def _change(old: Action, new: Action) -> ActionChange:
    return ActionChange(
        old_number=str(old["action"]),
        new_number=str(new["action"]),
        title=str(new["title"]),
        fields=tuple(
            FieldChange(field, old[field], new[field])
            for field in FIELDS
            if old[field] != new[field]
        ),
    )


def _refs(rows: list[Action]) -> list[ActionRef]:
    refs = [ActionRef(str(row["action"]), str(row["title"])) for row in rows]
    return sorted(refs, key=lambda ref: number_order(ref.number))
