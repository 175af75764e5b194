"""Write a built graph to a folder: Turtle, N-Triples, JSON-LD and actions.csv; the actions
table itself (actions_table, read from the graph), which the service also serves as CSV, as a
long table and in its workbook.

Output is deterministic (sorted) so the same input gives byte-identical files, and it is
written all-or-nothing (write_outputs): a failure part-way leaves the previous output as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, TIME
from rdflib.term import Node

from actieplan.graph.core.builder import DATE_PROPERTIES
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.records import number_order
from actieplan.graph.core.tables import join_values, render_csv
from actieplan.graph.core.vocab import AP, PPLAN, PREFIXES, SCHEMA, local_id
from actieplan.graph.rdf.writer import to_jsonld, to_turtle

ACTION_COLUMNS = (
    "action",
    "objective",
    "title",
    "coordinating_minister",
    "involved_ministers",
    "lead",
    "partners",
    "timing_text",
    "start",
    "end",
    "ongoing",
    "open_ended",
    "budget_text",
    "budget_eur",
    "budget_per_year",
    "budget_regular_means",
)
CSV_COLUMNS = ACTION_COLUMNS  # the columns of actions.csv
PLAN_CSV_COLUMNS = ("plan", *ACTION_COLUMNS)  # actions.csv of plans among many: the plan id first
# Columns whose value is a list: one cell joined with "; ", or a row each in the long table.
LIST_COLUMNS = ("involved_ministers", "partners", "budget_eur", "budget_per_year")
LONG_COLUMNS = ("action", "field", "position", "value")
# Appended to a provisional (unresolved) name in the CSV, which has no column of its own for it.
UNRESOLVED_MARK = " [unresolved]"
GRAPH_FILES = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}


def serialize(graph: Graph, fmt: str) -> str:
    """One of turtle, nt, json-ld; sorted so that output does not depend on hashing order."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    if fmt == "turtle":
        return to_turtle(graph, prefixes)
    if fmt == "json-ld":
        return to_jsonld(graph)  # with the served context (graph/rdf/jsonld_context.py)
    if fmt == "nt":
        lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line)
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}: use turtle, nt or json-ld")


@dataclass(frozen=True)
class PlanDate:
    """A start or end as the plan prints it: its text at its precision (``2021``, ``2021-03``,
    ``2021-03-31``), the precision (year, month, day) and the day it stands for (the first day
    of a start, the last day of an end). Written as its text (``str``)."""

    text: str
    precision: str
    day: dt.date

    def __str__(self) -> str:
        return self.text


def _dutch_name(graph: Graph, node: Node) -> str:
    """An organisation's or minister post's Dutch name, marked when it is provisional."""
    names = sorted(
        str(label)
        for label in graph.objects(node, SKOS.prefLabel)
        if isinstance(label, Literal) and label.language == "nl"
    )
    name = names[0] if names else str(node)
    unresolved = _fact(graph, node, AP.unresolved)
    return name + (UNRESOLVED_MARK if unresolved is True else "")


def _plan_date(graph: Graph, instant: Node | None, day_property: URIRef) -> PlanDate | None:
    if instant is None:
        return None
    for precision, printed_property in DATE_PROPERTIES.items():
        printed = graph.value(instant, printed_property)
        day = graph.value(instant, day_property)
        if printed is not None and isinstance(day, Literal):
            return PlanDate(str(printed), precision, day.toPython())
    return None


def _fact(graph: Graph, node: Node | None, predicate: URIRef) -> Any:
    """The Python value of node's literal for predicate (None if it has none)."""
    value = graph.value(node, predicate) if node is not None else None
    return value.toPython() if isinstance(value, Literal) else None


def _in_order(graph: Graph, nodes: Iterable[Node]) -> list[Node]:
    """Participations or amounts in the plan's order (ap:position)."""
    return sorted(nodes, key=lambda node: (_fact(graph, node, AP.position) or 0, str(node)))


def action_labels(rdf: Graph) -> dict[Node, str]:
    """Each action's label in the network and the completeness report: its number ("3.1"); in
    a graph of many plans (all plans of a dataset together), its plan's id and its number
    ("plan-a 3.1"), so that the actions 3.1 of two plans stay two actions."""
    numbers = {
        action: str(rdf.value(action, AP.number)) for action in rdf.subjects(RDF.type, AP.Action)
    }
    plans = {action: str(rdf.value(action, PPLAN.isStepOfPlan)) for action in numbers}
    return labels_of(numbers, plans)


def labels_of(numbers: dict[Node, str], plans: dict[Node, str]) -> dict[Node, str]:
    """The labels of action_labels from each action's number and its plan's IRI."""
    if len(set(plans.values())) <= 1:
        return numbers
    return {action: f"{local_id(plans[action])} {number}" for action, number in numbers.items()}


def action_order(label: str) -> tuple[str, tuple[tuple[int, int | str], ...]]:
    """Sort key of an action label (action_labels): by plan, then by number."""
    plan, _, number = label.rpartition(" ")
    return plan, number_order(number)


def actions_table(graph: Graph) -> list[dict[str, object]]:
    """One row per action of the graph (a value per ACTION_COLUMNS name), in the plan's order;
    ministers and organisations by Dutch name (provisional ones marked UNRESOLVED_MARK).

    Values are typed for any writer: text, bool, None for a missing fact, start and end as
    PlanDate, list columns (LIST_COLUMNS) as tuples, euro amounts as Decimal. Read from the
    graph, so the build and the service (which may serve a graph file) give one table. A
    budget counts as "within the regular means" when its ap:fundingMode says so.
    """
    rows: list[dict[str, object]] = []
    for action in graph.subjects(RDF.type, AP.Action):
        roles: dict[Node, list[str]] = {}
        for participation in _in_order(graph, graph.objects(action, AP.participation)):
            role = graph.value(participation, AP.role)
            agent = graph.value(participation, AP.participant)
            if role is not None and agent is not None:
                roles.setdefault(role, []).append(_dutch_name(graph, agent))
        timing = graph.value(action, AP.timing)
        budget = graph.value(action, AP.budget)
        amounts = _in_order(graph, graph.objects(budget, AP.amount)) if budget else []
        coordinating = roles.get(AP.CoordinatingMinisterRole, [])
        lead = roles.get(AP.LeadOrganisationRole, [])

        def fact(node: Node | None, predicate: URIRef) -> Any:
            return _fact(graph, node, predicate)

        rows.append(
            {
                "action": str(fact(action, AP.number)),
                "objective": str(fact(graph.value(action, AP.objective), AP.number)),
                "title": str(graph.value(action, DCTERMS.title)),
                "coordinating_minister": coordinating[0] if coordinating else None,
                "involved_ministers": tuple(roles.get(AP.InvolvedMinisterRole, ())),
                "lead": lead[0] if lead else None,
                "partners": tuple(roles.get(AP.PartnerOrganisationRole, ())),
                "timing_text": fact(timing, AP.printedText),
                "start": _plan_date(graph, graph.value(timing, TIME.hasBeginning), AP.startsOn)
                if timing
                else None,
                "end": _plan_date(graph, graph.value(timing, TIME.hasEnd), AP.endsOn)
                if timing
                else None,
                "ongoing": fact(timing, AP.isOngoing),
                "open_ended": fact(timing, AP.isOpenEnded),
                "budget_text": fact(budget, AP.printedText),
                "budget_eur": tuple(fact(amount, SCHEMA.value) for amount in amounts),
                "budget_per_year": tuple(fact(amount, AP.perYear) for amount in amounts),
                "budget_regular_means": graph.value(budget, AP.fundingMode)
                == AP.WithinRegularResources
                if budget
                else None,
            }
        )
    return sorted(rows, key=lambda row: number_order(str(row["action"])))


def flat_cells(row: dict[str, object]) -> list[object]:
    """A row of actions_table as one cell per column, lists joined (tables.join_values)."""
    return [
        join_values(value) if isinstance(value, tuple) else value
        for value in (row[column] for column in ACTION_COLUMNS)
    ]


def plan_rows(graph: Graph, plan: str | None = None) -> list[list[object]]:
    """The rows of actions.csv (flat_cells of actions_table); for a plan among many (`plan`:
    its id), that id first in each row (PLAN_CSV_COLUMNS)."""
    lead = [] if plan is None else [plan]
    return [[*lead, *flat_cells(row)] for row in actions_table(graph)]


def actions_csv(
    graph: Graph,
    delimiter: str = ",",
    headers: Sequence[str] = ACTION_COLUMNS,
    plan: str | None = None,
) -> str:
    """actions.csv: one row per action, lists in one cell (tables.render_csv); `headers` name
    the columns in other words (a staff edition's); `plan`: as plan_rows (then `headers`
    name PLAN_CSV_COLUMNS)."""
    return render_csv(headers, plan_rows(graph, plan), delimiter)


def actions_long(table: list[dict[str, object]]) -> tuple[list[str], list[list[object]]]:
    """The list columns of actions_table as a long table: one row per (action, field, value),
    with the value's position in its list (it pairs budget_eur with budget_per_year)."""
    rows = [
        [row["action"], column, position, value]
        for row in table
        for column in LIST_COLUMNS
        for position, value in enumerate(cast(tuple[object, ...], row[column]), start=1)
    ]
    return list(LONG_COLUMNS), rows


def write_outputs(out_dir: Path, files: dict[str, str]) -> list[Path]:
    """Write every file (name -> text) into out_dir, or change nothing there (write_files)."""

    def write(staging: Path) -> None:
        for name, content in files.items():
            with open(staging / name, "w", encoding="utf-8", newline="") as file:
                file.write(content)

    return write_files(out_dir, list(files), write)


def write_files(out_dir: Path, names: list[str], write: Callable[[Path], None]) -> list[Path]:
    """Write the files `names` into out_dir, or change nothing there: write(folder) writes
    them into an empty folder (and leaves nothing else in it), a file at a time, so that a
    large output never needs to be held in memory.

    The files are first written to a staging folder beside out_dir (in the same parent folder,
    so that moving them is a rename). Nothing at out_dir changes until all of them are written:
    a new out_dir is the staging folder renamed into place; in an existing out_dir, every file
    to write is first checked to be replaceable, then the previous files are moved aside, the
    new ones moved in, and on any failure the previous ones are moved back, so the previous
    output stays byte-identical. Temporary folders are removed in every case, except a folder
    still holding previous files that could not be moved back, which the error names.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"{out_dir} exists and is not a folder")
    if out_dir.is_dir():
        _check_replaceable(out_dir, names)
    created: list[Path] = []  # parent folders made for out_dir
    staging = None
    try:
        _make_parents(out_dir.parent, created)
        staging = _new_folder_beside(out_dir, "build")
        write(staging)
        for name in names:
            with open(staging / name, "rb") as file:
                os.fsync(file.fileno())
        if not out_dir.exists():
            os.rename(staging, out_dir)
            staging = None
        else:
            _replace_files(staging, out_dir, names)
    except PartialOutputError:
        raise
    except OSError as error:
        reason = error.strerror or str(error)
        raise OSError(
            f"could not write the outputs to {out_dir}: {reason}; nothing there was changed"
        ) from error
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if not out_dir.exists():
            for folder in reversed(created):  # made for an output that was not written
                with contextlib.suppress(OSError):
                    folder.rmdir()
    return [out_dir / name for name in names]


def _check_replaceable(out_dir: Path, names: list[str]) -> None:
    """InputError naming every file to write whose name is taken by a folder."""
    taken = [
        out_dir / name
        for name in names
        if (out_dir / name).is_dir() and not (out_dir / name).is_symlink()
    ]
    if taken:
        raise InputError(
            [
                Problem(str(path), None, "--out", "is a folder, where the build writes a file")
                for path in taken
            ],
            "Remove or rename it, or build into another folder (--out); nothing was written.",
        )


def _make_parents(folder: Path, created: list[Path]) -> None:
    """Create folder and its missing parents, adding each one made to `created`."""
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _new_folder_beside(target: Path, purpose: str) -> Path:
    """An empty, hidden folder in the same parent as target (created with the usual
    permissions, unlike tempfile.mkdtemp's owner-only ones, since it may become target)."""
    while True:
        folder = target.parent / f".{target.name}.{purpose}-{secrets.token_hex(4)}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue


class PartialOutputError(OSError):
    """A failure that could not be undone: the message says what is where."""


def _replace_files(staging: Path, out_dir: Path, names: list[str]) -> None:
    """Move the staged files into out_dir; on failure put the previous files back."""
    previous = _new_folder_beside(out_dir, "previous")
    moved_aside: list[str] = []
    moved_in: list[str] = []
    try:
        for name in names:
            if os.path.lexists(out_dir / name):
                os.replace(out_dir / name, previous / name)
                moved_aside.append(name)
        for name in names:
            os.replace(staging / name, out_dir / name)
            moved_in.append(name)
    except OSError as error:
        left = _restore(out_dir, previous, moved_aside, moved_in)
        if left:
            raise PartialOutputError(
                f"could not write the outputs to {out_dir} ({error.strerror or error}) nor "
                f"undo it: {'; '.join(left)}"
            ) from error
        with contextlib.suppress(OSError):
            previous.rmdir()
        raise
    shutil.rmtree(previous, ignore_errors=True)


def _restore(
    out_dir: Path, previous: Path, moved_aside: list[str], moved_in: list[str]
) -> list[str]:
    """Undo _replace_files; what could not be undone, if anything."""
    left = []
    for name in moved_in:
        if name not in moved_aside:
            try:
                (out_dir / name).unlink()
            except OSError:
                left.append(f"{out_dir / name} is new")
    for name in moved_aside:
        try:
            os.replace(previous / name, out_dir / name)
        except OSError:
            left.append(f"the previous {name} is in {previous}")
    return left
