"""Where the project's own files live (the package is installed in editable mode)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SOURCE_DIR = DATA_DIR / "source"
DEFAULT_SOURCE = SOURCE_DIR / "actieplan-radicalisering-2020-2024.txt"
REFERENCE_DIR = DATA_DIR / "reference"
ONTOLOGY_FILE = ROOT / "ontology" / "actieplan.ttl"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "queries"
