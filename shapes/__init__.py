"""Package data, not code: the SHACL shapes (`*.ttl`), found with importlib.resources."""
