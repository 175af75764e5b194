"""Package data, not code: the OWL ontology (`actieplan.ttl`), found with importlib.resources."""
