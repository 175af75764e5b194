"""`actieplan build --out DIR` writes all of its files or changes nothing (issue 9, item 7).

Before, the files were moved into DIR one by one: with DIR/graph.nt a folder, the build failed
(exit 2) after DIR/graph.ttl had been replaced, and a full disk left an empty DIR behind. Each
test below takes a snapshot of the whole folder around DIR (every file's bytes, every folder,
hidden ones included), makes the write fail part-way, and compares: the previous output must be
byte-identical and no temporary folder may be left. Failures of the operating system are
injected by replacing os.replace / os.rename / os.fsync with a version that fails on its Nth
call (the OS call is not what is tested), and a real full disk is a 64 KiB tmpfs.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli_runner import run_cli

from actieplan.graph.rdf.export import PartialOutputError, write_outputs

NAMES = ["graph.ttl", "graph.nt", "graph.jsonld", "actions.csv"]  # what a build writes


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under folder (relative), with its bytes; None for a folder."""
    found: dict[str, bytes | None] = {}
    for root, folders, files in os.walk(folder):
        for name in folders:
            found[os.path.relpath(os.path.join(root, name), folder)] = None
        for name in files:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = Path(path).read_bytes()
    return found


def previous_output(out: Path, names: list[str] = NAMES) -> None:
    """A previous build's files (any bytes that differ from a new build's will do)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        (out / name).write_text(f"previous {name}\n", encoding="utf-8")


def failing_on_call(monkeypatch, function: str, n: int) -> list[tuple]:
    """Make os.<function> raise PermissionError on its nth call; the calls made so far."""
    real = getattr(os, function)
    calls: list[tuple] = []

    def fake(*args, **kwargs):
        calls.append(args)
        if len(calls) == n:
            raise PermissionError(errno.EACCES, f"injected failure of os.{function}")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, function, fake)
    return calls


@pytest.fixture(scope="module")
def new_files(built) -> dict[str, str]:
    assert sorted(built.files) == sorted(NAMES)
    return built.files


def test_a_folder_where_a_file_goes_changes_nothing(tmp_path):
    out = tmp_path / "o"
    previous_output(out, ["graph.ttl", "graph.jsonld", "actions.csv"])
    (out / "graph.nt").mkdir()
    (out / "graph.nt" / "notes.txt").write_text("kept", encoding="utf-8")
    before = snapshot(tmp_path)
    code, stdout, stderr = run_cli("build", "--out", str(out))
    assert code == 2 and stdout == ""
    assert f"{out / 'graph.nt'} [--out]: is a folder" in stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("n", range(1, 2 * len(NAMES) + 1))
def test_a_failed_move_puts_the_previous_output_back(tmp_path, monkeypatch, new_files, n):
    """Calls 1-4 move the previous files aside, calls 5-8 move the new ones in."""
    out = tmp_path / "o"
    previous_output(out)
    (out / "notes.txt").write_text("not the build's", encoding="utf-8")
    before = snapshot(tmp_path)
    calls = failing_on_call(monkeypatch, "replace", n)
    with pytest.raises(OSError, match="nothing there was changed"):
        write_outputs(out, new_files)
    assert len(calls) >= n
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("n", range(1, len(NAMES) + 2))
def test_a_failed_move_removes_files_that_were_new(tmp_path, monkeypatch, new_files, n):
    """Only graph.ttl was there before: the other files must not stay after a failure."""
    out = tmp_path / "o"
    previous_output(out, ["graph.ttl"])
    before = snapshot(tmp_path)
    failing_on_call(monkeypatch, "replace", n)
    with pytest.raises(OSError):
        write_outputs(out, new_files)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("n", range(1, len(NAMES) + 1))
def test_a_failed_write_changes_nothing(tmp_path, monkeypatch, new_files, n):
    out = tmp_path / "o"
    previous_output(out)
    before = snapshot(tmp_path)
    failing_on_call(monkeypatch, "fsync", n)
    with pytest.raises(OSError, match="nothing there was changed"):
        write_outputs(out, new_files)
    assert snapshot(tmp_path) == before


def test_a_new_folder_is_not_left_half_made(tmp_path, monkeypatch, new_files):
    """Missing parent folders made for the output are removed again when it fails."""
    failing_on_call(monkeypatch, "rename", 1)
    with pytest.raises(OSError, match="nothing there was changed"):
        write_outputs(tmp_path / "a" / "b" / "o", new_files)
    assert snapshot(tmp_path) == {}


def test_a_previous_file_that_cannot_be_put_back_is_named(tmp_path, monkeypatch, new_files):
    """Move aside (1-4) succeeds, moving in fails (5) and so does putting graph.ttl back (6):
    the error says where the previous graph.ttl is, and that folder is kept."""
    out = tmp_path / "o"
    previous_output(out)
    real = os.replace
    calls: list[tuple] = []

    def fake(source, target):
        calls.append((source, target))
        if len(calls) in (5, 6):
            raise PermissionError(errno.EACCES, "injected failure")
        return real(source, target)

    monkeypatch.setattr(os, "replace", fake)
    with pytest.raises(PartialOutputError) as failed:
        write_outputs(out, new_files)
    kept = Path(calls[5][0]).parent
    assert f"the previous graph.ttl is in {kept}" in str(failed.value)
    assert (kept / "graph.ttl").read_text(encoding="utf-8") == "previous graph.ttl\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES[1:])  # the others are back


def test_a_successful_build_replaces_the_files_and_leaves_no_folder(tmp_path, new_files):
    out = tmp_path / "o"
    previous_output(out)
    (out / "notes.txt").write_text("not the build's", encoding="utf-8")
    written = write_outputs(out, new_files)
    assert written == [out / name for name in new_files]
    assert snapshot(tmp_path) == {
        "o": None,
        "o/notes.txt": b"not the build's",
        **{f"o/{name}": content.encode("utf-8") for name, content in new_files.items()},
    }
    write_outputs(tmp_path / "new", new_files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "o"]
    assert oct((tmp_path / "new").stat().st_mode & 0o777) == oct(0o777 & ~current_umask())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.fixture
def full_disk(tmp_path) -> Iterator[Path]:
    """A 64 KiB tmpfs: a build's files (about 2 MB) do not fit."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill (needs root): {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_leaves_no_output_folder(full_disk):
    code, _, stderr = run_cli("build", "--out", str(full_disk / "o"))
    assert code == 2
    assert "No space left on device; nothing there was changed" in stderr
    assert snapshot(full_disk) == {}


def test_a_full_disk_leaves_the_previous_output(full_disk):
    out = full_disk / "o"
    previous_output(out)
    before = snapshot(full_disk)
    code, _, stderr = run_cli("build", "--out", str(out))
    assert code == 2 and "No space left on device" in stderr
    assert snapshot(full_disk) == before
