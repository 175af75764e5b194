"""Where the project's resources are: the query library, the SHACL shapes, the ontology, the
vendored plan and the reference data ship inside the `actieplan` package (package data) and are
found with importlib.resources, so a wheel install and a checkout read the same files.

A missing or empty resource folder is a loud `MissingResource`, never an empty answer: an
empty query library or shapes graph would silently report nothing.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

DEFAULT_PLAN = "actieplan-radicalisering-2020-2024.txt"


class MissingResource(RuntimeError):
    """A resource folder of the installed package is missing or holds none of its files."""


def _folder(package: str, pattern: str) -> Path:
    try:
        path = Path(str(files(package)))
    except ModuleNotFoundError as error:
        raise MissingResource(
            f"the resource package {package} is not installed; reinstall actieplan-kg"
        ) from error
    if not path.is_dir() or not any(path.glob(pattern)):
        raise MissingResource(
            f"{path} holds no {pattern} files: the installation of "
            "actieplan-kg is incomplete; reinstall it"
        )
    return path


@cache
def queries_dir() -> Path:
    """The SPARQL query library: one `*.rq` file per named question."""
    return _folder("actieplan.queries", "*.rq")


@cache
def shapes_dir() -> Path:
    """The SHACL shapes (`*.ttl`)."""
    return _folder("actieplan.shapes", "*.ttl")


@cache
def as_of_shapes_dir() -> Path:
    """The SHACL checks of the follow-up as of a date (`as-of/*.ttl`), run only with a date."""
    return _folder("actieplan.shapes", "as-of/*.ttl") / "as-of"


@cache
def ontology_file() -> Path:
    """The OWL ontology in Turtle."""
    return _folder("actieplan.ontology", "actieplan.ttl") / "actieplan.ttl"


@cache
def reference_dir() -> Path:
    """The curated reference data: minister posts, organisations, vocabularies (TOML)."""
    return _folder("actieplan.data", "reference/*.toml") / "reference"


@cache
def default_source() -> Path:
    """The vendored plan text that `actieplan build` reads by default."""
    return _folder("actieplan.data", f"source/{DEFAULT_PLAN}") / "source" / DEFAULT_PLAN
