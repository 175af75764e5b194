"""Package data, not code: the vendored plan text (`source/`) and the curated reference data
(`reference/`), found with importlib.resources."""
