"""Write a built graph to a folder: Turtle, N-Triples, JSON-LD and actions.csv.

Output is deterministic (sorted) so the same input gives byte-identical files, and it is
written all-or-nothing (write_outputs): a failure part-way leaves the previous output as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from rdflib import Graph

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.resolve import NameRef, ResolvedPlan
from actieplan.graph.core.tables import join_values, render_csv
from actieplan.graph.core.vocab import PREFIXES
from actieplan.graph.rdf.writer import to_jsonld, to_turtle

CSV_COLUMNS = (
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
# Appended to a provisional (unresolved) name in the CSV, which has no column of its own for it.
UNRESOLVED_MARK = " [unresolved]"
GRAPH_FILES = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}


def serialize(graph: Graph, fmt: str) -> str:
    """One of turtle, nt, json-ld; sorted so that output does not depend on hashing order."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    if fmt == "turtle":
        return to_turtle(graph, prefixes)
    if fmt == "json-ld":
        return to_jsonld(graph, prefixes)
    if fmt == "nt":
        lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line)
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}: use turtle, nt or json-ld")


def action_rows(resolved: ResolvedPlan) -> list[dict[str, object]]:
    """One row per action (a value per CSV_COLUMNS name), ministers and organisations by
    canonical Dutch name; lists already joined into one cell (tables.join_values)."""
    rows: list[dict[str, object]] = []

    def post_name(ref: NameRef) -> str:
        post = resolved.minister_post(ref.entity_id)
        return post.label_nl + (UNRESOLVED_MARK if post.provisional else "")

    def org_name(ref: NameRef) -> str:
        org = resolved.organisation(ref.entity_id)
        return org.name_nl + (UNRESOLVED_MARK if org.provisional else "")

    for item in resolved.actions:
        action, timing, budget = item.action, item.timing, item.budget
        rows.append(
            {
                "action": action.number,
                "objective": str(action.objective),
                "title": action.title.text,
                "coordinating_minister": post_name(item.coordinating_minister)
                if item.coordinating_minister
                else None,
                "involved_ministers": join_values(map(post_name, item.involved_ministers)),
                "lead": org_name(item.lead) if item.lead else None,
                "partners": join_values(map(org_name, item.partners)),
                "timing_text": timing.text,
                "start": timing.start.iso if timing.start else None,
                "end": timing.end.iso if timing.end else None,
                "ongoing": timing.ongoing,
                "open_ended": timing.open_ended,
                "budget_text": budget.text,
                "budget_eur": join_values(a.eur for a in budget.amounts),
                "budget_per_year": join_values(a.per_year for a in budget.amounts),
                "budget_regular_means": budget.regular_means,
            }
        )
    return rows


def actions_csv(resolved: ResolvedPlan) -> str:
    """actions.csv: one row per action, for spreadsheets (tables.render_csv)."""
    rows = action_rows(resolved)
    return render_csv(CSV_COLUMNS, [[row[column] for column in CSV_COLUMNS] for row in rows])


def write_outputs(out_dir: Path, files: dict[str, str]) -> list[Path]:
    """Write every file into out_dir, or change nothing there.

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
        _check_replaceable(out_dir, files)
    created: list[Path] = []  # parent folders made for out_dir
    staging = None
    try:
        _make_parents(out_dir.parent, created)
        staging = _new_folder_beside(out_dir, "build")
        for name, content in files.items():
            with open(staging / name, "w", encoding="utf-8", newline="") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
        if not out_dir.exists():
            os.rename(staging, out_dir)
            staging = None
        else:
            _replace_files(staging, out_dir, list(files))
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
    return [out_dir / name for name in files]


def _check_replaceable(out_dir: Path, files: dict[str, str]) -> None:
    """InputError naming every file to write whose name is taken by a folder."""
    taken = [
        out_dir / name
        for name in files
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
