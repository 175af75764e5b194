"""The front-end libraries are vendored files: pinned (the folder names the npm version), with
their licence, unchanged since scripts/vendor-assets.sh fetched them (SHA256SUMS)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from support.paths import REPO

VENDOR_FOLDERS = [REPO / "api" / "pages" / "static" / "vendor", REPO / "tests" / "vendor"]
VENDORED = sorted(
    p for folder in VENDOR_FOLDERS for p in folder.iterdir() if p.is_dir() and "-" in p.name
)
# npm packages carry their package.json; other vendored files (the DCAT-AP shapes) a README
# saying where they come from.
LIBRARIES = [p for p in VENDORED if (p / "package.json").is_file()]
OTHER_FILES = [p for p in VENDORED if p not in LIBRARIES]


def sums(folder: Path) -> dict[str, str]:
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    return {name.removeprefix("./"): digest for digest, name in (line.split() for line in lines)}


@pytest.mark.parametrize("folder", VENDOR_FOLDERS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_vendored_file_is_listed_with_its_sum(folder):
    listed = sums(folder)
    files = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "SHA256SUMS"
    }
    assert files == set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("library", LIBRARIES, ids=lambda p: p.name)
def test_each_library_is_pinned_and_carries_its_licence(library):
    package = json.loads((library / "package.json").read_text())
    assert library.name.endswith("-" + package["version"])  # the folder names the version
    assert package.get("license"), "package.json declares no licence"
    licence = library / "LICENSE"
    assert licence.is_file() and licence.stat().st_size > 500


@pytest.mark.parametrize("folder", OTHER_FILES, ids=lambda p: p.name)
def test_other_vendored_files_say_where_they_come_from(folder):
    readme = (folder / "README.md").read_text()
    assert "licence" in readme.lower() and "http" in readme
    assert (folder / "LICENSE").stat().st_size > 500


def test_pages_load_only_vendored_assets_that_exist():
    """Every /static/... a template or script names is a file in api/static."""
    static = REPO / "api" / "pages" / "static"
    sources = [*(REPO / "api" / "pages" / "templates").glob("*.html"), *static.glob("*.js")]
    named = {
        match
        for source in sources
        for match in re.findall(r"/static/([A-Za-z0-9_./-]+)", source.read_text())
    }
    assert named, "no template names a static file"
    missing = sorted(n for n in named if not (static / n).is_file())
    assert not missing, missing
